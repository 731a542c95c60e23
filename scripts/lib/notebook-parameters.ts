/**
 * Notebook parameters, the papermill way, for the tslab kernel.
 *
 * A code cell tagged `parameters` declares the defaults:
 *
 *     const epsilon = 1;
 *     let k: number = 3;
 *
 * `--param epsilon=0.2` then inserts a code cell tagged `injected-parameters` right after it that
 * declares the variable again, with the same keyword and the same type annotation:
 *
 *     // Parameters injected by scripts/run-notebooks.ts
 *     const epsilon: number = 0.2;
 *
 * This type-checks in tslab because tslab lets a later cell re-declare a name (even a `const`). The type
 * annotation matters: without one, `const epsilon = 0.2` would have the literal type `0.2`, and a later
 * `epsilon === 1` would be a type error. So the original annotation is reused, and when there is none,
 * numbers, booleans and strings get the widened `number`, `boolean`, `string`; arrays and objects are
 * written as JSON literals and keep their inferred type.
 *
 * Every override is checked here, before any kernel starts, against what the `parameters` cell declares
 * (the type annotation, else the default's literal): a `number` takes a finite number, and a whole number
 * when its default is written as one (`k = 3`), except for a privacy budget (a name `epsilon` or ending in
 * `Epsilon`: ε is a real number) or a line marked `allow: fractions`; a `boolean` takes `true`/`false`; a
 * `string` takes text; a union of literals (`"eugkm" | "dplloyd"`) takes one of them. `null`, `NaN` and
 * ±Infinity are refused unless the type says `null` or the line allows them. A lesson allows more with a
 * marker in the comment that ends the declaration's line:
 *
 *     const epsilon: number = 1; // privacy budget; allow: Infinity
 *     const threshold: number = 2; // allow: fractions, Infinity, -Infinity
 *
 * (`Infinity` on the command line is then the number; `1e400`, which overflows, is always refused.)
 * Parameters whose type is something else (arrays, objects, named types) are left to tslab's type check,
 * except that `null` and non-finite numbers inside them are refused here too.
 */
import { CourseError } from "../../src/errors";
import { cellSource, codeCell, findCellByTag, findCellsByTag, type Notebook } from "./notebook";

/** A parameter value: what `--param name=value` can express (JSON values). */
export type ParamValue = number | boolean | string | null | ParamValue[] | { [key: string]: ParamValue };

/** The tag of the cell holding the defaults. */
export const PARAMETERS_TAG = "parameters";
/** The tag of the cell the runner inserts. */
export const INJECTED_TAG = "injected-parameters";

/** A bad `--param`: malformed, unknown name, or a notebook without a `parameters` cell. */
export class ParameterError extends CourseError {
  constructor(message: string) {
    super("bad-parameter", message);
  }
}

/**
 * Parse the value half of `--param name=value`:
 * `true`/`false` → boolean; a decimal number → number; `Infinity`, `+Infinity`, `-Infinity` → ±Infinity
 * (accepted later only where the lesson allows it); `null` → null; text starting with `[`, `{` or `"`
 * → JSON (so `'"42"'` is the string "42"); anything else → the text itself as a string.
 *
 * @throws ParameterError when text starting with `[`, `{` or `"` is not valid JSON, or when a number
 *   overflows to Infinity (`1e400`: it does not mean what it says)
 */
export function parseParamValue(text: string): ParamValue {
  const trimmed = text.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (trimmed === "null") return null;
  if (/^[+]?Infinity$/.test(trimmed)) return Infinity;
  if (trimmed === "-Infinity") return -Infinity;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    if (!Number.isFinite(value)) throw overflow(text);
    return value;
  }
  if (/^[[{"]/.test(trimmed)) {
    let value: ParamValue;
    try {
      value = JSON.parse(trimmed) as ParamValue;
    } catch (err) {
      throw new ParameterError(`parameter value ${text} is not valid JSON (${(err as Error).message}); quote it for the shell, e.g. --param 'k=[1, 2]'.`);
    }
    // JSON.parse turns 1e400 into Infinity as well.
    if (hasNonFinite(value)) throw overflow(text);
    return value;
  }
  return text;
}

function overflow(text: string): ParameterError {
  return new ParameterError(
    `parameter value ${text} is too large for a number (it overflows to Infinity); pass a finite number, ` +
      `or the word Infinity where the lesson allows it.`,
  );
}

function hasNonFinite(value: ParamValue): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasNonFinite);
  return false;
}

function hasNull(value: ParamValue): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(hasNull);
  if (typeof value === "object") return Object.values(value).some(hasNull);
  return false;
}

/**
 * A TypeScript (ECMAScript) identifier: a Unicode ID_Start character, `$` or `_`, then ID_Continue
 * characters, `$`, ZWNJ or ZWJ. So `ε` or `größe`, which a lesson may declare, are names too.
 */
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/** True when `name` can be a TypeScript variable's name (see {@link IDENTIFIER}; reserved words aside). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * Parse one `name=value` argument.
 * @throws ParameterError when there is no `=` or the name is not a TypeScript identifier
 */
export function parseParamArgument(argument: string): [string, ParamValue] {
  const eq = argument.indexOf("=");
  const name = eq > 0 ? argument.slice(0, eq).trim() : "";
  if (!isIdentifier(name)) {
    throw new ParameterError(`--param ${argument}: expected name=value with a TypeScript variable name, e.g. --param epsilon=0.5.`);
  }
  try {
    return [name, parseParamValue(argument.slice(eq + 1))];
  } catch (err) {
    if (err instanceof ParameterError) throw new ParameterError(`--param ${name}: ${err.message}`);
    throw err;
  }
}

/**
 * One kind of value a parameter's type admits: `number`, `string`, `boolean` (from the keyword or from an
 * unannotated literal default), one literal (`"eugkm"`, `2`, `true`), or `null`.
 */
export type ParameterAlternative =
  | { kind: "number" | "string" | "boolean" | "null" }
  | { kind: "literal"; value: string | number | boolean };

/** The extra values a lesson allows for a parameter, from `allow: ...` in the comment ending its line. */
export interface ParameterAllowances {
  /** `allow: Infinity`. */
  infinity: boolean;
  /** `allow: -Infinity`. */
  negativeInfinity: boolean;
  /** `allow: fractions`: a number whose default is written as a whole number still takes any finite number. */
  fractions: boolean;
}

/** How a parameter is declared in the `parameters` cell. */
export interface ParameterDeclaration {
  keyword: "const" | "let" | "var";
  /** The type annotation's text, when there is one (e.g. `"fast" | "slow"`). */
  type?: string;
  /** The kind of the default when it is a plain literal (`1`, `-0.5`, `"x"`, `true`); used to check overrides. */
  literalKind?: "number" | "string" | "boolean";
  /** The default's source text, for messages. */
  initializer?: string;
  /**
   * The values the type admits, from the annotation or else the literal default; undefined when the type is
   * something else (arrays, objects, named types), which only tslab checks.
   */
  accepts?: ParameterAlternative[];
  /**
   * True when numbers must be whole: the default is written as a whole number (`3`, not `3.0`), the name is
   * not a privacy budget (`epsilon`, `…Epsilon`) and the line does not say `allow: fractions`.
   */
  integer: boolean;
  /** What the line's `allow:` marker adds. */
  allow: ParameterAllowances;
  /**
   * The range the lesson is meant to work in, from `range: LO..HI` in the comment ending the line (both ends
   * included; `log` after it draws log-uniformly, for scales such as ε). Overrides outside it are refused
   * before a kernel starts; tests draw settings from it. Infinity allowed by `allow: Infinity` stays allowed.
   */
  range?: ParameterRange;
}

/** A declared range of a numeric parameter (see {@link ParameterDeclaration.range}). */
export interface ParameterRange {
  low: number;
  high: number;
  /** Draw log-uniformly between low and high (both > 0). */
  log: boolean;
}

/**
 * The `range: LO..HI [log]` marker in the comment(s) that end a declaration's line.
 * @throws ParameterError for a malformed or empty range, so a typo cannot silently declare nothing
 */
function readRange(comments: string[], names: string[]): ParameterRange | undefined {
  let range: ParameterRange | undefined;
  for (const comment of comments) {
    for (const match of comment.matchAll(/\brange:\s*([^;]*)/g)) {
      const text = match[1]!.replace(/\*\/\s*$/, "").trim();
      const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*\.\.\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(\s+log)?$/.exec(text);
      const low = m ? Number(m[1]) : NaN;
      const high = m ? Number(m[2]) : NaN;
      const log = Boolean(m?.[3]);
      if (!m || !(low <= high) || (log && low <= 0)) {
        throw new ParameterError(
          `the "${PARAMETERS_TAG}" cell marks ${names.join(", ")} with "range: ${text}"; write "range: LO..HI" with ` +
            `LO ≤ HI (and LO > 0 before "log"), e.g. "// privacy budget; range: 0.05..10 log".`,
        );
      }
      range = { low, high, log };
    }
  }
  return range;
}

/** The words `allow:` understands. */
const ALLOWANCES: Record<string, keyof ParameterAllowances> = {
  Infinity: "infinity",
  "+Infinity": "infinity",
  "-Infinity": "negativeInfinity",
  fractions: "fractions",
};

/** A privacy budget is a real number whatever its default looks like (`const epsilon: number = 1`). */
const PRIVACY_BUDGET_NAME = /^epsilon$|Epsilon$/;

/**
 * The `allow: ...` marker in the comment(s) that end a declaration's line, e.g. `// budget; allow: Infinity`.
 * @throws ParameterError for an unknown word, so a typo cannot silently allow nothing
 */
function readAllowances(comments: string[], names: string[]): ParameterAllowances {
  const allow: ParameterAllowances = { infinity: false, negativeInfinity: false, fractions: false };
  for (const comment of comments) {
    for (const match of comment.matchAll(/\ballow:\s*([^;]*)/g)) {
      for (const word of match[1]!.replace(/\*\/\s*$/, "").split(/[\s,]+/).filter(Boolean)) {
        const key = ALLOWANCES[word];
        if (!key) {
          throw new ParameterError(
            `the "${PARAMETERS_TAG}" cell marks ${names.join(", ")} with "allow: ${word}", which is not a known allowance ` +
              `(known: ${Object.keys(ALLOWANCES).join(", ")}); fix the comment on that line.`,
          );
        }
        allow[key] = true;
      }
    }
  }
  return allow;
}

/**
 * The top-level variables a `parameters` cell declares, read with the TypeScript parser (so comments,
 * strings and multi-line initialisers cannot confuse it), with the values each one admits.
 *
 * @throws ParameterError when a line's `allow:` marker names an unknown allowance
 */
export function parameterDeclarations(source: string): Map<string, ParameterDeclaration> {
  // Loaded only when parameters are used: the compiler takes a few hundred milliseconds to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof import("typescript") = require("typescript");
  type Node = import("typescript").Node;
  const file = ts.createSourceFile("parameters.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const numeric = (node: Node): boolean =>
    ts.isNumericLiteral(node) ||
    (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand));
  /** The alternatives of an annotation, or undefined when any part of it is not a primitive or a literal. */
  const alternatives = (node: import("typescript").TypeNode): ParameterAlternative[] | undefined => {
    if (ts.isParenthesizedTypeNode(node)) return alternatives(node.type);
    if (ts.isUnionTypeNode(node)) {
      const parts = node.types.map(alternatives);
      return parts.every((p): p is ParameterAlternative[] => p !== undefined) ? parts.flat() : undefined;
    }
    if (node.kind === ts.SyntaxKind.NumberKeyword) return [{ kind: "number" }];
    if (node.kind === ts.SyntaxKind.StringKeyword) return [{ kind: "string" }];
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return [{ kind: "boolean" }];
    if (ts.isLiteralTypeNode(node)) {
      const lit = node.literal;
      if (lit.kind === ts.SyntaxKind.NullKeyword) return [{ kind: "null" }];
      if (lit.kind === ts.SyntaxKind.TrueKeyword) return [{ kind: "literal", value: true }];
      if (lit.kind === ts.SyntaxKind.FalseKeyword) return [{ kind: "literal", value: false }];
      if (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit)) return [{ kind: "literal", value: lit.text }];
      if (numeric(lit)) return [{ kind: "literal", value: Number(lit.getText(file)) }];
    }
    return undefined;
  };
  const declarations = new Map<string, ParameterDeclaration>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const flags = statement.declarationList.flags;
    const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    const names = statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
    const comments = (ts.getTrailingCommentRanges(source, statement.end) ?? []).map((r) => source.slice(r.pos, r.end));
    const allow = readAllowances(comments, names);
    const range = readRange(comments, names);
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const name = declaration.name.text;
      const init = declaration.initializer;
      const literalKind: ParameterDeclaration["literalKind"] = !init
        ? undefined
        : numeric(init)
          ? "number"
          : ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)
            ? "string"
            : init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword
              ? "boolean"
              : undefined;
      const accepts: ParameterAlternative[] | undefined = declaration.type
        ? alternatives(declaration.type)
        : literalKind
          ? [{ kind: literalKind }]
          : undefined;
      const integer =
        init !== undefined &&
        numeric(init) &&
        /^-?\s*\d+$/.test(init.getText(file)) &&
        !PRIVACY_BUDGET_NAME.test(name) &&
        !allow.fractions;
      declarations.set(name, {
        keyword,
        type: declaration.type?.getText(file),
        literalKind,
        initializer: init?.getText(file),
        accepts,
        integer,
        allow,
        ...(range ? { range } : {}),
      });
    }
  }
  return declarations;
}

/** A value as it would be typed on the command line (JSON, but ±Infinity and NaN by name). */
function shown(value: ParamValue): string {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

function accepted(value: ParamValue, alternative: ParameterAlternative, declaration: ParameterDeclaration): boolean {
  switch (alternative.kind) {
    case "number":
      if (typeof value !== "number" || Number.isNaN(value)) return false;
      if (value === Infinity) return declaration.allow.infinity;
      if (value === -Infinity) return declaration.allow.negativeInfinity;
      return !declaration.integer || Number.isInteger(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "literal":
      return value === alternative.value;
  }
}

/** "a whole number", "one of "eugkm", "dplloyd"", "true or false"... for messages. */
function describeAccepted(declaration: ParameterDeclaration): string {
  const parts: string[] = [];
  const literals: string[] = [];
  for (const alternative of declaration.accepts ?? []) {
    if (alternative.kind === "number") {
      const extra = [declaration.allow.infinity ? "Infinity" : "", declaration.allow.negativeInfinity ? "-Infinity" : ""].filter(Boolean);
      parts.push((declaration.integer ? "a whole number" : "a finite number") + extra.map((e) => ` or ${e}`).join(""));
    } else if (alternative.kind === "string") parts.push("text");
    else if (alternative.kind === "boolean") parts.push("true or false");
    else if (alternative.kind === "null") parts.push("null");
    else if ("value" in alternative) literals.push(shown(alternative.value));
  }
  if (literals.length === 1) parts.push(literals[0]!);
  if (literals.length > 1) parts.push(`one of ${literals.join(", ")}`);
  return parts.join(" or ");
}

/**
 * Check one override against its declaration, before any kernel starts.
 * @throws ParameterError naming the notebook, the parameter, the value and what is allowed
 */
export function checkParameterValue(name: string, value: ParamValue, declaration: ParameterDeclaration, origin = "notebook"): void {
  const refuse = (expected: string, fix: string): never => {
    throw new ParameterError(
      `${origin}: --param ${name} expects ${expected} (its default is ${declaration.initializer ?? "not set"}), ` +
        `got ${shown(value)}; ${fix}.`,
    );
  };
  if (!declaration.accepts) {
    // Arrays, objects, named types: tslab checks the shape, but null and non-finite numbers would be written
    // as `null` and slip through any model that falls back to a default.
    if (hasNonFinite(value)) refuse("finite numbers", "pass finite numbers");
    if (hasNull(value) && !/\bnull\b/.test(declaration.type ?? "")) refuse(`a value of its type${declaration.type ? ` ${declaration.type}` : ""}`, "pass a value instead of null");
    return;
  }
  if (declaration.accepts.some((alternative) => accepted(value, alternative, declaration))) {
    const range = declaration.range;
    if (range && typeof value === "number" && Number.isFinite(value) && (value < range.low || value > range.high)) {
      refuse(
        `a value in its declared range ${range.low}..${range.high}`,
        `the lesson is written and tested for that range (the "range:" comment on its line in the "${PARAMETERS_TAG}" cell); pick a value inside it`,
      );
    }
    return;
  }
  const expected = describeAccepted(declaration);
  const kinds = new Set(declaration.accepts.map((a) => a.kind));
  if (typeof value === "number" && kinds.has("number")) {
    if (value === Infinity || value === -Infinity) {
      refuse(expected, `${String(value)} is allowed only where the "${PARAMETERS_TAG}" cell ends the line of ${name} with a comment "// allow: ${String(value)}"`);
    }
    if (Number.isNaN(value)) refuse(expected, "pass a number");
    if (declaration.integer) {
      refuse(expected, `its default is written as a whole number, so it takes whole numbers (a lesson lets it take fractions with "// allow: fractions" on its line)`);
    }
  }
  if (kinds.has("string") && typeof value !== "string" && value !== null && typeof value !== "object") {
    refuse(expected, `to pass text, quote it as JSON, e.g. --param '${name}="${String(value)}"'`);
  }
  refuse(expected, `pass ${expected}`);
}

function widenedType(value: ParamValue): string | undefined {
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  return undefined;
}

/**
 * The parameters as they can be stored in JSON (the executed notebook's metadata): ±Infinity, which JSON
 * would write as `null`, become the strings "Infinity" and "-Infinity".
 */
export function recordableParams(params: Record<string, ParamValue>): Record<string, ParamValue> {
  const replace = (value: ParamValue): ParamValue =>
    typeof value === "number" && !Number.isFinite(value)
      ? String(value)
      : Array.isArray(value)
        ? value.map(replace)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]))
          : value;
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, replace(value)]));
}

/** The TypeScript literal for a value: JSON is valid TypeScript, except that ±Infinity is written by name. */
function literal(value: ParamValue): string {
  return shown(value);
}

/** The source of the injected cell that overrides the given parameters. */
export function renderOverrides(params: Record<string, ParamValue>, declarations: Map<string, ParameterDeclaration>): string {
  const lines = ["// Parameters injected by scripts/run-notebooks.ts (--param); they override the cell above."];
  for (const [name, value] of Object.entries(params)) {
    const declaration = declarations.get(name);
    const keyword = declaration?.keyword ?? "const";
    const type = declaration?.type ?? widenedType(value);
    lines.push(`${keyword} ${name}${type ? `: ${type}` : ""} = ${literal(value)};`);
  }
  return lines.join("\n");
}

/**
 * Parse every `--param name=value` argument into one record of overrides.
 *
 * The record is built from entries (`Object.fromEntries`), so every name is an own property, even
 * `__proto__`, which a plain assignment would swallow by setting the record's prototype; such a name is then
 * refused like any other name its notebook does not declare.
 *
 * @throws ParameterError for a malformed argument, or a name given twice (which value was meant?)
 */
export function parseParamArguments(args: readonly string[]): Record<string, ParamValue> {
  const seen = new Map<string, { argument: string; value: ParamValue }>();
  for (const argument of args) {
    const [name, value] = parseParamArgument(argument);
    const earlier = seen.get(name);
    if (earlier) {
      throw new ParameterError(
        `--param ${name} is given twice (${earlier.argument} and ${argument}); pass each parameter once.`,
      );
    }
    seen.set(name, { argument, value });
  }
  return Object.fromEntries([...seen].map(([name, { value }]) => [name, value]));
}

/**
 * A copy of the notebook with the parameters injected after its `parameters` cell (any earlier
 * `injected-parameters` cell removed first, so an executed copy can be run again). With no parameters,
 * the notebook is returned with only the old injected cell removed.
 *
 * @param origin - the notebook's name, for error messages
 * @returns the new notebook and the index of the injected cell (undefined when none)
 * @throws ParameterError when parameters are given but the notebook has no `parameters` cell, a name
 *   is not declared there, or a value is not one its declaration admits (see {@link checkParameterValue})
 */
export function injectParameters(
  nb: Notebook,
  params: Record<string, ParamValue>,
  origin = "notebook",
): { notebook: Notebook; injectedIndex: number | undefined } {
  const stale = new Set(findCellsByTag(nb, INJECTED_TAG).map((c) => c.cell));
  const cells = nb.cells.filter((cell) => !stale.has(cell));
  const notebook: Notebook = { ...nb, cells };
  const names = Object.keys(params);
  if (names.length === 0) return { notebook, injectedIndex: undefined };

  const defaults = findCellByTag(notebook, PARAMETERS_TAG);
  if (!defaults || defaults.cell.cell_type !== "code") {
    throw new ParameterError(
      `${origin} has no code cell tagged "${PARAMETERS_TAG}", so --param ${names[0]}=... has nothing to override; ` +
        `tag the cell holding the defaults, or drop --param for this notebook.`,
    );
  }
  let declarations: Map<string, ParameterDeclaration>;
  try {
    declarations = parameterDeclarations(cellSource(defaults.cell));
  } catch (err) {
    if (err instanceof ParameterError) throw new ParameterError(`${origin}: ${err.message}`);
    throw err;
  }
  const unknown = names.filter((name) => !declarations.has(name));
  if (unknown.length > 0) {
    const known = [...declarations.keys()];
    throw new ParameterError(
      `${origin}: --param ${unknown.join(", ")} is not declared in its "${PARAMETERS_TAG}" cell ` +
        `(it declares: ${known.length > 0 ? known.join(", ") : "nothing"}); check the spelling.`,
    );
  }
  const idTaken = cells.some((cell) => cell.id === INJECTED_TAG);
  // Checked here rather than by tslab's type check: before any kernel starts, and also for what the type
  // check lets through (null under strictNullChecks off, NaN, Infinity, 2.5 for a count).
  for (const name of names) checkParameterValue(name, params[name]!, declarations.get(name)!, origin);
  const injected = codeCell(renderOverrides(params, declarations), {
    tags: [INJECTED_TAG],
    id: idTaken ? undefined : INJECTED_TAG,
  });
  const injectedIndex = defaults.index + 1;
  cells.splice(injectedIndex, 0, injected);
  return { notebook, injectedIndex };
}

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
 * written as JSON literals and keep their inferred type. A default without annotation that is a plain
 * literal (`1`, `"x"`, `true`) also fixes the kind of value an override may have (checked before running).
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
 * `true`/`false` → boolean; a decimal number → number; `null` → null; text starting with `[`, `{` or `"`
 * → JSON (so `'"42"'` is the string "42"); anything else → the text itself as a string.
 *
 * @throws ParameterError when text starting with `[`, `{` or `"` is not valid JSON
 */
export function parseParamValue(text: string): ParamValue {
  const trimmed = text.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (trimmed === "null") return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^[[{"]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as ParamValue;
    } catch (err) {
      throw new ParameterError(`parameter value ${text} is not valid JSON (${(err as Error).message}); quote it for the shell, e.g. --param 'k=[1, 2]'.`);
    }
  }
  return text;
}

/**
 * Parse one `name=value` argument.
 * @throws ParameterError when there is no `=` or the name is not a TypeScript identifier
 */
export function parseParamArgument(argument: string): [string, ParamValue] {
  const eq = argument.indexOf("=");
  const name = eq > 0 ? argument.slice(0, eq).trim() : "";
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new ParameterError(`--param ${argument}: expected name=value with a TypeScript variable name, e.g. --param epsilon=0.5.`);
  }
  return [name, parseParamValue(argument.slice(eq + 1))];
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
}

/**
 * The top-level variables a `parameters` cell declares, read with the TypeScript parser (so comments,
 * strings and multi-line initialisers cannot confuse it).
 */
export function parameterDeclarations(source: string): Map<string, ParameterDeclaration> {
  // Loaded only when parameters are used: the compiler takes a few hundred milliseconds to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof import("typescript") = require("typescript");
  const file = ts.createSourceFile("parameters.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const declarations = new Map<string, ParameterDeclaration>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const flags = statement.declarationList.flags;
    const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const init = declaration.initializer;
      const numeric = (node: import("typescript").Expression): boolean =>
        ts.isNumericLiteral(node) ||
        (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand));
      const literalKind = !init
        ? undefined
        : numeric(init)
          ? "number"
          : ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)
            ? "string"
            : init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword
              ? "boolean"
              : undefined;
      declarations.set(declaration.name.text, {
        keyword,
        type: declaration.type?.getText(file),
        literalKind,
        initializer: init?.getText(file),
      });
    }
  }
  return declarations;
}

function widenedType(value: ParamValue): string | undefined {
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  return undefined;
}

/** The TypeScript literal for a value: JSON is valid TypeScript. */
function literal(value: ParamValue): string {
  return JSON.stringify(value);
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
 * A copy of the notebook with the parameters injected after its `parameters` cell (any earlier
 * `injected-parameters` cell removed first, so an executed copy can be run again). With no parameters,
 * the notebook is returned with only the old injected cell removed.
 *
 * @param origin - the notebook's name, for error messages
 * @returns the new notebook and the index of the injected cell (undefined when none)
 * @throws ParameterError when parameters are given but the notebook has no `parameters` cell, or a name
 *   is not declared there
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
  const declarations = parameterDeclarations(cellSource(defaults.cell));
  const unknown = names.filter((name) => !declarations.has(name));
  if (unknown.length > 0) {
    const known = [...declarations.keys()];
    throw new ParameterError(
      `${origin}: --param ${unknown.join(", ")} is not declared in its "${PARAMETERS_TAG}" cell ` +
        `(it declares: ${known.length > 0 ? known.join(", ") : "nothing"}); check the spelling.`,
    );
  }
  const idTaken = cells.some((cell) => cell.id === INJECTED_TAG);
  for (const name of names) {
    // With an annotation, tslab type-checks the injected cell itself; without one, the default's literal
    // kind is the only statement of intent, so a mismatch (a typo like epsilon=O.5) is caught here.
    const declaration = declarations.get(name)!;
    const value = params[name]!;
    if (!declaration.type && declaration.literalKind && typeof value !== declaration.literalKind) {
      throw new ParameterError(
        `${origin}: --param ${name} expects a ${declaration.literalKind} (its default is ${declaration.initializer}), ` +
          `got ${JSON.stringify(value)}; pass a ${declaration.literalKind}` +
          (declaration.literalKind === "string" ? ` (quote it as JSON, e.g. --param '${name}="${String(value)}"')` : "") +
          ".",
      );
    }
  }
  const injected = codeCell(renderOverrides(params, declarations), {
    tags: [INJECTED_TAG],
    id: idTaken ? undefined : INJECTED_TAG,
  });
  const injectedIndex = defaults.index + 1;
  cells.splice(injectedIndex, 0, injected);
  return { notebook, injectedIndex };
}

import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { cellSource, cellTags, codeCell, createNotebook, readNotebook } from "../../scripts/lib/notebook";
import {
  injectParameters,
  parameterDeclarations,
  parseParamArgument,
  parseParamArguments,
  parseParamValue,
  ParameterError,
  renderOverrides,
  type ParamValue,
} from "../../scripts/lib/notebook-parameters";
import { projectRoot } from "../../scripts/lib/project";

describe("parameter values", () => {
  test("numbers, booleans, null and JSON are parsed; anything else is a string", () => {
    assert.equal(parseParamValue("0.2"), 0.2);
    assert.equal(parseParamValue("-3"), -3);
    assert.equal(parseParamValue("1e-3"), 0.001);
    assert.equal(parseParamValue("true"), true);
    assert.equal(parseParamValue("false"), false);
    assert.equal(parseParamValue("null"), null);
    assert.deepEqual(parseParamValue("[1, 2]"), [1, 2]);
    assert.deepEqual(parseParamValue('{"a": [true]}'), { a: [true] });
    assert.equal(parseParamValue('"42"'), "42", "JSON quotes force a string");
    assert.equal(parseParamValue("hello world"), "hello world");
    assert.equal(parseParamValue("1.2.3"), "1.2.3");
    assert.throws(() => parseParamValue("[1,"), ParameterError);
  });

  test("name=value arguments; the value may contain '='", () => {
    assert.deepEqual(parseParamArgument("epsilon=0.5"), ["epsilon", 0.5]);
    assert.deepEqual(parseParamArgument("query=a=b"), ["query", "a=b"]);
    assert.throws(() => parseParamArgument("epsilon"), /expected name=value/);
    assert.throws(() => parseParamArgument("2x=1"), /TypeScript variable name/);
  });
});

describe("injecting parameters", () => {
  test("declarations are read with their keyword and type annotation", () => {
    const declared = parameterDeclarations(
      '// defaults\nconst epsilon = 1;\nlet mode: "fast" | "slow" = "slow";\nvar k = 3, seed: number = 7;\nconsole.log("x = 1");',
    );
    const none = { infinity: false, negativeInfinity: false, fractions: false };
    assert.deepEqual(Object.fromEntries(declared), {
      epsilon: { keyword: "const", type: undefined, literalKind: "number", initializer: "1", accepts: [{ kind: "number" }], integer: false, allow: none },
      mode: {
        keyword: "let",
        type: '"fast" | "slow"',
        literalKind: "string",
        initializer: '"slow"',
        accepts: [
          { kind: "literal", value: "fast" },
          { kind: "literal", value: "slow" },
        ],
        integer: false,
        allow: none,
      },
      k: { keyword: "var", type: undefined, literalKind: "number", initializer: "3", accepts: [{ kind: "number" }], integer: true, allow: none },
      seed: { keyword: "var", type: "number", literalKind: "number", initializer: "7", accepts: [{ kind: "number" }], integer: true, allow: none },
    });
    const kinds = parameterDeclarations("let a = -0.5;\nconst b = `x`;\nconst c = true;\nconst d = [1];\nconst e = f(1);");
    assert.deepEqual(
      [...kinds.values()].map((d) => d.literalKind),
      ["number", "string", "boolean", undefined, undefined],
    );
  });

  test("overrides keep the keyword and annotation, widen primitive literals, and write JSON", () => {
    const declared = parameterDeclarations('const epsilon = 1;\nlet mode: "fast" | "slow" = "slow";\nconst sizes = [1];\nconst flag = false;');
    const source = renderOverrides({ epsilon: 0.2, mode: "fast", sizes: [3, 4], flag: true }, declared);
    const lines = source.split("\n").slice(1);
    assert.deepEqual(lines, [
      "const epsilon: number = 0.2;",
      'let mode: "fast" | "slow" = "fast";',
      "const sizes = [3,4];",
      "const flag: boolean = true;",
    ]);
  });

  test("the injected cell goes right after the parameters cell, tagged, replacing an earlier one", () => {
    const nb = readNotebook(join(__dirname, "fixtures", "params.ipynb"));
    const once = injectParameters(nb, { epsilon: 0.25 }, "params.ipynb");
    assert.equal(once.injectedIndex, 2);
    const injected = once.notebook.cells[2]!;
    assert.deepEqual(cellTags(injected), ["injected-parameters"]);
    assert.match(cellSource(injected), /^const epsilon: number = 0\.25;$/m);
    assert.equal(once.notebook.cells.length, nb.cells.length + 1);
    assert.equal(nb.cells.length, 3, "the input notebook is not modified");

    const twice = injectParameters(once.notebook, { label: "x" }, "params.ipynb");
    assert.equal(twice.notebook.cells.length, nb.cells.length + 1, "the old injected cell is replaced");
    assert.doesNotMatch(cellSource(twice.notebook.cells[2]!), /epsilon/);

    const none = injectParameters(once.notebook, {}, "params.ipynb");
    assert.equal(none.injectedIndex, undefined);
    assert.equal(none.notebook.cells.length, nb.cells.length);
  });

  test("a parameter the notebook cannot take is an error naming the notebook and the fix", () => {
    const plain = createNotebook([codeCell("const epsilon = 1;")]);
    assert.throws(() => injectParameters(plain, { epsilon: 2 }, "plain.ipynb"), (err: Error) => {
      assert.ok(err instanceof ParameterError);
      assert.match(err.message, /plain\.ipynb has no code cell tagged "parameters"/);
      return true;
    });
    const nb = readNotebook(join(__dirname, "fixtures", "params.ipynb"));
    assert.throws(
      () => injectParameters(nb, { epsilon: "O.5" }, "params.ipynb"),
      /params\.ipynb: --param epsilon expects a finite number \(its default is 1\), got "O\.5"/,
    );
    assert.doesNotThrow(() => injectParameters(nb, { label: "3" }, "params.ipynb"), "text for a string");
    assert.throws(
      () => injectParameters(nb, { epsilom: 2 }, "params.ipynb"),
      /--param epsilom is not declared in its "parameters" cell \(it declares: epsilon, label, sizes\)/,
    );
  });
});

describe("hostile --param values are refused before any kernel starts (issue 19)", () => {
  const typed = readNotebook(join(__dirname, "fixtures", "typed-params.ipynb"));
  const inject = (params: Record<string, ParamValue>) => injectParameters(typed, params, "typed-params.ipynb");
  const injectedSource = (params: Record<string, ParamValue>): string => {
    const { notebook, injectedIndex } = inject(params);
    return cellSource(notebook.cells[injectedIndex!]!);
  };

  test("the command-line words: Infinity is a number, a number that overflows is refused by name", () => {
    assert.equal(parseParamValue("Infinity"), Infinity);
    assert.equal(parseParamValue("+Infinity"), Infinity);
    assert.equal(parseParamValue("-Infinity"), -Infinity);
    assert.throws(() => parseParamArgument("epsilon=1e400"), /--param epsilon: parameter value 1e400 is too large for a number \(it overflows to Infinity\)/);
    assert.throws(() => parseParamValue("-1e400"), /overflows to Infinity/);
    assert.throws(() => parseParamValue("[1e400]"), /overflows to Infinity/);
  });

  const refused: Array<[string, Record<string, ParamValue>, RegExp]> = [
    ["null for a number", { epsilon: null }, /typed-params\.ipynb: --param epsilon expects a finite number \(its default is 1\), got null; pass a finite number\.$/],
    ["text for a number", { epsilon: "abc" }, /--param epsilon expects a finite number \(its default is 1\), got "abc"/],
    ["NaN", { epsilon: NaN }, /--param epsilon expects a finite number \(its default is 1\), got NaN/],
    ["Infinity where the line does not allow it", { epsilon: Infinity }, /--param epsilon expects a finite number \(its default is 1\), got Infinity; Infinity is allowed only where the "parameters" cell ends the line of epsilon with a comment "\/\/ allow: Infinity"/],
    ["-Infinity where only Infinity is allowed", { scale: -Infinity }, /--param scale expects a finite number or Infinity \(its default is 2\), got -Infinity/],
    ["a fraction where the default is a whole number", { k: 2.5 }, /--param k expects a whole number \(its default is 3\), got 2\.5; its default is written as a whole number/],
    ["null for a whole number", { k: null }, /--param k expects a whole number \(its default is 3\), got null/],
    ["a string outside the union", { method: "kmeans" }, /--param method expects one of "eugkm", "dplloyd" \(its default is "eugkm"\), got "kmeans"/],
    ["null for a union", { method: null }, /--param method expects one of "eugkm", "dplloyd" .*got null/],
    ["text for a boolean", { verbose: "yes" }, /--param verbose expects true or false \(its default is false\), got "yes"/],
    ["a number for a boolean", { verbose: 1 }, /--param verbose expects true or false .*got 1/],
    ["null for text", { label: null }, /--param label expects text \(its default is "default"\), got null/],
    ["a number for text, with the quoting hint", { label: 3 }, /--param label expects text .*got 3; to pass text, quote it as JSON, e.g. --param 'label="3"'/],
    ["an unknown name", { epsilom: 1 }, /--param epsilom is not declared in its "parameters" cell \(it declares: epsilon, k, method, scale, verbose, label\)/],
  ];
  for (const [what, params, expected] of refused) {
    test(`refused: ${what}`, () => {
      assert.throws(() => inject(params), (err: Error) => {
        assert.ok(err instanceof ParameterError, String(err));
        assert.match(err.message, expected);
        return true;
      });
    });
  }

  test("accepted: what the declarations allow, written so tslab reads the same value", () => {
    assert.match(injectedSource({ epsilon: 0.2, k: 5 }), /^const epsilon: number = 0\.2;\nconst k: number = 5;$/m);
    assert.match(injectedSource({ epsilon: 1e-3 }), /const epsilon: number = 0\.001;/);
    assert.match(injectedSource({ method: "dplloyd" }), /const method: "eugkm" \| "dplloyd" = "dplloyd";/);
    assert.match(injectedSource({ scale: Infinity }), /^const scale: number = Infinity;$/m, "not JSON's null");
    assert.match(injectedSource({ scale: 0.5 }), /const scale: number = 0\.5;/, "allow: fractions");
    assert.match(injectedSource({ verbose: true, label: "abc" }), /const verbose: boolean = true;\nconst label: string = "abc";/);
    assert.match(injectedSource({ k: -2 }), /const k: number = -2;/, "the sign is the model's business, not the runner's");
  });

  test("the allow: marker: its words, its place, and a typo is an error", () => {
    const declared = parameterDeclarations(
      "const a: number = 1; // budget; allow: Infinity, -Infinity\nconst b: number = 1;\n// allow: Infinity\nconst c: number = 1.0; /* allow: fractions */\nconst d = 4;",
    );
    assert.deepEqual(declared.get("a")!.allow, { infinity: true, negativeInfinity: true, fractions: false });
    assert.equal(declared.get("b")!.allow.infinity, false, "a comment on the next line belongs to the next line");
    assert.equal(declared.get("c")!.integer, false, "1.0 is written as a real number");
    assert.equal(declared.get("d")!.integer, true);
    assert.throws(() => parameterDeclarations("const a: number = 1; // allow: Infinty"), /marks a with "allow: Infinty", which is not a known allowance \(known: Infinity, \+Infinity, -Infinity, fractions\)/);
  });

  test("types the runner cannot check still refuse null and non-finite numbers inside", () => {
    const nb = readNotebook(join(__dirname, "fixtures", "params.ipynb"));
    assert.throws(() => injectParameters(nb, { sizes: [1, null] }, "params.ipynb"), /--param sizes expects a value of its type \(its default is \[1, 2\]\), got \[1,null\]/);
    assert.throws(() => injectParameters(nb, { sizes: [Infinity] }, "params.ipynb"), /--param sizes expects finite numbers/);
    assert.doesNotThrow(() => injectParameters(nb, { sizes: [3, 4] }, "params.ipynb"));
  });

  test("every lesson: its privacy budgets take fractions, its counts only whole numbers, null nowhere", () => {
    const lessons = readdirSync(join(projectRoot, "notebooks")).filter((f) => /^\d\d-.*\.ipynb$/.test(f));
    let checked = 0;
    for (const file of lessons) {
      const nb = readNotebook(join(projectRoot, "notebooks", file));
      const cell = nb.cells.find((c) => cellTags(c).includes("parameters"));
      if (!cell) continue;
      for (const [name, declaration] of parameterDeclarations(cellSource(cell))) {
        checked++;
        assert.throws(() => injectParameters(nb, { [name]: null }, file), ParameterError, `${file} ${name}=null`);
        if (!declaration.accepts?.some((a) => a.kind === "number")) continue;
        const budget = /^epsilon$|Epsilon$/.test(name);
        assert.equal(declaration.integer, !budget && /^\d+$/.test(declaration.initializer ?? ""), `${file} ${name}`);
        // A fraction inside the declared range (a range refuses values outside it on purpose).
        const range = declaration.range;
        const fraction = range ? Number((range.low + 0.37 * (range.high - range.low)).toPrecision(3)) : 0.5;
        if (budget) assert.doesNotThrow(() => injectParameters(nb, { [name]: fraction }, file), `${file} ${name}=${fraction}`);
        else if (declaration.integer) assert.throws(() => injectParameters(nb, { [name]: 2.5 }, file), /expects a whole number/, `${file} ${name}=2.5`);
      }
    }
    assert.ok(checked >= 20, `checked ${checked} lesson parameters`);
    const elbow = readNotebook(join(projectRoot, "notebooks", "05-elbow-method.ipynb"));
    assert.doesNotThrow(() => injectParameters(elbow, { method: "eugkm" }, "05"));
    assert.throws(() => injectParameters(elbow, { method: "kmeans" }, "05"), /expects one of "dplloyd", "eugkm", "hybrid"/);
  });
});

describe("hostile --param names (issue 25, finding 5)", () => {
  const notebook = createNotebook([codeCell("const ε: number = 1; // budget\nlet k = 3;", { tags: ["parameters"] }), codeCell("console.log(ε, k);")]);

  test("a Unicode identifier the notebook declares (ε) is a name, injected as written", () => {
    const params = parseParamArguments(["ε=2"]);
    assert.deepEqual(params, { ε: 2 });
    const { notebook: out, injectedIndex } = injectParameters(notebook, params, "unicode.ipynb");
    assert.match(cellSource(out.cells[injectedIndex!]!), /^const ε: number = 2;$/m);
    assert.deepEqual(parseParamArgument("größe_2=1"), ["größe_2", 1]);
    assert.deepEqual(parseParamArgument("$x=1"), ["$x", 1]);
    for (const bad of ["2ε=1", "a-b=1", "a b=1", "ε²=1", "=1"]) {
      assert.throws(() => parseParamArgument(bad), /TypeScript variable name/, bad);
    }
  });

  test("__proto__ is an own name (not the record's prototype) and refused as undeclared", () => {
    const params = parseParamArguments(["__proto__=1"]);
    assert.deepEqual(Object.keys(params), ["__proto__"]);
    assert.equal(Object.getPrototypeOf(params), Object.prototype, "the prototype is untouched");
    assert.throws(() => injectParameters(notebook, params, "proto.ipynb"), /proto\.ipynb: --param __proto__ is not declared in its "parameters" cell \(it declares: ε, k\)/);
    // The broken variant, a plain assignment, drops the name without a trace: what the runner did before.
    const assigned: Record<string, ParamValue> = {};
    assigned["__proto__"] = 1;
    assert.deepEqual(Object.keys(assigned), []);
  });

  test("a name given twice is refused, naming both values", () => {
    assert.throws(() => parseParamArguments(["k=2", "k=4"]), /^.*--param k is given twice \(k=2 and k=4\); pass each parameter once\.$/);
    assert.deepEqual(parseParamArguments(["k=2", "ε=0.5"]), { k: 2, ε: 0.5 });
  });
});

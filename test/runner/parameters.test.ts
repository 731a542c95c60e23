import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { cellSource, cellTags, codeCell, createNotebook, readNotebook } from "../../scripts/lib/notebook";
import {
  injectParameters,
  parameterDeclarations,
  parseParamArgument,
  parseParamValue,
  ParameterError,
  renderOverrides,
} from "../../scripts/lib/notebook-parameters";

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
    assert.deepEqual(Object.fromEntries(declared), {
      epsilon: { keyword: "const", type: undefined, literalKind: "number", initializer: "1" },
      mode: { keyword: "let", type: '"fast" | "slow"', literalKind: "string", initializer: '"slow"' },
      k: { keyword: "var", type: undefined, literalKind: "number", initializer: "3" },
      seed: { keyword: "var", type: "number", literalKind: "number", initializer: "7" },
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
      /params\.ipynb: --param epsilon expects a number \(its default is 1\), got "O\.5"/,
    );
    assert.doesNotThrow(() => injectParameters(nb, { label: "3" }, "params.ipynb"), "an annotated default is left to tslab");
    assert.throws(
      () => injectParameters(nb, { epsilom: 2 }, "params.ipynb"),
      /--param epsilom is not declared in its "parameters" cell \(it declares: epsilon, label, sizes\)/,
    );
  });
});

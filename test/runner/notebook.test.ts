import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  cellStderr,
  cellStdout,
  codeCell,
  countPlotlyCharts,
  createNotebook,
  findCellBySource,
  findCellByTag,
  hashCodeCells,
  htmlOutputs,
  isClean,
  listCells,
  markdownCell,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  splitLines,
  stripOutputs,
  type Notebook,
  type NotebookCell,
} from "../../scripts/lib/notebook";

const fixtures = join(__dirname, "fixtures");

function html(text: string): NotebookCell["outputs"] {
  return [{ output_type: "display_data", data: { "text/html": text, "text/plain": "<chart>" }, metadata: {} }];
}

/** A notebook as nbconvert leaves it: outputs, counts, timings. */
function executed(): Notebook {
  const nb = createNotebook([
    markdownCell("# Title", { id: "md" }),
    codeCell('console.log("hi")', { id: "a", tags: ["setup"] }),
    codeCell("oops()", { id: "b" }),
  ]);
  nb.cells[1]!.outputs = [{ output_type: "stream", name: "stdout", text: ["h", "i\n"] }];
  nb.cells[1]!.execution_count = 1;
  nb.cells[1]!.metadata.execution = { "iopub.status.busy": "2026-01-01T00:00:00Z" };
  nb.cells[2]!.outputs = [
    { output_type: "stream", name: "stdout", text: "partial\n" },
    { output_type: "stream", name: "stderr", text: "ReferenceError: oops is not defined\n" },
  ];
  nb.cells[2]!.execution_count = 2;
  return nb;
}

describe("reading and writing notebooks", () => {
  test("a fixture written by Jupyter's layout reads and writes back byte-identical", () => {
    const path = join(fixtures, "params.ipynb");
    const text = readFileSync(path, "utf8");
    const nb = parseNotebook(text, path);
    assert.equal(typeof nb.cells[1]!.source, "string", "multi-line sources become one string in memory");
    assert.equal(serializeNotebook(nb), text);
  });

  test("serialization uses nbformat's list-of-lines form with sorted keys", () => {
    const nb = createNotebook([codeCell("a\nb", { id: "x" })]);
    const onDisk = JSON.parse(serializeNotebook(nb));
    assert.deepEqual(onDisk.cells[0].source, ["a\n", "b"]);
    assert.deepEqual(Object.keys(onDisk.cells[0]), ["cell_type", "execution_count", "id", "metadata", "outputs", "source"]);
    assert.deepEqual(splitLines("x\n\ny"), ["x\n", "\n", "y"]);
    assert.deepEqual(splitLines(""), []);
  });

  test("notebooks before nbformat 4.5 get unique cell ids; non-notebooks are rejected", () => {
    const old = JSON.stringify({
      cells: [
        { cell_type: "code", source: ["1"], metadata: {}, outputs: [], execution_count: null },
        { cell_type: "code", source: ["2"], metadata: {}, outputs: [], execution_count: null },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 2,
    });
    const nb = parseNotebook(old);
    assert.equal(nb.nbformat_minor, 5);
    assert.match(nb.cells[0]!.id, /^[0-9a-f]{8}$/);
    assert.notEqual(nb.cells[0]!.id, nb.cells[1]!.id);
    assert.throws(() => parseNotebook('{"nbformat": 3, "worksheets": []}', "old.ipynb"), /old\.ipynb is not an nbformat 4/);
    assert.throws(() => parseNotebook("{", "broken.ipynb"), /broken\.ipynb is not valid JSON/);
  });
});

describe("querying cells and outputs", () => {
  test("cells by tag and by source; stdout and stderr text", () => {
    const nb = executed();
    assert.equal(findCellByTag(nb, "setup")?.index, 1);
    assert.equal(findCellByTag(nb, "absent"), undefined);
    assert.equal(findCellBySource(nb, "oops")?.cell.id, "b");
    assert.equal(findCellBySource(nb, "Title", "code"), undefined);
    assert.equal(cellStdout(nb.cells[1]!), "hi\n");
    assert.equal(cellStderr(nb.cells[2]!), "ReferenceError: oops is not defined\n");
    assert.deepEqual(
      listCells(nb).map((c) => [c.index, c.id, c.type, c.tags]),
      [
        [0, "md", "markdown", []],
        [1, "a", "code", ["setup"]],
        [2, "b", "code", []],
      ],
    );
  });

  test("plotly charts are counted by Plotly.newPlot( calls, not by the inlined library", () => {
    // The inlined plotly.js (megabytes) mentions "Plotly.newPlot(" in an error message: it must not count.
    const library = `<script>/* plotly.js */ var msg = "Plotly.newPlot(gd, data)"; ${"x".repeat(1_100_000)}</script>`;
    const chart = (id: string) => `<div id="${id}" class="plotly-chart"></div><script>Plotly.newPlot("${id}", {})</script>`;
    const nb = createNotebook([
      { ...codeCell("chart()"), outputs: html(library + chart("c1")) },
      { ...codeCell("twoCharts()"), outputs: html(chart("c2") + chart("c3")) },
      { ...codeCell("console.log(1)"), outputs: [{ output_type: "stream", name: "stdout", text: "Plotly.newPlot(\n" }] },
    ]);
    assert.equal(htmlOutputs(nb).length, 2);
    assert.equal(countPlotlyCharts(nb), 3);
    assert.equal(countPlotlyCharts(nb.cells[1]!), 2);
    assert.equal(countPlotlyCharts(nb, 'class="plotly-chart"'), 3);
    assert.equal(countPlotlyCharts(nb, /<div id="c\d"/), 3);
    assert.equal(countPlotlyCharts(nb, (h) => (h.includes("c1") ? 10 : 0)), 10);
  });
});

describe("clean notebooks and code hashes", () => {
  test("stripOutputs removes outputs, counts and timings and keeps the rest", () => {
    const nb = executed();
    assert.equal(isClean(nb), false);
    const clean = stripOutputs(nb);
    assert.equal(isClean(clean), true);
    assert.deepEqual(clean.cells[1]!.metadata, { tags: ["setup"] });
    assert.deepEqual(
      clean.cells.map((c) => c.id),
      ["md", "a", "b"],
    );
    assert.equal(isClean(nb), false, "the input is not modified");
  });

  test("a notebook with only an execution count is not clean", () => {
    const nb = createNotebook([codeCell("1")]);
    nb.cells[0]!.execution_count = 3;
    assert.equal(isClean(nb), false);
  });

  test("the code hash ignores markdown and outputs but not code or tags", () => {
    const nb = executed();
    const base = hashCodeCells(stripOutputs(nb));
    assert.equal(hashCodeCells(nb), base, "outputs do not count");
    const prose = structuredClone(nb);
    prose.cells[0]!.source = "# Another title";
    assert.equal(hashCodeCells(prose), base, "markdown does not count");
    const code = structuredClone(nb);
    code.cells[2]!.source = "oops(1)";
    assert.notEqual(hashCodeCells(code), base);
    const tagged = structuredClone(nb);
    tagged.cells[2]!.metadata.tags = ["raises-exception"];
    assert.notEqual(hashCodeCells(tagged), base);
  });

  test("the committed fixtures are clean", () => {
    for (const name of ["failing.ipynb", "params.ipynb", "tags.ipynb"]) {
      assert.equal(isClean(readNotebook(join(fixtures, name))), true, name);
    }
  });
});

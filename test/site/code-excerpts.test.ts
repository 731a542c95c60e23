/**
 * Long code cells on slides: shown as their first lines and a note, counted in rows as a slide wraps them;
 * short cells, hidden inputs, markdown and the page export are left alone.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { codeCell, createNotebook, markdownCell } from "../../scripts/lib/notebook";
import { codeExcerpt, excerptLongCode, excerptNote, notebookComment, rowsOf } from "../../scripts/site/code-excerpts";
import { describeNotebook, prepareForExport } from "../../scripts/site/notebooks";

const lines = (n: number, prefix = "line"): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1};`).join("\n");

describe("codeExcerpt", () => {
  test("a cell within the row limit is unchanged, to the character", () => {
    const source = lines(18) + "\n";
    assert.equal(codeExcerpt(source), source);
  });

  test("a longer cell keeps its first rows and says how many lines follow", () => {
    const out = codeExcerpt(lines(30)).split("\n");
    assert.equal(out.length, 13);
    assert.deepEqual(out.slice(0, 12), lines(12).split("\n"));
    assert.equal(out[12], excerptNote(18, "//"));
    assert.equal(out[12], "// … 18 more lines: the full code is in the HTML page");
  });

  test("wrapped lines count once per row on the slide", () => {
    assert.equal(rowsOf("", 100), 1);
    assert.equal(rowsOf("x".repeat(100), 100), 1);
    assert.equal(rowsOf("x".repeat(101), 100), 2);
    // 10 lines of 250 characters are 30 rows: over the limit although only 10 lines.
    const wide = Array.from({ length: 10 }, () => "y".repeat(250)).join("\n");
    const out = codeExcerpt(wide).split("\n");
    assert.equal(out.length, 5, "4 lines (12 rows) and the note");
    assert.equal(out[4], excerptNote(6, "//"));
  });

  test("a first line longer than the kept rows is still shown; blank lines at the cut are dropped", () => {
    const huge = ["z".repeat(5000), ...lines(3).split("\n")].join("\n");
    assert.deepEqual(codeExcerpt(huge).split("\n"), ["z".repeat(5000), excerptNote(3, "//")]);
    const gap = [...lines(11).split("\n"), "", "", ...lines(20, "after").split("\n")].join("\n");
    const out = codeExcerpt(gap).split("\n");
    assert.equal(out.at(-2), "line 11;");
    assert.equal(out.at(-1), excerptNote(22, "//"));
  });

  test("options: limits and the comment", () => {
    assert.equal(codeExcerpt(lines(5), { maxRows: 4, keepRows: 2, comment: "#" }), "line 1;\nline 2;\n# … 3 more lines: the full code is in the HTML page");
    assert.equal(excerptNote(1, "#"), "# … 1 more line: the full code is in the HTML page");
  });
});

describe("excerptLongCode", () => {
  test("only long code cells with visible input change; the input notebook is not modified", () => {
    const long = lines(40);
    const nb = createNotebook([
      markdownCell(lines(40, "- item")),
      codeCell(long),
      codeCell(long, { tags: ["remove-input"] }),
      codeCell("const k = 3;"),
    ]);
    const out = excerptLongCode(nb, ["remove-input"]);
    assert.equal(out.cells[0], nb.cells[0], "markdown kept (the browser layout splits it)");
    assert.ok((out.cells[1]!.source as string).endsWith(excerptNote(28, "//")));
    assert.equal(out.cells[2], nb.cells[2], "remove-input: the code is not shown anyway");
    assert.equal(out.cells[3], nb.cells[3]);
    assert.equal(nb.cells[1]!.source, long);
    assert.deepEqual(out.cells[1]!.outputs, nb.cells[1]!.outputs, "outputs kept");
  });

  test("the note uses the notebook's language", () => {
    const nb = createNotebook([codeCell("x")]);
    assert.equal(notebookComment({ ...nb, metadata: { language_info: { name: "typescript" } } }), "//");
    assert.equal(notebookComment({ ...nb, metadata: { kernelspec: { language: "python" } } }), "#");
    assert.equal(notebookComment({ ...nb, metadata: {} }), "//");
  });

  test("prepareForExport: slides get excerpts, the page keeps the whole code", () => {
    const nb = createNotebook([markdownCell("# Title\n\nSub"), codeCell(lines(40))]);
    const site = { course: "C", index_url: "index.html" };
    const description = describeNotebook(nb, "01-x");
    const slides = prepareForExport(nb, description, { format: "slides", site });
    const page = prepareForExport(nb, description, { format: "html", site });
    assert.ok((slides.cells.at(-1)!.source as string).includes("more lines: the full code is in the HTML page"));
    assert.equal(page.cells.at(-1)!.source, lines(40));
  });
});

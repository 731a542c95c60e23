/**
 * Lesson 1 executed headless on the project's tslab kernel (about 10 s): it must run without an error,
 * and show its tables, its charts and the numbers the lesson is about. Its own `assert` cells check the
 * claims (exact recovery, singleton clusters, differencing, MDAV group sizes, the ledger), so a library
 * regression fails here too.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  cellStdout,
  cellTags,
  countPlotlyCharts,
  htmlOutputs,
  isClean,
  readNotebook,
  type Notebook,
} from "../../scripts/lib/notebook";
import { findExecutable, projectRoot } from "../../scripts/lib/project";
import { formatFailure, runNotebooks, type NotebookRun } from "../../scripts/run-notebooks";

const lesson = join(projectRoot, "notebooks", "01-deidentification.ipynb");
const scratch = mkdtempSync(join(tmpdir(), "lesson-1-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const noJupyter = findExecutable("jupyter-nbconvert") === undefined ? "jupyter-nbconvert is not installed" : false;

describe("lesson 1 as committed", () => {
  const source = readNotebook(lesson);

  test("is clean, on the course kernel, with slide metadata on every cell and a title slide first", () => {
    assert.ok(isClean(source), "commit the notebook without outputs");
    assert.deepEqual(source.metadata.kernelspec, {
      display_name: "TypeScript (private clustering course)",
      language: "typescript",
      name: "private-clustering-ts",
    });
    const types = source.cells.map((c) => (c.metadata.slideshow as { slide_type?: string } | undefined)?.slide_type);
    assert.ok(types.every((t) => ["slide", "subslide", "fragment", "-"].includes(t ?? "")), `slide types: ${types}`);
    assert.equal(types[0], "slide");
    assert.equal(source.cells[0]!.cell_type, "markdown");
    assert.ok(source.cells.every((c) => typeof c.id === "string" && c.id.length > 0));
  });

  test("has a parameters cell with k and the seed, and ends with Let's practice!", () => {
    const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
    assert.equal(parameters.length, 1);
    const text = [parameters[0]!.source].flat().join("");
    assert.match(text, /const k: number = 3;/);
    assert.match(text, /const seed/);
    assert.match([source.cells.at(-1)!.source].flat().join(""), /Let's practice!/);
  });

  test("imports files explicitly (tslab does not resolve a folder to its index)", () => {
    for (const cell of source.cells.filter((c) => c.cell_type === "code")) {
      for (const [, path] of [cell.source].flat().join("").matchAll(/from "(\.\/[^"]+)"/g)) {
        assert.match(path!, /\/index$|\.ts$|\/[a-z-]+$/);
        assert.notEqual(path, "./src/deidentify");
        assert.notEqual(path, "./src/viz");
      }
    }
  });
});

describe("lesson 1 executed headless", { skip: noJupyter }, () => {
  let executed: Notebook;
  let run: NotebookRun;

  before(async () => {
    const result = await runNotebooks({
      files: [lesson],
      outDir: scratch,
      cache: false,
      quiet: true,
      timeoutSeconds: 120,
      log: () => {},
      logError: () => {},
    });
    run = result.results[0]!;
    if (run.status === "ok") executed = readNotebook(run.outputPath);
  });

  test("runs without an error", () => {
    assert.equal(run.status, "ok", run.failure ? formatFailure(run) : "");
  });

  test("shows the four outputs, the audit and the comparison as tables", () => {
    const tables = htmlOutputs(executed).filter((h) => h.includes('class="course-table"'));
    assert.ok(tables.length >= 13, `${tables.length} tables`);
    for (const caption of [
      "Output 1: raw data",
      "Output 2: clusters detail",
      "Output 3: weight statistics",
      "Output 4: anonymized information",
      "Disclosure audit",
      "MDAV on the weights",
      "DP clusters detail",
    ]) {
      assert.ok(tables.some((t) => t.includes(caption)), `a table captioned "${caption}"`);
    }
  });

  test("draws its charts, with plotly.js inlined once", () => {
    assert.equal(countPlotlyCharts(executed), 6);
    const loaders = htmlOutputs(executed).filter((h) => h.includes('data-course-viz="plotly-loader"'));
    assert.equal(loaders.length, 1);
  });

  test("prints the key numbers: exact recovery, Golem's singleton, Celebi by differencing", () => {
    const stdout = executed.cells.map(cellStdout).join("\n");
    assert.match(stdout, /251 Pokémon, Bulbasaur to Celebi/);
    assert.match(stdout, /recovered exactly \(within 1e-9\): 251 of 251/);
    assert.match(stdout, /cluster 8: Golem alone, centroid 300 kg = its weight/);
    assert.match(stdout, /total\(251\) − total\(250\) = 5\.000000 kg;/);
    assert.match(stdout, /MDAV: total\(251\) − total\(250\) = 5\.000000 kg/);
    assert.match(stdout, /right-skewed/);
    assert.match(stdout, /DP: total\(251\) − total\(250\) = -?\d+\.\d kg/);
  });
});

/**
 * Lesson 1 executed headless at three settings (each through the runner's cache, so a copy already
 * executed by `npm run notebooks` costs about a second):
 *   - defaults: k = 3, ε = 1 (seed 42, minimum group size 3);
 *   - k = 2, ε = 0.2;
 *   - k = 10, ε = 5.
 * The lesson's own assert cells check its claims at each (exact recovery, singleton centroids, differencing,
 * MDAV group sizes, the ledger, the comparison's three bullets, the clipped count); here we check the
 * outputs the text points at, the checkpoints (each question, and its check "not attempted"), and the
 * notebook as committed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { cp1_1, cp1_2 } from "../../src/exercises/checkpoints";
import { assertCheckpointsNotAttempted, executeLesson } from "./executed";

const lesson = join(projectRoot, "notebooks", "01-deidentification.ipynb");
const SETTINGS = [{}, { k: 2, epsilon: 0.2 }, { k: 10, epsilon: 5 }] as const;

describe("lesson 1 as committed", () => {
  const source = readNotebook(lesson);
  const text = (i: number) => [source.cells[i]!.source].flat().join("");

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

  test("says its reading time, has a parameters cell, an optional Going further part, and ends with Let's practice!", () => {
    assert.match(text(0), /About 15 minutes/);
    const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
    assert.equal(parameters.length, 1);
    const params = [parameters[0]!.source].flat().join("");
    assert.match(params, /const k: number = 3;/);
    assert.match(params, /const seed/);
    assert.match(params, /const epsilon: number = 1;/);
    const further = source.cells.findIndex((c) => /^## Going further \(optional\)/m.test([c.source].flat().join("")));
    assert.ok(further > 0, "a Going further section");
    assert.match(text(source.cells.length - 1), /Let's practice!/);
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

for (const params of SETTINGS) {
  const k = "k" in params ? params.k : 3;
  const epsilon = "epsilon" in params ? params.epsilon : 1;
  test(`lesson 1 at ${JSON.stringify(params)}: outputs, attacks, fixes, comparison`, async () => {
    const run = await executeLesson("01-deidentification", params);
    const { stdout, html } = run;
    const tables = html.filter((h) => h.includes('class="course-table"'));
    for (const caption of [
      "Output 1: raw data",
      "Output 2: clusters detail",
      "Output 3: weight statistics",
      "Output 4: anonymized information",
      `Disclosure audit (k = ${k}`,
      "MDAV on the weights",
      `DP clusters detail (ε = ${epsilon}); the exact columns are not private`,
      "DP statistics (min and max are not released)",
      `Typical errors of the DP release at ε = ${epsilon}`,
    ]) {
      assert.ok(tables.some((t) => t.includes(caption)), `a table captioned "${caption}"`);
    }
    // Weights by cluster, k = 10 sizes, the receipt; in Going further: released values, statistics.
    assert.equal(run.charts, 5);
    // Charts go out as plotly's MIME type (src/viz/display.ts): no output carries plotly.js itself.
    assert.equal(html.filter((h) => h.includes('data-course-viz="plotly-loader"')).length, 0);
    // Say it once: the receipt is a chart, not also a ledger table; the seeded-noise card once.
    assert.ok(!tables.some((t) => t.includes("<th>sensitivity</th>")), "no text ledger next to the receipt chart");
    assert.equal(html.filter((h) => h.includes("seeded-noise")).length, 1, "the seeded-noise card once");
    assert.equal(run.stderr, "");
    assertCheckpointsNotAttempted(run, [cp1_1, cp1_2]);

    assert.match(stdout, /251 Pokémon, Bulbasaur to Celebi/);
    assert.match(stdout, /recovered exactly \(within 1e-9\): 251 of 251/);
    // Seed 42: at k = 10 Golem has a cluster to himself; at this run's k, whatever the audit finds.
    assert.match(stdout, /k = 10: cluster 8: Golem alone, centroid 300 kg = its weight/);
    if (k === 10) assert.equal(stdout.match(/Golem alone/g)?.length, 1, "k = 10 is reported once");
    else assert.match(stdout, new RegExp(`k = ${k}: no cluster of one`));
    assert.match(stdout, /total\(251\) − total\(250\) = 5\.000000 kg;/);
    assert.match(stdout, /MDAV: total\(251\) − total\(250\) = 5\.000000 kg/);
    assert.match(stdout, /right-skewed/);
    assert.match(stdout, /DP: total\(251\) − total\(250\) = -?\d+\.\d kg/);
    assert.match(stdout, /variance kept: DP \d+\.\d%, MDAV \(m = 3\) 98\.5%, k-means \(k = \d+\) \d+\.\d%/);
    assert.match(stdout, /values clipped to it: \d+ \(exact diagnostic: [^)]*NOT private\)/);
  });
}

/**
 * Lesson 6 (epsilon trade-offs) executed headless: ε = 0.2 vs 1 side by side with the pink points, the
 * sweep over ε and seeds for EUGkM and DPLloyd, where quality crosses the threshold, the ε slider with its
 * precomputed frames, and the receipt; and the same claims with other parameters.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { executeLesson } from "./executed";

/** The rows of the table with the given caption, as lists of cell texts. */
function tableRows(html: string[], caption: string): string[][] {
  const table = html.find((h) => h.includes(caption));
  assert.ok(table, `a table "${caption}"`);
  return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)]
    .map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!))
    .filter((cells) => cells.length > 0);
}

test("lesson 6 as committed: clean, slides, a parameters cell, ends with Let's practice! pointing at its exercises", () => {
  const source = readNotebook(join(projectRoot, "notebooks", "06-epsilon-tradeoffs.ipynb"));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  assert.match(cellSource(parameters[0]!), /const lowEpsilon: number = 0\.2;[\s\S]*const highEpsilon: number = 1;/);
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(notebooks\/exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, exercise)), `the exercise notebook ${exercise} exists`);
});

test("lesson 6 runs headless: two budgets, the utility curve over ε and seeds, the crossing, the slider, the receipt", async () => {
  const { stdout, stderr, html, charts } = await executeLesson("06-epsilon-tradeoffs");
  // One run each: ε = 0.2 is worse than ε = 1 in quality and in changed Pokémon.
  const single = tableRows(html, "One run each (seed 42)");
  assert.equal(single.length, 2);
  const [low, high] = single.map((r) => [Number(r[1]), Number(r[2]!.replace("%", ""))]);
  assert.ok(low![0]! > high![0]! && low![1]! > high![1]!, `ε = 0.2 ${low} vs ε = 1 ${high}`);
  assert.ok(html.some((h) => /\d+\.\d% of Pokémon changed cluster/.test(h)), "the pink points at ε = 0.2");
  // The sweep: 8 ε × 20 seeds × 2 algorithms, with its progress bar.
  assert.match(stdout, /320 DP fits, each scored against the non-private inertia 144\.79/);
  assert.ok(html.some((h) => h.includes('course-progress') && h.includes("320/320")), "the progress display finished");
  const medians = tableRows(html, "Medians over 20 seeds");
  assert.deepEqual(medians.map((r) => Number(r[0])), [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]);
  const eugkm = medians.map((r) => Number(r[1]));
  assert.ok(eugkm.every((q, i) => i === 0 || q <= eugkm[i - 1]! + 0.01), `EUGkM quality falls with ε: ${eugkm}`);
  assert.ok(medians.every((r) => Number(r[1]) <= Number(r[3]) + 0.01), "EUGkM at least as good as DPLloyd at every ε");
  assert.match(stdout, /more ε: better quality and fewer changed Pokémon, for both algorithms/);
  assert.match(stdout, /quality ≤ 1\.2 × non-private from ε = 0\.2 with EUGkM, ε = 2 with DPLloyd/);
  // The slider: one frame per ε, starting at ε = 1.
  const slider = html.find((h) => h.includes("as ε moves"));
  assert.ok(slider, "the slider chart");
  for (const e of ["0.05", "0.1", "0.2", "0.5", "1", "2", "5"]) assert.ok(slider.includes(`"name":"${e}"`), `frame ε = ${e}`);
  // The receipt: 0.2 + 1, and what the measurements would have cost.
  assert.match(stdout, /total\s+1\.2\s+0/);
  assert.match(stdout, /the sweep: ε = 754; the slider: ε = 8\.85/);
  assert.equal(charts, 6, "side by side, pink, two trade-off charts, slider, receipt");
  assert.equal(stderr, "", "no warnings or errors");
});

test("lesson 6 holds its claims with ε = 0.1 vs 1, 5 seeds and a looser threshold", async () => {
  const { stdout, html } = await executeLesson("06-epsilon-tradeoffs", { lowEpsilon: 0.1, runs: 5, threshold: 1.5 });
  assert.match(stdout, /80 DP fits/);
  assert.ok(html.some((h) => h.includes("Medians over 5 seeds")));
  assert.match(stdout, /quality ≤ 1\.5 × non-private from ε = [\d.]+ with EUGkM, ε = [\d.]+ with DPLloyd/);
  assert.match(stdout, /total\s+1\.1\s+0/);
});

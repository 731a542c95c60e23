/**
 * Lesson 5 (the elbow method) executed headless: the non-private elbow and its choice, DP fitted at every
 * k with its spread, the budget refusal and the overspent receipt, the private elbow from one synopsis
 * (same k, one ledger row, its measured gap), the bounds warning and what the data-derived grid gives away,
 * and the checkpoints (each question, and its check "not attempted").
 *
 * Settings (each claim of the lesson is asserted in the notebook itself, so each run checks all of them):
 *   A. the defaults: epsilon = 1, method = "dplloyd", seed = 42, runs = 10, maxK = 8;
 *   B. epsilon = 0.5, method = "eugkm";
 *   C. epsilon = 2, method = "hybrid", seed = 7.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { cp5_1, cp5_2 } from "../../src/exercises/checkpoints";
import { assertCheckpointsNotAttempted, executeLesson } from "./executed";

/** The numbers in one column of the table with the given caption. */
function tableColumn(html: string[], caption: string, column: number): number[] {
  const table = html.find((h) => h.includes(caption));
  assert.ok(table, `a table "${caption}"`);
  return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)]
    .map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!))
    .filter((cells) => cells.length > column)
    .map((cells) => Number(cells[column]));
}

/** The private curve's gap to the non-private one, as printed: [min, max] in percent. */
function printedGap(stdout: string): [number, number] {
  const m = /the private curve is (\d+)% to (\d+)% above the non-private one/.exec(stdout);
  assert.ok(m, "the measured gap is printed");
  return [Number(m[1]), Number(m[2])];
}

test("lesson 5 as committed: clean, slides, reading time, a parameters cell, ends with Let's practice!", () => {
  const source = readNotebook(join(projectRoot, "notebooks", "05-elbow-method.ipynb"));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  assert.match(cellSource(source.cells[0]!), /About \d+ minutes/);
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  assert.match(cellSource(parameters[0]!), /const epsilon: number = 1;[\s\S]*const seed: number = 42;/);
  const all = source.cells.map(cellSource).join("\n");
  assert.equal((all.match(/<!-- checkpoint: /g) ?? []).length, 0, "every marked place holds its checkpoint");
  // Every DP release on the whole Pokédex is told its public size.
  const calls = all.match(/(dpElbow|eugkmSynopsis|new KMeans)\([^;]*;/g) ?? [];
  assert.ok(calls.length >= 5, `the DP calls found: ${calls.length}`);
  for (const call of calls) assert.match(call, /publicSize/, `publicSize passed in ${call}`);
  assert.doesNotMatch(all, /sits a little higher/);
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(notebooks\/exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, exercise)), `the exercise notebook ${exercise} exists`);
});

test("lesson 5 at the defaults (A): the elbow at k = 3, DP at every k costs ε per k, the private elbow costs ε once", async () => {
  const run = await executeLesson("05-elbow-method");
  const { stdout, stderr, errors, html, charts } = run;
  assertCheckpointsNotAttempted(run, [cp5_1, cp5_2]);
  // Non-private: falls at every k, elbow at k = 3 (76.3% explained, k = 4 adds 7.8%).
  assert.match(stdout, /inertia falls at every step, from 611\.6 \(k = 1\) to 47\.7 \(k = 8\)/);
  assert.match(stdout, /elbow at k = 3: 76\.3% of the spread explained; k = 4 would add only 7\.8%/);
  const nonPrivate = tableColumn(html, "Non-private k-means (best of 10 starts)", 1);
  assert.equal(nonPrivate.length, 8);
  // DP at every k: above non-private, and the gap grows from k = 1 to k = 8.
  const ratios = tableColumn(html, "Exact inertia (not private) of DP k-means (dplloyd, ε = 1) over 10 seeds", 5);
  assert.equal(ratios.length, 8);
  assert.ok(ratios.every((r) => r >= 0.99), `DP / non-private ${ratios}`);
  assert.ok(ratios[7]! > ratios[0]! + 0.2, `the noise hurts more at large k: ${ratios}`);
  assert.match(stdout, /DP median inertia above non-private: \d+% at k = 1, \d+% at k = 8/);
  // The receipt of one fit per k: refused after one fit, 8 ε needed.
  assert.match(stdout, /after 1 fit\(s\): BudgetExceededError: "KMeans\.fit \(dplloyd, ε = 1\)" needs ε = 1/);
  assert.ok(html.some((h) => h.includes("One DP fit per k: ε = 8 needed, 1 available")));
  // The private elbow: one synopsis with the public size, same k, one ledger row of ε = 1, no text receipt.
  assert.match(stdout, /a 10 × 10 grid \(from ε and the public size 1025\), \d+ cells with a positive noisy count/);
  assert.doesNotMatch(stdout, /true n/);
  assert.match(stdout, /private elbow: k = 3; non-private elbow: k = 3/);
  const [low, high] = printedGap(stdout);
  assert.ok(low > 0 && high < 150 && low < high, `gap ${low}–${high}%`);
  const notebook = readNotebook(join(projectRoot, "notebooks", "05-elbow-method.ipynb"));
  const claim = notebook.cells.map(cellSource).find((s) => s.includes("The private curve sits **above**"));
  assert.ok(claim?.includes(`by ${low} % to ${high} % at the default settings`), `the text names the measured gap ${low}–${high}%`);
  assert.ok(html.some((h) => h.includes("Private elbow for k = 1…8: ε = 1 of 1")));
  assert.doesNotMatch(stdout, /EUGkM grid counts/, "the receipt is a chart only");
  // The private elbow chart has a single private line (one synopsis has no quartile band).
  const chart = html.find((h) => h.includes("The whole elbow curve from one noisy synopsis"));
  assert.ok(chart && !chart.includes("quartile") && !chart.includes("tonexty"), "no band for one synopsis");
  // Forgetting the bounds: the warning, and the grid's edge is the tallest Pokémon, not the public 100 m.
  assert.ok(html.some((h) => h.includes("bounds-from-data")), "the bounds warning card");
  assert.match(stdout, /the grid now ends at 20\.0 m, the height of Eternatus; with the public bounds it ends at 100 m/);
  assert.ok(html.some((h) => /k = 3 from the synopsis: inertia 1\.\d+ × the non-private/.test(h)));
  assert.equal(charts, 6, "elbow, elbow with DP, overspent receipt, private elbow, receipt, clusters");
  assert.equal(stderr, "", "warnings are cards, not stderr");
  assert.equal(errors, "");
});

test("lesson 5 holds its claims with EUGkM at every k and ε = 0.5 (B)", async () => {
  const run = await executeLesson("05-elbow-method", { epsilon: 0.5, method: "eugkm" });
  const { stdout, html, errors } = run;
  assertCheckpointsNotAttempted(run, [cp5_1, cp5_2]);
  assert.ok(html.some((h) => h.includes("Exact inertia (not private) of DP k-means (eugkm, ε = 0.5) over 10 seeds")));
  assert.match(stdout, /after 1 fit\(s\): BudgetExceededError: "KMeans\.fit \(eugkm, ε = 0\.5\)"/);
  assert.match(stdout, /a 7 × 7 grid/);
  assert.match(stdout, /private elbow: k = 3; non-private elbow: k = 3/);
  const [low, high] = printedGap(stdout);
  assert.ok(low > 0 && high < 150, `gap ${low}–${high}%`);
  assert.ok(html.some((h) => h.includes("Private elbow for k = 1…8: ε = 0.5 of 0.5")));
  assert.equal(errors, "");
});

test("lesson 5 holds its claims with the hybrid method, ε = 2 and another seed (C)", async () => {
  const run = await executeLesson("05-elbow-method", { epsilon: 2, method: "hybrid", seed: 7 });
  const { stdout, html, errors } = run;
  assertCheckpointsNotAttempted(run, [cp5_1, cp5_2]);
  assert.ok(html.some((h) => h.includes("Exact inertia (not private) of DP k-means (hybrid, ε = 2) over 10 seeds")));
  assert.match(stdout, /a 14 × 14 grid/);
  assert.match(stdout, /private elbow: k = 3; non-private elbow: k = 3/);
  const [low, high] = printedGap(stdout);
  assert.ok(low > 0 && high < 150, `gap ${low}–${high}%`);
  assert.ok(html.some((h) => h.includes("Private elbow for k = 1…8: ε = 2 of 2")));
  assert.equal(errors, "");
});

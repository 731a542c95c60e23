/**
 * Lesson 5 (the elbow method) executed headless: the non-private elbow and its choice, DP fitted at every
 * k with its spread, the budget refusal and the overspent receipt, the private elbow from one synopsis
 * (same k, one ledger row), the bounds warning; and the same claims with other parameters.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { executeLesson } from "./executed";

/** The numbers in one column of the table with the given caption. */
function tableColumn(html: string[], caption: string, column: number): number[] {
  const table = html.find((h) => h.includes(caption));
  assert.ok(table, `a table "${caption}"`);
  return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)]
    .map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!))
    .filter((cells) => cells.length > column)
    .map((cells) => Number(cells[column]));
}

test("lesson 5 as committed: clean, slides, a parameters cell, ends with Let's practice! pointing at its exercises", () => {
  const source = readNotebook(join(projectRoot, "notebooks", "05-elbow-method.ipynb"));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  assert.match(cellSource(parameters[0]!), /const epsilon: number = 1;[\s\S]*const seed: number = 42;/);
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(notebooks\/exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, exercise)), `the exercise notebook ${exercise} exists`);
});

test("lesson 5 runs headless: the elbow at k = 3, DP at every k costs ε per k, the private elbow costs ε once", async () => {
  const { stdout, stderr, html, charts } = await executeLesson("05-elbow-method");
  // Non-private: falls at every k, elbow at k = 3 (76.3% explained, k = 4 adds 7.8%).
  assert.match(stdout, /inertia falls at every step, from 611\.6 \(k = 1\) to 47\.7 \(k = 8\)/);
  assert.match(stdout, /elbow at k = 3: 76\.3% of the spread explained; k = 4 would add only 7\.8%/);
  const nonPrivate = tableColumn(html, "Non-private k-means (best of 10 starts)", 1);
  assert.equal(nonPrivate.length, 8);
  // DP at every k: above non-private, and the gap grows with k.
  const ratios = tableColumn(html, "Inertia of DP k-means (dplloyd, ε = 1) over 10 seeds", 5);
  assert.equal(ratios.length, 8);
  assert.ok(ratios.every((r) => r >= 0.99), `DP / non-private ${ratios}`);
  assert.ok(ratios[7]! > ratios[0]! + 0.2, `the noise hurts more at large k: ${ratios}`);
  // The receipt of one fit per k: refused after one fit, 8 ε needed.
  assert.match(stdout, /after 1 fit\(s\): BudgetExceededError: "KMeans\.fit \(dplloyd, ε = 1\)" needs ε = 1/);
  assert.ok(html.some((h) => h.includes("One DP fit per k: ε = 8 needed, 1 available")));
  // The private elbow: one synopsis, same k, one ledger row of ε = 1.
  assert.match(stdout, /a 10 × 10 grid, \d+ cells with a positive noisy count/);
  assert.match(stdout, /private elbow: k = 3; non-private elbow: k = 3/);
  assert.match(stdout, /1\s+EUGkM grid counts \(10\^2 cells\)[^\n]*\n[^\n]*\n\s+total\s+1\s+0/);
  assert.ok(html.some((h) => h.includes("Private elbow for k = 1…8: ε = 1 of 1")));
  // Forgetting the bounds: the warning, and what it gives away.
  assert.match(stderr, /PrivacyWarning \[bounds-from-data\]/);
  assert.match(stdout, /the grid now ends at 999\.9 kg and 20\.0 m/);
  assert.ok(html.some((h) => /k = 3 from the synopsis: inertia 1\.\d+ × the non-private/.test(h)));
  assert.equal(charts, 6, "elbow, elbow with DP, overspent receipt, private elbow, receipt, clusters");
  assert.doesNotMatch(stderr, /Error/);
});

test("lesson 5 holds its claims with EUGkM at every k and ε = 0.5", async () => {
  const { stdout, html } = await executeLesson("05-elbow-method", { epsilon: 0.5, method: "eugkm" });
  assert.ok(html.some((h) => h.includes("Inertia of DP k-means (eugkm, ε = 0.5) over 10 seeds")));
  assert.match(stdout, /after 1 fit\(s\): BudgetExceededError: "KMeans\.fit \(eugkm, ε = 0\.5\)"/);
  assert.match(stdout, /a 7 × 7 grid/);
  assert.match(stdout, /private elbow: k = 3; non-private elbow: k = 3/);
  assert.match(stdout, /total\s+0\.5\s+0/);
});

/**
 * Lesson 5 (the elbow method) executed headless at its defaults (ε = 1, maxK = 8, seed = 42, runs = 10,
 * method = "dplloyd") and at settings drawn from the ranges its parameters cell declares (`lessonSettings`;
 * replay a draw with COURSE_DRAW_SEED). At every setting: no cell fails, the central claims hold (inertia
 * falls with k, the budget affords one fit, the private elbow costs ε once and the model after it is free,
 * a grid without public bounds ends at a real Pokémon), and each card's verdict is recomputed from the
 * tables and printed lines it summarises.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { parameterDeclarations } from "../../scripts/lib/notebook-parameters";
import { projectRoot } from "../../scripts/lib/project";
import { eugkmGridSize } from "../../src/dp/kmeans/eugkm";
import { cp5_1, cp5_2 } from "../../src/exercises/checkpoints";
import { assertCentralClaimsHold, assertCheckpointsNotAttempted, claimCard, executeLesson, tableRows, type ExecutedLesson } from "./executed";
import { lessonSettings } from "./settings";

const LESSON = "05-elbow-method";
const CENTRAL = ["inertia-falls", "budget-affords-one-fit", "data-grid-edge-leaks", "private-elbow-costs-once", "model-is-free"];

interface Setting {
  epsilon: number;
  maxK: number;
  runs: number;
  method: string;
}

/** The lesson's elbow rule, recomputed here from the table's inertias. */
function elbowK(inertias: number[]): number {
  const share = inertias.map((v) => 1 - v / inertias[0]!);
  const i = share.findIndex((s, j) => j + 1 < share.length && share[j + 1]! - s < 0.1);
  return i === -1 ? inertias.length : i + 1;
}

function checkEverySetting(run: ExecutedLesson, s: Setting): void {
  const { stdout, html } = run;
  assert.equal(run.errors, "");
  assert.equal(run.stderr, "", "warnings are cards, not stderr");
  assertCentralClaimsHold(run, CENTRAL);
  assertCheckpointsNotAttempted(run, [cp5_1, cp5_2]);
  // Non-private: the table's inertias fall, and the rule on them gives the card's k.
  const nonPrivate = tableRows(html, "Non-private k-means (best of 10 starts)").map((r) => Number(r[1]));
  assert.equal(nonPrivate.length, s.maxK);
  const chosenK = elbowK(nonPrivate);
  assert.match(stdout, new RegExp(`elbow at k = ${chosenK}: `));
  const groups = claimCard(run, "three-size-groups");
  assert.match(groups.measured, new RegExp(`the rule chose k = ${chosenK}$`));
  if (chosenK !== 3) assert.equal(groups.holds, false);
  // DP at every k: the card's lifts are the table's ratios.
  const ratios = tableRows(html, `Exact inertia (not private) of DP k-means (${s.method}, ε = ${s.epsilon}) over ${s.runs} seeds`).map((r) =>
    Number(r[5]),
  );
  assert.equal(ratios.length, s.maxK);
  const lift = claimCard(run, "noise-lifts-more-at-large-k");
  const said = /by (-?\d+)% at k = 1, (-?\d+)% at k = (\d+);/.exec(lift.measured);
  assert.ok(said, lift.measured);
  assert.ok(Math.abs(Number(said[1]) - 100 * (ratios[0]! - 1)) <= 1, `${said[1]} vs ${ratios[0]}`);
  assert.ok(Math.abs(Number(said[2]) - 100 * (ratios.at(-1)! - 1)) <= 1, `${said[2]} vs ${ratios.at(-1)}`);
  assert.equal(Number(said[3]), s.maxK);
  if (ratios.at(-1)! - ratios[0]! > 0.02 && ratios.every((r) => r >= 0.995)) assert.ok(lift.holds, lift.measured);
  if (ratios.at(-1)! < ratios[0]! - 0.02) assert.ok(!lift.holds, lift.measured);
  // One fit per k: refused after one fit; the receipt chart asks for maxK × ε.
  assert.match(stdout, new RegExp(`after 1 fit\\(s\\): BudgetExceededError: "KMeans\\.fit \\(${s.method}, ε = [\\d.]+\\)" needs ε = `));
  const needed = html.map((h) => /One DP fit per k: ε = ([\d.]+) needed/.exec(h)?.[1]).find((v) => v !== undefined);
  assert.ok(needed && Math.abs(Number(needed) - s.maxK * s.epsilon) <= 1e-3 * s.maxK * s.epsilon, `ε needed: ${needed}`);
  // The private elbow: the grid from the public size, one release, the same-k card from its own numbers.
  const m = eugkmGridSize(1025, s.epsilon, 2);
  assert.match(stdout, new RegExp(`a ${m} × ${m} grid \\(from ε and the public size 1025\\)`));
  const same = claimCard(run, "same-elbow");
  const ks = /private elbow: k = (\d+); non-private elbow: k = (\d+);/.exec(same.measured);
  assert.ok(ks, same.measured);
  assert.equal(Number(ks[2]), chosenK);
  assert.equal(same.holds, ks[1] === ks[2]);
  const gap = claimCard(run, "private-curve-above");
  const gaps = /(-?\d+)% above at k = 1, (-?\d+)% at k = \d+; from (-?\d+)%/.exec(gap.measured);
  assert.ok(gaps, gap.measured);
  if (Number(gaps[3]) < 0) assert.equal(gap.holds, false, "a negative gap somewhere: not above at every k");
  assert.ok(html.some((h) => h.includes(`Private elbow for k = 1…${s.maxK}: ε = ${s.epsilon} of ${s.epsilon}`)));
  assert.doesNotMatch(stdout, /EUGkM grid counts/, "the receipt is a chart only");
  const chart = html.find((h) => h.includes("The whole elbow curve from one noisy synopsis"));
  assert.ok(chart && !chart.includes("quartile") && !chart.includes("tonexty"), "no band for one synopsis");
  // Forgetting the bounds: the warning, and the grid's edge.
  assert.ok(html.some((h) => h.includes("bounds-from-data")), "the bounds warning card");
  assert.equal(
    claimCard(run, "data-grid-edge-leaks").measured,
    "the grid now ends at 20.0 m, the height of Eternatus; with the public bounds it ends at 100 m",
  );
  // The model at the private k: sizes add up, the card's verdict is its sizes'.
  const collapse = claimCard(run, "synopsis-no-collapse");
  const sizes = /sizes ([\d, ]+);/.exec(collapse.measured)![1]!.split(", ").map(Number);
  assert.equal(sizes.length, Number(ks[1]));
  assert.equal(sizes.reduce((a, b) => a + b, 0), 1025);
  assert.equal(collapse.holds, sizes.every((v) => v > 0));
  assert.equal(run.charts, 6, "elbow, elbow with DP, overspent receipt, private elbow, receipt, clusters");
}

test("lesson 5 as committed: clean, declared ranges, publicSize everywhere, practice link", () => {
  const source = readNotebook(join(projectRoot, "notebooks", `${LESSON}.ipynb`));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  // The reading time is checked for every lesson and exercise notebook by reading-time.test.ts.
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  const declared = parameterDeclarations(cellSource(parameters[0]!));
  assert.deepEqual([...declared.keys()], ["epsilon", "maxK", "seed", "runs", "method"]);
  for (const name of ["epsilon", "maxK", "seed", "runs"]) assert.ok(declared.get(name)!.range, `${name} declares its range`);
  const all = source.cells.map(cellSource).join("\n");
  const calls = all.match(/(dpElbow|eugkmSynopsis|new KMeans)\([^;]*;/g) ?? [];
  assert.ok(calls.length >= 4, `the DP calls found: ${calls.length}`);
  for (const call of calls) assert.match(call, /publicSize/, `publicSize passed in ${call}`);
  const markdown = source.cells.filter((c) => c.cell_type === "markdown").map(cellSource).join("\n");
  assert.doesNotMatch(markdown, /8 % to 70 %|8 %–70 %|budget of ε = 1/, "no figures the run did not compute (finding 2)");
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, "notebooks", exercise)), `the exercise notebook ${exercise} next to the lesson`);
});


for (const params of lessonSettings(LESSON)) {
  test(`lesson 5 at ${JSON.stringify(params)}: runs to its end, central claims hold, cards match the outputs`, async () => {
    const run = await executeLesson(LESSON, params);
    checkEverySetting(run, {
      epsilon: Number(params.epsilon ?? 1),
      maxK: Number(params.maxK ?? 8),
      runs: Number(params.runs ?? 10),
      method: String(params.method ?? "dplloyd"),
    });
  });
}

test("lesson 5 at the defaults: the figures the cards show", async () => {
  const run = await executeLesson(LESSON);
  assert.equal(claimCard(run, "inertia-falls").measured, "inertia from 611.6 (k = 1) to 47.7 (k = 8), falling at every step: true");
  assert.equal(claimCard(run, "three-size-groups").measured, "k = 3 explains 76.3%; k = 4 adds 7.8%; the rule chose k = 3");
  assert.match(run.stdout, /a 10 × 10 grid/);
  assert.ok(claimCard(run, "same-elbow").holds);
  assert.ok(claimCard(run, "private-curve-above").holds);
  assert.ok(run.html.some((h) => /k = 3 from the synopsis: inertia 1\.\d+ × the non-private/.test(h)));
});

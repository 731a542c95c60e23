/**
 * Lesson 3 (building DP models) executed headless at its defaults (ε = 1, k = 3, seed = 42) and at settings
 * drawn from the ranges its parameters cell declares (`lessonSettings`; the draw's seed is printed, replay
 * with COURSE_DRAW_SEED). At every setting: no cell fails, every central claim card holds, and each card's
 * verdict is recomputed from the other outputs (tables, printed lines) or from the library, so a card that
 * says ✓ for the wrong reason fails here. At the defaults, the exact figures the lesson shows.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, htmlOutputs, isClean, readNotebook } from "../../scripts/lib/notebook";
import { parameterDeclarations } from "../../scripts/lib/notebook-parameters";
import { projectRoot } from "../../scripts/lib/project";
import { dplloydIterations } from "../../src/dp/models";
import { cp3_1, cp3_2, cp3_3 } from "../../src/exercises/checkpoints";
import {
  assertCentralClaimsHold,
  assertCheckpointsNotAttempted,
  claimCard,
  executeLesson,
  tableRows,
  type ExecutedLesson,
} from "./executed";
import { lessonSettings } from "./settings";

const LESSON = "03-building-dp-models";
const CENTRAL = [
  "bounds-from-data-leak",
  "clipping-counted",
  "one-record-changes-t",
  "t-from-public-size",
  "receipt-adds-up",
  "neighbour-same-schedule",
  "seed-reproduces",
  "accountant-refuses",
  "replace-one-doubles",
  "inertia-reveals-one",
  "t-iterations-on-receipt",
  "update-by-hand",
];

/** The warning codes shown as cards, in order. */
function warningCards(lesson: ExecutedLesson): string[] {
  return lesson.html.flatMap((h) => [...h.matchAll(/Privacy warning<\/strong> <code>([\w-]+)<\/code>/g)].map((m) => m[1]!));
}

const near = (a: number, b: number, tol = 1e-3) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** A collapse card's verdict, recomputed from the sizes it prints. */
function checkCollapseCard(lesson: ExecutedLesson, id: string, k: number): void {
  const card = claimCard(lesson, id);
  const m = /^(\d+) of (\d+) clusters hold Pokémon \(sizes ([\d, ]+);/.exec(card.measured);
  assert.ok(m, `${id}: ${card.measured}`);
  const sizes = m[3]!.split(", ").map(Number);
  assert.equal(sizes.length, k);
  assert.equal(sizes.reduce((a, b) => a + b, 0), 1025, `${id}: every Pokémon in one cluster`);
  assert.equal(Number(m[1]), sizes.filter((s) => s > 0).length);
  assert.equal(card.holds, sizes.every((s) => s > 0), `${id}: ✓ exactly when no cluster is empty`);
}

/** Checks that hold at every setting; `epsilon` and `k` are the run's parameters. */
function checkEverySetting(lesson: ExecutedLesson, epsilon: number, k: number): void {
  const { stdout, html } = lesson;
  assert.equal(lesson.errors, "", "no cell fails (the refused fit is caught and shown as a message)");
  assert.doesNotMatch(lesson.stderr, /Error|PrivacyWarning/, "warnings are cards only");
  assert.equal(lesson.results, "", "no cell ends in a printed value");
  assertCentralClaimsHold(lesson, CENTRAL);
  assertCheckpointsNotAttempted(lesson, [cp3_1, cp3_3, cp3_2]);
  // The first fit: public size 1025; a collapse would be named.
  const facts = tableRows(html, "model.fitInfo: the privacy facts of this fit")[0]!;
  assert.ok(facts.includes("1025 (public)"), `the size used: ${facts}`);
  checkCollapseCard(lesson, "no-collapse", k);
  checkCollapseCard(lesson, "dplloyd-no-collapse", k);
  // The ε table and its card: the card's verdict is the order of the medians it prints.
  assert.equal(tableRows(html, "Quality ratio: DP inertia ÷ non-private inertia").length, 3);
  const order = claimCard(lesson, "less-epsilon-worse");
  const medians = /median quality ratio ([\d.]+), ([\d.]+), ([\d.]+) at ε =/.exec(order.measured)!.slice(1).map(Number);
  if (Math.abs(medians[0]! - medians[1]!) > 0.002 && Math.abs(medians[1]! - medians[2]!) > 0.002) {
    assert.equal(order.holds, medians[0]! > medians[1]! && medians[1]! > medians[2]!, order.measured);
  }
  // Warnings as cards: seeded noise, bounds from the data, size from a noisy count; no clipping warning.
  assert.deepEqual([...new Set(warningCards(lesson))].sort(), ["bounds-from-data", "seeded-noise", "size-from-noisy-count"]);
  assert.doesNotMatch(html.join(""), /values-clipped/);
  assert.match(claimCard(lesson, "bounds-from-data-leak").measured, /is the height of Eternatus \(20 m\)/);
  // Clipping: the card's counts are the table's.
  const clipped = tableRows(html, "Clipped by the tight bounds: exact diagnostic")[0]!;
  assert.ok(html.some((h) => h.includes("Clipped by the tight bounds") && h.includes("NOT private")));
  assert.match(claimCard(lesson, "clipping-counted").measured, new RegExp(`tight bounds: ${clipped[0]} and ${clipped[1]} values`));
  // T: the table moves with n, and the card's step is the library's.
  const tTable = tableRows(html, `DPLloyd&#39;s iterations T for d = 2, k = ${k}`);
  assert.equal(tTable.length, 3);
  assert.ok(tTable.some((row) => new Set(row.slice(1)).size > 1), "T differs between sizes in some row");
  const step = /n = ([\d,]+) gives T = (\d), n = ([\d,]+) gives T = (\d)/.exec(claimCard(lesson, "one-record-changes-t").measured);
  assert.ok(step, "the one-record step of T");
  const [lo, hi] = [step[1]!, step[3]!].map((n) => Number(n.replace(/,/g, "")));
  assert.equal(hi, lo! + 1);
  assert.equal(Number(step[2]), dplloydIterations(epsilon, lo!, 2, k));
  assert.equal(Number(step[4]), dplloydIterations(epsilon, hi!, 2, k));
  assert.notEqual(step[2], step[4]);
  // Both receipts: the "number of rows" line only without publicSize, 5% of ε; both add up to ε.
  const receipts = tableRows(html, "Two DPLloyd receipts");
  const sizeLine = receipts.find((r) => r[0] === "number of rows");
  assert.ok(sizeLine, "a number-of-rows line");
  assert.equal(sizeLine[1], "—", "none with publicSize");
  assert.ok(near(Number(sizeLine[2]), 0.05 * epsilon), `5% of ε on the count: ${sizeLine[2]}`);
  const total = receipts.at(-1)!;
  assert.equal(total[0], "total");
  assert.ok(near(Number(total[1]), epsilon) && near(Number(total[2]), epsilon), `totals ${total}`);
  // T from the size used: recomputed with the library from the sizes the card prints.
  const sizes = claimCard(lesson, "t-from-public-size").measured;
  const declared = /declared size 1025 \(public, ε = 0\.000\) → T = (\d)/.exec(sizes);
  const released = /released size (\d+) \(noisy-count, ε = ([\d.]+)\) → T = (\d)/.exec(sizes);
  assert.ok(declared && released, sizes);
  assert.equal(Number(declared[1]), dplloydIterations(epsilon, 1025, 2, k));
  assert.ok(Math.abs(Number(released[2]) - 0.05 * epsilon) <= 0.0006, `5% of ε on the count: ${released[2]}`);
  assert.equal(Number(released[3]), dplloydIterations(0.95 * epsilon, Number(released[1]), 2, k));
  // The accountant: one fit of ε, then the refused third fit shown as its message.
  assert.match(stdout, /after one fit: ε = ([\d.e-]+) spent, \1 left/);
  assert.match(stdout, /BudgetExceededError: "KMeans\.fit \(auto, ε = [\d.e-]+\)" needs ε = [\d.e-]+ but the accountant has only ε = 0 left/);
  assert.match(stdout, /The budget is spent: this accountant can release nothing more\./);
  // Add/remove vs replace-one, from the accountant's rows: each row doubles, the total is 2ε then 4ε.
  const readings = tableRows(html, "The receipt above under the two neighbouring relations");
  const last = readings.at(-1)!;
  assert.ok(last[0] === "total" && near(Number(last[1]), 2 * epsilon) && near(Number(last[2]), 4 * epsilon), `${last}`);
  for (const row of readings) assert.ok(near(Number(row[2]), 2 * Number(row[1])), `${row}`);
  // Released vs exact.
  assert.match(stdout, /model\.exact\.privacy: +exact diagnostic: .*NOT private/);
  assert.match(claimCard(lesson, "inertia-reveals-one").measured, /inertia difference (\d+\.\d{9}) = Eternatus's squared distance \1/);
  // Going further: the ledger of the DPLloyd fit, 3 lines per iteration.
  const ledger = tableRows(html, "Every noisy release of the fit");
  const T = Number(tableRows(html, "The split of one iteration")[0]![0]);
  assert.equal(T, dplloydIterations(epsilon, 1025, 2, k));
  assert.equal(ledger.length, 3 * T);
  assert.match(claimCard(lesson, "t-iterations-on-receipt").measured, new RegExp(`^${T} iterations for T = ${T}; ${3 * T} releases`));
  // The default vs DPLloyd over five seeds: the card's frequency is the table's.
  const duel = tableRows(html, `Quality ratio at ε = `);
  assert.equal(duel.length, 5);
  const wins = duel.filter((r) => Number(r[1]) < Number(r[2])).length;
  const card = claimCard(lesson, "default-beats-dplloyd");
  const said = /closer in (\d) of 5 seeds/.exec(card.measured);
  assert.ok(said, card.measured);
  if (duel.every((r) => r[1] !== r[2])) assert.equal(Number(said[1]), wins, "the card counts the table's rows");
  assert.equal(card.holds, 2 * Number(said[1]) > 5);
  // Charts: receipt, assignment, update side by side.
  assert.equal(lesson.charts, 3);
}

test("lesson 3 as committed: clean, declared ranges, practice link", () => {
  const source = readNotebook(join(projectRoot, "notebooks", `${LESSON}.ipynb`));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  // The reading time is checked for every lesson and exercise notebook by reading-time.test.ts.
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  const declared = parameterDeclarations(cellSource(parameters[0]!));
  assert.deepEqual([...declared.keys()], ["epsilon", "k", "seed"]);
  for (const [name, d] of declared) assert.ok(d.range, `${name} declares its range`);
  assert.equal(source.cells.filter((c) => cellTags(c).includes("raises-exception")).length, 0, "the refusal is caught");
  const all = source.cells.map(cellSource).join("\n");
  assert.doesNotMatch(all, /about as strong as/, "no replace-one → add/remove conversion (finding 3)");
  assert.match(all, /one way only/);
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, "notebooks", exercise)), `the exercise notebook ${exercise} next to the lesson`);
});


for (const params of lessonSettings(LESSON)) {
  test(`lesson 3 at ${JSON.stringify(params)}: runs to its end, central claims hold, cards match the outputs`, async () => {
    const lesson = await executeLesson(LESSON, params);
    checkEverySetting(lesson, Number(params.epsilon ?? 1), Number(params.k ?? 3));
  });
}

test("lesson 3 at the defaults (ε = 1, k = 3, seed = 42): the figures the cards show", async () => {
  const lesson = await executeLesson(LESSON);
  const { stdout, html } = lesson;
  assert.equal(claimCard(lesson, "bounds-from-data-leak").measured,
    "10^1.3010 m is the height of Eternatus (20 m); without it, the bound drops to 14.5 m");
  assert.deepEqual(tableRows(html, "Clipped by the tight bounds")[0], ["177", "177", "174"]);
  assert.deepEqual(tableRows(html, "DPLloyd&#39;s iterations T for d = 2, k = 3"), [
    ["0.2", "2", "2", "2", "3", "7"],
    ["1", "2", "2", "3", "7", "7"],
    ["5", "2", "7", "7", "7", "7"],
  ]);
  assert.equal(claimCard(lesson, "one-record-changes-t").measured, "at ε = 1: n = 1,580 gives T = 2, n = 1,581 gives T = 3");
  assert.match(claimCard(lesson, "neighbour-same-schedule").measured, /^T = 2 and 2; 6 and 6 receipt lines$/);
  assert.match(claimCard(lesson, "seed-reproduces").measured, /seed 42 \(seeded\) identical: true; two unseeded \(secure\) identical: false/);
  assert.ok(html.some((h) => h.includes("0.135018") && h.includes("0.182491")), "the count/sum split of ε/T = 0.5");
  assert.match(stdout, /noise scale b = sensitivity \/ ε: counts 7\.4 Pokémon, sums 16\.4 \(weight\), 11\.0 \(height\)/);
  assert.ok(claimCard(lesson, "less-epsilon-worse").holds);
  // The size warning card sits under the fit without publicSize, not elsewhere.
  const sizeCell = lesson.notebook.cells.find((c) => cellSource(c).includes("const withoutSizeLedger"));
  assert.ok(sizeCell && htmlOutputs(sizeCell).some((h) => h.includes("size-from-noisy-count")));
});

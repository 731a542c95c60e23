/**
 * Lesson 3 (building DP models) executed headless at three settings of its parameters cell:
 *   - A, the defaults: epsilon = 1, k = 3, seed = 42 (exact figures checked);
 *   - B: epsilon = 0.2, seed = 7 (k = 3);
 *   - C: epsilon = 5, k = 4 (seed = 42).
 * The lesson asserts its own claims in the cells after them (it fails the run otherwise); these tests check
 * that the outputs a learner reads are there and say what the text says: what is public, the size from
 * `publicSize` or a noisy count on the receipt, exact diagnostics marked not private (no clipping warning),
 * the refused fit as a message (no stack trace), the receipt under add/remove and replace-one, and the
 * checkpoints (each question, and its check "not attempted"; cp3_3 comes before cp3_2, as the decisions do).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, htmlOutputs, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { cp3_1, cp3_2, cp3_3 } from "../../src/exercises/checkpoints";
import { assertCheckpointsNotAttempted, executeLesson, tableRows, type ExecutedLesson } from "./executed";

const LESSON = "03-building-dp-models";
const SETTINGS = [
  { name: "A (defaults)", params: {}, epsilon: 1, k: 3 },
  { name: "B", params: { epsilon: 0.2, seed: 7 }, epsilon: 0.2, k: 3 },
  { name: "C", params: { epsilon: 5, k: 4 }, epsilon: 5, k: 4 },
] as const;

/** The warning codes shown as cards, in order. */
function warningCards(lesson: ExecutedLesson): string[] {
  return lesson.html.flatMap((h) => [...h.matchAll(/Privacy warning<\/strong> <code>([\w-]+)<\/code>/g)].map((m) => m[1]!));
}

/** Checks that hold at every setting; `epsilon` and `k` are the run's parameters. */
function checkEverySetting(lesson: ExecutedLesson, epsilon: number, k: number): void {
  const { stdout, html } = lesson;
  // Nothing failed, nothing printed as a stack trace, no stray cell values.
  assert.equal(lesson.errors, "", "no cell fails (the refused fit is caught and shown as a message)");
  assert.doesNotMatch(lesson.stderr, /Error|PrivacyWarning/, "warnings are cards only");
  assert.equal(lesson.results, "", "no cell ends in a printed value");
  assertCheckpointsNotAttempted(lesson, [cp3_1, cp3_3, cp3_2]);
  // The first fit: public size 1025, method chosen from public numbers.
  const facts = tableRows(html, "model.fitInfo: the privacy facts of this fit")[0]!;
  assert.ok(facts.includes("1025 (public)"), `the size used: ${facts}`);
  // ε table: three rows, quality worsening as ε shrinks (the lesson asserts the order).
  const quality = tableRows(html, "Quality ratio: DP inertia ÷ non-private inertia").map((r) => Number(r[2]));
  assert.equal(quality.length, 3);
  // Warnings as cards: seeded noise, bounds from the data, size from a noisy count; no clipping warning.
  assert.deepEqual([...new Set(warningCards(lesson))].sort(), ["bounds-from-data", "seeded-noise", "size-from-noisy-count"]);
  assert.doesNotMatch(html.join(""), /values-clipped/);
  // Exact diagnostics: the clipped count from the model and from countOutsideBounds agree, marked NOT private.
  const clipped = tableRows(html, "Clipped by the tight bounds: exact diagnostic")[0]!;
  assert.equal(clipped[0], clipped[1]);
  assert.ok(Number(clipped[0]) > 0);
  assert.ok(html.some((h) => h.includes("Clipped by the tight bounds") && h.includes("NOT private")));
  // T moves with the size; one record more changes it somewhere.
  const tTable = tableRows(html, `DPLloyd&#39;s iterations T for d = 2, k = ${k}`);
  assert.equal(tTable.length, 3);
  assert.ok(tTable.some((row) => new Set(row.slice(1)).size > 1), "T differs between sizes in some row");
  const step = /at ε = [\d.]+: n = ([\d,]+) gives T = (\d), n = ([\d,]+) gives T = (\d)/.exec(stdout);
  assert.ok(step, "the one-record step of T");
  assert.equal(Number(step[3]!.replace(/,/g, "")), Number(step[1]!.replace(/,/g, "")) + 1);
  assert.notEqual(step[2], step[4]);
  // Both receipts: the "number of rows" line only without publicSize; both add up to ε.
  const receipts = tableRows(html, "Two DPLloyd receipts");
  const sizeLine = receipts.find((r) => r[0] === "number of rows");
  assert.ok(sizeLine, "a number-of-rows line");
  assert.equal(sizeLine[1], "—", "none with publicSize");
  assert.ok(Math.abs(Number(sizeLine[2]) - 0.05 * epsilon) < 1e-4, `5% of ε on the count: ${sizeLine[2]}`);
  assert.deepEqual(receipts.at(-1), ["total", String(epsilon), String(epsilon)]);
  assert.match(stdout, /declared size 1025 \(public, ε = 0\.000\) → T = \d/);
  assert.match(stdout, new RegExp(`released size \\d+ \\(noisy-count, ε = ${(0.05 * epsilon).toFixed(3)}\\) → T = \\d`));
  assert.match(stdout, /the neighbour without Eternatus, publicSize 1025: T = \d, \d+ receipt lines/);
  // The accountant: one fit of ε, then the refused third fit shown as its message.
  assert.match(stdout, new RegExp(`after one fit: ε = ${epsilon} spent, ${epsilon} left`));
  assert.match(stdout, /BudgetExceededError: "KMeans\.fit \(auto, ε = [\d.]+\)" needs ε = [\d.]+ but the accountant has only ε = 0 left/);
  assert.match(stdout, /The budget is spent: this accountant can release nothing more\./);
  assert.doesNotMatch(stdout, /at most ε = 0\b/);
  // Add/remove vs replace-one, from the accountant's rows.
  const readings = tableRows(html, "The receipt above under the two neighbouring relations");
  assert.deepEqual(readings.at(-1), ["total", String(2 * epsilon), String(4 * epsilon)]);
  for (const row of readings) assert.equal(Number(row[2]), 2 * Number(row[1]));
  // Released vs exact.
  assert.match(stdout, /model\.exact\.privacy: +exact diagnostic: .*NOT private/);
  assert.match(stdout, /inertia difference (\d+\.\d{9}) = Eternatus's squared distance \1/);
  // Going further: the ledger of the DPLloyd fit, 3 lines per iteration; the default beats it here.
  const ledger = tableRows(html, "Every noisy release of the fit");
  const T = Number(tableRows(html, "The split of one iteration")[0]![0]);
  assert.equal(ledger.length, 3 * T);
  assert.match(stdout, new RegExp(`quality ratio at ε = ${epsilon}: DPLloyd \\d+\\.\\d+ \\(T = ${T}\\), eugkm \\d+\\.\\d+`));
  // Charts: receipt, assignment, update side by side.
  assert.equal(lesson.charts, 3);
}

test("lesson 3 as committed: clean, reading time, a parameters cell, no expected-error cell", () => {
  const source = readNotebook(join(projectRoot, "notebooks", `${LESSON}.ipynb`));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  assert.match(cellSource(source.cells[0]!), /About 15 minutes/);
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  assert.match(cellSource(parameters[0]!), /const epsilon: number = 1;[\s\S]*const k: number = 3;[\s\S]*const seed: number = 42;/);
  assert.equal(source.cells.filter((c) => cellTags(c).includes("raises-exception")).length, 0, "the refusal is caught");
  const all = source.cells.map(cellSource).join("\n");
  assert.equal((all.match(/<!-- checkpoint: /g) ?? []).length, 0, "every marked place holds its checkpoint");
  assert.doesNotMatch(all, /public numbers only: ε, n, d, k/, "the old claim is gone");
  assert.match(all, /## Going further \(optional\)/);
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(notebooks\/exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, exercise)), `the exercise notebook ${exercise} exists`);
});

test("lesson 3 at the defaults (ε = 1, k = 3, seed = 42): the figures the text shows", async () => {
  const lesson = await executeLesson(LESSON);
  checkEverySetting(lesson, 1, 3);
  const { stdout, html } = lesson;
  assert.match(stdout, /10\^1\.3010 m is the height of Eternatus \(20 m\)/);
  assert.match(stdout, /without it, the bound drops to 14\.5 m/);
  assert.deepEqual(tableRows(html, "Clipped by the tight bounds")[0], ["177", "177", "174"]);
  assert.deepEqual(tableRows(html, "DPLloyd&#39;s iterations T for d = 2, k = 3"), [
    ["0.2", "2", "2", "2", "3", "7"],
    ["1", "2", "2", "3", "7", "7"],
    ["5", "2", "7", "7", "7", "7"],
  ]);
  assert.match(stdout, /at ε = 1: n = 1,580 gives T = 2, n = 1,581 gives T = 3/);
  assert.match(stdout, /declared size 1025 \(public, ε = 0\.000\) → T = 2/);
  assert.match(stdout, /the neighbour without Eternatus, publicSize 1025: T = 2, 6 receipt lines/);
  assert.match(stdout, /seeded: seeded; unseeded: secure/);
  assert.ok(html.some((h) => h.includes("0.135018") && h.includes("0.182491")), "the count/sum split of ε/T = 0.5");
  assert.match(stdout, /noise scale b = sensitivity \/ ε: counts 7\.4 Pokémon, sums 16\.4 \(weight\), 11\.0 \(height\)/);
  // The size warning card sits under the fit without publicSize, not elsewhere.
  const sizeCell = lesson.notebook.cells.find((c) => cellSource(c).includes("const withoutSizeLedger"));
  assert.ok(sizeCell && htmlOutputs(sizeCell).some((h) => h.includes("size-from-noisy-count")));
});

for (const setting of SETTINGS.slice(1)) {
  test(`lesson 3 holds its claims at setting ${setting.name}: ${JSON.stringify(setting.params)}`, async () => {
    checkEverySetting(await executeLesson(LESSON, setting.params), setting.epsilon, setting.k);
  });
}

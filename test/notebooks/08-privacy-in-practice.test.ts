/**
 * Lesson 8 (privacy in practice, optional) executed headless at three settings:
 *   - defaults: ε = 1, n = 1025, seed 42
 *   - ε = 0.2, n = 251 (the first two generations; the centre's width is only a rough guide there)
 *   - ε = 5, n = 10000, seed 7
 * Checked: the receipt read under add/remove and replace-one (2ε), every release pure (δ = 0), declared vs
 * counted size, the calculator's table and its empirical check, the ε slider with its precomputed frames,
 * and the Python side by side naming the diffprivlib and OpenDP APIs of every step.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { countHalfWidth, noiseHalfWidths } from "../../src/dp/accuracy";
import { executeLesson, tableRows } from "./executed";

const NAME = "08-privacy-in-practice";
const LOG10_WEIGHT = { lower: -1, upper: 2.9999565683801923 };

test("lesson 8 as committed: clean, slides, reading time, epsilon and n parameters, Python for every step, practice", () => {
  const source = readNotebook(join(projectRoot, "notebooks", `${NAME}.ipynb`));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  assert.match(cellSource(source.cells[0]!), /Lesson 8 \(optional\)[\s\S]*About \d+ minutes/);
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  assert.match(cellSource(parameters[0]!), /const epsilon: number = 1;[\s\S]*const n: number = 1025;/);
  const text = source.cells.map(cellSource).join("\n");
  for (const api of [
    "KMeans(n_clusters=3, epsilon=1, bounds=bounds",
    "StandardScaler(epsilon=1, bounds=bounds",
    "PCA(n_components=2, epsilon=1, data_norm=5",
    "BudgetAccountant(epsilon=4)",
    "Geometric(epsilon=0.5, sensitivity=1).randomise(1025)",
    "dp.t.make_count(*space) >> dp.m.then_laplace(scale=1.0)",
    "dp.t.then_clamp((-1.0, 3.0)) >> dp.t.then_sum()",
    "dp.Context.compositor(",
    "privacy_unit=dp.unit_of(contributions=1)",
    "dp.loss_of(epsilon=1.0, delta=1e-7)",
  ]) {
    assert.ok(text.includes(api), `the Python side by side shows ${api}`);
  }
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(notebooks\/exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, exercise)), `the exercise notebook ${exercise} exists`);
});

/** The claims every setting must show; returns the run for setting-specific checks. */
async function checkSetting(epsilon: number, n: number, params: Record<string, number>) {
  const run = await executeLesson(NAME, params);
  const { stdout, html, charts, stderr, errors } = run;
  // 1. The receipt under both relations: replace-one is 2ε.
  const receipt = tableRows(html, "read under both relations");
  const total = receipt.find((r) => r[0] === "total");
  assert.ok(total, "a total row");
  assert.equal(Number(total[2]), epsilon);
  assert.equal(Number(total[3]), 2 * epsilon);
  assert.match(stdout, new RegExp(`ε = ${epsilon} under add/remove one is ε = ${2 * epsilon} under replace one`));
  // 2. Pure ε everywhere.
  assert.match(stdout, /\d+ releases from KMeans, StandardScaler and PCA: every one has δ = 0/);
  // 3. Declared vs counted size.
  const sizes = tableRows(html, "Declared or counted");
  assert.deepEqual(sizes.map((r) => r[2]), ["public", "noisy-count"]);
  assert.equal(Number(sizes[0]![3]), 0);
  assert.ok(html.some((h) => h.includes("size-from-noisy-count")), "the noisy-count warning, as a card");
  // 4. The calculator, as the module computes it, and its empirical check.
  const expected = noiseHalfWidths({ epsilon, publicSize: n, ...LOG10_WEIGHT });
  const calculator = tableRows(html, `The calculator at ε = ${epsilon}, n = ${n}`);
  assert.equal(Number(calculator[0]![1]), expected.count);
  assert.equal(Number(calculator[0]![1]), countHalfWidth(epsilon));
  assert.ok(Math.abs(Number(calculator[1]![1]) / expected.mean - 1) < 0.005, `mean ${calculator[1]![1]}`);
  assert.ok(Math.abs(Number(calculator[2]![1]) / expected.centre - 1) < 0.005, `centre ${calculator[2]![1]}`);
  assert.equal(stdout.includes("only a rough guide"), expected.centreIsRough, "the rough-guide caveat exactly when it applies");
  const coverage = /count: ([\d.]+)% of 4,000 draws within ±(\d+); mean: ([\d.]+)% within/.exec(stdout);
  assert.ok(coverage && Number(coverage[1]) >= 94 && Number(coverage[2]) === expected.count && Number(coverage[3]) >= 94, coverage?.[0]);
  // The slider: one frame per ε.
  const slider = html.find((h) => h.includes("How wide is the noise?"));
  assert.ok(slider, "the accuracy slider");
  for (const e of ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10"]) assert.ok(slider.includes(`"name":"${e}"`), `frame ε = ${e}`);
  assert.match(stdout, /DPLloyd's T over the slider: [\d, ]+; the centre gets wider from one ε to the next (nowhere on this slider|at ε = [\d., ]+)/);
  assert.equal(charts, 1, "the slider is the lesson's one chart");
  assert.equal(stderr, "", "warnings only as cards");
  assert.equal(errors, "", "no errors");
  return run;
}

test("lesson 8 at its defaults (ε = 1, n = 1025)", async () => {
  const { stdout, html } = await checkSetting(1, 1025, {});
  assert.match(stdout, /count: [\d.]+% of 4,000 draws within ±3;/);
  assert.ok(tableRows(html, "read under both relations").some((r) => /EUGkM grid counts/.test(r[0]!)), "the default fit is EUGkM");
});

test("lesson 8 at ε = 0.2 with 251 records", async () => {
  const { stdout } = await checkSetting(0.2, 251, { epsilon: 0.2, n: 251 });
  assert.match(stdout, /only a rough guide/);
});

test("lesson 8 at ε = 5 with 10,000 records and another seed", async () => {
  await checkSetting(5, 10000, { epsilon: 5, n: 10000, seed: 7 });
});

/**
 * Lesson 7 (beyond the course) executed headless at three settings:
 *   - defaults: ε = 1, seed = 42, runs = 20, auditEpsilon = 1 (draws 50,000; audit 8 structural seeds,
 *     3,000 statistical runs per side);
 *   - "small ε": epsilon = 0.2, seed = 7, auditEpsilon = 0.5;
 *   - "large ε": epsilon = 5, seed = 3, runs = 10, auditEpsilon = 2.
 * The lesson asserts its own claims in the cell after each (so an executed run is already a check); here we
 * read the key outputs: the algorithm choice by dimension, the duel, DPLloyd's receipt, the noisy-count
 * check, and the whole-model audit (correct DPLloyd passes, "T from the exact n" and "sum sensitivity
 * u − l" are caught).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { executeLesson, type ExecutedLesson } from "./executed";

const SMALL = { epsilon: 0.2, seed: 7, auditEpsilon: 0.5 };
const LARGE = { epsilon: 5, seed: 3, runs: 10, auditEpsilon: 2 };

test("lesson 7 as committed: clean, slides, a parameters cell, reading time, self-contained, ends with a practice slide", () => {
  const source = readNotebook(join(projectRoot, "notebooks", "07-beyond-dplloyd.ipynb"));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  assert.match(cellSource(source.cells[0]!), /About \d+ minutes/);
  assert.equal(source.cells.filter((c) => cellTags(c).includes("parameters")).length, 1);
  assert.match(cellSource(source.cells.at(-1)!), /Let's practice!/);
  const text = source.cells.map(cellSource).join("\n");
  // The audit is a test tool: imported by path, and the lesson says so.
  assert.match(text, /from "\.\/src\/dp\/testing\/index"; \/\/ a test tool/);
  // Self-contained: no pointers to notes a learner does not have.
  assert.doesNotMatch(text, /dp\.md|the notes/);
  assert.match(text, /publicSize: 1025/);
});

/** The checks every setting must pass. */
function checkCommon(run: ExecutedLesson, epsilon: number, auditEpsilon: number): void {
  const { stdout, html, errors } = run;
  assert.equal(errors, "", "no cell failed");
  const choice = html.find((h) => h.includes(`chooseMethod({ epsilon: ${epsilon}, size: 1025, d, k: 3 })`));
  assert.ok(choice, "the choice-by-dimension table");
  assert.match(stdout, /weight and height: eugkm \(/);
  assert.match(stdout, /the 6 base stats: {2}(hybrid|dplloyd) \(/);
  assert.ok(html.some((h) => h.includes("Quality = inertia / non-private (1.00 = as good)")), "the duel table");
  assert.match(stdout, /EUGkM ahead of DPLloyd at every ε/);
  assert.match(stdout, new RegExp(`DPLloyd at ε = ${epsilon}: T = \\d iterations`));
  assert.match(stdout, new RegExp(`honest: \\|loss\\| ≤ [\\d.]+ \\(ε = ${auditEpsilon}\\), proven violations: 0; broken: \\|loss\\| up to [\\d.]+, proven violations: [1-9]\\d* outputs`));
  const audit = html.find((h) => h.includes("Model audit: 8 seeds per side per structural check, 3000 runs per side"));
  assert.ok(audit, "the model audit table");
  assert.equal((audit.match(/>CAUGHT</g) ?? []).length, 2, "both broken variants caught");
  assert.equal((audit.match(/>VIOLATION</g) ?? []).length, 0, "no correct model flagged");
  assert.equal((audit.match(/>private</g) ?? []).length, 7, "seven correct checks pass");
  assert.match(stdout, /broken "T from the exact n": 6 ledger rows on D \(n = 1,580\), 9 on D′ \(n = 1,581\)/);
  const bounds = /statistical: count lower bound ([\d.]+) ≤ 1\.11; sum ([\d.]+) ≤ 1\.89; with u − l: ([\d.]+) > 1\.89/.exec(stdout);
  assert.ok(bounds, "the audit's lower bounds");
  assert.ok(Number(bounds[1]) > 0.5 && Number(bounds[2]) > 0.5, `the correct bounds are informative: ${bounds[0]}`);
}

test("lesson 7 at its defaults: EUGkM chosen and ahead, DPLloyd slices ε, the model audit passes DPLloyd and catches both broken variants", async () => {
  const run = await executeLesson("07-beyond-dplloyd");
  checkCommon(run, 1, 1);
  const { stdout, html, charts, stderr } = run;
  assert.match(stdout, /DPLloyd at ε = 1: T = 2 iterations; each noisy count gets ε = 0\.135, each feature's sums ε = 0\.182/);
  assert.ok(html.some((h) => h.includes("One DPLloyd fit at ε = 1: 6 releases")));
  assert.match(stdout, /2 features: a 10 × 10 grid \(100 cells\)[\s\S]*6 features \(the base stats\): 3 cells per feature \(729 cells\)/);
  const swapped = html.find((h) => h.includes("with the split swapped"));
  assert.ok(swapped && ["0.905", "1.05", "1.21", "2.28"].every((v) => swapped.includes(`>${v}<`)), "the swapped-split figures");
  assert.equal(charts, 2, "the DPLloyd receipt and the privacy-loss chart");
  assert.equal(stderr, "", "warnings as cards only, no stderr");
});

test("lesson 7 at ε = 0.2, seed 7, audit ε = 0.5: the same claims hold", async () => {
  const run = await executeLesson("07-beyond-dplloyd", SMALL);
  checkCommon(run, SMALL.epsilon, SMALL.auditEpsilon);
});

test("lesson 7 at ε = 5, seed 3, 10 runs, audit ε = 2: the same claims hold", async () => {
  const run = await executeLesson("07-beyond-dplloyd", LARGE);
  checkCommon(run, LARGE.epsilon, LARGE.auditEpsilon);
});

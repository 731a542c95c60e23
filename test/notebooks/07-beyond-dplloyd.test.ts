/**
 * Lesson 7 (beyond the course) executed headless: EUGkM, hybrid and DPLloyd against the notes' table,
 * DPLloyd's sliced receipt, the swapped split, and the empirical audit that passes an honest noisy count
 * and catches one with too little noise; and the same claims with other parameters.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { executeLesson } from "./executed";

test("lesson 7 as committed: clean, slides, a parameters cell, ends with a practice slide", () => {
  const source = readNotebook(join(projectRoot, "notebooks", "07-beyond-dplloyd.ipynb"));
  assert.ok(isClean(source), "commit the notebook without outputs");
  assert.equal((source.cells[0]!.metadata.slideshow as { slide_type?: string }).slide_type, "slide");
  assert.equal(source.cells.filter((c) => cellTags(c).includes("parameters")).length, 1);
  assert.match(cellSource(source.cells.at(-1)!), /Let's practice!/);
  // The statistical tester is a test tool: imported by path, and the lesson says so.
  const text = source.cells.map(cellSource).join("\n");
  assert.match(text, /from "\.\/src\/dp\/testing\/index"; \/\/ a test tool/);
});

test("lesson 7 runs headless: EUGkM wins as in the notes, DPLloyd slices ε, the audit catches the broken mechanism", async () => {
  const { stdout, stderr, html, charts } = await executeLesson("07-beyond-dplloyd");
  const table = html.find((h) => h.includes("Quality = inertia / non-private (1.00 = as good), over 20 seeds"));
  assert.ok(table, "the algorithm duel table");
  for (const notes of ["2.58", "1.29", "2.39", "33%", "17%"]) assert.ok(table.includes(notes), `the notes' ${notes}`);
  assert.match(stdout, /as in the notes: EUGkM is ahead of DPLloyd at both ε \(ε = 0\.2: 1\.18 vs 1\.86; ε = 1: 1\.04 vs 1\.29\)/);
  assert.match(stdout, /DPLloyd: T = 2 iterations; each noisy count gets ε = 0\.135, each feature's sums ε = 0\.182/);
  assert.ok(html.some((h) => h.includes("One DPLloyd fit at ε = 1: 6 releases")));
  assert.match(stdout, /2 features: a 10 × 10 grid[\s\S]*6 features \(the base stats\): 3 cells per feature, 729 cells/);
  const swapped = html.find((h) => h.includes("with the split swapped"));
  assert.ok(swapped && ["0.905", "1.05", "1.21", "2.28"].every((v) => swapped.includes(`>${v}<`)), "the notes' swapped-split figures");
  assert.match(stdout, /largest \|loss\| 1\.0\d+ \(ε = 1\); proven violations: 0/);
  const broken = /broken: largest \|loss\| (\d\.\d+); proven violations: (\d+) outputs/.exec(stdout);
  assert.ok(broken && Number(broken[1]) > 1.8 && Number(broken[2]) > 0, "the broken mechanism's loss is about 2ε");
  const delta = /δ̂ honest (\d\.\d+), broken (\d\.\d+)/.exec(stdout);
  assert.ok(delta && Number(delta[1]) < 0.02 && Number(delta[2]) > 0.1, `the tester's statistic: ${delta?.[0]}`);
  assert.equal(charts, 2, "the DPLloyd receipt and the privacy-loss chart");
  assert.equal(stderr, "", "no warnings or errors");
});

test("lesson 7 holds its claims with 10 seeds and an audit at ε = 0.5", async () => {
  const { stdout } = await executeLesson("07-beyond-dplloyd", { runs: 10, auditEpsilon: 0.5 });
  assert.match(stdout, /as in the notes: EUGkM is ahead of DPLloyd at both ε/);
  assert.match(stdout, /\(ε = 0\.5\); proven violations: 0/);
  assert.match(stdout, /broken: largest \|loss\| [\d.]+; proven violations: [1-9]\d* outputs/);
});

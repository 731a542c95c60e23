/**
 * The ε primer's measurement (lesson 1): the ratio of answer frequencies on two neighbouring datasets stays
 * inside [e^−ε, e^ε] up to sampling error for a correct discrete Laplace count, and leaves it for a broken
 * one whose noise is too small for the ε it claims (so the check has power).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRandom } from "../../src/dp/random";
import { rateAtMost, sampleDiscreteLaplace } from "../../src/dp/samplers";
import { neighbouringOutputsFigure, outputRatios } from "../../src/viz/figures/neighbours";

function draws(count: number, epsilon: number, n: number, seed: string): number[] {
  const rng = createRandom(seed);
  const rate = rateAtMost(epsilon, 1);
  return Array.from({ length: n }, () => count + sampleDiscreteLaplace(rng, rate));
}

test("ratios on a tiny hand-made sample", () => {
  const r = outputRatios([0, 0, 1, 1, 1, 2], [0, 1, 1, 2, 2, 2], 1, 1);
  assert.deepEqual(r.ratios.map((x) => [x.output, x.countA, x.countB]), [[0, 2, 1], [1, 3, 2], [2, 1, 3]]);
  assert.ok(Math.abs(r.ratios[0]!.logRatio - Math.log(2)) < 1e-12);
  assert.ok(Math.abs(r.largestLogRatio - Math.log(3)) < 1e-12);
  assert.equal(r.ratios[0]!.slack, 5 * Math.sqrt(1 / 2 + 1));
  assert.equal(outputRatios([0, 0], [1, 1], 1, 1).ratios.length, 0, "no answer in common: nothing compared");
});

test("a correct discrete Laplace count stays inside the band at several ε", () => {
  for (const epsilon of [0.1, 0.5, 1, 2]) {
    const r = outputRatios(draws(40, epsilon, 20_000, `a${epsilon}`), draws(41, epsilon, 20_000, `b${epsilon}`), epsilon);
    assert.ok(r.ratios.length >= 3, `ε = ${epsilon}: answers to compare`);
    assert.ok(r.insideBand, `ε = ${epsilon}: outside ${JSON.stringify(r.outside)}`);
  }
});

test("broken: noise calibrated for 3ε while claiming ε leaves the band", () => {
  for (const epsilon of [0.1, 0.5, 1]) {
    const r = outputRatios(draws(40, 3 * epsilon, 20_000, `a${epsilon}`), draws(41, 3 * epsilon, 20_000, `b${epsilon}`), epsilon);
    assert.equal(r.insideBand, false, `ε = ${epsilon}: the broken mechanism was not caught (largest |ln ratio| ${r.largestLogRatio})`);
  }
});

test("bad input is refused with a typed error naming the fix", () => {
  assert.throws(() => outputRatios([], [1], 1), /non-empty array/);
  assert.throws(() => outputRatios([1], [1], 0), /epsilon must be/);
  assert.throws(() => outputRatios([1], [1], 1, 0), /minCount/);
});

test("the figure: two bar series, one ratio point per compared answer, the band at e^±ε", () => {
  const a = draws(40, 1, 5_000, "fa");
  const b = draws(41, 1, 5_000, "fb");
  const fig = neighbouringOutputsFigure({ answersA: a, answersB: b, names: ["D", "D′ <b>"], epsilon: 1 });
  assert.equal(fig.data.length, 3);
  assert.deepEqual(fig.data.map((t) => t.type), ["bar", "bar", "scatter"]);
  assert.ok(!String(fig.data[1]!.name).includes("<b>"), "names are escaped");
  assert.equal((fig.data[2]!.x as number[]).length, outputRatios(a, b, 1).ratios.length);
  const band = fig.layout.shapes![0]!;
  assert.ok(Math.abs(Number(band.y1) - Math.E) < 1e-12 && Math.abs(Number(band.y0) - 1 / Math.E) < 1e-12);
});

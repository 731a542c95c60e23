/**
 * The accuracy calculator (src/dp/accuracy.ts) against the mechanisms it describes: each half-width is
 * compared with the empirical 95% quantile of |noisy − exact| over seeded draws of the ACTUAL mechanism
 * (discrete Laplace count, `noisyMean`, clamped sum, a DPLloyd centre = noisy sum / noisy count), with a
 * tolerance of about four standard errors of the quantile. Deliberately wrong formulas (diffprivlib's
 * replace-one mean sensitivity, a centre without the count's noise, a Gaussian-looking 1.96 scales) are
 * run through the same comparison and must fail it, so the comparison can fail.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BudgetAccountant,
  ClampedSumMechanism,
  DiscreteLaplaceMechanism,
  createRandom,
  discreteLaplaceCdf,
  noisyMean,
  rateAtMost,
} from "../../src/dp/index";
import {
  centreHalfWidth,
  countHalfWidth,
  discreteLaplaceHalfWidth,
  laplaceHalfWidth,
  meanHalfWidth,
  noiseHalfWidths,
  sumHalfWidth,
} from "../../src/dp/accuracy";
import { dplloydIterations, dplloydSchedule } from "../../src/dp/kmeans/schedule";
import { InvalidInputError } from "../../src/errors";

const DRAWS = 10_000;

/** The empirical `p` quantile of |errors|. */
function quantileOfAbs(errors: number[], p = 0.95): number {
  const sorted = errors.map(Math.abs).sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1]!;
}

/**
 * Whether a claimed half-width matches the empirical quantile: for Laplace-like noise at 95% and 10⁴ draws
 * the quantile's standard error is about 1.5% of it, so 6% is four standard errors.
 */
function matches(claimed: number, empirical: number, relative = 0.06): boolean {
  return Math.abs(claimed - empirical) <= relative * empirical;
}

describe("discreteLaplaceHalfWidth", () => {
  test("is the smallest w with P(|Z| ≤ w) ≥ confidence, from the exact distribution", () => {
    for (const epsilon of [0.05, 0.3, 1, 2.5, 7]) {
      for (const confidence of [0.5, 0.9, 0.95, 0.99]) {
        const rate = rateAtMost(epsilon, 1);
        const gamma = rate.numerator / rate.denominator;
        const w = discreteLaplaceHalfWidth(gamma, confidence);
        const inside = (t: number) => discreteLaplaceCdf(t, rate) - discreteLaplaceCdf(-t - 1, rate);
        assert.ok(inside(w) >= confidence - 1e-12, `ε ${epsilon}, ${confidence}: P(|Z| ≤ ${w}) = ${inside(w)}`);
        if (w > 0) assert.ok(inside(w - 1) < confidence, `ε ${epsilon}, ${confidence}: ${w - 1} already covers`);
      }
    }
  });

  test("hand-checked values: ε = 1 gives ±3 at 95% (P(|Z| > 2) = 7.3%, P(|Z| > 3) = 2.7%)", () => {
    assert.equal(discreteLaplaceHalfWidth(1), 3);
    assert.equal(countHalfWidth(1), 3);
    assert.equal(countHalfWidth(0.1), 30);
    assert.equal(countHalfWidth(5), 0);
    assert.equal(countHalfWidth(Infinity), 0);
  });
});

describe("the half-widths match the empirical quantiles of the real mechanisms (seeded)", () => {
  test("a noisy count (discrete Laplace) at ε = 0.2, 0.5, 1", () => {
    for (const epsilon of [0.2, 0.5, 1]) {
      const mechanism = new DiscreteLaplaceMechanism({ epsilon });
      const rng = createRandom(`count ${epsilon}`);
      const errors = Array.from({ length: DRAWS }, () => mechanism.randomise(500, rng) - 500);
      const empirical = quantileOfAbs(errors);
      // A whole number: the empirical quantile is the formula's w or, by sampling noise, next to it.
      assert.ok(Math.abs(countHalfWidth(epsilon) - empirical) <= 1, `ε ${epsilon}: ${countHalfWidth(epsilon)} vs ${empirical}`);
      const covered = errors.filter((e) => Math.abs(e) <= countHalfWidth(epsilon)).length / DRAWS;
      assert.ok(covered >= 0.95 - 0.009, `coverage ${covered}`);
    }
  });

  const values = Array.from({ length: 400 }, (_, i) => -1 + (4 * (i + 0.5)) / 400); // inside [−1, 3]
  const exactMean = values.reduce((s, v) => s + v, 0) / values.length;

  test("noisyMean (grid Laplace at (u − l)/(2n₀)) at ε = 0.5 and 2", () => {
    for (const epsilon of [0.5, 2]) {
      const rng = createRandom(`mean ${epsilon}`);
      const accountant = new BudgetAccountant();
      const errors = Array.from(
        { length: DRAWS },
        () => noisyMean(values, { epsilon, lower: -1, upper: 3, publicSize: 400, rng, accountant }).value - exactMean,
      );
      const claimed = meanHalfWidth({ epsilon, lower: -1, upper: 3, publicSize: 400 });
      const empirical = quantileOfAbs(errors);
      assert.ok(matches(claimed, empirical), `ε ${epsilon}: ${claimed} vs ${empirical}`);
      // Close to the textbook b·ln 20 with b = (u − l)/(2n₀ε): the grid adds at most 0.05%.
      assert.ok(Math.abs(claimed / laplaceHalfWidth(4 / (2 * 400 * epsilon)) - 1) < 0.002);
    }
  });

  test("a clamped sum (sensitivity max(|l|, |u|)) at ε = 1", () => {
    const mechanism = new ClampedSumMechanism({ epsilon: 1, lower: -1, upper: 3 });
    const exactSum = values.reduce((s, v) => s + v, 0);
    const rng = createRandom("sum");
    const errors = Array.from({ length: DRAWS }, () => mechanism.randomise(values, rng).value - exactSum);
    const claimed = sumHalfWidth({ epsilon: 1, lower: -1, upper: 3 });
    assert.ok(matches(claimed, quantileOfAbs(errors)), `${claimed} vs ${quantileOfAbs(errors)}`);
  });

  /** Draws of one DPLloyd centre coordinate, noisy sum / noisy count, minus the exact cluster mean. */
  function centreErrors(cluster: number[], epsilonSum: number, epsilonCount: number, seed: string): number[] {
    const sum = new ClampedSumMechanism({ epsilon: epsilonSum, lower: -1, upper: 3 });
    const count = new DiscreteLaplaceMechanism({ epsilon: epsilonCount });
    const exact = cluster.reduce((s, v) => s + v, 0) / cluster.length;
    const rng = createRandom(seed);
    return Array.from({ length: DRAWS }, () => {
      const c = Math.min(3, Math.max(-1, sum.randomise(cluster, rng).value / count.randomise(cluster.length, rng)));
      return c - exact;
    });
  }

  test("a DPLloyd centre coordinate (noisy sum / noisy count), centred at 1 and at 2.5", () => {
    for (const middle of [1, 2.5]) {
      const cluster = Array.from({ length: 341 }, (_, i) => middle - 0.4 + (0.8 * i) / 340);
      const errors = centreErrors(cluster, 0.5, 0.37, `centre ${middle}`);
      const claimed = centreHalfWidth({ epsilonSum: 0.5, epsilonCount: 0.37, lower: -1, upper: 3, clusterSize: 341, centre: middle });
      assert.ok(matches(claimed, quantileOfAbs(errors)), `centre ${middle}: ${claimed} vs ${quantileOfAbs(errors)}`);
    }
  });

  test("noiseHalfWidths uses DPLloyd's real schedule for the centre", () => {
    const widths = noiseHalfWidths({ epsilon: 1, publicSize: 1025, lower: -1, upper: 3 });
    const T = dplloydIterations(1, 1025, 2, 3);
    const last = dplloydSchedule(1, T, 2)[T - 1]!;
    assert.equal(widths.iterations, T);
    assert.equal(widths.iterationBudget.count, last.count);
    assert.equal(widths.centre, centreHalfWidth({ epsilonSum: last.perFeature[0]!, epsilonCount: last.count, lower: -1, upper: 3, clusterSize: 1025 / 3 }));
    assert.equal(widths.count, 3);
    assert.equal(widths.centreIsRough, false);
    // 251 records at ε = 0.2: the count's noise (±~110 in the last iteration) swamps a cluster of 84.
    assert.equal(noiseHalfWidths({ epsilon: 0.2, publicSize: 251, lower: -1, upper: 3 }).centreIsRough, true);
    assert.equal(widths.mean, meanHalfWidth({ epsilon: 1, lower: -1, upper: 3, publicSize: 1025 }));
  });
});

describe("deliberately wrong formulas fail the same comparison", () => {
  const values = Array.from({ length: 400 }, (_, i) => -1 + (4 * (i + 0.5)) / 400);
  const exactMean = values.reduce((s, v) => s + v, 0) / values.length;

  test("diffprivlib's replace-one mean sensitivity (u − l)/n claims twice the width", () => {
    const rng = createRandom("mean broken");
    const accountant = new BudgetAccountant();
    const errors = Array.from({ length: DRAWS }, () => noisyMean(values, { epsilon: 1, lower: -1, upper: 3, publicSize: 400, rng, accountant }).value - exactMean);
    const broken = laplaceHalfWidth(4 / 400 / 1);
    assert.equal(matches(broken, quantileOfAbs(errors)), false);
  });

  test("a centre far from 0 without the count's noise claims too narrow an interval", () => {
    const cluster = Array.from({ length: 341 }, (_, i) => 2.1 + (0.8 * i) / 340);
    const sum = new ClampedSumMechanism({ epsilon: 0.5, lower: -1, upper: 3 });
    const rng = createRandom("centre broken");
    const count = new DiscreteLaplaceMechanism({ epsilon: 0.37 });
    const exact = cluster.reduce((s, v) => s + v, 0) / cluster.length;
    const errors = Array.from({ length: DRAWS }, () => sum.randomise(cluster, rng).value / count.randomise(341, rng) - exact);
    const sumOnly = sumHalfWidth({ epsilon: 0.5, lower: -1, upper: 3 }) / 341;
    assert.equal(matches(sumOnly, quantileOfAbs(errors)), false, `${sumOnly} vs ${quantileOfAbs(errors)}`);
  });

  test("Gaussian-style 1.96 noise scales instead of ln 20 ≈ 3.0", () => {
    const mechanism = new ClampedSumMechanism({ epsilon: 1, lower: -1, upper: 3 });
    const exactSum = values.reduce((s, v) => s + v, 0);
    const rng = createRandom("sum broken");
    const errors = Array.from({ length: DRAWS }, () => mechanism.randomise(values, rng).value - exactSum);
    assert.equal(matches(1.96 * mechanism.scale, quantileOfAbs(errors)), false);
  });
});

describe("shape of the calculator", () => {
  test("more ε or more records: narrower; wider bounds: wider", () => {
    const base = { lower: -1, upper: 3, publicSize: 1025 };
    assert.ok(meanHalfWidth({ ...base, epsilon: 2 }) < meanHalfWidth({ ...base, epsilon: 1 }));
    assert.ok(meanHalfWidth({ ...base, epsilon: 1, publicSize: 10_250 }) < meanHalfWidth({ ...base, epsilon: 1 }) / 9);
    assert.ok(meanHalfWidth({ ...base, epsilon: 1, upper: 7 }) > 1.9 * meanHalfWidth({ ...base, epsilon: 1 }));
    assert.ok(countHalfWidth(0.1) > countHalfWidth(1));
  });

  test("bad input is refused with a typed error naming the fix", () => {
    assert.throws(() => countHalfWidth(1, 1), (e: unknown) => e instanceof InvalidInputError && /strictly between 0 and 1/.test(e.message));
    assert.throws(() => countHalfWidth(0), InvalidInputError);
    assert.throws(() => meanHalfWidth({ epsilon: 1, lower: 0, upper: 1, publicSize: 0 }), /publicSize/);
    assert.throws(() => centreHalfWidth({ epsilonSum: 1, epsilonCount: 1, lower: 0, upper: 1, clusterSize: -3 }), /clusterSize/);
    assert.throws(() => discreteLaplaceHalfWidth(0), InvalidInputError);
    assert.throws(() => laplaceHalfWidth(-1), InvalidInputError);
  });
});

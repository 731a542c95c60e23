// End-to-end privacy test (dp.md, last row of the test table): one released scalar of a DPLloyd fit — the
// noisy sum of a cluster, the noisy count — on D and on D plus an extreme point, from a fixed public
// start, run through Google's DP statistical tester at the ε that scalar's mechanism was given. The
// correct fit must pass; a deliberately broken fit (sum sensitivity u − l = 10 with bounds 10..20, where
// adding the point 20 moves the sum by 20) must be rejected.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BudgetAccountant, createRandom, type RandomSource } from "../../src/dp";
import { RANGE_SENSITIVITY_DPLLOYD, runDpTest } from "../../src/dp/testing";
import {
  DPLLOYD,
  DPLLOYD_RHO,
  dplloydSplit,
  runDPLloyd,
  type DPLloydVariant,
} from "../../src/dp/kmeans/index";
import { toMatrix, type FlatMatrix } from "../../src/validate";

// D: ten values in [10, 20], two groups; D′ adds 1000, clamped to 20, which joins the upper cluster.
const rows = [10.5, 11, 11.2, 11.8, 12, 18, 18.5, 19, 19.4, 19.9].map((v) => [v]);
const D = toMatrix(rows);
const neighbour = toMatrix([...rows, [1000]]);
const bounds = { lower: [10], upper: [20] };
const start = Float64Array.of(12, 18); // fixed public start
// One iteration whose per-feature sum gets exactly ε = ln 3 (count : sum = ∛(4ρ²) : 1 at d = 1).
const epsilon = Math.log(3) * (1 + Math.cbrt(4 * DPLLOYD_RHO * DPLLOYD_RHO));
const budget = dplloydSplit(epsilon, 1);

// Sizing as in test/dp/privacy.test.ts: statistic ≈ 1/√n sampling noise for a correct mechanism.
// Measured at 20,000 draws, buckets of width 1 (the noise scale is 20/ln 3 ≈ 18): correct sums ≈ 0.034,
// counts ≈ 0.015; the broken sum ≈ 0.42 at any n. With 10,000 draws: tolerance 20/√n = 0.2 for sums
// (correct ≈ 0.05, broken ≈ 0.42), 4/√n = 0.04 for counts.
const SAMPLES = 10_000;
const VOTES = 3;

/** BROKEN: the sums' noise calibrated to u − l (diffprivlib's sensitivity), everything else correct. */
const rangeSensitivity: DPLloydVariant = RANGE_SENSITIVITY_DPLLOYD;

/** One fit from the fixed start; returns its single iteration's release. */
function fitOnce(X: FlatMatrix, variant: DPLloydVariant, rng: RandomSource) {
  const run = runDPLloyd(X, { k: 2, epsilon, bounds, rng, accountant: new BudgetAccountant(), iterations: 1, init: start, variant });
  return run.iterations[0]!;
}

describe("end to end: a released scalar of a DPLloyd fit, D vs D plus an extreme point", () => {
  test("the upper cluster's noisy sum passes at its ε = ln 3", () => {
    const acc = new BudgetAccountant();
    runDPLloyd(D, { k: 2, epsilon, bounds, rng: createRandom(1), accountant: acc, iterations: 1, init: start });
    const sumRow = acc.rows().find((r) => r.label.includes("sums"))!;
    assert.equal(sumRow.epsilon, budget.perFeature[0]);
    assert.ok(Math.abs(sumRow.epsilon - Math.log(3)) < 1e-12);
    assert.equal(sumRow.sensitivity, 20);
    const result = runDpTest(
      {
        sampleA: (rng) => fitOnce(D, DPLLOYD, rng).sums[1]!,
        sampleB: (rng) => fitOnce(neighbour, DPLLOYD, rng).sums[1]!,
        epsilon: sumRow.epsilon,
        samples: SAMPLES,
        granularity: 1,
        tolerance: 20 / Math.sqrt(SAMPLES),
        votes: VOTES,
      },
      createRandom("e2e-sum"),
    );
    assert.equal(result.pass, true, `statistics ${result.statistics}`);
  });

  test("broken variant (sum sensitivity u − l = 10): rejected", () => {
    const result = runDpTest(
      {
        sampleA: (rng) => fitOnce(D, rangeSensitivity, rng).sums[1]!,
        sampleB: (rng) => fitOnce(neighbour, rangeSensitivity, rng).sums[1]!,
        epsilon: budget.perFeature[0]!,
        samples: SAMPLES,
        granularity: 1,
        tolerance: 20 / Math.sqrt(SAMPLES),
        votes: VOTES,
      },
      createRandom("e2e-sum-broken"),
    );
    assert.equal(result.pass, false, `statistics ${result.statistics}`);
    assert.ok(result.median > 0.3);
  });

  test("the upper cluster's noisy count passes at its ε", () => {
    const result = runDpTest(
      {
        sampleA: (rng) => fitOnce(D, DPLLOYD, rng).counts[1]!,
        sampleB: (rng) => fitOnce(neighbour, DPLLOYD, rng).counts[1]!,
        epsilon: budget.count,
        samples: SAMPLES,
        granularity: 0,
        tolerance: 4 / Math.sqrt(SAMPLES),
        votes: VOTES,
      },
      createRandom("e2e-count"),
    );
    assert.equal(result.pass, true, `statistics ${result.statistics}`);
  });
});

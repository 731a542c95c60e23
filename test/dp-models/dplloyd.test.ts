// DPLloyd: the budget schedule, the fused release, the update, and one test per diffprivlib 0.6.6 defect
// that our implementation must not copy (see /work/shared/notes/dp.md). Each defect test also runs the
// "as shipped" reference variant (or a deliberately broken one) and shows that the check catches it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BudgetAccountant, createRandom, noisyGroupCounts, noisyGroupSums } from "../../src/dp";
import { checkLedger } from "../../src/dp/testing";
import {
  DPKMeans,
  dplloydIterations,
  dplloydSchedule,
  dplloydSplit,
  releaseClusterStatistics,
  runDPLloyd,
  spherePackingCentres,
  updateFromNoisyStatistics,
  DPLLOYD_RHO,
} from "../../src/dp/kmeans/index";
import { DPLLOYD_AS_SHIPPED, boundedDomainScale } from "../../src/dp/kmeans/as-shipped";
import { captureWarnings } from "../../src/errors";
import { makeBlobs } from "../../src/cluster";
import { toMatrix, type FlatMatrix } from "../../src/validate";

const ratio = (d: number) => Math.cbrt(4 * d * DPLLOYD_RHO * DPLLOYD_RHO);

/** Blobs of `d` features inside [0, 10]^d, n points, k blobs. */
function blobs(n: number, d: number, k = 3, seed = "dplloyd"): FlatMatrix {
  const { X } = makeBlobs({ n, d, k, spread: 0.5, box: 3, seed });
  const data = X.data.map((v) => v + 5);
  return { data, n, d };
}
const box = (d: number, lo = 0, hi = 10) => ({ lower: new Array<number>(d).fill(lo), upper: new Array<number>(d).fill(hi) });

describe("DPLloyd schedule (Su et al. 2016)", () => {
  test("T from (ε, n, d, k): 2 noisy iterations for the Pokémon at ε = 1, the cap of 7 for big data", () => {
    assert.equal(dplloydIterations(1, 1025, 2, 3), 2);
    assert.equal(dplloydIterations(0.1, 1025, 2, 3), 2); // never fewer than 2
    assert.equal(dplloydIterations(1, 1_000_000, 2, 3), 7); // never more than 7
    assert.equal(dplloydIterations(Infinity, 100, 2, 3), 7);
    // ε_m = sqrt(500 k³/n² (d + ∛(4dρ²))³) by hand for n = 10,000, d = 2, k = 3: 0.0527 → ε = 0.2 gives 3.79 → 3
    const epsilonM = Math.sqrt(((500 * 27) / 1e8) * (2 + ratio(2)) ** 3);
    assert.ok(Math.abs(epsilonM - 0.0527) < 1e-3, `${epsilonM}`);
    assert.equal(dplloydIterations(0.2, 10_000, 2, 3), 3);
  });

  test("the intended split: ε_count : ε_feature = ∛(4dρ²) : 1, parts adding up to the iteration's ε exactly", () => {
    for (const d of [1, 2, 6, 10, 64]) {
      const { count, perFeature } = dplloydSplit(0.3, d);
      assert.equal(perFeature.length, d);
      assert.ok(Math.abs(count / perFeature[0]! - ratio(d)) < 1e-9, `d = ${d}`);
      assert.equal(checkLedger([count, ...perFeature].map((epsilon, i) => ({ index: i, label: "", mechanism: "", sensitivity: 1, epsilon, delta: 0 })), 0.3).pass, true);
    }
  });

  test("sphere packing: k centres inside the bounds, at least 2p apart, reproducible with a seed", () => {
    const bounds = box(2, -10, 10);
    const a = spherePackingCentres(bounds, 4, createRandom(3));
    const b = spherePackingCentres(bounds, 4, createRandom(3));
    assert.deepEqual(a, b);
    for (let i = 0; i < a.length; i++) assert.ok(a[i]! >= -10 && a[i]! <= 10);
    let nearest = Infinity;
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) nearest = Math.min(nearest, Math.hypot(a[2 * i]! - a[2 * j]!, a[2 * i + 1]! - a[2 * j + 1]!));
    assert.ok(nearest > 2, `the accepted radius never drops below 20/2/2^3 here: nearest pair ${nearest}`);
    // Many centres in a thin box still terminate (the radius halves as needed).
    assert.equal(spherePackingCentres({ lower: [0, 0], upper: [1, 1000] }, 50, createRandom(1)).length, 100);
  });
});

describe("the fused release is exactly noisyGroupCounts + noisyGroupSums", () => {
  for (const d of [1, 2, 3]) {
    test(`d = ${d}: same noisy counts and sums for the same seed, one all-or-nothing charge`, () => {
      const X = blobs(300, d);
      const centres = spherePackingCentres(box(d), 3, createRandom("start"));
      const budget = dplloydSplit(0.5, d);
      const bounds = box(d, 2, 8); // some values are clipped
      const acc = new BudgetAccountant();
      const fused = releaseClusterStatistics(X, centres, 3, { budget, bounds, rng: createRandom(9), accountant: acc, label: "it 1" });
      const rng = createRandom(9);
      const counts = noisyGroupCounts(fused.labels, 3, { epsilon: budget.count, rng, accountant: new BudgetAccountant() });
      const sums = noisyGroupSums(X, fused.labels, 3, {
        epsilonPerFeature: budget.perFeature,
        lower: bounds.lower,
        upper: bounds.upper,
        rng,
        accountant: new BudgetAccountant(),
      });
      assert.deepEqual(fused.counts, counts);
      assert.deepEqual(fused.sums, sums.sums);
      assert.ok(fused.clipped > 0); // the fused pass's exact count (internal; never released)
      assert.equal(acc.length, 1 + d);
      assert.equal(checkLedger(acc.rows(), 0.5).pass, true);
    });
  }

  test("ε = ∞: the exact counts and clamped sums", () => {
    const X = toMatrix([[1], [2], [30], [9]]);
    const r = releaseClusterStatistics(X, Float64Array.of(0, 10), 2, {
      budget: dplloydSplit(Infinity, 1),
      bounds: box(1, 0, 10),
      rng: createRandom(1),
      accountant: new BudgetAccountant(),
      label: "exact",
    });
    assert.deepEqual(Array.from(r.counts), [2, 2]);
    assert.deepEqual(Array.from(r.sums), [3, 19]);
    assert.equal(r.clipped, 1);
  });
});

describe("defect 1 (split swapped, ε overspent): the ledger of a fit adds up to the declared ε exactly", () => {
  for (const d of [1, 2, 6, 10]) {
    for (const epsilon of [0.3, 1, Math.log(3)]) {
      test(`d = ${d}, ε = ${epsilon.toFixed(3)}: Σ ledger = ε exactly, 1 + d rows per iteration`, () => {
        const acc = new BudgetAccountant({ epsilon });
        const X = blobs(200, d);
        const model = new DPKMeans({ nClusters: 3, epsilon, bounds: box(d), method: "dplloyd", publicSize: X.n, randomState: 1, accountant: acc }).fit(X);
        const check = checkLedger(acc.rows(), epsilon);
        assert.equal(check.pass, true, `total ${check.total}, difference ${check.difference}`);
        assert.equal(acc.length, model.nIter * (1 + d));
        assert.equal(model.fitInfo.ledger.length, acc.length);
        for (const step of model.steps) {
          assert.ok(Math.abs(step.epsilonCount / step.epsilonPerFeature[0]! - ratio(d)) < 1e-9);
        }
      });
    }
  }

  test("the as-shipped variant fails the same check: its mechanisms spend 0.905ε at d = 2 and 1.05ε at d = 6", () => {
    for (const [d, share] of [
      [2, 0.905],
      [6, 1.05],
    ] as const) {
      const acc = new BudgetAccountant();
      runDPLloyd(blobs(200, d), { k: 3, epsilon: 1, bounds: box(d), rng: createRandom(1), accountant: acc, iterations: 2, variant: DPLLOYD_AS_SHIPPED });
      const check = checkLedger(acc.rows(), 1);
      assert.equal(check.pass, false);
      assert.ok(Math.abs(check.total - share) < 0.005, `d = ${d}: ${check.total}`);
    }
  });

  test("the schedule itself: T iterations whose parts sum to ε exactly", () => {
    const schedule = dplloydSchedule(1, 7, 2);
    const rows = schedule.flatMap((b) => [b.count, ...b.perFeature]).map((epsilon, index) => ({ index, label: "", mechanism: "", sensitivity: 1, epsilon, delta: 0 }));
    assert.equal(checkLedger(rows, 1).pass, true);
  });
});

describe("defect 2 (sum sensitivity u − l): sums are calibrated to max(|l|, |u|)", () => {
  test("bounds 10..20: every sum row of the ledger has sensitivity 20; the noise scale is 20/ε_j", () => {
    const acc = new BudgetAccountant();
    const X = toMatrix(Array.from({ length: 50 }, (_, i) => [10 + (i % 10), 20 - (i % 7)]));
    new DPKMeans({ nClusters: 2, epsilon: 1, bounds: box(2, 10, 20), method: "dplloyd", randomState: 2, accountant: acc }).fit(X);
    const sums = acc.rows().filter((r) => r.label.includes("sums"));
    assert.equal(sums.length, 2 * 2);
    for (const row of sums) assert.equal(row.sensitivity, 20);
    const release = releaseClusterStatistics(X, Float64Array.of(12, 12, 18, 18), 2, {
      budget: dplloydSplit(0.5, 2),
      bounds: box(2, 10, 20),
      rng: createRandom(1),
      accountant: new BudgetAccountant(),
      label: "x",
    });
    for (const [j, m] of release.sumMechanisms.entries()) {
      assert.equal(m.sensitivity, 20);
      const plain = 20 / dplloydSplit(0.5, 2).perFeature[j]!;
      assert.ok(m.scale >= plain && m.scale < plain * 1.001, `${m.scale} vs ${plain}`);
    }
    // Bounds around 0 use the larger magnitude: [-3, 7] → 7.
    const acc2 = new BudgetAccountant();
    new DPKMeans({ nClusters: 2, epsilon: 1, bounds: { lower: [-3], upper: [7] }, method: "dplloyd", randomState: 2, accountant: acc2 }).fit([[1], [2], [5]]);
    assert.ok(acc2.rows().filter((r) => r.label.includes("sums")).every((r) => r.sensitivity === 7));
  });

  test("the as-shipped variant records sensitivity u − l = 10 (too small: the end-to-end test shows the leak)", () => {
    const acc = new BudgetAccountant();
    runDPLloyd(toMatrix([[11], [12], [19]]), { k: 2, epsilon: 1, bounds: box(1, 10, 20), rng: createRandom(1), accountant: acc, iterations: 2, variant: DPLLOYD_AS_SHIPPED });
    assert.ok(acc.rows().filter((r) => r.label.includes("sums")).every((r) => r.sensitivity === 10));
  });
});

describe("defect 3 (empty clusters skipped, dead centroids)", () => {
  test("every cluster gets a noisy count and noisy sums in every iteration, empty ones included", () => {
    // All points in one corner: with 3 spread-out starting centres, some clusters are empty.
    const X = toMatrix(Array.from({ length: 40 }, (_, i) => [1 + (i % 5) * 0.01, 1 + (i % 3) * 0.01]));
    const emptyCounts: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const run = runDPLloyd(X, { k: 3, epsilon: 2, bounds: box(2), rng: createRandom(seed), accountant: new BudgetAccountant(), iterations: 3, snapshotLabels: true });
      for (const it of run.iterations) {
        assert.equal(it.counts.length, 3);
        assert.equal(it.sums.length, 6);
        const exact = [0, 1, 2].map((j) => it.labels.filter((l) => l === j).length);
        exact.forEach((c, j) => {
          if (c === 0) emptyCounts.push(it.counts[j]!);
        });
      }
    }
    assert.ok(emptyCounts.length > 10, "some clusters were empty");
    assert.ok(emptyCounts.some((c) => c !== 0), "empty clusters get noise, not a skipped (exact) 0");
  });

  test("update: count ≥ 1 → sum/count clamped into the bounds; count < 1 → re-seeded next to the largest cluster", () => {
    const previous = Float64Array.of(1, 1, 5, 5, 9, 9);
    const { centres, reseeded } = updateFromNoisyStatistics(
      Float64Array.of(10, -3, 1),
      Float64Array.of(30, 40, 7, 7, 500, -500),
      previous,
      box(2),
      createRandom(1),
    );
    assert.deepEqual(Array.from(centres.slice(0, 2)), [3, 4]);
    assert.deepEqual(Array.from(centres.slice(4, 6)), [10, 0]); // 500/1 and −500/1, clamped
    assert.deepEqual(reseeded, [1]);
    const offset = Math.hypot(centres[2]! - 3, centres[3]! - 4);
    assert.ok(Math.abs(offset - 0.1) < 1e-9, `re-seeded 1% of the range (0.1) away from the largest: ${offset}`);
    // No cluster with a count ≥ 1: nothing to learn, every centre stays.
    const none = updateFromNoisyStatistics(Float64Array.of(0, -1, 0), new Float64Array(6), previous, box(2), createRandom(1));
    assert.deepEqual(none.centres, previous);
  });

  test("no dead centroids: two blobs, loose bounds, 60 seeds, no noise — ours never, as-shipped (skip empty) often", () => {
    const rng = createRandom("two blobs");
    const rows: number[][] = [];
    for (let i = 0; i < 200; i++) rows.push([(i % 2 === 0 ? -2 : 2) + 0.6 * (rng.uniform() - 0.5), 0.6 * (rng.uniform() - 0.5)]);
    const X = toMatrix(rows);
    const bounds = box(2, -10, 10);
    const dead = (c: Float64Array) => ![-2, 2].every((x) => [0, 1].some((j) => Math.hypot(c[2 * j]! - x, c[2 * j + 1]!) < 1));
    let ours = 0;
    let shipped = 0;
    for (let seed = 0; seed < 60; seed++) {
      const common = { k: 2, epsilon: Infinity, bounds, iterations: 7, accountant: new BudgetAccountant() };
      if (dead(runDPLloyd(X, { ...common, rng: createRandom(seed) }).centres)) ours++;
      if (dead(runDPLloyd(X, { ...common, rng: createRandom(seed), variant: DPLLOYD_AS_SHIPPED }).centres)) shipped++;
    }
    assert.equal(ours, 0);
    assert.ok(shipped >= 5, `as shipped: ${shipped} of 60 seeds left both blobs to one centre`);
  });
});

describe("defect 4 (bounded-domain Laplace inflates the scale): plain Laplace scale with clamping", () => {
  test("our sum noise scale is Δ/ε (grid: at most 0.05% more); diffprivlib's bounded-domain scale is 1.5–2× larger", () => {
    const epsilon = 0.1;
    const release = releaseClusterStatistics(toMatrix([[5]]), Float64Array.of(5), 1, {
      budget: { count: 0.1, perFeature: [epsilon] },
      bounds: box(1, 0, 10),
      rng: createRandom(1),
      accountant: new BudgetAccountant(),
      label: "x",
    });
    const ours = release.sumMechanisms[0]!.scale;
    assert.ok(ours >= 10 / epsilon && ours <= (10 / epsilon) * 1.0005, `${ours}`);
    // The bounded-domain scale on a domain of 20 counts' worth of sums [0, 200]: inflated.
    const inflated = boundedDomainScale(epsilon, 10, 200);
    assert.ok(inflated / (10 / epsilon) > 1.5, `${inflated}`);
  });
});

describe("defect 5 (non-cryptographic noise): secure unless seeded; seeded fits are byte-identical", () => {
  test("noise source and determinism", () => {
    const X = blobs(200, 2);
    const fit = (randomState?: number) => new DPKMeans({ nClusters: 3, epsilon: 1, bounds: box(2), method: "dplloyd", randomState }).fit(X);
    assert.equal(fit().fitInfo.noiseSource, "secure");
    assert.equal(fit(7).fitInfo.noiseSource, "seeded");
    assert.deepEqual(fit(7).clusterCenters, fit(7).clusterCenters);
    assert.notDeepEqual(fit().clusterCenters, fit().clusterCenters);
  });
});

describe("defect 6 (silent clipping): clipping is told without releasing a fact about the data", () => {
  test("no warning about clipping (its presence would depend on the data); the count is an exact diagnostic", () => {
    const X = [
      [1, 1],
      [2, 50],
      [-4, 3],
      [5, 5],
    ];
    const { result, warnings } = captureWarnings(() =>
      new DPKMeans({ nClusters: 2, epsilon: 1, bounds: box(2), method: "dplloyd", publicSize: 4, randomState: 1, maxIter: 5 }).fit(X),
    );
    assert.deepEqual(warnings.map((w) => w.code), ["seeded-noise"]);
    assert.equal(result.exact.clippedValues, 2);
    assert.match(result.exact.privacy, /NOT private/);
    assert.equal("clipped" in result.fitInfo, false);
  });
});

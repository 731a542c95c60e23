import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPokemon, PUBLIC_BOUNDS } from "../../src/data/index";
import { BudgetAccountant } from "../../src/dp/index";
import {
  binEdges,
  compareReleases,
  deidentify,
  dpRelease,
  histogramQuantile,
  microaggregate,
  type DpReleaseOptions,
} from "../../src/deidentify/index";
import { BudgetExceededError, captureWarnings, InvalidInputError } from "../../src/errors";

const records = loadPokemon({ first: 251 });
const weights = records.map((r) => r.weight_kg);
const options: DpReleaseOptions = { column: "weight_kg", k: 3, epsilon: 1, bounds: PUBLIC_BOUNDS.weight_kg, seed: 7 };
const quiet = <T>(fn: () => T): T => captureWarnings(fn).result;

describe("the DP release's ledger", () => {
  test("three rows whose ε add up to the release's ε exactly, for awkward ε too", () => {
    for (const epsilon of [1, 0.3, 0.7, 2.5, 1 / 3, 0.1]) {
      const dp = quiet(() => dpRelease(records, { ...options, epsilon }));
      assert.equal(dp.ledger.length, 3);
      assert.equal(dp.ledger[0]!.epsilon + dp.ledger[1]!.epsilon + dp.ledger[2]!.epsilon, epsilon, `ε = ${epsilon}`);
      assert.equal(dp.accountant.total.epsilon, epsilon);
      assert.equal(dp.accountant.remaining.epsilon, 0);
      assert.deepEqual(
        dp.ledger.map((r) => r.epsilon),
        [dp.epsilons.histogram, dp.epsilons.sizes, dp.epsilons.sums],
      );
    }
  });

  test("the default split is 2 : 1 : 1 and the rows name what they released", () => {
    const dp = quiet(() => dpRelease(records, options));
    assert.deepEqual(dp.epsilons, { histogram: 0.5, sizes: 0.25, sums: 0.25 });
    assert.match(dp.ledger[0]!.label, /histogram/);
    assert.match(dp.ledger[1]!.label, /sizes/);
    assert.match(dp.ledger[2]!.label, /sums/);
    assert.equal(dp.ledger[0]!.sensitivity, 1);
    assert.equal(dp.ledger[1]!.sensitivity, 1);
    // Sums: sensitivity = half the widest cluster interval (values centred on each interval's midpoint).
    const halfWidths = dp.clusters.map((c) => (c.upper - c.lower) / 2);
    assert.ok(Math.abs(dp.ledger[2]!.sensitivity! - Math.max(...halfWidths)) < 1e-9);
  });

  test("a shared accountant is charged, and refuses before any row when the budget is short", () => {
    const accountant = new BudgetAccountant({ epsilon: 1.5 });
    quiet(() => dpRelease(records, { ...options, accountant }));
    assert.equal(accountant.total.epsilon, 1);
    assert.throws(() => quiet(() => dpRelease(records, { ...options, accountant })), BudgetExceededError);
    assert.equal(accountant.length, 3, "nothing recorded by the refused release");
  });
});

describe("what the DP release publishes", () => {
  const dp = quiet(() => dpRelease(records, options));

  test("k clusters with contiguous intervals inside the public bounds, centroids inside their interval", () => {
    assert.equal(dp.clusters.length, 3);
    assert.ok(dp.clusters[0]!.lower >= 0.1);
    assert.ok(dp.clusters[2]!.upper <= 999.9);
    for (let c = 0; c < 3; c++) {
      const cl = dp.clusters[c]!;
      assert.ok(cl.lower <= cl.centroid && cl.centroid <= cl.upper);
      assert.ok(Number.isInteger(cl.size) && cl.size >= 0);
      if (c > 0) assert.equal(cl.lower, dp.clusters[c - 1]!.upper);
    }
    assert.equal(dp.range.lower, dp.clusters[0]!.lower);
    assert.equal(dp.range.upper, dp.clusters[2]!.upper);
  });

  test("the statistics are post-processing of the released clusters and histogram", () => {
    const count = dp.clusters.reduce((s, c) => s + c.size, 0);
    assert.equal(dp.statistics.count, count);
    const mean = dp.clusters.reduce((s, c) => s + c.size * c.centroid, 0) / count;
    assert.ok(Math.abs(dp.statistics.mean - mean) < 1e-9);
    assert.ok(dp.statistics.q25 <= dp.statistics.median && dp.statistics.median <= dp.statistics.q75);
    assert.equal(dp.histogram.counts.length, 40);
    assert.ok(dp.histogram.counts.every(Number.isInteger));
    assert.equal(dp.seeded, true);
  });

  test("the same seed gives the same release; another seed other noise", () => {
    const again = quiet(() => dpRelease(records, options));
    assert.deepEqual(again.clusters, dp.clusters);
    assert.deepEqual(again.histogram.counts, dp.histogram.counts);
    const other = quiet(() => dpRelease(records, { ...options, seed: 8 }));
    assert.notDeepEqual(other.histogram.counts, dp.histogram.counts);
  });

  test("with ε = ∞ there is no noise: exact counts and means of the released partition", () => {
    const exact = quiet(() => dpRelease(records, { ...options, epsilon: Infinity, tailThreshold: 0 }));
    // The partition: a value goes to the first cluster whose interval's upper end is ≥ it.
    for (const c of exact.clusters) {
      const inside = weights.filter((w) => (c.cluster === 0 || w > c.lower) && (c.cluster === 2 || w <= c.upper));
      assert.equal(c.size, inside.length, `cluster ${c.cluster}`);
      assert.ok(Math.abs(c.centroid - inside.reduce((a, b) => a + b, 0) / inside.length) < 1e-9);
    }
    assert.equal(exact.statistics.count, 251);
    assert.ok(Math.abs(exact.statistics.mean - weights.reduce((a, b) => a + b, 0) / 251) < 1e-9);
  });

  test("noise is really added: most histogram counts differ from the exact ones (and a noise-free release fails this)", () => {
    const exact = quiet(() => dpRelease(records, { ...options, epsilon: Infinity }));
    const differing = (counts: number[]): number => counts.filter((c, b) => c !== exact.histogram.counts[b]).length;
    assert.ok(differing(dp.histogram.counts) >= 20, `${differing(dp.histogram.counts)} of 40 bins differ`);
    // The deliberately broken variant (ε = ∞: no noise) must fail the same check.
    const broken = quiet(() => dpRelease(records, { ...options, epsilon: Infinity, seed: 1 }));
    assert.equal(differing(broken.histogram.counts), 0);
  });

  test("at ε = 1 the errors are of the size measured in the module notes (median over 40 seeds)", () => {
    const truth = deidentify(records, { column: "weight_kg", k: 3, seed: 42 });
    const errors: number[][] = [[], [], []];
    const medianErrors: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const r = quiet(() => dpRelease(records, { ...options, seed }));
      r.clusters.forEach((c, i) => errors[i]!.push(Math.abs(c.centroid - truth.clusters[i]!.centroid)));
      medianErrors.push(Math.abs(r.statistics.median - truth.statistics.median));
    }
    const med = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    // Light cluster within a few kg, median within a few kg; the 14-member heavy cluster is far noisier.
    assert.ok(med(errors[0]!) < 8, `light: ${med(errors[0]!)}`);
    assert.ok(med(medianErrors) < 6, `median: ${med(medianErrors)}`);
    assert.ok(med(errors[2]!) > med(errors[0]!), "the small heavy cluster is the noisiest");
  });

  test("the comparison: no exact recovery, and differencing no longer reveals Celebi", () => {
    const release = deidentify(records, { column: "weight_kg", k: 3, seed: 42 });
    const before = records.slice(0, -1);
    const rows = compareReleases({
      release,
      releaseNeighbour: deidentify(before, { column: "weight_kg", k: 3, seed: 42 }),
      microaggregations: [microaggregate(records, { column: "weight_kg", minGroupSize: 3 })],
      microaggregationNeighbours: [microaggregate(before, { column: "weight_kg", minGroupSize: 3 })],
      dp,
      dpNeighbour: quiet(() => dpRelease(before, { ...options, seed: 99 })),
    });
    assert.deepEqual(rows.map((r) => r.release), ["k-means clusters (k = 3)", "MDAV microaggregation (m = 3)", "DP release (ε = 1)"]);
    assert.equal(rows[0]!.recoveredExactly, 251);
    assert.ok(Math.abs(rows[0]!.differencingError!) < 1e-9, "k-means: exact");
    assert.ok(Math.abs(rows[1]!.differencingError!) < 1e-9, "MDAV keeps the exact total: differencing still works");
    assert.ok(Math.abs(rows[2]!.differencingError!) > 5, `DP: ${rows[2]!.differencingError}`);
    assert.equal(rows[1]!.smallestGroup, 3);
    assert.ok(rows[1]!.varianceKept > 0.98 && rows[1]!.varianceKept > rows[0]!.varianceKept);
  });
});

describe("histogram helpers", () => {
  test("log edges span the bounds, ten per decade at 40 bins on 0.1–999.9 kg", () => {
    const edges = binEdges(0.1, 999.9, 40, "log");
    assert.equal(edges.length, 41);
    assert.equal(edges[0], 0.1);
    assert.equal(edges[40], 999.9);
    assert.ok(Math.abs(edges[10]! - 1) < 1e-3);
    assert.deepEqual(binEdges(0, 10, 2, "linear"), [0, 5, 10]);
  });

  test("quantiles interpolate inside the bin", () => {
    assert.equal(histogramQuantile([0, 10, 20], [1, 1], 0.5, "linear"), 10);
    assert.equal(histogramQuantile([0, 10, 20], [2, 2], 0.25, "linear"), 5);
    assert.ok(Math.abs(histogramQuantile([1, 100], [4], 0.5, "log") - 10) < 1e-12);
  });
});

describe("bad input to the DP release", () => {
  test("ε must be > 0", () => {
    for (const epsilon of [0, -1, NaN]) {
      assert.throws(() => dpRelease(records, { ...options, epsilon }), { code: "invalid-epsilon" });
    }
  });

  test("a tiny ε is refused up front, naming the smallest ε whose every share a release supports", () => {
    const accountant = new BudgetAccountant({ epsilon: 1 });
    // The default split 2 : 1 : 1 gives the sizes and the sums a quarter each: 7.5e-11 < 1e-10.
    assert.throws(
      () => dpRelease(records, { ...options, epsilon: 3e-10, accountant }),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.code === "invalid-epsilon" &&
        /epsilon = 3e-10 is split into/.test(e.message) &&
        /Fix: use epsilon ≥ 4\.1e-10\./.test(e.message),
    );
    assert.throws(() => dpRelease(records, { ...options, epsilon: 1e-300, accountant }), /below 1e-10/);
    assert.equal(accountant.length, 0);
    // The suggested ε works.
    assert.equal(quiet(() => dpRelease(records, { ...options, epsilon: 4.1e-10 })).ledger.length, 3);
  });

  test("public bounds are required, and must be ordered", () => {
    const noBounds = { ...options } as Partial<DpReleaseOptions>;
    delete noBounds.bounds;
    assert.throws(
      () => dpRelease(records, noBounds as DpReleaseOptions),
      (e: unknown) => e instanceof InvalidInputError && e.code === "missing-bounds" && /PUBLIC_BOUNDS/.test(e.message),
    );
    assert.throws(() => dpRelease(records, { ...options, bounds: { lower: 5, upper: 5 } }), InvalidInputError);
  });

  test("k, bins, scale, shares and the tail threshold are checked", () => {
    assert.throws(() => dpRelease(records, { ...options, k: 0 }), { code: "invalid-k" });
    assert.throws(() => dpRelease(records, { ...options, k: 41 }), { code: "invalid-k" });
    assert.throws(() => dpRelease(records, { ...options, bins: 1 }), { code: "invalid-bins" });
    assert.throws(() => dpRelease(records, { ...options, bounds: { lower: 0, upper: 10 }, scale: "log" }), {
      code: "invalid-scale",
    });
    assert.throws(() => dpRelease(records, { ...options, shares: { histogram: 1, sizes: 0, sums: 1 } }), {
      code: "invalid-shares",
    });
    assert.throws(() => dpRelease(records, { ...options, tailThreshold: -1 }), { code: "invalid-tail-threshold" });
    assert.throws(() => dpRelease(records, { ...options, column: "weight" }), { code: "unknown-column" });
  });

  test("values clipped to the released range: an exact diagnostic for the owner, never a warning", () => {
    const { result, warnings } = captureWarnings(() => dpRelease(records, options));
    assert.ok(warnings.every((w) => w.code !== "values-clipped"));
    assert.ok(result.exact.clippedValues >= 0);
    assert.match(result.exact.privacy, /NOT private/);
  });
});

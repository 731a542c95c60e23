// The whole-pipeline ε receipt, the ε sweep and the DP elbow helpers.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BudgetAccountant, createRandom, meanSensitivity, varianceSensitivity } from "../../src/dp";
import { checkLedger } from "../../src/dp/testing";
import { dpElbow, epsilonSweep, privatePipeline, type SweepProgress } from "../../src/dp/models";
import { BudgetExceededError, InvalidInputError, captureWarnings } from "../../src/errors";
import { featureMatrix, loadPokemon } from "../../src/data";

const { X, bounds } = featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]);
const publicBounds = { lower: [...bounds.lower], upper: [...bounds.upper] };

describe("privatePipeline: scaler → PCA → k-means under one ε", () => {
  test("the receipt adds up to ε exactly; the split is scaler 1 : PCA 1 : k-means 2 by default", () => {
    const run = privatePipeline(X, { epsilon: 1, bounds: publicBounds, publicSize: 1025, nClusters: 3, nComponents: 2, randomState: 7 });
    assert.equal(checkLedger(run.ledger, 1).pass, true);
    assert.equal(run.accountant.remaining.epsilon, 0);
    assert.equal(run.epsilons.scaler + run.epsilons.pca + run.epsilons.kmeans, 1);
    assert.ok(Math.abs(run.epsilons.kmeans - 0.5) < 1e-15 && Math.abs(run.epsilons.pca - 0.25) < 1e-15);
    assert.match(run.receipt, /StandardScaler mean, feature 0/);
    assert.match(run.receipt, /PCA: XᵀX upper triangle/);
    assert.match(run.receipt, /EUGkM grid counts/);
    assert.match(run.receipt, /total .* 1 /);
    assert.equal(run.accountant.total.epsilon, 1);
    // One neighbour definition (add/remove-one, n public): the scaler's rows carry (u − l)/(2n) and (u − l)²/(2n).
    const scalerRows = run.ledger.filter((r) => r.label.startsWith("StandardScaler"));
    assert.deepEqual(
      scalerRows.map((r) => r.sensitivity),
      publicBounds.lower.flatMap((l, j) => [
        meanSensitivity(l, publicBounds.upper[j]!, X.length),
        varianceSensitivity(l, publicBounds.upper[j]!, X.length),
      ]),
    );
    assert.equal(run.labels.length, X.length);
    assert.equal(run.features[0]!.length, 2);
    assert.deepEqual(run.featureBounds, run.pca!.outputBounds());
    // Seeded: reproducible.
    const again = privatePipeline(X, { epsilon: 1, bounds: publicBounds, publicSize: 1025, nClusters: 3, nComponents: 2, randomState: 7 });
    assert.deepEqual(again.kmeans.clusterCenters, run.kmeans.clusterCenters);
  });

  test("without PCA: two steps; no data-derived bounds anywhere (no warnings for in-bounds data)", () => {
    const { result, warnings } = captureWarnings(() =>
      privatePipeline(X, { epsilon: 2, bounds: publicBounds, publicSize: 1025, split: { scaler: 1, kmeans: 3 }, method: "dplloyd", randomState: 1 }),
    );
    assert.deepEqual([...new Set(warnings.map((w) => w.code))], ["seeded-noise"]); // only the seed is warned about
    assert.equal(result.pca, undefined);
    assert.equal(checkLedger(result.ledger, 2).pass, true);
    assert.ok(Math.abs(result.epsilons.kmeans - 1.5) < 1e-15);
  });

  test("a shared accountant refuses a pipeline it cannot afford, before any release; bounds are required", () => {
    const acc = new BudgetAccountant({ epsilon: 0.5 });
    assert.throws(() => privatePipeline(X, { epsilon: 1, bounds: publicBounds, accountant: acc }), BudgetExceededError);
    assert.equal(acc.length, 0);
    assert.throws(
      () => privatePipeline(X, { epsilon: 1 } as unknown as Parameters<typeof privatePipeline>[1]),
      (e: unknown) => e instanceof InvalidInputError && /bounds/.test(e.message),
    );
  });
});

describe("epsilonSweep", () => {
  test("rows per (method, ε) with median and quartiles; quality improves with ε; progress reported", () => {
    const progress: SweepProgress[] = [];
    const sweep = epsilonSweep({
      X,
      bounds: publicBounds,
      k: 3,
      epsilons: [0.1, 5],
      seeds: 8,
      methods: ["eugkm", "dplloyd"],
      onProgress: (p) => progress.push(p),
      referenceRestarts: 10,
    });
    assert.deepEqual(sweep.rows.map((r) => [r.method, r.epsilon]), [
      ["eugkm", 0.1],
      ["eugkm", 5],
      ["dplloyd", 0.1],
      ["dplloyd", 5],
    ]);
    assert.deepEqual(progress.map((p) => p.done), [8, 16, 24, 32]);
    assert.ok(progress.every((p) => p.total === 32));
    for (const row of sweep.rows) {
      assert.equal(row.qualityRuns.length, 8);
      assert.ok(row.quality.q1 <= row.quality.median && row.quality.median <= row.quality.q3);
      assert.ok(row.quality.q1 > 0.98, `a DP fit is not better than the best non-private one: ${row.quality.q1}`);
      assert.ok(row.changed.median >= 0 && row.changed.median <= 1);
    }
    const eugkm = sweep.series("eugkm");
    assert.deepEqual(eugkm.epsilons, [0.1, 5]);
    assert.ok(eugkm.quality[1]!.median < eugkm.quality[0]!.median);
    assert.ok(eugkm.quality[1]!.median < 1.05, `EUGkM at ε = 5: ${eugkm.quality[1]!.median}`);
    assert.ok(eugkm.changed[1]!.median < eugkm.changed[0]!.median);
    assert.throws(() => sweep.series("hybrid"), InvalidInputError);
  });

  test("bad settings are typed errors", () => {
    const base = { X, bounds: publicBounds, k: 3, epsilons: [1], seeds: 1 };
    assert.throws(() => epsilonSweep({ ...base, epsilons: [] }), InvalidInputError);
    assert.throws(() => epsilonSweep({ ...base, epsilons: [0] }), InvalidInputError);
    assert.throws(() => epsilonSweep({ ...base, k: 0 }), InvalidInputError);
    assert.throws(() => epsilonSweep({ ...base, seeds: 0 }), InvalidInputError);
  });
});

describe("dpElbow: how the noise moves the elbow curve (a measurement, not a release)", () => {
  test("per k: runs, median and quartiles; a private accountant by default; missing bounds warned once", () => {
    const rows = Array.from({ length: 300 }, (_, i) => {
      const r = createRandom(i);
      return [(i % 3) * 4 + r.uniform(), (i % 3) * 2 + r.uniform()];
    });
    const curve = dpElbow(rows, [1, 2, 3, 4], { epsilon: 2, bounds: { lower: [0, 0], upper: [10, 6] }, seeds: 5, publicSize: 300 });
    assert.deepEqual(curve.map((p) => p.k), [1, 2, 3, 4]);
    assert.ok(curve.every((p) => p.runs.length === 5 && p.q1 <= p.median && p.median <= p.q3));
    assert.ok(curve[0]!.median > curve[2]!.median * 5, "the elbow at 3 shows through the noise");
    const acc = new BudgetAccountant();
    const { warnings } = captureWarnings(() => dpElbow(rows, [2, 3], { seeds: 3, accountant: acc, publicSize: 300 }));
    assert.deepEqual([...new Set(warnings.map((w) => w.code))], ["bounds-from-data", "seeded-noise"]);
    assert.equal(warnings.filter((w) => w.code === "bounds-from-data").length, 1);
    assert.equal(acc.length, 6, "2 ks × 3 seeds, one EUGkM release each");
  });

  test("the whole cost is checked before the first fit: a budget short of it charges nothing", () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i % 10, (i * 3) % 6]);
    const box = { lower: [0, 0], upper: [10, 6] };
    // 2 ks × 2 seeds × ε = 1 costs 4: a budget of 3.5 could pay for three fits, and pays for none.
    const short = new BudgetAccountant({ epsilon: 3.5 });
    assert.throws(
      () => dpElbow(rows, [2, 3], { epsilon: 1, bounds: box, seeds: 2, publicSize: 50, accountant: short }),
      (e: unknown) => e instanceof BudgetExceededError && /dpElbow \(2 k × 2 seeds × ε = 1\)/.test(e.message),
    );
    assert.equal(short.length, 0, "nothing charged");
    const enough = new BudgetAccountant({ epsilon: 4 });
    captureWarnings(() => dpElbow(rows, [2, 3], { epsilon: 1, bounds: box, seeds: 2, publicSize: 50, accountant: enough }));
    assert.equal(enough.length, 4);
  });
});

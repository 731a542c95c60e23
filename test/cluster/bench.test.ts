import assert from "node:assert/strict";
import { test } from "node:test";
import "../../scripts/bench/nonprivate";
import "../../scripts/bench/datasets";
import { floorPass } from "../../scripts/bench/floor";
import { floorMultiple, median, registered, runSpeed, runUtility, type BenchRow } from "../../scripts/bench/registry";
import { assignAndSummarize, centresFromStatistics, makeBlobs } from "../../src/cluster";

const FIELDS = [
  "bench",
  "method",
  "n",
  "d",
  "k",
  "epsilon",
  "seeds",
  "fit_ms_median",
  "quality_ratio_median",
  "changed_share_median",
];

const checkRow = (row: BenchRow) => {
  assert.deepEqual(Object.keys(row), FIELDS);
  assert.ok(row.fit_ms_median !== null && row.fit_ms_median >= 0);
};

test("median", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
});

test("the non-private methods and the Pokémon data sets are registered", () => {
  const r = registered();
  for (const m of ["kmeans", "kmeans-flat", "ml-kmeans", "engine-pass"]) assert.ok(r.speed.includes(m), m);
  assert.ok(r.utility.includes("kmeans"));
  assert.equal(r.datasets.length, 3);
});

test("speed rows (quick run): documented fields, and k-means finds the blobs", () => {
  const rows = runSpeed({ quick: true, methods: ["kmeans-flat"] });
  assert.deepEqual(rows.map((r) => r.n), [1_000, 10_000]);
  for (const row of rows) {
    checkRow(row);
    assert.equal(row.bench, "speed");
    assert.equal(row.epsilon, null);
    assert.ok(Math.abs(row.quality_ratio_median! - 1) < 1e-6);
    assert.equal(row.changed_share_median, 0);
  }
});

test("utility rows (quick run): the non-private baseline is one row per data set with ε = null", () => {
  const rows = runUtility({ quick: true, methods: ["kmeans"] });
  assert.equal(rows.length, 3);
  for (const row of rows) {
    checkRow(row);
    assert.match(row.bench, /^utility:pokemon-/);
    assert.equal(row.epsilon, null);
    assert.equal(row.n, 1025);
    assert.ok(row.quality_ratio_median! > 0.99 && row.quality_ratio_median! < 1.1, `${row.quality_ratio_median}`);
  }
});

test("floor: one pass equals the engine's assignment + update from the first k points; × floor is the ratio", () => {
  for (const d of [2, 6]) {
    const { X } = makeBlobs({ n: 3_000, d, k: 3, seed: `floor-${d}` });
    const start = X.data.slice(0, 3 * d);
    const engine = centresFromStatistics(assignAndSummarize(X, start, 3), start).centres;
    assert.deepEqual(floorPass(X, 3), engine);
  }
  const row = (method: string, ms: number, d = 2): BenchRow => ({
    bench: "speed", method, n: 10, d, k: 3, epsilon: null, seeds: 1,
    fit_ms_median: ms, quality_ratio_median: 1, changed_share_median: 0,
  });
  const rows = [row("floor", 4), row("kmeans", 10), row("kmeans", 10, 6)];
  assert.equal(floorMultiple(rows[1]!, rows), 2.5);
  assert.equal(floorMultiple(rows[2]!, rows), null); // no floor row at d = 6
});

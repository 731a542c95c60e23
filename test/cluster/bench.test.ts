import assert from "node:assert/strict";
import { test } from "node:test";
import "../../scripts/bench/nonprivate";
import "../../scripts/bench/datasets";
import { median, registered, runSpeed, runUtility, type BenchRow } from "../../scripts/bench/registry";

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

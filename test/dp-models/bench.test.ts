// The DP entries of the benchmark registry produce well-formed rows (quick sizes; figures are not asserted
// beyond sanity: speed and utility targets are reported by `npm run bench`, not tested).
import assert from "node:assert/strict";
import { test } from "node:test";
import "../../scripts/bench/datasets";
import "../../scripts/bench/dp";
import { registered, runSpeed, runUtility } from "../../scripts/bench/registry";

test("DP methods are registered for speed (dplloyd, eugkm) and utility (+ hybrid, the as-shipped reference)", () => {
  const r = registered();
  for (const m of ["dplloyd", "eugkm"]) assert.ok(r.speed.includes(m), m);
  for (const m of ["eugkm", "dplloyd", "hybrid", "dplloyd-as-shipped"]) assert.ok(r.utility.includes(m), m);
});

test("quick speed rows carry ε = 1; quick utility rows one per (data set, ε) with sane quality", () => {
  const speed = runSpeed({ quick: true, methods: ["eugkm"] });
  assert.deepEqual(speed.map((r) => [r.method, r.n, r.epsilon]), [
    ["eugkm", 1_000, 1],
    ["eugkm", 10_000, 1],
  ]);
  const utility = runUtility({ quick: true, methods: ["eugkm"] });
  assert.equal(utility.length, 3 * 2);
  for (const row of utility) {
    assert.ok(row.epsilon === 0.5 || row.epsilon === 1);
    assert.ok(row.quality_ratio_median! >= 0.99 && row.quality_ratio_median! < 3, `${row.bench} ${row.quality_ratio_median}`);
  }
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterOccupancy } from "../../src/cluster/occupancy";

test("clusterOccupancy names the empty clusters of a collapsed fit", () => {
  assert.deepEqual(clusterOccupancy([0, 0, 2, 2, 2], 3), { k: 3, sizes: [2, 0, 3], occupied: 2, empty: [1], collapsed: true });
  assert.equal(clusterOccupancy([0, 1, 2], 3).collapsed, false);
  assert.throws(() => clusterOccupancy([0, 3], 3), /0\.\.2/);
  assert.throws(() => clusterOccupancy([0], 0), /whole number/);
});

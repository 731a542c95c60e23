import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterOccupancy } from "../../src/cluster/occupancy";

test("clusterOccupancy names the empty clusters of a collapsed fit", () => {
  assert.deepEqual(clusterOccupancy([0, 0, 2, 2, 2], 3), { k: 3, sizes: [2, 0, 3], occupied: 2, empty: [1], collapsed: true });
  assert.equal(clusterOccupancy([0, 1, 2], 3).collapsed, false);
  assert.throws(() => clusterOccupancy([0, 3], 3), /0\.\.2/);
  assert.throws(() => clusterOccupancy([0], 0), /whole number/);
});

import { borderMargins } from "../../src/cluster/margin";

test("borderMargins: second-nearest minus nearest plain distance; 0 on a border", () => {
  const centres = [[0, 0], [4, 0], [0, 10]];
  assert.deepEqual(borderMargins([[2, 0], [1, 0], [5, 0]], centres), [0, 2, 4]);
  assert.throws(() => borderMargins([[1, 1]], [[0, 0]]), /two centres/);
  assert.throws(() => borderMargins([[1, 1, 1]], centres), /same number of features/);
});

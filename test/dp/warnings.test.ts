import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  boundsFromData,
  clamp,
  clampInto,
  createRandom,
  noisyClampedSum,
  noisyGroupSums,
  warnBoundsFromData,
  warnValuesClipped,
} from "../../src/dp";
import { PrivacyWarning, captureWarnings } from "../../src/errors";

describe("clamp", () => {
  test("clamps to [lower, upper] and counts the values it moved", () => {
    const { values, clipped } = clamp([-5, 0.5, 3, 1], 0, 1);
    assert.deepEqual(Array.from(values), [0, 0.5, 1, 1]);
    assert.equal(clipped, 2);
  });

  test("clampInto works in place", () => {
    const xs = Float64Array.of(-1, 2, 5);
    assert.equal(clampInto(xs, 0, 4, xs), 2);
    assert.deepEqual(Array.from(xs), [0, 2, 4]);
  });
});

describe("privacy warnings", () => {
  test("values-clipped carries the count and the fix; nothing is raised for 0", () => {
    const { warnings } = captureWarnings(() => {
      warnValuesClipped(0, "in a test");
      warnValuesClipped(3, "in a test");
    });
    assert.equal(warnings.length, 1);
    const w = warnings[0]!;
    assert.ok(w instanceof PrivacyWarning);
    assert.equal(w.code, "values-clipped");
    assert.equal(w.count, 3);
    assert.match(w.message, /^3 values were outside the bounds and were clipped in a test/);
    assert.match(w.message, /Fix: .*widen them using public knowledge/);
  });

  test("bounds-from-data says the result is not private and how to fix it", () => {
    const { warnings } = captureWarnings(() => warnBoundsFromData(2, "in DPKMeans.fit"));
    assert.equal(warnings[0]!.code, "bounds-from-data");
    assert.equal(warnings[0]!.count, 2);
    assert.match(warnings[0]!.message, /NOT differentially private/);
    assert.match(warnings[0]!.message, /Fix: pass bounds/);
  });

  test("boundsFromData computes per-feature min and max and warns", () => {
    const { result, warnings } = captureWarnings(() => boundsFromData(Float64Array.of(1, 10, -2, 30, 5, 20), 2));
    assert.deepEqual(result, { lower: [-2, 10], upper: [5, 30] });
    assert.equal(warnings.length, 1);
  });

  test("a release warns once per call with the total count", () => {
    const { warnings } = captureWarnings(() => {
      noisyClampedSum([5, -1, 7, 2], { epsilon: 1, lower: 0, upper: 4, rng: createRandom(1) });
      noisyGroupSums(
        [
          [5, 1],
          [-1, 9],
        ],
        [0, 1],
        2,
        { epsilonPerFeature: 1, lower: 0, upper: 4, rng: createRandom(1) },
      );
    });
    assert.deepEqual(
      warnings.map((w) => w.count),
      [3, 3],
    );
  });

  test("warn: false leaves the warning to the caller (a model that sums clipping over a whole fit)", () => {
    const { result, warnings } = captureWarnings(() =>
      noisyClampedSum([5], { epsilon: 1, lower: 0, upper: 4, rng: createRandom(1), warn: false }),
    );
    assert.equal(result.clipped, 1);
    assert.equal(warnings.length, 0);
  });
});

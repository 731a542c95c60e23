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
  warnAboutSettings,
  countOutsideBounds,
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
  test("settings warnings: ε = ∞ says not private; a seed says not private; their text names no data", () => {
    const { warnings } = captureWarnings(() => {
      warnAboutSettings("KMeans.fit", { epsilon: Infinity, seeded: false });
      warnAboutSettings("KMeans.fit", { epsilon: 1, seeded: true });
      warnAboutSettings("KMeans.fit", { epsilon: 1, seeded: false });
    });
    assert.deepEqual(warnings.map((w) => w.code), ["no-privacy", "seeded-noise"]);
    assert.match(warnings[0]!.message, /NOT differentially private/);
    assert.match(warnings[1]!.message, /NOT private/);
    assert.ok(warnings.every((w) => w instanceof PrivacyWarning && w.count === undefined));
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

  test("a release never warns about clipping: whether a value was clipped is a fact about the data", () => {
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
    assert.equal(warnings.length, 0);
  });

  test("countOutsideBounds is the exact diagnostic, marked not private", () => {
    const count = countOutsideBounds([[5, 1], [-1, 9], [2, 2]], { lower: 0, upper: 4 });
    assert.equal(count.values, 3);
    assert.equal(count.rows, 2);
    assert.deepEqual(count.perFeature, [2, 1]);
    assert.match(count.privacy, /NOT private/);
  });
});

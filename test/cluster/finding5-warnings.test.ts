import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KMeans } from "../../src/cluster/index";
import { DPKMeans, eugkmSynopsis, privateElbow } from "../../src/dp/kmeans/index";
import { BudgetAccountant } from "../../src/dp/accountant";
import { captureWarnings, WARNING_DUPLICATE_CENTRES, WARNING_FLAT_PRIVATE_ELBOW, WARNING_K_ABOVE_PUBLIC_SIZE } from "../../src/errors";

const codes = (fn: () => unknown): string[] => captureWarnings(fn).warnings.map((w) => w.code);
const points = Array.from({ length: 200 }, (_, i) => [(i % 10) + 0.1 * (i % 7), Math.floor(i / 10) % 5]);
const bounds = { lower: [0, 0], upper: [11, 5] };

describe("library warnings of issue 25's finding 5", () => {
  test("DP k-means with k above the declared public size warns (public facts only); k within it does not", () => {
    const fit = (k: number, publicSize: number): string[] =>
      codes(() => new DPKMeans({ nClusters: k, epsilon: 1, bounds, publicSize, randomState: 1, accountant: new BudgetAccountant() }).fit(points));
    const warned = captureWarnings(() =>
      new DPKMeans({ nClusters: 8, epsilon: 1, bounds, publicSize: 5, randomState: 1, accountant: new BudgetAccountant() }).fit(points),
    ).warnings.find((w) => w.code === WARNING_K_ABOVE_PUBLIC_SIZE);
    assert.ok(warned, "k = 8 > publicSize = 5");
    assert.match(warned.message, /nClusters = 8 is more than the declared publicSize = 5: .*at least 3 centres describe no one.*Fix: nClusters ≤ publicSize/);
    assert.ok(!fit(3, 200).includes(WARNING_K_ABOVE_PUBLIC_SIZE));
    // Public facts only: the same warning whatever the data (here: 2 rows, or 200).
    assert.deepEqual(
      fit(8, 5).filter((c) => c === WARNING_K_ABOVE_PUBLIC_SIZE),
      codes(() => new DPKMeans({ nClusters: 8, epsilon: 1, bounds, publicSize: 5, randomState: 1, accountant: new BudgetAccountant() }).fit(points.slice(0, 2))).filter(
        (c) => c === WARNING_K_ABOVE_PUBLIC_SIZE,
      ),
    );
  });

  test("a private elbow whose public size is tiny (5: one grid cell, the same inertia for every k) warns; 1,000 does not", () => {
    const elbow = (publicSize: number) =>
      captureWarnings(() => {
        const synopsis = eugkmSynopsis(points, { epsilon: 1, bounds, publicSize, randomState: 1, accountant: new BudgetAccountant() });
        return privateElbow(synopsis, [1, 2, 3, 4, 5], { randomState: 1 });
      });
    const tiny = elbow(5);
    const flat = tiny.warnings.find((w) => w.code === WARNING_FLAT_PRIVATE_ELBOW);
    assert.ok(flat, "warned");
    assert.match(flat.message, /The synopsis has 1 grid cell .*every k ≥ 1 gets the same inertia/);
    assert.equal(new Set(tiny.result.map((p) => p.inertia)).size, 1, "and the curve is indeed flat");
    const large = elbow(1000);
    assert.ok(!large.warnings.some((w) => w.code === WARNING_FLAT_PRIVATE_ELBOW));
    assert.ok(new Set(large.result.map((p) => p.inertia)).size > 1);
  });

  test("non-private k-means on identical points warns about duplicate centres; distinct points do not", () => {
    const same = Array.from({ length: 10 }, () => [3, 3]);
    const dup = captureWarnings(() => new KMeans({ nClusters: 3, randomState: 1 }).fit(same));
    const warning = dup.warnings.find((w) => w.code === WARNING_DUPLICATE_CENTRES);
    assert.ok(warning);
    assert.match(warning.message, /only 1 distinct centres for nClusters = 3.*Fix: nClusters ≤ the number of distinct points/);
    assert.ok(!codes(() => new KMeans({ nClusters: 3, randomState: 1 }).fit(points)).includes(WARNING_DUPLICATE_CENTRES));
  });
});

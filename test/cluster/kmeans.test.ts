import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { kmeans as mlKmeans } from "ml-kmeans";
import { InvalidInputError, NotFittedError } from "../../src/errors";
import { createRandom } from "../../src/dp/random";
import { KMeans, fitKMeans, inertia, kmeansPlusPlus, lloyd, lloydSteps, makeBlobs } from "../../src/cluster";
import { toRows, type FlatMatrix } from "../../src/validate";

const twoBlobs = [
  [0, 0],
  [0, 2],
  [10, 0],
  [10, 2],
];

const sortRows = (rows: number[][]) => [...rows].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);

/** Bytes of everything a fit produces, to compare two fits exactly. */
function fingerprint(km: KMeans): Buffer {
  return Buffer.concat([
    Buffer.from(Float64Array.from(km.clusterCenters.flat()).buffer),
    Buffer.from(Int32Array.from(km.labels).buffer),
    Buffer.from(Float64Array.of(km.inertia, km.nIter).buffer),
  ]);
}

describe("KMeans on hand-checkable data", () => {
  test("two obvious blobs: centres, labels, inertia by hand", () => {
    const km = new KMeans({ nClusters: 2, randomState: 0 }).fit(twoBlobs);
    assert.deepEqual(sortRows(km.clusterCenters), [
      [0, 1],
      [10, 1],
    ]);
    assert.equal(km.inertia, 4);
    assert.equal(km.labels[0], km.labels[1]);
    assert.equal(km.labels[2], km.labels[3]);
    assert.notEqual(km.labels[0], km.labels[2]);
    assert.ok(km.nIter >= 1);
    assert.equal(km.nFeaturesIn, 2);
  });

  test("predict uses the fitted centres; fitPredict returns the fitted labels", () => {
    const km = new KMeans({ nClusters: 2, randomState: 0 });
    const labels = km.fitPredict(twoBlobs);
    assert.deepEqual(labels, km.labels);
    const [left, right] = [km.labels[0], km.labels[2]];
    assert.deepEqual(km.predict([[1, 1], [9, 1], [4.9, 0]]), [left, right, left]);
  });

  test("settings are stored unchanged, with scikit-learn's defaults", () => {
    const km = new KMeans();
    assert.equal(km.nClusters, 8);
    assert.equal(km.init, "k-means++");
    assert.equal(km.nInit, "auto");
    assert.equal(km.maxIter, 300);
    assert.equal(km.tol, 1e-4);
    assert.equal(km.randomState, undefined);
    const bad = new KMeans({ nClusters: -1 }); // not validated until fit
    assert.equal(bad.nClusters, -1);
    assert.throws(() => bad.fit(twoBlobs), InvalidInputError);
  });

  test("given initial centres are used as the start", () => {
    // The bad start ends in the local optimum (rows instead of columns): proof the start was used.
    const km = new KMeans({ nClusters: 2, init: [[0, 0], [0, 2]] }).fit(twoBlobs);
    assert.deepEqual(km.clusterCenters, [
      [5, 0],
      [5, 2],
    ]);
    assert.equal(km.inertia, 100);
  });

  test("restarts keep the best run: the minimum inertia over nInit k-means++ starts", () => {
    const { X } = makeBlobs({ n: 600, k: 6, spread: 1.5, seed: 21 });
    const random = createRandom(9);
    const runs = Array.from({ length: 10 }, () => lloyd(X, kmeansPlusPlus(X, 6, random)).inertia);
    const fit = fitKMeans(X, { nClusters: 6, nInit: 10, random: createRandom(9) });
    assert.equal(fit.inertia, Math.min(...runs));
    assert.equal(fit.bestRun, runs.indexOf(Math.min(...runs)));
    assert.ok(new Set(runs.map((r) => r.toFixed(6))).size > 1, "the starts really differ");
    assert.equal(new KMeans({ nClusters: 6, randomState: 9 }).fit(X).inertia, fit.inertia); // "auto" = 10 runs
  });
});

describe("the model contract", () => {
  test("fitted attributes and predict before fit throw NotFittedError", () => {
    const km = new KMeans({ nClusters: 2 });
    for (const read of [() => km.clusterCenters, () => km.labels, () => km.inertia, () => km.nIter, () => km.predict(twoBlobs)]) {
      assert.throws(read, (e: unknown) => e instanceof NotFittedError && /fit\(X\) first/.test(e.message));
    }
    assert.equal(km.isFitted, false);
  });

  test("seeded determinism: the same seed gives byte-identical fits", () => {
    const { X } = makeBlobs({ n: 2000, k: 4, spread: 2.5, seed: 4 });
    const a = new KMeans({ nClusters: 4, randomState: 42 }).fit(X);
    const b = new KMeans({ nClusters: 4, randomState: 42 }).fit(X);
    assert.ok(fingerprint(a).equals(fingerprint(b)));
    // and the seed matters: another seed picks other starts (the fingerprint of the starts differs)
    const s1 = kmeansPlusPlus(X, 4, createRandom(42));
    const s2 = kmeansPlusPlus(X, 4, createRandom(43));
    assert.notDeepEqual(s1, s2);
  });

  test("a second fit starts over (refit independence)", () => {
    const A = makeBlobs({ n: 300, k: 3, seed: 1 }).X;
    const B = makeBlobs({ n: 200, d: 2, k: 3, seed: 2, box: 50 }).X;
    const refit = new KMeans({ nClusters: 3, randomState: 7 }).fit(A).fit(B);
    const fresh = new KMeans({ nClusters: 3, randomState: 7 }).fit(B);
    assert.ok(fingerprint(refit).equals(fingerprint(fresh)));
    assert.equal(refit.labels.length, 200);
  });

  test("predict rejects data with another number of features", () => {
    const km = new KMeans({ nClusters: 2, randomState: 0 }).fit(twoBlobs);
    assert.throws(
      () => km.predict([[1, 2, 3]]),
      (e: unknown) => e instanceof InvalidInputError && e.code === "dimension-mismatch",
    );
  });

  test("bad init is explained", () => {
    assert.throws(
      () => new KMeans({ nClusters: 3, init: [[0, 0], [1, 1]] }).fit(twoBlobs),
      (e: unknown) => e instanceof InvalidInputError && /init has 2 centre\(s\) but nClusters is 3/.test(e.message),
    );
    assert.throws(
      () => new KMeans({ nClusters: 2, init: "random" as "k-means++" }).fit(twoBlobs),
      (e: unknown) => e instanceof InvalidInputError && /"random"/.test(e.message),
    );
  });
});

describe("equivalence with ml-kmeans v6 from the same start", () => {
  for (const d of [1, 2, 5]) {
    test(`d = ${d}: same final centres, labels and inertia`, () => {
      const { X } = makeBlobs({ n: 400, d, k: 4, spread: 3, seed: `ml-${d}` });
      const start = kmeansPlusPlus(X, 4, createRandom(`start-${d}`));
      const rows = toRows(X.data, X.n, d);
      const theirs = mlKmeans(rows, 4, {
        initialization: toRows(start, 4, d),
        maxIterations: 1000,
        tolerance: 0,
      });
      const ours = new KMeans({ nClusters: 4, init: toRows(start, 4, d), tol: 0, maxIter: 1000 }).fit(rows);
      for (let j = 0; j < 4; j++) {
        for (let t = 0; t < d; t++) {
          assert.ok(Math.abs(ours.clusterCenters[j]![t]! - theirs.centroids[j]![t]!) < 1e-9, `centre ${j}`);
        }
      }
      assert.deepEqual(ours.labels, theirs.clusters);
      // ml-kmeans 6's computeInformation leaves `error` as the cluster's sum of squared distances (its
      // division by the size is never stored), so the inertia is the plain sum of the errors.
      const theirInertia = theirs.computeInformation(rows).reduce((s, c) => s + c.error, 0);
      assert.ok(Math.abs(ours.inertia - theirInertia) < 1e-9 * theirInertia);
      assert.ok(Math.abs(ours.inertia - inertia(rows, theirs.centroids)) < 1e-9 * theirInertia);
    });
  }
});

describe("weights", () => {
  test("weighted k-means equals k-means on duplicated points (well-separated blobs)", () => {
    const base = makeBlobs({ n: 90, k: 3, spread: 0.5, seed: 8 }).X;
    const weights: number[] = [];
    const dup: number[][] = [];
    for (let i = 0; i < base.n; i++) {
      const w = 1 + (i % 3);
      weights.push(w);
      for (let c = 0; c < w; c++) dup.push([base.data[2 * i]!, base.data[2 * i + 1]!]);
    }
    const weighted = new KMeans({ nClusters: 3, randomState: 1 }).fit(base, weights);
    const repeated = new KMeans({ nClusters: 3, randomState: 2 }).fit(dup);
    const a = sortRows(weighted.clusterCenters);
    const b = sortRows(repeated.clusterCenters);
    for (let j = 0; j < 3; j++) for (let t = 0; t < 2; t++) assert.ok(Math.abs(a[j]![t]! - b[j]![t]!) < 1e-9);
    assert.ok(Math.abs(weighted.inertia - repeated.inertia) < 1e-9 * repeated.inertia);
  });

  test("fitKMeans with zero weights (EUGkM cells): empty cells never become centres", () => {
    // A 1-D grid of cell centres, three occupied regions, most cells empty.
    const cells: FlatMatrix = { data: Float64Array.from({ length: 30 }, (_, i) => i), n: 30, d: 1 };
    const counts = new Float64Array(30);
    counts[2] = 5;
    counts[3] = 5;
    counts[15] = 8;
    counts[27] = 4;
    counts[28] = 4;
    const fit = fitKMeans(cells, { nClusters: 3, weights: counts, random: createRandom(3) });
    assert.deepEqual(Array.from(fit.centres).sort((x, y) => x - y), [2.5, 15, 27.5]);
    assert.equal(fit.inertia, 10 * 0.25 + 8 * 0.25);
  });
});

describe("lloydSteps", () => {
  test("yields every iteration of the same run KMeans makes, ending at its centres", () => {
    const { X } = makeBlobs({ n: 300, k: 3, spread: 3, seed: 13 });
    const init = toRows(kmeansPlusPlus(X, 3, createRandom(5)), 3, 2);
    const steps = [...lloydSteps(X, { init })];
    const km = new KMeans({ nClusters: 3, init }).fit(X);
    assert.equal(steps.length, km.nIter);
    assert.deepEqual(steps[0]!.assignedTo, init);
    assert.deepEqual(steps.at(-1)!.centres, km.clusterCenters);
    for (let i = 1; i < steps.length; i++) {
      assert.deepEqual(steps[i]!.assignedTo, steps[i - 1]!.centres);
      assert.ok(steps[i]!.inertia <= steps[i - 1]!.inertia + 1e-9, "inertia never rises");
    }
    // snapshots are independent copies
    assert.notEqual(steps[0]!.labels, steps.at(-1)!.labels);
  });

  test("with k-means++ and a seed it is reproducible", () => {
    const { X } = makeBlobs({ n: 100, k: 3, seed: 1 });
    const a = [...lloydSteps(X, { nClusters: 3, randomState: 3 })];
    const b = [...lloydSteps(X, { nClusters: 3, randomState: 3 })];
    assert.deepEqual(a, b);
  });
});

test("non-private KMeans refuses iteration and restart counts above the library's ceilings (src/limits.ts) before any work", () => {
  const X = [[0], [1], [10], [11]];
  assert.throws(() => new KMeans({ nClusters: 2, maxIter: 1e9 }).fit(X), { code: "limit-exceeded" });
  assert.throws(() => new KMeans({ nClusters: 2, nInit: 1e6 }).fit(X), { code: "limit-exceeded" });
  assert.equal(new KMeans({ nClusters: 2, maxIter: 1000, nInit: 2, randomState: 1 }).fit(X).clusterCenters.length, 2);
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError, NotFittedError } from "../../src/errors";
import { PCA, StandardScaler, eigenSymmetric } from "../../src/preprocessing";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const closeRows = (a: number[][], b: number[][], tol = 1e-12) => {
  assert.equal(a.length, b.length);
  a.forEach((row, i) => {
    assert.equal(row.length, b[i]!.length);
    row.forEach((v, j) => close(v, b[i]![j]!, tol));
  });
};

describe("StandardScaler", () => {
  const X = [
    [0, 10],
    [2, 10],
    [4, 40],
  ];
  test("mean, var (divisor n), scale and transform by hand", () => {
    const s = new StandardScaler().fit(X);
    assert.deepEqual(s.mean, [2, 20]);
    closeRows([s.var!], [[8 / 3, 200]]);
    closeRows([s.scale!], [[Math.sqrt(8 / 3), Math.sqrt(200)]]);
    const a = 2 / Math.sqrt(8 / 3);
    const b = 10 / Math.sqrt(200);
    closeRows(s.transform(X), [
      [-a, -b],
      [0, -b],
      [a, 2 * b],
    ]);
    assert.equal(s.nSamplesSeen, 3);
    assert.equal(s.nFeaturesIn, 2);
  });
  test("inverseTransform undoes transform", () => {
    const s = new StandardScaler().fit(X);
    closeRows(s.inverseTransform(s.transform(X)), X, 1e-12);
  });
  test("withMean: false only divides; withStd: false only centres", () => {
    const noMean = new StandardScaler({ withMean: false }).fit(X);
    closeRows(noMean.transform([[4, 20]]), [[4 / Math.sqrt(8 / 3), 20 / Math.sqrt(200)]]);
    const noStd = new StandardScaler({ withStd: false }).fit(X);
    assert.deepEqual(noStd.transform(X), [
      [-2, -10],
      [0, -10],
      [2, 20],
    ]);
    assert.equal(noStd.var, null);
    assert.equal(noStd.scale, null);
    const neither = new StandardScaler({ withMean: false, withStd: false }).fit(X);
    assert.equal(neither.mean, null);
    assert.deepEqual(neither.transform(X), X);
  });
  test("a constant feature gets scale 1 instead of a division by 0", () => {
    const s = new StandardScaler().fit([
      [1, 5],
      [3, 5],
    ]);
    assert.deepEqual(s.scale, [1, 1]);
    assert.deepEqual(s.var, [1, 0]);
    assert.deepEqual(s.transform([[1, 5]]), [[-1, 0]]);
  });
  test("NotFittedError before fit; the feature count is checked", () => {
    const s = new StandardScaler();
    assert.throws(() => s.mean, NotFittedError);
    assert.throws(() => s.transform(X), NotFittedError);
    s.fit(X);
    assert.throws(() => s.transform([[1, 2, 3]]), (e: unknown) => e instanceof InvalidInputError && e.code === "dimension-mismatch");
  });
  test("a second fit starts over", () => {
    const s = new StandardScaler().fit(X).fit([[1], [3]]);
    assert.deepEqual(s.mean, [2]);
    assert.equal(s.nFeaturesIn, 1);
  });
});

describe("PCA", () => {
  test("points on a line: one component along it, all the variance", () => {
    const p = new PCA({ nComponents: 1 }).fit([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    closeRows(p.components, [[Math.SQRT1_2, Math.SQRT1_2]]);
    // centred rows (−1, −1), (0, 0), (1, 1): covariance (divisor n − 1 = 2) [[1, 1], [1, 1]], eigenvalues 2 and 0
    closeRows([p.explainedVariance], [[2]]);
    closeRows([p.explainedVarianceRatio], [[1]]);
    closeRows(p.transform([[1, 1], [2, 2], [3, 3]]), [[-Math.SQRT2], [0], [Math.SQRT2]], 1e-12);
  });
  test("axis-aligned cross: components, variances (divisor n − 1) and ratios by hand", () => {
    const X = [
      [2, 0],
      [-2, 0],
      [0, 1],
      [0, -1],
    ];
    const p = new PCA().fit(X);
    closeRows(p.components, [
      [1, 0],
      [0, 1],
    ]);
    closeRows([p.explainedVariance], [[8 / 3, 2 / 3]]);
    closeRows([p.explainedVarianceRatio], [[0.8, 0.2]]);
    assert.deepEqual(p.mean, [0, 0]);
    closeRows(p.transform(X), X);
    assert.equal(p.nComponentsFitted, 2);
  });
  test("sign convention: the largest entry of each component is positive", () => {
    const p = new PCA().fit([
      [0, 0],
      [-1, -3],
      [1, 3.2],
      [0.5, 1],
    ]);
    for (const c of p.components) {
      const big = c.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      assert.ok(big > 0);
      close(Math.hypot(...c), 1, 1e-12);
    }
  });
  test("nComponents as a share of variance", () => {
    const X = [
      [2, 0],
      [-2, 0],
      [0, 1],
      [0, -1],
    ];
    assert.equal(new PCA({ nComponents: 0.5 }).fit(X).nComponentsFitted, 1);
    assert.equal(new PCA({ nComponents: 0.85 }).fit(X).nComponentsFitted, 2);
  });
  test("inverseTransform undoes transform with all components", () => {
    const X = [
      [1, 2, 3],
      [2, 1, 0],
      [4, 4, 1],
      [0, 3, 2],
    ];
    const p = new PCA().fit(X);
    closeRows(p.inverseTransform(p.transform(X)), X, 1e-10);
  });
  test("components agree with eigenSymmetric of the covariance", () => {
    const X = [
      [1, 2, 3],
      [2, 1, 0],
      [4, 4, 1],
      [0, 3, 2],
      [5, 1, 1],
    ];
    const p = new PCA().fit(X);
    const n = X.length;
    const mean = p.mean;
    const cov = [0, 1, 2].map((a) =>
      [0, 1, 2].map((b) => X.reduce((s, r) => s + (r[a]! - mean[a]!) * (r[b]! - mean[b]!), 0) / (n - 1)),
    );
    const e = eigenSymmetric(cov);
    closeRows(p.components, e.vectors, 1e-9);
    closeRows([p.explainedVariance], [e.values], 1e-9);
  });
  test("bad nComponents and too few rows are explained; NotFittedError before fit", () => {
    assert.throws(() => new PCA({ nComponents: 3 }).fit([[1, 2], [3, 4], [5, 7]]), /from 1 to min\(rows, features\) = 2/);
    assert.throws(() => new PCA({ nComponents: 1.5 }).fit([[1, 2], [3, 4]]), /whole number/);
    assert.throws(() => new PCA().fit([[1, 2]]), /at least 2 rows/);
    assert.throws(() => new PCA().components, NotFittedError);
  });
});

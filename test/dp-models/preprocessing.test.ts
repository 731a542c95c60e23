// DP StandardScaler and DP PCA: exact ledgers, agreement with the non-private versions when ε = ∞, noise
// that shrinks as ε grows, the public output bounds for the next step, and the privacy warnings.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BudgetAccountant, createRandom, meanSensitivity, varianceSensitivity } from "../../src/dp";
import { checkLedger } from "../../src/dp/testing";
import { PCA as DPPCAAlias, StandardScaler as DPScalerAlias, DPPCA, DPStandardScaler } from "../../src/dp/models";
import { noisyGram } from "../../src/dp/preprocessing/index";
import { PCA, StandardScaler } from "../../src/preprocessing";
import { BudgetExceededError, InvalidInputError, NotFittedError, captureWarnings } from "../../src/errors";

// 500 correlated points in [0, 10] × [0, 100].
const rng = createRandom("preprocessing");
const X: number[][] = Array.from({ length: 500 }, () => {
  const a = 2 + 6 * rng.uniform();
  return [a, 10 * a + 20 * (rng.uniform() - 0.5)];
});
const bounds = { lower: [0, 0], upper: [10, 100] };
const N = X.length; // the public size: these tests declare it
const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

describe("DP StandardScaler", () => {
  test("ledger: ε/2 to the means and ε/2 to the variances, split evenly over features, exactly ε", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    const scaler = new DPStandardScaler({ publicSize: N, epsilon: 1, bounds, randomState: 1, accountant: acc }).fit(X);
    assert.equal(acc.length, 4);
    assert.equal(checkLedger(acc.rows(), 1).pass, true);
    const rows = acc.rows();
    assert.ok(rows.every((r) => close(r.epsilon, 0.25, 1e-15)));
    assert.deepEqual(rows.map((r) => r.label), [
      "StandardScaler mean, feature 0",
      "StandardScaler variance, feature 0",
      "StandardScaler mean, feature 1",
      "StandardScaler variance, feature 1",
    ]);
    assert.equal(scaler.fitInfo.ledger.length, 4);
    assert.equal(DPScalerAlias, DPStandardScaler);
    // Only the mean: all of ε to it.
    const meanOnly = new BudgetAccountant();
    new DPStandardScaler({ publicSize: N, epsilon: 1, bounds, withStd: false, randomState: 1, accountant: meanOnly }).fit(X);
    assert.deepEqual(meanOnly.rows().map((r) => r.epsilon), [0.5, 0.5]);
  });

  test("one neighbour definition: the rows carry the add/remove-one sensitivities (u − l)/(2n) and (u − l)²/(2n)", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    new DPStandardScaler({ publicSize: N, epsilon: 1, bounds, randomState: 1, accountant: acc }).fit(X);
    const n = X.length;
    assert.deepEqual(
      acc.rows().map((r) => r.sensitivity),
      [meanSensitivity(0, 10, n), varianceSensitivity(0, 10, n), meanSensitivity(0, 100, n), varianceSensitivity(0, 100, n)],
    );
    assert.deepEqual(acc.rows().map((r) => r.sensitivity), [10 / (2 * n), 100 / (2 * n), 100 / (2 * n), 10_000 / (2 * n)]);
    assert.equal(checkLedger(acc.rows(), 1).pass, true);
  });

  test("ε = ∞ gives the non-private scaler; at ε = 10 the noisy mean and scale are close to it", () => {
    const exact = new StandardScaler().fit(X);
    const free = new DPStandardScaler({ publicSize: N, epsilon: Infinity, bounds, accountant: new BudgetAccountant() }).fit(X);
    free.mean!.forEach((m, j) => assert.ok(close(m, exact.mean![j]!, 1e-9)));
    free.scale!.forEach((s, j) => assert.ok(close(s, exact.scale![j]!, 1e-9)));
    const noisy = new DPStandardScaler({ publicSize: N, epsilon: 10, bounds, randomState: 2 }).fit(X);
    noisy.mean!.forEach((m, j) => assert.ok(close(m, exact.mean![j]!, 0.05 * (bounds.upper[j]! - bounds.lower[j]!)), `${m}`));
    noisy.scale!.forEach((s, j) => assert.ok(close(s, exact.scale![j]!, 0.3 * exact.scale![j]!), `${s}`));
  });

  test("transformBounds: the bounds put through (x − mean)/scale contain the transformed data", () => {
    const scaler = new DPStandardScaler({ publicSize: N, epsilon: 1, bounds, randomState: 3 }).fit(X);
    const b = scaler.transformBounds();
    const Z = scaler.transform(X);
    for (const row of Z) row.forEach((v, j) => assert.ok(v >= b.lower[j]! - 1e-9 && v <= b.upper[j]! + 1e-9));
  });

  test("clipping and missing bounds are warned; budget refused before the data; NotFittedError before fit", () => {
    const inside = captureWarnings(() => new DPStandardScaler({ publicSize: N, epsilon: 1, bounds, randomState: 1 }).fit(X));
    const { result, warnings } = captureWarnings(() => new DPStandardScaler({ publicSize: N, epsilon: 1, bounds, randomState: 1 }).fit([...X, [50, 500]]));
    // Clipping is not warned (a fact about the data); the same warnings as without the outlier.
    assert.deepEqual(warnings.map((w) => w.message), inside.warnings.map((w) => w.message));
    assert.equal(result.exact.clippedValues, 2);
    const missing = captureWarnings(() => new DPStandardScaler({ publicSize: N, epsilon: 1, randomState: 1 }).fit(X));
    assert.deepEqual(missing.warnings.map((w) => w.code), ["seeded-noise", "bounds-from-data"]);
    const acc = new BudgetAccountant({ epsilon: 0.5 });
    assert.throws(() => new DPStandardScaler({ publicSize: N, epsilon: 1, bounds, accountant: acc }).fit(X), BudgetExceededError);
    assert.equal(acc.length, 0);
    assert.throws(() => new DPStandardScaler().fitInfo, NotFittedError);
    assert.throws(() => new DPStandardScaler({ publicSize: N, epsilon: 0 }).fit(X), InvalidInputError);
  });
});

describe("DP PCA (pure ε: Laplace-shaped noise on the upper triangle of XᵀX)", () => {
  test("noisyGram: L1 sensitivity (d + 1)R²/2, one ledger row, noise scale ≈ Δ₁/ε, symmetric", () => {
    const acc = new BudgetAccountant();
    const rows = Float64Array.of(1, 0, 0, 1, 0.6, 0.8);
    const { gram, sensitivity, mechanism } = noisyGram(rows, 3, 2, { epsilon: 1, dataNorm: 1, rng: createRandom(1), accountant: acc });
    assert.equal(sensitivity, 1.5);
    assert.equal(acc.length, 1);
    assert.equal(acc.rows()[0]!.sensitivity, 1.5);
    assert.equal(gram[0]![1], gram[1]![0]);
    assert.ok(mechanism.scale >= 1.5 && mechanism.scale < 1.5 * 1.003, `${mechanism.scale}`);
    const exact = noisyGram(rows, 3, 2, { epsilon: Infinity, dataNorm: 1, rng: createRandom(1), accountant: new BudgetAccountant() }).gram;
    assert.deepEqual(exact, [
      [1 + 0.36, 0.48],
      [0.48, 1 + 0.64],
    ]);
  });

  test("ledger: ε/2 to the mean (split over features) and ε/2 to XᵀX unless centred; exactly ε", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    const pca = new DPPCA({ publicSize: N, nComponents: 1, epsilon: 1, bounds, dataNorm: 60, randomState: 1, accountant: acc }).fit(X);
    assert.deepEqual(acc.rows().map((r) => r.label), ["PCA mean, feature 0", "PCA mean, feature 1", "PCA: XᵀX upper triangle"]);
    assert.equal(checkLedger(acc.rows(), 1).pass, true);
    assert.equal(pca.fitInfo.sensitivity, (3 * 60 * 60) / 2);
    // The mean step uses the add/remove-one noisyMean, like the scaler: (u − l)/(2n) per feature.
    assert.deepEqual(acc.rows().slice(0, 2).map((r) => r.sensitivity), [meanSensitivity(0, 10, X.length), meanSensitivity(0, 100, X.length)]);
    assert.equal(acc.total.epsilon, 1);
    const centred = new BudgetAccountant();
    new DPPCA({ publicSize: N, epsilon: 0.7, centered: true, dataNorm: 200, randomState: 1, accountant: centred }).fit(X);
    assert.deepEqual(centred.rows().map((r) => r.epsilon), [0.7]);
    assert.equal(DPPCAAlias, DPPCA);
  });

  test("ε = ∞ and a data norm that clips nothing: the non-private components and variances", () => {
    const exact = new PCA().fit(X);
    const free = new DPPCA({ publicSize: N, epsilon: Infinity, bounds, dataNorm: 1000, accountant: new BudgetAccountant() }).fit(X);
    free.components.forEach((c, i) => c.forEach((v, j) => assert.ok(close(v, exact.components[i]![j]!, 1e-9))));
    free.explainedVariance.forEach((v, i) => assert.ok(close(v, exact.explainedVariance[i]!, 1e-6 * exact.explainedVariance[0]!)));
  });

  test("at ε = 5 the first component is close to the non-private one; outputBounds hold the projections", () => {
    const exact = new PCA({ nComponents: 1 }).fit(X).components[0]!;
    const pca = new DPPCA({ publicSize: N, nComponents: 1, epsilon: 5, bounds, dataNorm: 60, randomState: 4 }).fit(X);
    const c = pca.components[0]!;
    assert.ok(Math.abs(c[0]! * exact[0]! + c[1]! * exact[1]!) > 0.99, `${c}`);
    const b = pca.outputBounds();
    assert.deepEqual(b, { lower: [-60], upper: [60] });
    const projected = pca.transform(X);
    const inside = projected.filter(([z]) => z! >= -60 && z! <= 60).length;
    assert.ok(inside >= 499, `${inside}`); // rows longer than dataNorm (after centring) may fall outside
    assert.equal(pca.nComponentsFitted, 1);
    // A share of variance keeps the fewest components that explain more than it.
    assert.equal(new DPPCA({ publicSize: N, nComponents: 0.9, epsilon: 5, bounds, dataNorm: 60, randomState: 4 }).fit(X).nComponentsFitted, 1);
  });

  test("warnings: data norm from the data, rows longer than dataNorm, missing bounds for the mean; bad settings", () => {
    const { warnings } = captureWarnings(() => new DPPCA({ publicSize: N, epsilon: 1, randomState: 1 }).fit(X));
    assert.deepEqual(warnings.map((w) => w.code).sort(), ["bounds-from-data", "data-norm-from-data", "seeded-noise"]);
    const clipped = captureWarnings(() => new DPPCA({ publicSize: N, epsilon: 1, centered: true, dataNorm: 10, randomState: 1 }).fit(X));
    assert.deepEqual(clipped.warnings.map((w) => w.code), ["seeded-noise"]); // rows scaled down: not warned
    assert.ok(clipped.result.exact.rowsClipped > 400);
    assert.throws(() => new DPPCA({ publicSize: N, nComponents: 3 }).fit(X), (e: unknown) => e instanceof InvalidInputError && e.code === "invalid-n-components");
    assert.throws(() => new DPPCA({ publicSize: N, dataNorm: -1 }).fit(X), (e: unknown) => e instanceof InvalidInputError && e.code === "invalid-data-norm");
  });
});

// EUGkM: the grid rule, the synopsis (one release, everything after it free), the private elbow, and the
// edge cases (empty synopsis, fewer cells than k, too many dimensions).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BudgetAccountant, createRandom } from "../../src/dp";
import { checkLedger } from "../../src/dp/testing";
import { eugkmSynopsis, privateElbow, eugkmGridSize, EUGkMSynopsis, DPKMeans } from "../../src/dp/models";
import { EUGKM_MAX_CELLS, buildSynopsis } from "../../src/dp/kmeans/index";
import { InvalidInputError, captureWarnings } from "../../src/errors";
import { fitKMeans, makeBlobs } from "../../src/cluster";
import { toMatrix, toRows } from "../../src/validate";

const { X: flat } = makeBlobs({ n: 2000, d: 2, k: 3, spread: 0.5, box: 3, seed: "eugkm" });
const X = toRows(flat.data, flat.n, flat.d);
const bounds = { lower: [-5, -5], upper: [5, 5] };

describe("EUGkM grid size m = max(1, ⌊(nε/θ)^(2/(2+d))⌋), θ = 10", () => {
  test("the Pokémon at ε = 1: a 10 × 10 grid; in 2-D it is UniformGrid's √(nε/10); 1-D and 6-D by hand", () => {
    assert.equal(eugkmGridSize(1025, 1, 2), 10);
    for (const [n, e] of [
      [1025, 0.2],
      [1025, 5],
      [100_000, 1],
      [1_000_000, 0.5],
    ]) {
      assert.equal(eugkmGridSize(n!, e!, 2), Math.floor(Math.sqrt((n! * e!) / 10)));
    }
    assert.equal(eugkmGridSize(1025, 1, 1), Math.floor(102.5 ** (2 / 3))); // 21
    assert.equal(eugkmGridSize(1025, 1, 6), 3); // 102.5^(1/4) = 3.18
    assert.equal(eugkmGridSize(5, 1, 2), 1); // tiny nε: one cell
    assert.equal(eugkmGridSize(100, 1, 2, 1), 10); // θ = 1
  });

  test("capped at EUGKM_MAX_CELLS cells; too many dimensions for a grid is an error pointing to DPLloyd", () => {
    const m = eugkmGridSize(1e9, Infinity, 3);
    assert.ok(m ** 3 <= EUGKM_MAX_CELLS && (m + 1) ** 3 > EUGKM_MAX_CELLS);
    assert.throws(
      () => eugkmGridSize(1_000_000, 1, 30),
      (e: unknown) => e instanceof InvalidInputError && e.code === "too-many-dimensions" && /dplloyd/.test(e.message),
    );
  });
});

describe("the synopsis: one release, then everything is free", () => {
  test("one ledger row for all m^d cells (parallel composition), exactly ε; fits, restarts and the elbow spend nothing", () => {
    const acc = new BudgetAccountant({ epsilon: 0.5 });
    const synopsis = eugkmSynopsis(X, { epsilon: 0.5, bounds, publicSize: X.length, randomState: 1, accountant: acc });
    assert.equal(acc.length, 1);
    assert.equal(checkLedger(acc.rows(), 0.5).pass, true);
    assert.equal(acc.rows()[0]!.sensitivity, 1);
    assert.equal(synopsis.gridSize, Math.floor(Math.sqrt(100)));
    assert.equal(synopsis.noisyCounts.length, 100);
    assert.ok(synopsis.noisyCounts.every(Number.isInteger));
    for (let k = 1; k <= 6; k++) synopsis.fit(k, { randomState: k });
    privateElbow(synopsis, [1, 2, 3, 4, 5]);
    assert.equal(acc.length, 1, "post-processing costs nothing");
    assert.equal(acc.remaining.epsilon, 0);
  });

  test("ε = ∞: the exact histogram; fit = weighted k-means of the cell centres with the counts as weights", () => {
    const synopsis = eugkmSynopsis(X, { epsilon: Infinity, bounds, gridSize: 8, accountant: new BudgetAccountant() });
    const total = synopsis.noisyCounts.reduce((a, b) => a + b, 0);
    assert.equal(total, 2000);
    const cells = synopsis.cells();
    const m = toMatrix(cells.map((c) => c.centre));
    const weights = Float64Array.from(cells.map((c) => c.weight));
    const direct = fitKMeans(m, { nClusters: 3, weights, random: createRandom("same"), nInit: 10 });
    const viaSynopsis = synopsis.fit(3, { randomState: "same" });
    assert.deepEqual(viaSynopsis.flat, direct.centres);
    // Cell centres: (i + ½)·width/m from the lower bound.
    assert.deepEqual(synopsis.cellCentre(0), [-5 + 10 / 16, -5 + 10 / 16]);
    assert.deepEqual(synopsis.cellCentre(9), [-5 + 1.5 * 1.25, -5 + 1.5 * 1.25]);
  });

  test("synopsis inertia = Σ weight·distance² over cells + the spread inside the cells; it falls with k (private elbow)", () => {
    const synopsis = eugkmSynopsis(X, { epsilon: 1, bounds, randomState: 2, accountant: new BudgetAccountant() });
    const centres = [[0, 0]];
    let direct = 0;
    let weight = 0;
    for (const c of synopsis.cells()) {
      direct += c.weight * (c.centre[0]! ** 2 + c.centre[1]! ** 2);
      weight += c.weight;
    }
    const h = 10 / synopsis.gridSize;
    assert.ok(Math.abs(synopsis.inertia(centres) - (direct + weight * 2 * (h * h) / 12)) < 1e-6);
    assert.equal(weight, synopsis.totalWeight);
    const curve = privateElbow(synopsis, [1, 2, 3, 4, 5, 6], { randomState: 3 });
    assert.deepEqual(curve.map((p) => p.k), [1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < curve.length; i++) assert.ok(curve[i]!.inertia <= curve[i - 1]!.inertia * 1.02, JSON.stringify(curve));
    // The elbow at the 3 blobs: the drop from 2 to 3 is much larger than from 3 to 4.
    assert.ok(curve[1]!.inertia - curve[2]!.inertia > 3 * (curve[2]!.inertia - curve[3]!.inertia));
    // Seeded: each k has its own stream, so a point does not depend on the other ks.
    assert.equal(privateElbow(synopsis, [3], { randomState: 3 })[0]!.inertia, curve[2]!.inertia);
  });

  test("a model fitted with EUGkM exposes its synopsis: the same centres for its k, any other k for free", () => {
    const acc = new BudgetAccountant();
    const km = new DPKMeans({ nClusters: 3, epsilon: 1, bounds, publicSize: X.length, randomState: 4, accountant: acc }).fit(X);
    assert.ok(km.synopsis instanceof EUGkMSynopsis);
    assert.equal(acc.length, 1);
    km.synopsis!.fit(5, { randomState: 1 });
    assert.equal(acc.length, 1);
  });
});

describe("EUGkM edge cases", () => {
  test("a synopsis with no positive count: uniform weights over the grid (no information), flagged empty", () => {
    const synopsis = new EUGkMSynopsis({
      epsilon: 0.01,
      gridSize: 3,
      size: 2,
      bounds: { lower: [0], upper: [3] },
      noisyCounts: Float64Array.of(0, -2, -1),
    });
    assert.equal(synopsis.empty, true);
    const fit = synopsis.fit(3, { randomState: 1 });
    assert.deepEqual(fit.centres.map((c) => c[0]).sort(), [0.5, 1.5, 2.5]);
  });

  test("fewer non-empty cells than k: the fit still returns k centres (some coincide)", () => {
    const synopsis = new EUGkMSynopsis({
      epsilon: 1,
      gridSize: 4,
      size: 10,
      bounds: { lower: [0], upper: [4] },
      noisyCounts: Float64Array.of(5, 0, 0, 0),
    });
    const fit = synopsis.fit(3, { randomState: 1 });
    assert.equal(fit.centres.length, 3);
    assert.ok(fit.centres.every((c) => c[0] === 0.5));
    // A one-cell grid (tiny nε) and k = 3.
    const one = buildSynopsis(toMatrix([[1], [2]]), {
      epsilon: 1,
      bounds: { lower: [0], upper: [4] },
      gridSize: eugkmGridSize(2, 1, 1),
      rng: createRandom(1),
      accountant: new BudgetAccountant(),
    });
    assert.equal(one.gridSize, 1);
    assert.equal(one.fit(2, { randomState: 1 }).centres.length, 2);
  });

  test("values outside the bounds fall in the edge cells, with no warning and no count on the synopsis; missing bounds are warned", () => {
    const { result, warnings } = captureWarnings(() =>
      eugkmSynopsis([[-100, 0], [0, 0], [100, 100]], { epsilon: Infinity, bounds, gridSize: 2, accountant: new BudgetAccountant() }),
    );
    assert.equal("clipped" in result, false);
    assert.equal("n" in result, false);
    assert.deepEqual(Array.from(result.noisyCounts), [0, 0, 1, 2]); // cell index = i₀ + 2·i₁
    assert.deepEqual(warnings.map((w) => w.code), ["no-privacy"]);
    const missing = captureWarnings(() => eugkmSynopsis(X, { epsilon: 1, randomState: 1, accountant: new BudgetAccountant() }));
    assert.deepEqual(missing.warnings.map((w) => w.code), ["seeded-noise", "bounds-from-data", "size-from-noisy-count"]);
  });
});

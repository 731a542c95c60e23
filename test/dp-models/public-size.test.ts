// What a DP model may know about the number of records (issue 16): a declared public size, or a noisy count
// on the receipt — never the exact n. And the settings a learner must be warned about: ε = ∞, a seed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BudgetAccountant, NOISY_SIZE_SHARE, createRandom } from "../../src/dp";
import { checkLedger } from "../../src/dp/testing";
import { DPKMeans, StandardScaler, PCA, privatePipeline, eugkmSynopsis } from "../../src/dp/models";
import { InvalidInputError, captureWarnings } from "../../src/errors";

const rows = (n: number) => Array.from({ length: n }, (_, i) => [(i * 7) % 10, (i * 3) % 10]);
const box = { lower: [0, 0], upper: [10, 10] };

describe("without publicSize: a stated share of ε buys a noisy count, on the receipt", () => {
  const fits: Array<[string, (acc: BudgetAccountant) => { ledger: readonly { label: string; epsilon: number }[]; size: { source: string; epsilon: number; value: number } }]> = [
    ["KMeans", (acc) => new DPKMeans({ nClusters: 3, epsilon: 1, bounds: box, randomState: 1, accountant: acc }).fit(rows(300)).fitInfo],
    ["StandardScaler", (acc) => new StandardScaler({ epsilon: 1, bounds: box, randomState: 1, accountant: acc }).fit(rows(300)).fitInfo],
    ["PCA", (acc) => new PCA({ epsilon: 1, bounds: box, dataNorm: 15, randomState: 1, accountant: acc }).fit(rows(300)).fitInfo],
  ];
  for (const [name, fit] of fits) {
    test(`${name}: first ledger row is the count at ${NOISY_SIZE_SHARE}ε, the total is still ε exactly, one warning says so`, () => {
      const acc = new BudgetAccountant({ epsilon: 1 });
      const { result, warnings } = captureWarnings(() => fit(acc));
      assert.match(result.ledger[0]!.label, /number of rows/);
      assert.ok(Math.abs(result.ledger[0]!.epsilon - NOISY_SIZE_SHARE) < 1e-15);
      assert.equal(checkLedger(acc.rows(), 1).pass, true);
      assert.equal(result.size.source, "noisy-count");
      assert.notEqual(result.size.value, 300, "seed 1 draws a non-zero noise here: the size used is not the exact n");
      assert.equal(warnings.filter((w) => w.code === "size-from-noisy-count").length, 1);
      assert.ok(!warnings.some((w) => /\b300\b/.test(w.message)), "no warning names the exact n");
    });
  }

  test("the pipeline counts once and hands the noisy size to every step", () => {
    const run = captureWarnings(() => privatePipeline(rows(300), { epsilon: 1, bounds: box, nComponents: 1, randomState: 2 })).result;
    assert.equal(run.ledger.filter((r) => /number of rows/.test(r.label)).length, 1);
    assert.equal(run.size.source, "noisy-count");
    assert.equal(run.scaler.fitInfo.size.value, run.size.value);
    assert.equal(run.kmeans.fitInfo.size.value, run.size.value);
    // Each step labels the size as released by the pipeline (its first ledger row), charging nothing itself.
    for (const step of [run.scaler, run.pca!, run.kmeans]) {
      assert.deepEqual(step.fitInfo.size, { value: run.size.value, source: "released-earlier", epsilon: 0 });
    }
    // With a declared size the steps say "public"; a learner can pass a released size on in the same way.
    const declared = privatePipeline(rows(300), { epsilon: 1, bounds: box, publicSize: 300, nComponents: 1, randomState: 2 });
    for (const step of [declared.scaler, declared.pca!, declared.kmeans]) {
      assert.deepEqual(step.fitInfo.size, { value: 300, source: "public", epsilon: 0 });
    }
    const reuse = new DPKMeans({ nClusters: 3, epsilon: 1, bounds: box, publicSize: run.size, randomState: 1 }).fit(rows(300));
    assert.deepEqual(reuse.fitInfo.size, { value: run.size.value, source: "released-earlier", epsilon: 0 });
    assert.equal(checkLedger(run.ledger, 1).pass, true);
  });

  test("broken variant caught: a model that declared len(X) as its size gets T from the exact n", () => {
    // n = 1,580 → T = 2, 1,581 → T = 3 at ε = 1, d = 2, k = 3: with the size read off the data the number of
    // ledger rows tells the two datasets apart; with a declared size it cannot.
    const X = Array.from({ length: 1581 }, (_, i) => [(i * 7) % 10, (i * 3) % 10]);
    const rowsOf = (data: number[][], publicSize: number) =>
      captureWarnings(() => new DPKMeans({ nClusters: 3, epsilon: 1, bounds: box, method: "dplloyd", publicSize, randomState: 1 }).fit(data)).result
        .fitInfo.ledger.length;
    assert.notEqual(rowsOf(X.slice(0, 1580), 1580), rowsOf(X, 1581), "exact n: 6 vs 9 rows");
    assert.equal(rowsOf(X.slice(0, 1580), 1580), rowsOf(X, 1580), "declared size: the same rows");
  });
});

describe("settings the learner is warned about", () => {
  test("ε = ∞ warns that the result is not private; a seeded fit warns too; an unseeded one does not", () => {
    const inf = captureWarnings(() => new DPKMeans({ nClusters: 2, epsilon: Infinity, bounds: box, publicSize: 50, accountant: new BudgetAccountant() }).fit(rows(50)));
    assert.deepEqual(inf.warnings.map((w) => w.code), ["no-privacy"]);
    assert.match(inf.warnings[0]!.message, /NOT differentially private/);
    const seeded = captureWarnings(() => new DPKMeans({ nClusters: 2, epsilon: 1, bounds: box, publicSize: 50, randomState: 3 }).fit(rows(50)));
    assert.deepEqual(seeded.warnings.map((w) => w.code), ["seeded-noise"]);
    const secure = captureWarnings(() => new DPKMeans({ nClusters: 2, epsilon: 1, bounds: box, publicSize: 50 }).fit(rows(50)));
    assert.deepEqual(secure.warnings, []);
    const synopsis = captureWarnings(() => eugkmSynopsis(rows(50), { epsilon: 1, bounds: box, publicSize: 50, randomState: 1 }));
    assert.deepEqual(synopsis.warnings.map((w) => w.code), ["seeded-noise"]);
  });

  test("seeds must be whole numbers or non-empty strings: NaN and Infinity no longer share one stream", () => {
    for (const bad of [NaN, Infinity, -Infinity, 0.5, ""]) {
      assert.throws(() => createRandom(bad), (e: unknown) => e instanceof InvalidInputError && e.code === "invalid-seed", String(bad));
    }
    assert.equal(createRandom(7).uint32(), createRandom("7").uint32());
  });
});

// Limits on work (issue 24, Build 5): every iteration count, restart count, grid size, number of clusters
// and sweep length has a ceiling in src/limits.ts, refused with a typed error before anything is computed
// or charged. Before: `maxIter: 1e9` on DPLloyd ended the process ("JavaScript heap out of memory").
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BudgetAccountant, DPKMeans, dpElbow, epsilonSweep, eugkmSynopsis } from "../../src/dp/models";
import { KMeans } from "../../src/cluster/kmeans";
import { InvalidInputError, captureWarnings } from "../../src/errors";
import { MAX_CLUSTERS, MAX_GRID_CELLS, MAX_ITERATIONS, MAX_RESTARTS, MAX_SWEEP_FITS } from "../../src/limits";

const BOX = { lower: [0, 0], upper: [10, 10] };
const X = Array.from({ length: 60 }, (_, i) => [(i * 7) % 10 + 0.5, (i * 3) % 10 + 0.5]);

/** `fn` must throw `limit-exceeded` naming the ceiling, quickly, with nothing charged to `acc`. */
function refusesFast(fn: () => unknown, ceiling: number, acc?: BudgetAccountant): void {
  const start = process.hrtime.bigint();
  assert.throws(
    fn,
    (e: unknown) => e instanceof InvalidInputError && e.code === "limit-exceeded" && e.message.includes(String(ceiling)),
  );
  // Not a speed assertion: a refusal that ran the work first would take minutes or end the process.
  assert.ok(process.hrtime.bigint() - start < 5_000_000_000n, "refused before running the work");
  if (acc) assert.equal(acc.length, 0, "nothing charged");
}

describe("DP KMeans: iterations, restarts and clusters have ceilings", () => {
  for (const method of ["dplloyd", "hybrid", "eugkm", "auto"] as const) {
    test(`${method}: maxIter 1e9 and nInit 1e9 are refused before any spend`, () => {
      const acc = new BudgetAccountant({ epsilon: 1 });
      const make = (o: object) => new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, method, randomState: 1, accountant: acc, ...o });
      refusesFast(() => make({ maxIter: 1e9 }).fit(X), MAX_ITERATIONS, acc);
      refusesFast(() => make({ maxIter: MAX_ITERATIONS + 1 }).fit(X), MAX_ITERATIONS, acc);
      refusesFast(() => make({ nInit: 1e9 }).fit(X), MAX_RESTARTS, acc);
      refusesFast(() => make({ nClusters: 1e9 }).fit(X), MAX_CLUSTERS, acc);
    });
  }

  test("DPLloyd at the ceiling runs to the end: 1000 noisy iterations, 3000 ledger rows, ε exactly 1", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    const km = captureWarnings(() =>
      new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, method: "dplloyd", maxIter: MAX_ITERATIONS, publicSize: 60, randomState: 1, accountant: acc }).fit(X),
    ).result;
    assert.equal(km.fitInfo.iterations, MAX_ITERATIONS);
    assert.equal(acc.length, MAX_ITERATIONS * 3);
  });

  test("the non-private model refuses a huge k by the same ceiling, before comparing it with n", () => {
    refusesFast(() => new KMeans({ nClusters: 1e9 }).fit(X), MAX_CLUSTERS);
  });
});

describe("EUGkM: grid cells, synopsis fits", () => {
  test("a gridSize whose m^d passes 2^22 cells is refused before any spend", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    refusesFast(() => eugkmSynopsis(X, { epsilon: 1, bounds: BOX, gridSize: 10_000, randomState: 1, accountant: acc }), MAX_GRID_CELLS, acc);
    // 2048² = 2^22 is the largest square grid allowed.
    captureWarnings(() => eugkmSynopsis(X, { epsilon: 1, bounds: BOX, gridSize: 2048, randomState: 1, accountant: acc }));
    assert.equal(acc.length, 1);
  });

  test("a huge declared size does not make a huge grid: the rule is capped at 2^22 cells", () => {
    const s = captureWarnings(() => eugkmSynopsis(X, { epsilon: 1000, bounds: BOX, publicSize: 2 ** 50, randomState: 1 })).result;
    assert.ok(s.gridSize ** 2 <= MAX_GRID_CELLS);
  });

  test("synopsis.fit refuses maxIter and nInit above their ceilings", () => {
    const s = captureWarnings(() => eugkmSynopsis(X, { epsilon: 1, bounds: BOX, publicSize: 60, randomState: 1 })).result;
    refusesFast(() => s.fit(3, { maxIter: 1e9 }), MAX_ITERATIONS);
    refusesFast(() => s.fit(3, { nInit: 1e9 }), MAX_RESTARTS);    refusesFast(() => s.elbow(Array.from({ length: MAX_SWEEP_FITS + 1 }, () => 1)), MAX_SWEEP_FITS);
  });
});

describe("sweeps: at most 10,000 fits", () => {
  test("epsilonSweep refuses more fits than the ceiling before fitting anything", () => {
    refusesFast(
      () => epsilonSweep({ X, bounds: BOX, k: 3, epsilons: [0.5, 1], seeds: MAX_SWEEP_FITS, methods: ["eugkm"], publicSize: 60 }),
      MAX_SWEEP_FITS,
    );
  });
  test("dpElbow refuses more fits than the ceiling before any spend; a seed count above it too", () => {
    const acc = new BudgetAccountant();
    refusesFast(() => dpElbow(X, [1, 2, 3], { bounds: BOX, seeds: 5000, publicSize: 60, accountant: acc }), MAX_SWEEP_FITS, acc);
    refusesFast(() => dpElbow(X, [1], { bounds: BOX, seeds: 1e9, publicSize: 60, accountant: acc }), MAX_SWEEP_FITS, acc);
  });
});

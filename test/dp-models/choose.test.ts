// chooseMethod: the DP k-means algorithm from public numbers only (ε, size, d, k).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DPKMeans } from "../../src/dp/models";
import { BudgetAccountant } from "../../src/dp";
import { InvalidInputError, captureWarnings } from "../../src/errors";
import {
  CHOOSE_THETA,
  EUGKM_CELL_BUDGET,
  chooseMethod,
  type ChooseInput,
} from "../../src/dp/kmeans/choose";

const POKEMON = 1025;

test("d = 1 and 2 on Pokémon-sized data: EUGkM with Su et al.'s grid", () => {
  for (const epsilon of [0.1, 0.2, 0.5, 1, 2, 5]) {
    for (const d of [1, 2]) {
      const c = chooseMethod({ epsilon, size: POKEMON, d, k: 3 });
      assert.equal(c.method, "eugkm", `ε = ${epsilon}, d = ${d}: ${c.reason}`);
      const rule = Math.floor(((POKEMON * epsilon) / CHOOSE_THETA) ** (2 / (2 + d)));
      assert.equal(c.gridSize, rule);
    }
  }
  assert.equal(chooseMethod({ epsilon: 1, size: POKEMON, d: 2, k: 3 }).gridSize, 10); // EUGkM's own 10 × 10
});

test("d = 6 and 10: never EUGkM, whether the grid would exceed the budget (10⁶ points) or be too coarse (10³)", () => {
  for (const d of [6, 10]) {
    for (const size of [POKEMON, 10_000, 1_000_000]) {
      for (const epsilon of [0.1, 1, 5]) {
        const c = chooseMethod({ epsilon, size, d, k: 3 });
        assert.notEqual(c.method, "eugkm", `d = ${d}, n = ${size}, ε = ${epsilon}: ${c.reason}`);
      }
    }
  }
  // At 10⁶ points Su et al.'s grid would have 17^6 ≈ 24 M cells at d = 6: over the budget.
  assert.ok(17 ** 6 > EUGKM_CELL_BUDGET);
});

test("the cell budget is never exceeded, at any size, ε, d", () => {
  for (const d of [1, 2, 3, 4, 5, 6, 8, 10, 20]) {
    for (const size of [10, 1025, 1e5, 1e6, 1e9]) {
      for (const epsilon of [0.01, 1, 100, Infinity]) {
        const c = chooseMethod({ epsilon, size, d, k: 3 });
        if (c.method === "dplloyd") assert.equal(c.gridSize, undefined);
        else {
          assert.ok(Number.isInteger(c.gridSize) && c.gridSize! >= 2, `${JSON.stringify(c)}`);
          assert.ok(c.gridSize! ** d <= EUGKM_CELL_BUDGET, `d = ${d}, n = ${size}, ε = ${epsilon}: ${c.gridSize}^${d}`);
        }
        assert.ok(c.reason.length > 20);
      }
    }
  }
  // d = 2 at 10⁷ points, ε = 1: the rule asks for 1,000 × 1,000; the capped 256 × 256 grid is still EUGkM.
  const big = chooseMethod({ epsilon: 1, size: 1e7, d: 2, k: 3 });
  assert.deepEqual([big.method, big.gridSize], ["eugkm", 256]);
});

test("too little n·ε for any grid: DPLloyd", () => {
  const c = chooseMethod({ epsilon: 0.01, size: 100, d: 2, k: 3 });
  assert.equal(c.method, "dplloyd");
});

test("deterministic: the same arguments give the same choice, whatever happened before", () => {
  const input: ChooseInput = { epsilon: 0.5, size: 50_000, d: 4, k: 5 };
  const first = chooseMethod(input);
  for (let i = 0; i < 5; i++) chooseMethod({ epsilon: Math.random() * 3 + 0.01, size: 1 + i * 1e5, d: 1 + i, k: 2 });
  assert.deepEqual(chooseMethod({ ...input }), first);
});

test("it reads nothing but its four arguments (no data, no clock, no randomness, no environment)", () => {
  const read: string[] = [];
  const input = new Proxy(
    { epsilon: 1, size: 1_000_000, d: 6, k: 3, data: [[1, 2]] },
    {
      get(target, key, receiver) {
        read.push(String(key));
        return Reflect.get(target, key, receiver);
      },
    },
  );
  chooseMethod(input as unknown as ChooseInput);
  assert.deepEqual([...new Set(read)].sort(), ["d", "epsilon", "k", "size"]);
  // And the module itself: its only import is the error type; no clock, randomness, I/O or globals.
  const source = readFileSync(join(__dirname, "../../src/dp/kmeans/choose.ts"), "utf8");
  const imports = [...source.matchAll(/^import .* from "(.*)";$/gm)].map((m) => m[1]);
  assert.deepEqual(imports, ["../../errors"]);
  for (const banned of ["Math.random", "Date", "performance", "process", "crypto", "require(", "globalThis"]) {
    assert.equal(source.includes(banned), false, `choose.ts mentions ${banned}`);
  }
});

test("bad arguments get a clear typed error", () => {
  const good = { epsilon: 1, size: 1000, d: 2, k: 3 };
  for (const bad of [
    { ...good, epsilon: 0 },
    { ...good, epsilon: -1 },
    { ...good, epsilon: Number.NaN },
    { ...good, size: 0 },
    { ...good, size: Infinity },
    { ...good, d: 0 },
    { ...good, d: 2.5 },
    { ...good, k: 0 },
    { ...good, k: "3" },
    { epsilon: 1, d: 2, k: 3 },
  ]) {
    assert.throws(() => chooseMethod(bad as unknown as ChooseInput), InvalidInputError, JSON.stringify(bad));
  }
  assert.throws(() => chooseMethod(undefined as unknown as ChooseInput), /epsilon, size, d, k/);
  assert.throws(() => chooseMethod({ ...good, size: -5 }), /size must be/);
});

describe("DPKMeans method \"auto\" (the default) follows chooseMethod on public numbers only", () => {
  const blobsOf = (d: number, n: number) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => ((i * 7 + j * 3) % 10) + (i % 3) * 10));
  for (const [d, expected] of [
    [1, "eugkm"],
    [2, "eugkm"],
    [6, "hybrid"],
  ] as const) {
    test(`d = ${d}: ${expected}, named in fitInfo with the reason`, () => {
      const X = blobsOf(d, 2000);
      const km = new DPKMeans({
        nClusters: 3,
        epsilon: 1,
        bounds: { lower: new Array<number>(d).fill(0), upper: new Array<number>(d).fill(40) },
        publicSize: 2000,
        randomState: 1,
        accountant: new BudgetAccountant(),
      });
      captureWarnings(() => km.fit(X));
      assert.equal(km.method, "auto");
      assert.equal(km.fitInfo.method, chooseMethod({ epsilon: 1, size: 2000, d, k: 3 }).method);
      assert.equal(km.fitInfo.method, expected);
      assert.match(km.fitInfo.choice ?? "", /feature/);
    });
  }
  test("a forced method records no choice", () => {
    const km = new DPKMeans({ nClusters: 2, epsilon: 1, bounds: [0, 40], method: "dplloyd", publicSize: 100, randomState: 1 });
    captureWarnings(() => km.fit(blobsOf(2, 100)));
    assert.equal(km.fitInfo.method, "dplloyd");
    assert.equal(km.fitInfo.choice, undefined);
  });
});

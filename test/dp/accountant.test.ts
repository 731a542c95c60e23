import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BudgetAccountant,
  createRandom,
  getDefaultAccountant,
  noisyCount,
  splitEpsilon,
  splitEvenly,
  withAccountant,
} from "../../src/dp";
import { BudgetExceededError } from "../../src/errors";
import { toScaled } from "../../src/dp/exact";
import { checkLedger, composedRelease } from "../../src/dp/testing";

const data = [
  [1, 10],
  [2, 20],
  [3, 30],
  [8, 80],
  [9, 95],
];
const labels = [0, 0, 0, 1, 1];

describe("ledger: the ε handed to every mechanism call adds up exactly to the declared ε", () => {
  for (const [epsilon, iterations] of [
    [1, 3],
    [0.2, 7],
    [Math.log(3), 2],
    [0.1, 5],
  ] as const) {
    test(`DPLloyd-shaped release, ε = ${epsilon}, T = ${iterations}, d = 2: exact sum equals ε`, () => {
      const acc = new BudgetAccountant({ epsilon });
      composedRelease(data, labels, 3, {
        epsilon,
        iterations,
        lower: [0, 0],
        upper: [10, 100],
        rng: createRandom(1),
        accountant: acc,
        split: "intended",
      });
      const rows = acc.rows();
      assert.equal(rows.length, iterations * 3); // counts + 2 features per iteration
      assert.equal(checkLedger(rows, epsilon).pass, true);
      // Within one split even a plain float sum is exact; across nested splits only the exact sum is.
      assert.equal(rows.slice(0, 3).reduce((s, r) => s + r.epsilon, 0), splitEvenly(epsilon, iterations)[0]);
      assert.equal(acc.total.epsilon, epsilon);
      assert.equal(acc.remaining.epsilon, 0);
      // Each row names its sensitivity: 1 for counts, max(|l|, |u|) for sums.
      assert.deepEqual(
        rows.slice(0, 3).map((r) => r.sensitivity),
        [1, 10, 100],
      );
    });
  }

  test("broken variant: diffprivlib's swapped split hands the mechanisms 0.905ε at d = 2 and the ledger test fails", () => {
    const acc = new BudgetAccountant(); // unlimited, to see what the mechanisms were given
    composedRelease(data, labels, 3, {
      epsilon: 1,
      iterations: 2,
      lower: [0, 0],
      upper: [10, 100],
      rng: createRandom(1),
      accountant: acc,
      split: "swapped",
    });
    const check = checkLedger(acc.rows(), 1);
    assert.equal(check.pass, false);
    assert.ok(Math.abs(check.total - 0.905) < 0.001, `total ${check.total}`);
  });

  test("broken variant at d = 6 overspends (1.05ε), and a budgeted accountant refuses it", () => {
    const wide = data.map((row) => [...row, ...row, ...row]);
    const bounds = { lower: new Array<number>(6).fill(0), upper: new Array<number>(6).fill(100) };
    const acc = new BudgetAccountant({ epsilon: 1 });
    assert.throws(
      () =>
        composedRelease(wide, labels, 3, {
          epsilon: 1,
          iterations: 2,
          ...bounds,
          rng: createRandom(1),
          accountant: acc,
          split: "swapped",
        }),
      BudgetExceededError,
    );
  });
});

describe("splitEpsilon", () => {
  test("parts are proportional to the weights and sum exactly to ε (exact and plain float sums)", () => {
    const rng = createRandom("split");
    for (let trial = 0; trial < 300; trial++) {
      const epsilon = 10 ** (rng.uniform() * 6 - 4);
      const weights = Array.from({ length: 1 + Math.floor(rng.uniform() * 12) }, () => 0.01 + rng.uniform() * 5);
      const parts = splitEpsilon(epsilon, weights);
      const exact = parts.reduce((s, p) => s + toScaled(p), BigInt(0));
      assert.equal(exact, toScaled(epsilon));
      assert.equal(parts.reduce((s, p) => s + p, 0), epsilon);
      assert.equal(parts.slice().reverse().reduce((s, p) => s + p, 0), epsilon);
      const totalWeight = weights.reduce((a, b) => a + b, 0);
      parts.forEach((p, i) => {
        const intended = (epsilon * weights[i]!) / totalWeight;
        assert.ok(Math.abs(p - intended) <= intended * 1e-12, `${p} vs ${intended}`);
      });
    }
  });

  test("splitEvenly(1, 3) gives three near-thirds summing to exactly 1; Infinity splits into Infinity", () => {
    const parts = splitEvenly(1, 3);
    assert.equal(parts[0]! + parts[1]! + parts[2]!, 1);
    assert.ok(parts.every((p) => Math.abs(p - 1 / 3) < 1e-15));
    assert.deepEqual(splitEvenly(Infinity, 2), [Infinity, Infinity]);
  });
});

describe("BudgetAccountant", () => {
  test("check refuses an overspend before anything is spent, naming ask, remainder and fix", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    acc.spend({ label: "first", epsilon: 0.7, mechanism: "test" });
    assert.throws(
      () => acc.check(0.5, 0, "second look"),
      (e: unknown) => {
        assert.ok(e instanceof BudgetExceededError);
        assert.equal(e.code, "budget-exceeded");
        assert.match(e.message, /"second look" needs ε = 0\.5/);
        assert.match(e.message, /only ε = 0\.3 left of its budget ε = 1/);
        assert.match(e.message, /Fix: ask for at most ε = 0\.3/);
        return true;
      },
    );
    assert.equal(acc.length, 1);
  });

  test("with nothing left, the refusal says the budget is spent instead of 'ask for at most ε = 0'", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    acc.spend({ label: "all of it", epsilon: 1, mechanism: "test" });
    assert.throws(
      () => acc.check(0.5, 0, "one more"),
      (e: unknown) => {
        assert.ok(e instanceof BudgetExceededError);
        assert.match(e.message, /"one more" needs ε = 0\.5 but the accountant has only ε = 0 left of its budget ε = 1/);
        assert.match(e.message, /The budget is spent: this accountant can release nothing more\./);
        assert.match(e.message, /new BudgetAccountant\(\{ epsilon \}\)/);
        assert.doesNotMatch(e.message, /at most ε = 0\b/);
        return true;
      },
    );
  });

  test("a refused spend records nothing; a batch is all or nothing", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    acc.spend({ epsilon: 0.6 });
    assert.throws(() => acc.spend({ epsilon: 0.5 }), BudgetExceededError);
    assert.throws(() => acc.spendAll([{ epsilon: 0.2 }, { epsilon: 0.3 }]), BudgetExceededError);
    assert.equal(acc.length, 1);
    acc.spendAll([{ epsilon: 0.2 }, { epsilon: 0.2 }]);
    assert.equal(acc.length, 3);
    assert.equal(acc.total.epsilon, 1);
  });

  test("mechanisms charge before drawing noise: an over-budget release throws and draws nothing", () => {
    const acc = new BudgetAccountant({ epsilon: 0.1 });
    let draws = 0;
    const base = createRandom(1);
    const counting = { ...base, uint32: () => (draws++, base.uint32()), uniform: () => base.uniform() };
    assert.throws(() => noisyCount(5, { epsilon: 0.2, accountant: acc, rng: counting }), BudgetExceededError);
    assert.equal(draws, 0);
    assert.equal(acc.length, 0);
  });

  test("round-off within the tolerance is allowed; beyond it is not", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    for (let i = 0; i < 10; i++) acc.spend({ epsilon: 0.1 }); // float 0.1 × 10 exceeds 1 by ~1e-16
    assert.ok(acc.total.epsilon > 1 - 1e-15);
    assert.throws(() => acc.spend({ epsilon: 1e-9 }), BudgetExceededError);
    // As exact doubles 0.1 + 0.2 = 0.3000000000000000166… > 0.3 = 0.2999999999999999888…
    const strict = new BudgetAccountant({ epsilon: 0.3, tolerance: 0 });
    strict.spend({ epsilon: 0.1 });
    assert.throws(
      () => strict.spend({ epsilon: 0.2 }),
      (e: unknown) => e instanceof BudgetExceededError && /round-off/.test(e.message) && /splitEpsilon/.test(e.message),
    );
    const lenient = new BudgetAccountant({ epsilon: 0.3 });
    lenient.spend({ epsilon: 0.1 });
    lenient.spend({ epsilon: 0.2 });
    assert.equal(lenient.length, 2);
  });

  test("δ adds up too; a pure-ε budget refuses any δ", () => {
    const acc = new BudgetAccountant({ epsilon: 1, delta: 1e-6 });
    acc.spend({ epsilon: 0.1, delta: 4e-7 });
    acc.spend({ epsilon: 0.1, delta: 6e-7 });
    assert.equal(acc.total.delta, 1e-6);
    assert.throws(() => acc.check(0.1, 1e-7), BudgetExceededError);
    assert.throws(() => new BudgetAccountant({ epsilon: 1 }).check(0.1, 1e-9), BudgetExceededError);
  });

  test("an unlimited accountant keeps the ledger; Infinity spends make the total infinite", () => {
    const acc = new BudgetAccountant();
    assert.equal(acc.epsilon, Infinity);
    acc.spend({ epsilon: 5 });
    assert.equal(acc.remaining.epsilon, Infinity);
    acc.spend({ epsilon: Infinity, label: "exact answer" });
    assert.equal(acc.total.epsilon, Infinity);
    assert.throws(() => new BudgetAccountant({ epsilon: 10 }).check(Infinity), BudgetExceededError);
  });

  test("rows() is a copy and toTable() is the ε receipt with total, budget and remaining", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    noisyCount(10, { epsilon: 0.25, accountant: acc, rng: createRandom(1), label: "how many" });
    const rows = acc.rows();
    rows.pop();
    assert.equal(acc.rows().length, 1);
    const table = acc.toTable();
    assert.match(table, /#\s+what\s+mechanism\s+sensitivity\s+ε\s+δ/);
    assert.match(table, /1\s+how many\s+discrete Laplace\s+1\s+0\.25\s+0/);
    assert.match(table, /total\s+0\.25/);
    assert.match(table, /budget\s+1/);
    assert.match(table, /remaining\s+0\.75/);
    const big = new BudgetAccountant();
    big.spend({ epsilon: 1000, label: "large" });
    big.spend({ epsilon: 1e-6, label: "tiny" });
    assert.match(big.toTable(), /large\s+unspecified\s+1000\s+0/);
    assert.match(big.toTable(), /tiny\s+unspecified\s+1e-6\s+0/);
  });
});

describe("default accountant", () => {
  test("the global default is unlimited", () => {
    assert.equal(getDefaultAccountant().epsilon, Infinity);
  });

  test("withAccountant charges releases in the block to the given accountant and restores the default", () => {
    const before = getDefaultAccountant();
    const acc = new BudgetAccountant({ epsilon: 1 });
    withAccountant(acc, () => {
      assert.equal(getDefaultAccountant(), acc);
      noisyCount(3, { epsilon: 0.5, rng: createRandom(1) });
    });
    assert.equal(acc.length, 1);
    assert.equal(getDefaultAccountant(), before);
    assert.throws(() =>
      withAccountant(acc, () => {
        noisyCount(3, { epsilon: 0.75, rng: createRandom(1) });
      }),
    );
    assert.equal(getDefaultAccountant(), before, "restored after a throw too");
  });
});

test("a release that needs δ from a pure ε-DP accountant is told that δ, not ε, is the problem", () => {
  const acc = new BudgetAccountant({ epsilon: 2 });
  assert.throws(
    () => acc.spend({ label: "Gaussian", epsilon: 0.5, delta: 1e-6 }),
    (e: unknown) => e instanceof BudgetExceededError && /δ that does not fit/.test(e.message) && !/ask for at most ε/.test(e.message),
  );
});

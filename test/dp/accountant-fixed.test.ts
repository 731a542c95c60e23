// A budget is fixed when the accountant is made (issue 24, Build 2). Ported from diffprivlib's
// tests/test_BudgetAccountant.py: `test_change_budget`, `test_change_spent_budget` and
// `test_change_large_slack` (diffprivlib's slack is our `tolerance`; its AttributeError is the TypeError
// JavaScript throws when strict code assigns to or deletes a read-only property). Each test also runs the
// issue's attack and checks the receipt still tells the truth.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inspect } from "node:util";
import { BudgetAccountant } from "../../src/dp";
import { BudgetExceededError } from "../../src/errors";

/** diffprivlib's `BudgetAccountant(1, 0, spent_budget=[(0.5, 0), (0.5, 0)])`. */
function spentAccountant(): BudgetAccountant {
  const acc = new BudgetAccountant({ epsilon: 1, delta: 0 });
  acc.spend({ epsilon: 0.5, label: "first" });
  acc.spend({ epsilon: 0.5, label: "second" });
  return acc;
}

/** Assign or delete through an untyped view, as a learner's cell (or plain JavaScript) could. */
const loose = (acc: BudgetAccountant) => acc as unknown as Record<string, unknown>;

describe("diffprivlib's test_change_budget, ported: ε and δ cannot be changed after construction", () => {
  test("acc.epsilon = 2, delete acc.epsilon, acc.delta = 0.1, delete acc.delta all throw", () => {
    const acc = spentAccountant();
    assert.throws(() => (loose(acc).epsilon = 2), TypeError);
    assert.throws(() => delete loose(acc).epsilon, TypeError);
    assert.throws(() => (loose(acc).delta = 0.1), TypeError);
    assert.throws(() => delete loose(acc).delta, TypeError);
    assert.equal(acc.epsilon, 1);
    assert.equal(acc.delta, 0);
  });

  test("test_get_budget: the budget reads back as given", () => {
    const acc = spentAccountant();
    assert.equal(acc.epsilon, 1);
    assert.equal(acc.delta, 0);
  });

  test("the issue's attack: after spending 1 of 1, raising ε fails and the next spend is refused", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    acc.spend({ epsilon: 1, label: "all of it" });
    assert.throws(() => (loose(acc).epsilon = 2), TypeError);
    assert.throws(() => acc.spend({ epsilon: 1, label: "more" }), BudgetExceededError);
    assert.match(acc.toTable(), /budget\s+1\s+0/);
  });

  test("Object.defineProperty cannot redefine the budget either", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    assert.throws(() => Object.defineProperty(acc, "epsilon", { value: 2 }), TypeError);
    assert.throws(() => Object.setPrototypeOf(acc, null), TypeError);
  });
});

describe("diffprivlib's test_change_large_slack, ported: the tolerance is fixed too", () => {
  test("acc.tolerance = 10 throws, and the total cannot pass the budget by round-off slack", () => {
    const acc = new BudgetAccountant({ epsilon: 5 });
    acc.spend({ epsilon: 3 });
    assert.throws(() => (loose(acc).tolerance = 10), TypeError);
    assert.throws(() => acc.spend({ epsilon: 3.5 }), BudgetExceededError);
    assert.equal(acc.total.epsilon, 3);
  });
});

describe("diffprivlib's test_change_spent_budget, ported: the totals change only by charging", () => {
  test("the ledger cannot be replaced, reset or edited from outside", () => {
    const acc = spentAccountant();
    // What used to work on TypeScript-private fields (ordinary properties): all refused now.
    assert.throws(() => (loose(acc).ledger = []), TypeError);
    assert.throws(() => (loose(acc).spentEpsilonScaled = 0n), TypeError);
    assert.throws(() => (loose(acc).total = { epsilon: 0, delta: 0 }), TypeError);
    // A copy of the rows can be changed; the accountant's rows and totals do not move.
    const rows = acc.rows();
    rows.push({ index: 3, label: "forged", mechanism: "none", sensitivity: undefined, epsilon: 1, delta: 0 });
    rows.length = 0;
    assert.equal(acc.length, 2);
    assert.throws(() => ((acc.rows()[0] as { epsilon: number }).epsilon = 0), TypeError, "rows are frozen");
    assert.deepEqual(acc.total, { epsilon: 1, delta: 0 });
    assert.throws(() => acc.check(0.1), BudgetExceededError);
  });

  test("charging is the one way the totals move", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    assert.deepEqual(acc.total, { epsilon: 0, delta: 0 });
    acc.spend({ epsilon: 0.25 });
    acc.spendAll([{ epsilon: 0.25 }, { epsilon: 0.25 }]);
    assert.deepEqual(acc.total, { epsilon: 0.75, delta: 0 });
    assert.equal(acc.length, 3);
  });

  test("printing or serialising the accountant shows the budget and the ledger, and changes nothing", () => {
    const acc = spentAccountant();
    assert.match(inspect(acc), /BudgetAccountant \{\s+epsilon: 1,\s+delta: 0,.*releases: 2/s);
    const json = JSON.parse(JSON.stringify(acc)) as { epsilon: number; ledger: unknown[]; total: { epsilon: number } };
    assert.equal(json.epsilon, 1);
    assert.equal(json.ledger.length, 2);
    assert.equal(json.total.epsilon, 1);
    const copy = { ...acc, epsilon: 2 };
    assert.equal(copy.epsilon, 2);
    assert.equal(acc.epsilon, 1, "a spread is a copy: the accountant's budget is unchanged");
  });
});

test("broken variant: an accountant whose fields are ordinary properties lets the budget be raised", () => {
  // What the accountant was before: TypeScript `readonly` is a compile-time word.
  class Editable {
    readonly epsilon: number = 1;
  }
  const acc = new Editable();
  (acc as { epsilon: number }).epsilon = 2;
  assert.equal(acc.epsilon, 2, "the ported test would fail on this class: nothing throws");
});

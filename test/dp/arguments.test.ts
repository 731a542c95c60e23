// One test per argument check: each asserts the error's class, code and the words of its message
// that name the problem and the fix.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BudgetAccountant,
  ClampedSumMechanism,
  DiscreteLaplaceMechanism,
  GridLaplaceMechanism,
  createRandom,
  noisyClampedSum,
  noisyCount,
  noisyGroupCounts,
  noisyGroupSums,
  noisyMean,
  setDefaultAccountant,
  splitEpsilon,
  splitEvenly,
  type RandomSource,
} from "../../src/dp";
import { InvalidInputError } from "../../src/errors";

function rejects(fn: () => unknown, code: string, ...fragments: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `expected InvalidInputError, got ${String(error)}`);
    assert.equal(error.code, code);
    for (const fragment of fragments) assert.match(error.message, fragment);
    return true;
  });
}

describe("ε", () => {
  test("ε = 0 is refused, naming the rule and the fix", () => {
    rejects(() => new DiscreteLaplaceMechanism({ epsilon: 0 }), "invalid-epsilon", /greater than 0/, /got 0/, /Fix:/);
  });
  test("a negative ε is refused", () => {
    rejects(() => new GridLaplaceMechanism({ epsilon: -1, sensitivity: 1 }), "invalid-epsilon", /got -1/);
  });
  test("NaN ε is refused", () => {
    rejects(() => new ClampedSumMechanism({ epsilon: NaN, lower: 0, upper: 1 }), "invalid-epsilon", /got NaN/);
  });
  test("a string ε is refused", () => {
    rejects(() => noisyCount(3, { epsilon: "1" as unknown as number }), "invalid-epsilon", /got "1"/);
  });
  test("Infinity is accepted and means no noise", () => {
    assert.equal(new DiscreteLaplaceMechanism({ epsilon: Infinity }).scale, 0);
  });
  test("a bad per-feature ε is refused with its index", () => {
    rejects(
      () => noisyGroupSums([[1, 2]], [0], 1, { epsilonPerFeature: [0.1, 0], lower: 0, upper: 5 }),
      "invalid-epsilon",
      /epsilonPerFeature\[1\]/,
    );
  });
});

describe("δ", () => {
  test("δ = 1 is refused", () => {
    rejects(() => new BudgetAccountant({ epsilon: 1, delta: 1 }), "invalid-delta", /0 <= delta < 1/, /got 1/);
  });
  test("a negative δ is refused", () => {
    rejects(() => new BudgetAccountant({ epsilon: 1 }).check(0.1, -0.1), "invalid-delta", /got -0.1/);
  });
});

describe("sensitivity", () => {
  test("a negative sensitivity is refused, with the usual values as the fix", () => {
    rejects(
      () => new DiscreteLaplaceMechanism({ epsilon: 1, sensitivity: -1 }),
      "invalid-sensitivity",
      />= 0/,
      /got -1/,
      /max\(\|lower\|, \|upper\|\)/,
    );
  });
  test("an infinite sensitivity is refused", () => {
    rejects(() => new GridLaplaceMechanism({ epsilon: 1, sensitivity: Infinity }), "invalid-sensitivity", /Infinity/);
  });
  test("a missing sensitivity is refused (there is no safe default for real values)", () => {
    rejects(
      () => new GridLaplaceMechanism({ epsilon: 1 } as unknown as { epsilon: number; sensitivity: number }),
      "invalid-sensitivity",
      /got undefined/,
    );
  });
});

describe("bounds", () => {
  test("bounds in the wrong order are refused with the swap as the fix", () => {
    rejects(
      () => new ClampedSumMechanism({ epsilon: 1, lower: 5, upper: 1 }),
      "invalid-bounds",
      /wrong order/,
      /lower: 1, upper: 5/,
    );
  });
  test("non-finite bounds are refused", () => {
    rejects(() => noisyClampedSum([1], { epsilon: 1, lower: -Infinity, upper: 1 }), "invalid-bounds", /finite/);
  });
  test("NaN bounds are refused", () => {
    rejects(() => noisyMean([1], { epsilon: 1, lower: 0, upper: NaN, publicSize: 1 }), "invalid-bounds", /upper = NaN/);
  });
  test("per-feature bounds of the wrong length are refused", () => {
    rejects(
      () => noisyGroupSums([[1, 2]], [0], 1, { epsilonPerFeature: 1, lower: [0, 0, 0], upper: 5 }),
      "bounds-dimension",
      /3 entries/,
      /2 feature/,
    );
  });
});

/** The message of the error `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("values", () => {
  // Values are private records: the refusal names neither the position nor the value (issue 24).
  test("a NaN value is refused without its index or value", () => {
    rejects(() => noisyClampedSum([1, NaN], { epsilon: 1, lower: 0, upper: 1 }), "outside-record-domain", /record domain/);
    assert.doesNotMatch(messageOf(() => noisyClampedSum([1, NaN], { epsilon: 1, lower: 0, upper: 1 })), /\[1\]|is NaN/);
  });
  test("a non-finite data cell is refused without its row or feature", () => {
    rejects(
      () => noisyGroupSums([[1, 2], [3, Infinity]], [0, 0], 1, { epsilonPerFeature: 1, lower: 0, upper: 5 }),
      "outside-record-domain",
      /record domain/,
    );
    assert.doesNotMatch(
      messageOf(() => noisyGroupSums([[1, 2], [3, Infinity]], [0, 0], 1, { epsilonPerFeature: 1, lower: 0, upper: 5 })),
      /row 1|feature 1|Infinity is/,
    );
  });
  test("a non-integer count is refused, pointing to the real-valued mechanisms", () => {
    rejects(() => noisyCount(2.5, { epsilon: 1 }), "non-integer-value", /whole numbers/, /GridLaplaceMechanism/);
  });
  test("a non-finite real value is refused", () => {
    rejects(
      () => new GridLaplaceMechanism({ epsilon: 1, sensitivity: 1 }).randomise(NaN, createRandom(1)),
      "non-finite-value",
      /NaN/,
    );
  });
  test("a mean without a public size is refused, naming publicSize", () => {
    rejects(
      () => noisyMean([], { epsilon: 1, lower: 0, upper: 1 } as unknown as Parameters<typeof noisyMean>[1]),
      "missing-public-size",
      /publicSize/,
    );
  });
  test("ragged rows are refused", () => {
    rejects(
      () => noisyGroupSums([[1, 2], [3]], [0, 0], 1, { epsilonPerFeature: 1, lower: 0, upper: 5 }),
      "outside-record-domain",
      /different lengths/,
    );
  });
});

describe("groups and labels", () => {
  test("a label outside [0, groups) is refused", () => {
    rejects(() => noisyGroupCounts([0, 3], 3, { epsilon: 1 }), "invalid-labels", /not a whole number in \[0, 2\]/);
    assert.doesNotMatch(messageOf(() => noisyGroupCounts([0, 3], 3, { epsilon: 1 })), /labels\[1\]|is 3/, "no position or value");
  });
  test("labels of the wrong length are refused", () => {
    rejects(
      () => noisyGroupSums([[1], [2]], [0], 1, { epsilonPerFeature: 1, lower: 0, upper: 5 }),
      "invalid-labels",
      /different lengths/,
    );
    assert.doesNotMatch(
      messageOf(() => noisyGroupSums([[1], [2]], [0], 1, { epsilonPerFeature: 1, lower: 0, upper: 5 })),
      /\b2 rows|\b1 entries/,
      "neither length (the private number of records) is printed",
    );
  });
  test("a group count that is not a whole number ≥ 1 is refused", () => {
    rejects(() => noisyGroupCounts([0], 1.5, { epsilon: 1 }), "invalid-integer", /groups must be a whole number >= 1/);
  });
});

describe("options", () => {
  test("a missing options object is refused with an example", () => {
    rejects(
      () => new DiscreteLaplaceMechanism(undefined as unknown as { epsilon: number }),
      "invalid-options",
      /new DiscreteLaplaceMechanism\(\{ epsilon: 1 \}\)/,
    );
  });
  test("a bare seed instead of a random source is refused", () => {
    rejects(
      () => noisyCount(3, { epsilon: 1, rng: 42 as unknown as RandomSource }),
      "invalid-random-source",
      /createRandom\(seed\)/,
    );
  });
  test("a bad accountant tolerance is refused", () => {
    rejects(() => new BudgetAccountant({ tolerance: 0.1 }), "invalid-tolerance", /\[0, 1e-6\]/);
  });
  test("setDefaultAccountant needs an accountant", () => {
    rejects(() => setDefaultAccountant({} as BudgetAccountant), "invalid-accountant", /BudgetAccountant/);
  });
});

describe("splitting ε", () => {
  test("no weights is refused", () => {
    rejects(() => splitEpsilon(1, []), "invalid-weights", /at least one weight/);
  });
  test("a zero weight is refused", () => {
    rejects(() => splitEpsilon(1, [1, 0]), "invalid-weights", /weight 1 is 0/);
  });
  test("a part count that is not a whole number is refused", () => {
    rejects(() => splitEvenly(1, 0), "invalid-integer", /parts must be a whole number >= 1/);
  });
});

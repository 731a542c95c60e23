import assert from "node:assert/strict";
import { InvalidInputError } from "../../src/errors";
import { describe, test } from "node:test";
import {
  BudgetAccountant,
  ClampedSumMechanism,
  DiscreteLaplaceMechanism,
  GridLaplaceMechanism,
  GRID_BITS,
  createRandom,
  discreteLaplaceCdf,
  noisyClampedSum,
  noisyCount,
  noisyGroupCounts,
  noisyGroupSums,
  noisyMean,
  noisyVariance,
  type RandomSource,
} from "../../src/dp";
import { captureWarnings } from "../../src/errors";
import { defaultRandomSource } from "../../src/dp/release";
import { ksCriticalValue, ksStatisticDiscrete } from "../../src/dp/testing";

const DRAWS = 5000;
const CRITICAL = ksCriticalValue(DRAWS, 1e-6);
const sources: Array<[string, () => RandomSource]> = [
  ["seeded", () => createRandom("mechanism-tests")],
  ["secure", () => createRandom()],
];

describe("DiscreteLaplaceMechanism", () => {
  test("states its cost and a noise rate no larger than ε/Δ", () => {
    const m = new DiscreteLaplaceMechanism({ epsilon: 0.5, sensitivity: 2 });
    assert.deepEqual(m.privacyCost, { epsilon: 0.5, delta: 0 });
    assert.deepEqual(m.privacyMap(3), { epsilon: 1.5, delta: 0 });
    assert.equal(m.sensitivity, 2);
    assert.ok(m.noiseEpsilon <= 0.5 && m.noiseEpsilon > 0.5 * (1 - 1e-9));
    assert.ok(Math.abs(m.scale - 4) < 1e-8);
    assert.equal(new DiscreteLaplaceMechanism({ epsilon: 1 }).sensitivity, 1);
  });

  for (const [name, make] of sources) {
    test(`${name}: outputs are integers distributed as count + discrete Laplace (KS)`, () => {
      const m = new DiscreteLaplaceMechanism({ epsilon: Math.log(3) });
      const rng = make();
      const draws = Array.from({ length: DRAWS }, () => m.randomise(10, rng) - 10);
      assert.ok(draws.every(Number.isSafeInteger));
      assert.ok(ksStatisticDiscrete(draws, (k) => discreteLaplaceCdf(k, m.rate!)) < CRITICAL);
    });
  }

  test("ε = Infinity and sensitivity 0 release the exact value", () => {
    const rng = createRandom(1);
    assert.equal(new DiscreteLaplaceMechanism({ epsilon: Infinity }).randomise(17, rng), 17);
    assert.equal(new DiscreteLaplaceMechanism({ epsilon: 1, sensitivity: 0 }).randomise(17, rng), 17);
  });

  test("without an rng, releases draw from the secure source", () => {
    assert.equal(defaultRandomSource().seeded, false);
    assert.ok(Number.isSafeInteger(noisyCount(3, { epsilon: 1, accountant: new BudgetAccountant() })));
  });

  test("the same seed gives the same release", () => {
    const m = new DiscreteLaplaceMechanism({ epsilon: 0.3 });
    const a = Array.from({ length: 20 }, ((r) => () => m.randomise(5, r))(createRandom("s")));
    const b = Array.from({ length: 20 }, ((r) => () => m.randomise(5, r))(createRandom("s")));
    assert.deepEqual(a, b);
  });
});

describe("GridLaplaceMechanism", () => {
  test("the grid is a power of two at most min(Δ/ε, Δ)/2^12 and the scale within 0.05% of Δ/ε", () => {
    for (const [epsilon, sensitivity] of [
      [1, 0.01],
      [0.1, 5],
      [8, 1],
      [Math.log(3), 1],
    ]) {
      const m = new GridLaplaceMechanism({ epsilon: epsilon!, sensitivity: sensitivity! });
      const grid = m.grid!;
      assert.ok(Number.isInteger(Math.log2(grid)), `grid ${grid}`);
      assert.ok(grid <= Math.min(sensitivity! / epsilon!, sensitivity!) / 2 ** GRID_BITS);
      assert.ok(grid > Math.min(sensitivity! / epsilon!, sensitivity!) / 2 ** (GRID_BITS + 1));
      assert.equal(m.gridSensitivity, Math.ceil(sensitivity! / grid) + 1);
      assert.ok(m.noiseEpsilon <= epsilon!);
      const plain = sensitivity! / epsilon!;
      assert.ok(m.scale >= plain && m.scale < plain * (1 + 2 ** -11), `scale ${m.scale} vs ${plain}`);
    }
  });

  for (const [name, make] of sources) {
    test(`${name}: outputs lie on the grid, noise in grid steps is discrete Laplace (KS)`, () => {
      const m = new GridLaplaceMechanism({ epsilon: 0.7, sensitivity: 0.25 });
      const rng = make();
      const value = 0.123456789;
      const index = Math.round(value / m.grid!);
      const steps = Array.from({ length: DRAWS }, () => {
        const out = m.randomise(value, rng);
        assert.ok(Number.isInteger(out / m.grid!));
        return out / m.grid! - index;
      });
      assert.ok(ksStatisticDiscrete(steps, (k) => discreteLaplaceCdf(k, m.rate!)) < CRITICAL);
    });
  }

  test("ε = Infinity releases the value unchanged", () => {
    assert.equal(new GridLaplaceMechanism({ epsilon: Infinity, sensitivity: 1 }).randomise(0.1, createRandom(1)), 0.1);
  });
});

describe("ClampedSumMechanism", () => {
  test("sensitivity is max(|lower|, |upper|) under add/remove, not upper − lower", () => {
    assert.equal(new ClampedSumMechanism({ epsilon: 1, lower: 10, upper: 20 }).sensitivity, 20);
    assert.equal(new ClampedSumMechanism({ epsilon: 1, lower: -5, upper: 3 }).sensitivity, 5);
    assert.equal(new ClampedSumMechanism({ epsilon: 1, lower: 0, upper: 1 }).sensitivity, 1);
  });

  test("the grid sensitivity is ⌈Δ/Λ⌉ (exact sums need no extra step)", () => {
    const m = new ClampedSumMechanism({ epsilon: 0.5, lower: 0, upper: 1000 });
    assert.equal(m.gridSensitivity, Math.ceil(1000 / m.grid!));
    assert.ok(m.noiseEpsilon <= 0.5);
  });

  test("without noise returns the clamped sum, and nothing about how many values were clipped", () => {
    const m = new ClampedSumMechanism({ epsilon: Infinity, lower: 0, upper: 10 });
    assert.deepEqual(m.randomise([-3, 4, 5, 25], createRandom(1)), { value: 19 });
  });

  for (const [name, make] of sources) {
    test(`${name}: output = (round(Σ clamp(x)/Λ) + Z)·Λ with Z discrete Laplace (KS)`, () => {
      const m = new ClampedSumMechanism({ epsilon: 0.9, lower: -2, upper: 3 });
      const values = [0.5, 2.25, -1.75, 10, -10];
      const index = Math.round((0.5 + 2.25 - 1.75 + 3 - 2) / m.grid!);
      const rng = make();
      const steps = Array.from({ length: DRAWS }, () => {
        const out = m.randomise(values, rng).value;
        assert.ok(Number.isInteger(out / m.grid!));
        return out / m.grid! - index;
      });
      assert.ok(ksStatisticDiscrete(steps, (k) => discreteLaplaceCdf(k, m.rate!)) < CRITICAL);
    });
  }

  test("the sum is exact: any order of the values gives the same release for the same seed", () => {
    const m = new ClampedSumMechanism({ epsilon: 1, lower: -1e6, upper: 1e6 });
    const rng = createRandom("order");
    const values = Array.from({ length: 2000 }, () => (rng.uniform() - 0.5) * 2e6 * rng.uniform() ** 8);
    const reversed = values.slice().reverse();
    const sorted = values.slice().sort((a, b) => a - b);
    const release = (xs: number[]): number => m.randomise(xs, createRandom("same-noise")).value;
    assert.equal(release(values), release(reversed));
    assert.equal(release(values), release(sorted));
  });

  test("noisyClampedSum charges the accountant; clipping leaves no trace in the release or a warning", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    const { result, warnings } = captureWarnings(() =>
      noisyClampedSum([1, 2, 30], { epsilon: 0.25, lower: 0, upper: 10, accountant: acc, rng: createRandom(1) }),
    );
    // Whether a value was clipped is a fact about the data: neither the result nor a warning may say it.
    assert.deepEqual(Object.keys(result), ["value"]);
    assert.equal(warnings.length, 0);
    assert.deepEqual(
      acc.rows().map((r) => [r.label, r.epsilon, r.sensitivity]),
      [["noisy clamped sum", 0.25, 10]],
    );
  });
});

describe("noisyCount", () => {
  test("charges ε with sensitivity 1 and returns an integer", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    const out = noisyCount(100, { epsilon: 0.5, accountant: acc, rng: createRandom(4), label: "species" });
    assert.ok(Number.isSafeInteger(out));
    assert.deepEqual(acc.rows(), [
      { index: 1, label: "species", mechanism: "discrete Laplace", sensitivity: 1, epsilon: 0.5, delta: 0 },
    ]);
  });
});

describe("noisyMean and noisyVariance (add/remove-one, n public: centred at the public midpoint)", () => {
  const values = [1, 2, 3, 4, 100];
  test("without noise they are the clamped mean and population variance", () => {
    const mean = noisyMean(values, { epsilon: Infinity, lower: 0, upper: 10, publicSize: 5 });
    assert.equal(mean.value, (1 + 2 + 3 + 4 + 10) / 5);
    assert.equal(mean.size, 5);
    const variance = noisyVariance(values, { epsilon: Infinity, lower: 0, upper: 10, publicSize: 5 });
    const mu = 4;
    assert.ok(Math.abs(variance.value - [1, 2, 3, 4, 10].reduce((s, x) => s + (x - mu) ** 2, 0) / 5) < 1e-12);
  });

  test("sensitivities are (u − l)/(2n) and (u − l)²/(2n), outputs stay in the feasible range", () => {
    const rng = createRandom(5);
    for (let i = 0; i < 200; i++) {
      const mean = noisyMean(values, { epsilon: 0.01, lower: 0, upper: 10, publicSize: 5, rng });
      assert.equal(mean.sensitivity, 1);
      assert.ok(mean.value >= 0 && mean.value <= 10);
      const variance = noisyVariance(values, { epsilon: 0.01, lower: 0, upper: 10, publicSize: 5, rng });
      assert.equal(variance.sensitivity, 10);
      assert.ok(variance.value >= 0 && variance.value <= 25);
    }
  });

  test("one ledger row each, with ε and the sensitivity; the noise scale is Δ/ε", () => {
    const acc = new BudgetAccountant({ epsilon: 1 });
    noisyMean(values, { epsilon: 0.25, lower: 10, upper: 20, accountant: acc, rng: createRandom(6), label: "m", publicSize: 5 });
    noisyVariance(values, { epsilon: 0.75, lower: 10, upper: 20, accountant: acc, rng: createRandom(6), label: "v", publicSize: 5 });
    assert.deepEqual(
      acc.rows().map((r) => [r.label, r.epsilon, r.sensitivity]),
      [
        ["m", 0.25, 1],
        ["v", 0.75, 10],
      ],
    );
    assert.equal(acc.total.epsilon, 1);
    // The mean's noise scale is Δ/ε: with bounds ±1000 and n₀ = 1000, Δ = 1, so at ε = 0.5 the mean |noise|
    // of a Laplace law is 2 (standard error 2/√4000 ≈ 0.03); replace-one's Δ = 2 would give 4.
    const rng = createRandom(7);
    const exact = (1 + 2 + 3 + 4 + 100) / 1000;
    let absolute = 0;
    for (let i = 0; i < 4000; i++) {
      const release = noisyMean(values, { epsilon: 0.5, lower: -1000, upper: 1000, publicSize: 1000, rng });
      absolute += Math.abs(release.value - exact);
    }
    assert.ok(Math.abs(absolute / 4000 - 2) < 0.15, `${absolute / 4000}`);
  });

  test("publicSize: divides by the public n₀, not by the number of values; empty data is allowed with it", () => {
    const mean = noisyMean([10, 10], { epsilon: Infinity, lower: 0, upper: 10, publicSize: 4 });
    assert.equal(mean.value, 5 + (5 + 5) / 4); // c + Σ(x − c)/n₀
    assert.equal(mean.size, 4);
    const empty = noisyMean([], { epsilon: Infinity, lower: 0, upper: 10, publicSize: 3 });
    assert.equal(empty.value, 5);
    assert.throws(() => noisyMean([1], { epsilon: 1, lower: 0, upper: 1, publicSize: 0 }), /publicSize must be a whole number/);
    assert.throws(() => noisyVariance([1], { epsilon: 1, lower: 0, upper: 1, publicSize: 2.5 }), /publicSize must be a whole number/);
  });

  test("publicSize is required: the number of values is private under add/remove-one", () => {
    const missing = { epsilon: 1, lower: 0, upper: 1 } as unknown as Parameters<typeof noisyMean>[1];
    assert.throws(() => noisyMean([0.5], missing), (e: unknown) => e instanceof InvalidInputError && e.code === "missing-public-size");
    assert.throws(() => noisyVariance([0.5], missing), /needs publicSize/);
  });
});

describe("grouped releases (parallel composition over clusters)", () => {
  test("noisyGroupCounts: exact counts without noise, one ledger row, every group noised", () => {
    const labels = Int32Array.of(0, 0, 2, 2, 2);
    assert.deepEqual(Array.from(noisyGroupCounts(labels, 4, { epsilon: Infinity })), [2, 0, 3, 0]);
    const acc = new BudgetAccountant({ epsilon: 1 });
    const rng = createRandom("groups");
    let emptyGroupMoved = false;
    for (let i = 0; i < 20; i++) {
      const counts = noisyGroupCounts(labels, 4, { epsilon: 0.05, accountant: acc, rng });
      if (counts[1] !== 0 || counts[3] !== 0) emptyGroupMoved = true;
    }
    assert.ok(emptyGroupMoved, "empty groups must get noise too");
    assert.equal(acc.length, 20);
    assert.equal(acc.rows()[0]!.mechanism, "discrete Laplace, 4 groups in parallel");
    assert.equal(acc.total.epsilon, 1);
  });

  test("noisyGroupSums: per-feature sensitivity and ε, one row per feature, exact sums without noise", () => {
    const X = [
      [1, 10],
      [2, 20],
      [9, 500],
      [-4, 90],
    ];
    const exact = noisyGroupSums(X, [0, 0, 1, 1], 3, {
      epsilonPerFeature: Infinity,
      lower: [0, 0],
      upper: [10, 100],
    });
    assert.deepEqual(Array.from(exact.sums), [3, 30, 9, 190, 0, 0]);
    assert.deepEqual(Object.keys(exact).sort(), ["mechanisms", "sums"]); // no exact clip counts

    const acc = new BudgetAccountant({ epsilon: 1 });
    const flat = { data: Float64Array.from(X.flat()), n: 4, d: 2 };
    const noisy = noisyGroupSums(flat, [0, 0, 1, 1], 3, {
      epsilonPerFeature: [0.1, 0.2],
      lower: [10, -50],
      upper: [20, 100],
      accountant: acc,
      rng: createRandom(6),
      label: "iteration 1 sums",
    });
    assert.equal(noisy.sums.length, 6);
    assert.deepEqual(
      acc.rows().map((r) => [r.label, r.epsilon, r.sensitivity]),
      [
        ["iteration 1 sums, feature 0", 0.1, 20],
        ["iteration 1 sums, feature 1", 0.2, 100],
      ],
    );
  });
});

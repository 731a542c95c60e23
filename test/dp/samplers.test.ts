import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import {
  createRandom,
  discreteLaplaceCdf,
  discreteLaplacePmf,
  rateAtMost,
  rateValue,
  sampleDiscreteLaplace,
  type RandomSource,
  type RationalRate,
} from "../../src/dp";
import { toScaled } from "../../src/dp/exact";
import {
  ksCriticalValue,
  ksStatisticDiscrete,
  sampleDiscreteLaplaceWithoutRejection,
  tooLittleNoiseRate,
} from "../../src/dp/testing";

const DRAWS = 5000;

function ks(draws: number[], rate: RationalRate): number {
  return ksStatisticDiscrete(draws, (k) => discreteLaplaceCdf(k, rate));
}

const sources: Array<[string, () => RandomSource]> = [
  ["seeded", () => createRandom("sampler-tests")],
  ["secure", () => createRandom()],
];

describe("rateAtMost: ε/Δ as an exact fraction rounded down", () => {
  const cases: Array<[number, number]> = [
    [Math.log(3), 1],
    [1, 1],
    [0.1, 1],
    [1e-3, 7],
    [7.5, 0.37],
    [0.5, 1025],
    [Math.log(3), 5244],
    [200, 1],
  ];
  for (const [epsilon, sensitivity] of cases) {
    test(`ε = ${epsilon}, Δ = ${sensitivity}: Δ·s/t ≤ ε exactly and within 2^-31 of it`, () => {
      const rate = rateAtMost(epsilon, sensitivity);
      assert.ok(Number.isSafeInteger(rate.numerator) && rate.numerator > 0);
      assert.ok(Number.isInteger(Math.log2(rate.denominator)));
      // Exact: s · Δ ≤ ε · t, with every double turned into an exact integer.
      assert.ok(BigInt(rate.numerator) * toScaled(sensitivity) <= toScaled(epsilon) * BigInt(rate.denominator));
      const relative = 1 - (sensitivity * rateValue(rate)) / epsilon;
      assert.ok(relative >= 0 && relative < 2 ** -31, `relative shortfall ${relative}`);
    });
  }

  test("a rate below 2^-48 is refused with a typed error naming the limit", () => {
    assert.throws(
      () => rateAtMost(1e-20, 1),
      (e: unknown) => e instanceof InvalidInputError && e.code === "invalid-epsilon" && /below 2\^-48/.test(e.message),
    );
    assert.ok(rateAtMost(2 ** -48, 1).numerator >= 1, "exactly 2^-48 is still representable");
  });
});

describe("discrete Laplace pmf and cdf", () => {
  test("the pmf sums to 1 and the cdf accumulates it", () => {
    for (const gamma of [0.05, Math.log(3), 3]) {
      let total = 0;
      for (let z = -2000; z <= 2000; z++) {
        total += discreteLaplacePmf(z, gamma);
        assert.ok(Math.abs(discreteLaplaceCdf(z, gamma) - total) < 1e-9);
      }
      assert.ok(Math.abs(total - 1) < 1e-9);
    }
  });
});

describe("sampleDiscreteLaplace (CKS 2020, Algorithm 2): noise shape", () => {
  const rates: Array<[string, RationalRate]> = [
    ["counts at ε = ln 3", rateAtMost(Math.log(3), 1)],
    ["counts at ε = 0.05 (scale 20)", rateAtMost(0.05, 1)],
    ["grid units of a clamped sum (scale ≈ 7300)", rateAtMost(Math.log(3), 8000)],
    ["ε = 3 (mostly zeros)", rateAtMost(3, 1)],
  ];
  const critical = ksCriticalValue(DRAWS, 1e-6);
  for (const [name, make] of sources) {
    for (const [what, rate] of rates) {
      test(`${name}, ${what}: ${DRAWS} draws fit (KS D < ${critical.toFixed(4)}, p = 1e-6)`, () => {
        const rng = make();
        const draws = Array.from({ length: DRAWS }, () => sampleDiscreteLaplace(rng, rate));
        assert.ok(draws.every(Number.isSafeInteger));
        const d = ks(draws, rate);
        assert.ok(d < critical, `D = ${d}`);
      });
    }
  }

  test("broken variant: without the (B = 1, Y = 0) rejection zero is counted twice; KS rejects it", () => {
    const rng = createRandom("no-rejection");
    const rate = rateAtMost(Math.log(3), 1);
    const draws = Array.from({ length: DRAWS }, () => sampleDiscreteLaplaceWithoutRejection(rng, rate));
    const d = ks(draws, rate);
    assert.ok(d > critical, `D = ${d} should exceed ${critical}`);
  });

  // 5,000 draws cannot see a 15% scale error at p = 1e-6 (the largest CDF gap is ≈ 0.035 < 0.038); the
  // DP tester catches that one (privacy.test.ts). With 20,000 draws KS sees it too:
  test("broken variant: noise 15% too small is rejected with 20,000 draws, where the correct noise passes", () => {
    const n = 20000;
    const criticalLarge = ksCriticalValue(n, 1e-6);
    const rate = rateAtMost(Math.log(3), 1);
    const rng = createRandom("too-little-noise");
    const good = Array.from({ length: n }, () => sampleDiscreteLaplace(rng, rate));
    const bad = Array.from({ length: n }, () => sampleDiscreteLaplace(rng, tooLittleNoiseRate(Math.log(3))));
    assert.ok(ks(good, rate) < criticalLarge, `correct D = ${ks(good, rate)}`);
    assert.ok(ks(bad, rate) > criticalLarge, `broken D = ${ks(bad, rate)}`);
  });

  test("the KS critical value is computed from the Kolmogorov distribution (not the p = 0.001 constant)", () => {
    // √n·D ~ K with P[K > 2.6934] = 1e-6; 1.9495 is the p = 0.001 value.
    assert.ok(Math.abs(ksCriticalValue(5000, 1e-6) * (Math.sqrt(5000) + 0.12 + 0.11 / Math.sqrt(5000)) - 2.6934) < 1e-3);
    assert.ok(Math.abs(ksCriticalValue(5000, 1e-3) * (Math.sqrt(5000) + 0.12 + 0.11 / Math.sqrt(5000)) - 1.9495) < 1e-3);
  });
});

describe("determinism", () => {
  test("the same seed gives the same noise; secure sources differ run to run", () => {
    const rate = rateAtMost(0.5, 1);
    const a = Array.from({ length: 50 }, ((r) => () => sampleDiscreteLaplace(r, rate))(createRandom(9)));
    const b = Array.from({ length: 50 }, ((r) => () => sampleDiscreteLaplace(r, rate))(createRandom(9)));
    assert.deepEqual(a, b);
    const s1 = Array.from({ length: 50 }, ((r) => () => sampleDiscreteLaplace(r, rate))(createRandom()));
    const s2 = Array.from({ length: 50 }, ((r) => () => sampleDiscreteLaplace(r, rate))(createRandom()));
    assert.notDeepEqual(s1, s2); // equal with probability far below 1e-30
  });
});

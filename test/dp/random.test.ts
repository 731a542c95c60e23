import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import {
  bernoulliExp,
  bernoulliRational,
  createRandom,
  randomBit,
  toRandomSource,
  uniformInt,
  type RandomSource,
} from "../../src/dp";
import { ksCriticalValue, ksStatisticDiscrete } from "../../src/dp/testing";

const DRAWS = 5000;
const CRITICAL = ksCriticalValue(DRAWS, 1e-6);

/** KS distance of integer draws from the uniform distribution on {0, …, n−1}. */
function ksUniform(draws: number[], n: number): number {
  return ksStatisticDiscrete(draws, (k) => (k < 0 ? 0 : k >= n - 1 ? 1 : (Math.floor(k) + 1) / n));
}

/** KS distance of Bernoulli draws (0/1) from Bernoulli(p): |p̂ − p|. */
function ksBernoulli(draws: boolean[], p: number): number {
  return ksStatisticDiscrete(
    draws.map((b) => (b ? 1 : 0)),
    (k) => (k < 0 ? 0 : k < 1 ? 1 - p : 1),
  );
}

const sources: Array<[string, () => RandomSource]> = [
  ["seeded", () => createRandom("random-tests")],
  ["secure", () => createRandom()],
];

describe("uniformInt", () => {
  for (const [name, make] of sources) {
    for (const n of [6, 2 ** 20, 3 * 2 ** 31, 2 ** 45]) {
      test(`${name}: ${DRAWS} draws below ${n} fit the uniform distribution (KS, p = 1e-6)`, () => {
        const rng = make();
        const draws = Array.from({ length: DRAWS }, () => uniformInt(rng, n));
        assert.ok(draws.every((x) => Number.isInteger(x) && x >= 0 && x < n));
        assert.ok(ksUniform(draws, n) < CRITICAL, `D = ${ksUniform(draws, n)} ≥ ${CRITICAL}`);
      });
    }
  }

  test("the same test rejects the modulo-biased shortcut uint32() % n (broken variant)", () => {
    const rng = createRandom("modulo");
    const n = 3 * 2 ** 30; // values below 2^32 − n = 2^30 come up twice as often
    const draws = Array.from({ length: DRAWS }, () => rng.uint32() % n);
    assert.ok(ksUniform(draws, n) > CRITICAL, `D = ${ksUniform(draws, n)} should exceed ${CRITICAL}`);
  });

  test("n = 1 always gives 0 and bad n throws an InvalidInputError (a typed error, not a RangeError)", () => {
    const rng = createRandom(1);
    assert.equal(uniformInt(rng, 1), 0);
    assert.throws(() => uniformInt(rng, 0), InvalidInputError);
    assert.throws(() => uniformInt(rng, 2.5), InvalidInputError);
    assert.throws(() => uniformInt(rng, 2 ** 53 + 2), /uniformInt needs an integer n with 1 <= n <= 2\^53/);
  });
});

describe("bernoulliRational and randomBit", () => {
  for (const [name, make] of sources) {
    for (const [num, den] of [
      [1, 3],
      [2 ** 30, 3 * 2 ** 30],
      [12345678901, 2 ** 40],
    ] as const) {
      test(`${name}: Bernoulli(${num}/${den}) frequencies fit (KS, p = 1e-6)`, () => {
        const rng = make();
        const draws = Array.from({ length: DRAWS }, () => bernoulliRational(rng, num, den));
        assert.ok(ksBernoulli(draws, num / den) < CRITICAL);
      });
    }
    test(`${name}: randomBit is fair`, () => {
      const rng = make();
      const draws = Array.from({ length: DRAWS }, () => randomBit(rng) === 1);
      assert.ok(ksBernoulli(draws, 0.5) < CRITICAL);
    });
  }

  test("the same test rejects a modulo-biased Bernoulli (broken variant)", () => {
    const rng = createRandom("biased-bernoulli");
    const den = 3 * 2 ** 30;
    const draws = Array.from({ length: DRAWS }, () => rng.uint32() % den < 2 ** 30);
    assert.ok(ksBernoulli(draws, 1 / 3) > CRITICAL);
  });

  test("edge probabilities 0 and 1 are exact", () => {
    const rng = createRandom(2);
    for (let i = 0; i < 100; i++) {
      assert.equal(bernoulliRational(rng, 0, 7), false);
      assert.equal(bernoulliRational(rng, 7, 7), true);
    }
    assert.throws(() => bernoulliRational(rng, 8, 7), InvalidInputError);
  });
});

describe("bernoulliExp (CKS 2020, Algorithm 1)", () => {
  for (const [name, make] of sources) {
    for (const [num, den] of [
      [1, 3],
      [5, 2],
      [0, 1],
      [7, 7],
    ] as const) {
      test(`${name}: Bernoulli(exp(−${num}/${den})) frequencies fit (KS, p = 1e-6)`, () => {
        const rng = make();
        const draws = Array.from({ length: DRAWS }, () => bernoulliExp(rng, num, den));
        assert.ok(ksBernoulli(draws, Math.exp(-num / den)) < CRITICAL);
      });
    }
  }

  test("the same test rejects Bernoulli(1 − exp(−γ)) (broken variant: wrong parity)", () => {
    const rng = createRandom("parity");
    const draws = Array.from({ length: DRAWS }, () => !bernoulliExp(rng, 1, 3));
    assert.ok(ksBernoulli(draws, Math.exp(-1 / 3)) > CRITICAL);
  });
});

describe("random sources", () => {
  test("the same seed gives identical streams; another seed a different one", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const sa = Array.from({ length: 100 }, () => a.uint32());
    const sb = Array.from({ length: 100 }, () => b.uint32());
    const sc = Array.from({ length: 100 }, () => c.uint32());
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
    assert.equal(a.seeded, true);
    assert.equal(a.seed, "42");
  });

  test("no seed gives the secure source (seeded === false, no seed)", () => {
    const rng = createRandom();
    assert.equal(rng.seeded, false);
    assert.equal(rng.seed, undefined);
    assert.equal(toRandomSource(undefined).seeded, false);
    assert.equal(toRandomSource(7).seeded, true);
    assert.equal(toRandomSource(rng), rng);
  });

  test("uniform() gives doubles in [0, 1) that are multiples of 2^-53", () => {
    const rng = createRandom(3);
    for (let i = 0; i < 1000; i++) {
      const u = rng.uniform();
      assert.ok(u >= 0 && u < 1);
      assert.ok(Number.isInteger(u * 2 ** 53));
    }
  });
});

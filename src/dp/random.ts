/**
 * Randomness for every model and mechanism, passed explicitly.
 *
 * Without a seed, bits come from Node's `crypto` (a cryptographically secure generator), which is what a
 * real release needs. With a seed, bits come from `seedrandom` so lessons and tests are reproducible:
 * a seeded generator is predictable by anyone who knows the seed and is for teaching and testing only,
 * never for releasing real data.
 */
import { randomFillSync } from "node:crypto";
import seedrandom from "seedrandom";
import { InvalidInputError } from "../errors";

/** A source of uniform random bits. Every sampler in the library draws from one of these. */
export interface RandomSource {
  /** A uniform integer in [0, 2^32). */
  uint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** True when the source is seeded (reproducible, not secure). */
  readonly seeded: boolean;
  /** The seed, when seeded. */
  readonly seed: string | undefined;
}

const TWO_POW_53 = 9007199254740992;

/** uniform() from two 32-bit words: 27 high bits + 26 low bits = 53 bits, the resolution of a double. */
function uniformFrom(next: () => number): number {
  const hi = next() >>> 5;
  const lo = next() >>> 6;
  return (hi * 67108864 + lo) / TWO_POW_53;
}

class SecureRandom implements RandomSource {
  readonly seeded = false;
  readonly seed = undefined;
  // Refill in blocks: one crypto call per 1,024 words instead of one per draw.
  private readonly pool = new Uint32Array(1024);
  private position = this.pool.length;

  uint32(): number {
    if (this.position === this.pool.length) {
      randomFillSync(this.pool);
      this.position = 0;
    }
    return this.pool[this.position++]!;
  }

  uniform(): number {
    return uniformFrom(() => this.uint32());
  }
}

class SeededRandom implements RandomSource {
  readonly seeded = true;
  private readonly prng: seedrandom.PRNG;
  constructor(readonly seed: string) {
    // xor4096: long period and fast; the algorithm is fixed so a seed gives the same stream forever.
    this.prng = seedrandom.xor4096(seed);
  }

  uint32(): number {
    return this.prng.int32() >>> 0;
  }

  uniform(): number {
    return uniformFrom(() => this.uint32());
  }
}

/**
 * Create a random source.
 *
 * @param seed - omit (or pass `undefined`) for secure randomness from `crypto`; a number or string for a
 *   reproducible stream (teaching and tests only)
 * @example
 * const rng = createRandom(42);   // the same numbers every run
 * const secure = createRandom();  // for real releases
 */
export function createRandom(seed?: number | string): RandomSource {
  if (seed === undefined) return new SecureRandom();
  return new SeededRandom(checkSeed(seed));
}

/**
 * A seed must name ONE stream: a whole number (finite, safe) or a non-empty string. NaN, ±Infinity and
 * fractions are refused rather than stringified: `String(NaN)` would quietly make every NaN seed share the
 * stream "NaN", and 0.1 + 0.2 would not be the seed 0.3.
 */
function checkSeed(seed: unknown): string {
  if (typeof seed === "number" && Number.isSafeInteger(seed)) return String(seed);
  if (typeof seed === "string" && seed.length > 0) return seed;
  const got = typeof seed === "string" ? '""' : typeof seed === "number" ? String(seed) : typeof seed;
  throw new InvalidInputError(
    "invalid-seed",
    `A seed (randomState) must be a whole number or a non-empty string; got ${got}. Fix: pass e.g. ` +
      `randomState: 42 for a reproducible lesson, or leave it out for secure noise from crypto.`,
  );
}

/** Accepts what a learner passes as `randomState`/`seed` (a number, a string or a ready source). */
export type RandomInput = number | string | RandomSource | undefined;

/** Turn a seed, a source or nothing into a random source. */
export function toRandomSource(input: RandomInput): RandomSource {
  // Narrowed by the primitive cases so the code reads the same in strict and in tslab's non-strict mode.
  if (input === undefined) return createRandom();
  if (typeof input === "number" || typeof input === "string") return createRandom(input);
  if (input === null || typeof input !== "object" || typeof (input as RandomSource).uint32 !== "function") {
    throw new InvalidInputError(
      "invalid-seed",
      `randomState must be a seed (a whole number or a non-empty string), a random source from createRandom(), ` +
        `or left out; got ${input === null ? "null" : typeof input}. Fix: pass e.g. randomState: 42.`,
    );
  }
  return input;
}

// ---------------------------------------------------------------------------------------------------------
// Exact integer samplers built on a RandomSource. They use only integer arithmetic on uniform 32-bit words,
// so the distributions they produce are exactly the ones named (no floating-point rounding), which the
// discrete Laplace sampler of `samplers.ts` relies on.
// ---------------------------------------------------------------------------------------------------------

const TWO_POW_32 = 4294967296;

/**
 * A uniform integer in `[0, n)` with no modulo bias.
 *
 * Powers of two take exactly the needed bits; other `n` use rejection sampling (draw from the largest
 * multiple of `n` that fits and retry above it), so every value has probability exactly `1/n`.
 *
 * @param rng - the random source
 * @param n - the number of outcomes: an integer with `1 ≤ n ≤ 2^53`
 * @returns an integer in `[0, n)`
 * @throws InvalidInputError (code `"invalid-parameter"`) when `n` is not an integer in `[1, 2^53]` (library
 *   callers never pass one)
 * @example
 * const die = uniformInt(createRandom(1), 6) + 1; // 1..6, each with probability exactly 1/6
 */
export function uniformInt(rng: RandomSource, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_53) {
    throw new InvalidInputError(
      "invalid-parameter",
      `uniformInt needs an integer n with 1 <= n <= 2^53 (the number of outcomes), got ${n}.`,
    );
  }
  if (n <= TWO_POW_32) {
    if ((n & (n - 1)) === 0 || n === TWO_POW_32) {
      // A power of two: keep the low log2(n) bits (for n = 2^32 the whole word).
      return n === TWO_POW_32 ? rng.uint32() : rng.uint32() & (n - 1);
    }
    // Accept words below the largest multiple of n that fits in 2^32; the rejected tail is < n/2^32.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const word = rng.uint32();
      if (word < limit) return word % n;
    }
  }
  // n > 2^32: draw just enough high bits on top of a full low word, reject values >= n (< 50% of draws;
  // none when n is a power of two).
  const highRange = Math.ceil(n / TWO_POW_32); // 2 .. 2^21
  // The smallest mask 2^b − 1 ≥ highRange − 1 (b = bit length of highRange − 1).
  const highMask = highRange === 1 ? 0 : 2 ** (32 - Math.clz32(highRange - 1)) - 1;
  for (;;) {
    const high = rng.uint32() & highMask;
    const low = rng.uint32();
    const value = high * TWO_POW_32 + low;
    if (value < n) return value;
  }
}

/**
 * One fair random bit.
 * @returns 0 or 1, each with probability exactly 1/2
 */
export function randomBit(rng: RandomSource): 0 | 1 {
  return (rng.uint32() & 1) as 0 | 1;
}

/**
 * A Bernoulli draw with a rational success probability `numerator / denominator`, exactly.
 *
 * @param rng - the random source
 * @param numerator - an integer with `0 ≤ numerator ≤ denominator`
 * @param denominator - an integer with `1 ≤ denominator ≤ 2^53`
 * @returns true with probability exactly `numerator / denominator`
 * @throws InvalidInputError (code `"invalid-parameter"`) for a numerator outside [0, denominator] or a bad
 *   denominator
 * @example
 * bernoulliRational(rng, 1, 3); // true one time in three, exactly
 */
export function bernoulliRational(rng: RandomSource, numerator: number, denominator: number): boolean {
  if (!Number.isInteger(numerator) || numerator < 0 || numerator > denominator) {
    throw new InvalidInputError(
      "invalid-parameter",
      `bernoulliRational needs an integer numerator in [0, denominator], got ${numerator}/${denominator}.`,
    );
  }
  if (numerator === 0) return false;
  if (numerator === denominator) return true;
  if (denominator > TWO_POW_32 && denominator % TWO_POW_32 === 0) {
    const highRange = denominator / TWO_POW_32;
    if ((highRange & (highRange - 1)) === 0) {
      // A power of two above 2^32 (the samplers' usual case): compare a uniform integer R in [0, den)
      // with the numerator high word first; the low word decides only on a tie (probability 2^-(k-32)).
      const high = rng.uint32() & (highRange - 1);
      const numeratorHigh = Math.floor(numerator / TWO_POW_32);
      if (high !== numeratorHigh) return high < numeratorHigh;
      return rng.uint32() < numerator - numeratorHigh * TWO_POW_32;
    }
  }
  return uniformInt(rng, denominator) < numerator;
}

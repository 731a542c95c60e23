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
  return new SeededRandom(String(seed));
}

/** Accepts what a learner passes as `randomState`/`seed` (a number, a string or a ready source). */
export type RandomInput = number | string | RandomSource | undefined;

/** Turn a seed, a source or nothing into a random source. */
export function toRandomSource(input: RandomInput): RandomSource {
  // Narrowed by the primitive cases so the code reads the same in strict and in tslab's non-strict mode.
  if (input === undefined) return createRandom();
  if (typeof input === "number" || typeof input === "string") return createRandom(input);
  return input;
}

/**
 * Exact samplers for the discrete Laplace distribution, after Canonne, Kamath & Steinke,
 * "The Discrete Gaussian for Differential Privacy", NeurIPS 2020 (arXiv:2004.00010), Algorithms 1 and 2.
 *
 * Exact means: given truly uniform random words, the integers produced have EXACTLY the intended
 * distribution. Only integer arithmetic on safe integers (and a BigInt in a branch that is practically
 * never taken) is used; no logarithm, no exponential, no floating-point rounding. This is what makes the
 * mechanisms immune to the floating-point attack of Mironov (CCS 2012), which works on the gaps that
 * `-b·ln(u)` leaves between representable outputs.
 *
 * The discrete Laplace distribution with rate γ > 0 on the integers:
 *
 *     P[Z = z] = (1 − e^−γ) / (1 + e^−γ) · e^(−γ·|z|)
 *
 * (a "two-sided geometric" distribution; Ghosh, Roughgarden, Sundararajan 2009). Adding it to an integer
 * query with sensitivity Δ is (Δ·γ)-differentially private, so γ = ε/Δ.
 */
import { InvalidInputError } from "../errors";
import { toScaled } from "./exact";
import { bernoulliRational, randomBit, uniformInt, type RandomSource } from "./random";

/**
 * A noise rate γ = numerator / denominator held exactly, with the denominator a power of two.
 * The discrete Laplace sampler draws `P[Z = z] ∝ exp(−γ·|z|)` for exactly this γ.
 */
export interface RationalRate {
  /** A positive safe integer. */
  readonly numerator: number;
  /** A power of two between 1 and 2^48. */
  readonly denominator: number;
}

const MAX_DENOMINATOR_BITS = 48;
const TARGET_NUMERATOR = 2 ** 32;
const MAX_NUMERATOR = 2 ** 52;

/**
 * The largest rational `s / 2^k` that does not exceed `epsilon / sensitivity`, with enough bits to be
 * within a relative 2^-32 of it whenever ε/Δ ≥ 2^-16 (and within 1/s in general).
 *
 * Rounding the rate DOWN means the noise is never smaller than ε asks for: the sampler's true privacy loss
 * is `sensitivity · s / 2^k ≤ epsilon`.
 *
 * @param epsilon - ε > 0, finite
 * @param sensitivity - Δ > 0, finite
 * @returns the rate, as an exact fraction
 * @throws InvalidInputError (code `"invalid-epsilon"`) when ε/Δ < 2^-48 (noise so large that no release
 *   would be useful), or when ε or Δ is not a positive finite number
 */
export function rateAtMost(epsilon: number, sensitivity: number): RationalRate {
  if (!(epsilon > 0 && epsilon < Infinity && sensitivity > 0 && sensitivity < Infinity)) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `rateAtMost needs a finite epsilon > 0 and a finite sensitivity > 0, got ${epsilon} and ${sensitivity}.`,
    );
  }
  const epsilonScaled = toScaled(epsilon);
  const sensitivityScaled = toScaled(sensitivity);
  for (let k = 0; k <= MAX_DENOMINATOR_BITS; k++) {
    const s = (epsilonScaled << BigInt(k)) / sensitivityScaled; // floor(ε·2^k/Δ), exactly
    if (s >= BigInt(TARGET_NUMERATOR) || k === MAX_DENOMINATOR_BITS) {
      // Capping the numerator only lowers the rate: still at most ε/Δ.
      const numerator = s > BigInt(MAX_NUMERATOR) ? MAX_NUMERATOR : Number(s);
      if (numerator === 0) {
        // The mechanisms check this up front (checkNoiseRate, checkEpsilon); this is for direct callers.
        throw new InvalidInputError(
          "invalid-epsilon",
          `The noise rate epsilon/sensitivity = ${epsilon}/${sensitivity} is below 2^-48 ≈ 3.6e-15, the ` +
            `smallest rate the exact sampler supports (a fraction s/2^k with k ≤ 48); the noise would swamp ` +
            `any value. Fix: use a larger epsilon or a smaller sensitivity.`,
        );
      }
      return { numerator, denominator: 2 ** k };
    }
  }
  /* c8 ignore next */
  throw new Error("unreachable");
}

/** The rate γ of a {@link RationalRate} as a double (for display and statistics, not for sampling). */
export function rateValue(rate: RationalRate): number {
  return rate.numerator / rate.denominator;
}

/** floor(a / b) for safe non-negative integers, exactly (a double division can round up across an integer). */
function floorDivide(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/**
 * Bernoulli(exp(−γ)) for γ = numerator/denominator in [0, 1] (CKS 2020, Algorithm 1):
 *
 *     K ← 1
 *     loop: A ← Bernoulli(γ / K); if A = 0 stop; else K ← K + 1
 *     return K is odd
 *
 * P[K odd] = Σ_k (γ^(k−1)/(k−1)! − γ^k/k!)·[k odd] = e^−γ. Bernoulli(γ/K) is drawn as the AND of two
 * independent draws, Bernoulli(1/K) and Bernoulli(γ), so no product K·denominator is ever formed.
 */
function bernoulliExpFraction(rng: RandomSource, numerator: number, denominator: number): boolean {
  if (numerator === 0) return true;
  let k = 1;
  for (;;) {
    if (k > 1 && uniformInt(rng, k) !== 0) break; // Bernoulli(1/K) failed
    if (!bernoulliRational(rng, numerator, denominator)) break; // Bernoulli(γ) failed
    k++;
  }
  return k % 2 === 1;
}

/** Bernoulli(exp(−1)): Algorithm 1 with γ = 1, where Bernoulli(1/K) alone decides each step. */
function bernoulliExpMinusOne(rng: RandomSource): boolean {
  let k = 2; // Bernoulli(1/1) always succeeds
  while (uniformInt(rng, k) === 0) k++;
  return k % 2 === 1;
}

/**
 * Bernoulli(exp(−γ)) for any rational γ = numerator/denominator ≥ 0, exactly (CKS 2020, Algorithm 1):
 * e^−γ = (e^−1)^⌊γ⌋ · e^−(γ−⌊γ⌋), so ⌊γ⌋ draws of Bernoulli(e^−1) must all succeed, then one draw with
 * the fractional part.
 *
 * @param rng - the random source
 * @param numerator - a safe integer ≥ 0
 * @param denominator - a safe integer ≥ 1
 * @returns true with probability exactly exp(−numerator/denominator)
 * @throws InvalidInputError (code `"invalid-parameter"`) for a numerator or denominator out of range
 */
export function bernoulliExp(rng: RandomSource, numerator: number, denominator: number): boolean {
  if (!Number.isSafeInteger(numerator) || numerator < 0 || !Number.isSafeInteger(denominator) || denominator < 1) {
    throw new InvalidInputError(
      "invalid-parameter",
      `bernoulliExp needs safe integers numerator >= 0 and denominator >= 1, got ${numerator}/${denominator}.`,
    );
  }
  const whole = floorDivide(numerator, denominator);
  for (let i = 0; i < whole; i++) {
    if (!bernoulliExpMinusOne(rng)) return false;
  }
  return bernoulliExpFraction(rng, numerator - whole * denominator, denominator);
}

/**
 * One draw of discrete Laplace noise with rate γ = s/t (CKS 2020, Algorithm 2), exactly:
 *
 *     loop:
 *       U ← uniform {0, …, t−1}
 *       D ← Bernoulli(exp(−U/t));          if D = 0, restart
 *       V ← 0; while Bernoulli(exp(−1)): V ← V + 1
 *       X ← U + t·V                        (X ~ Geometric(1 − e^(−1/t)))
 *       Y ← ⌊X / s⌋                        (Y ~ Geometric(1 − e^(−s/t)))
 *       B ← Bernoulli(1/2);                if B = 1 and Y = 0, restart (else zero would count twice)
 *       return (1 − 2B)·Y
 *
 * A round is accepted with probability at least (1 − e^−1)/2 > 0.3 whatever the rate (D = 1 has
 * probability ≥ 1 − e^−1, and the sign rejection removes at most half), and each round uses a handful of
 * random words, so the cost does not grow with the noise scale.
 *
 * @param rng - the random source
 * @param rate - γ as an exact fraction ({@link rateAtMost})
 * @returns an integer Z with P[Z = z] = (1 − e^−γ)/(1 + e^−γ) · e^(−γ|z|)
 */
export function sampleDiscreteLaplace(rng: RandomSource, rate: RationalRate): number {
  const s = rate.numerator;
  const t = rate.denominator;
  for (;;) {
    const u = uniformInt(rng, t);
    if (!bernoulliExpFraction(rng, u, t)) continue;
    let v = 0;
    while (bernoulliExpMinusOne(rng)) v++;
    const y = geometricPart(u, t, v, s);
    const negative = randomBit(rng) === 1;
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}

/** ⌊(u + t·v) / s⌋ exactly; BigInt only when u + t·v passes 2^53 (probability about e^−32 at t = 2^48). */
function geometricPart(u: number, t: number, v: number, s: number): number {
  const x = u + t * v;
  if (x <= Number.MAX_SAFE_INTEGER) return floorDivide(x, s);
  return Number((BigInt(u) + BigInt(t) * BigInt(v)) / BigInt(s));
}

/**
 * The probability mass of the discrete Laplace distribution with rate γ at integer z (for tests, charts
 * and lessons; computed in floating point).
 *
 * @param z - an integer
 * @param rate - γ > 0, as a number or an exact fraction
 */
export function discreteLaplacePmf(z: number, rate: number | RationalRate): number {
  const gamma = typeof rate === "number" ? rate : rateValue(rate);
  return (-Math.expm1(-gamma) / (1 + Math.exp(-gamma))) * Math.exp(-gamma * Math.abs(z));
}

/**
 * The cumulative distribution P[Z ≤ z] of the discrete Laplace distribution with rate γ
 * (for tests and lessons; computed in floating point):
 * `e^(γz)/(1 + e^−γ)` for z < 0 and `1 − e^(−γ(z+1))/(1 + e^−γ)` for z ≥ 0.
 *
 * @param z - any number; the CDF of an integer distribution is evaluated at ⌊z⌋
 * @param rate - γ > 0, as a number or an exact fraction
 */
export function discreteLaplaceCdf(z: number, rate: number | RationalRate): number {
  const gamma = typeof rate === "number" ? rate : rateValue(rate);
  const k = Math.floor(z);
  const alpha = Math.exp(-gamma);
  if (k < 0) return Math.exp(gamma * k) / (1 + alpha);
  return 1 - Math.exp(-gamma * (k + 1)) / (1 + alpha);
}

/**
 * Noise on a power-of-two grid: how real values are released without the floating-point leak.
 *
 * Textbook Laplace noise `-b·ln(u)` on doubles is not differentially private as implemented: the doubles
 * it can produce are unevenly spaced, so for a given input many outputs are impossible, and which ones
 * depends on the input. Mironov (CCS 2012) showed that an observer can often tell inputs 0 and 1 apart
 * from a single output. The fix used here (the "discretised Laplace" approach that Google's library and
 * OpenDP also take; compare Mironov's snapping mechanism) is to make the output set data-independent:
 *
 *     Λ ← a power of two at most min(b, Δ)/2^12, where b = Δ/ε     (depends only on ε and Δ: public)
 *     q ← round(f(D) / Λ)                                           (an integer: the grid index)
 *     Z ← DiscreteLaplace(γ) with γ ≤ ε / Δ_Λ                       (exact integer sampler, CKS 2020)
 *     return (q + Z) · Λ                                            (exactly representable)
 *
 * Sensitivity on the grid: if |f(D) − f(D′)| ≤ Δ then |q − q′| ≤ ⌈Δ/Λ⌉, because
 * ⌊x + ½⌋ − ⌊x′ + ½⌋ < (x − x′) + 1 and the left side is an integer. So rounding adds at most one grid
 * step to the sensitivity. The general mechanism uses Δ_Λ = ⌈Δ/Λ⌉ + 1: the extra step absorbs any
 * floating-point error smaller than Λ in how the caller computed f (the difference is an integer, so an
 * error e < Λ cannot push it past ⌈Δ/Λ⌉ + 1). The clamped sum computes its grid index exactly and uses
 * Δ_Λ = ⌈Δ/Λ⌉. With Λ ≤ Δ/2^12 the noise is at most 2^-11 (0.05%) larger than plain Laplace at scale Δ/ε.
 *
 * Every output is a multiple of Λ and every multiple of Λ is possible whatever the data, so the support
 * is the same for neighbouring datasets and the ratio of probabilities is bounded by e^ε everywhere.
 */
import { InvalidInputError } from "../errors";
import { GRID_EPSILON_CAP } from "../limits";
import type { RandomSource } from "./random";
import { rateAtMost, rateValue, sampleDiscreteLaplace, type RationalRate } from "./samplers";

/** The grid is at least 2^GRID_BITS times finer than both the noise scale and the sensitivity. */
export const GRID_BITS = 12;

/** Grid indices are clamped to ±2^52 so that q + Z stays an exact integer (clamping is 1-Lipschitz). */
const MAX_INDEX = 2 ** 52;

/** ⌊log₂ x⌋ for a positive finite double, exactly. */
export function floorLog2(x: number): number {
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  else if (2 ** (e + 1) <= x) e++;
  return e;
}

/**
 * The grid step Λ for noise calibrated to (ε, Δ): the largest power of two ≤ min(Δ/ε, Δ)/2^12, but not
 * below that at ε = 8, about Δ/2^16 (`GRID_EPSILON_CAP`, src/limits.ts: at larger ε the grid is coarser
 * than the noise, which only rounds the output more).
 *
 * @param epsilon - ε > 0, finite
 * @param sensitivity - Δ > 0, finite
 * @returns Λ, a power of two
 * @throws InvalidInputError when Δ is so small that Λ would not be a normal double
 */
export function gridStep(epsilon: number, sensitivity: number): number {
  // Beyond ε = GRID_EPSILON_CAP the grid stops getting finer (src/limits.ts): the round-off margins of the
  // moment and Gram mechanisms then hold for any number of values, so no refusal needs the exact n.
  const base = Math.max(Math.min(sensitivity / epsilon, sensitivity), sensitivity / GRID_EPSILON_CAP);
  const exponent = floorLog2(base) - GRID_BITS;
  if (exponent < -1000) {
    throw new InvalidInputError(
      "invalid-sensitivity",
      `sensitivity ${sensitivity} is too small for the noise grid (below about 1e-290). Fix: rescale the ` +
        `data, e.g. to other units.`,
    );
  }
  return 2 ** exponent;
}

/** Round a real value to its grid index: round-half-up of value/Λ, clamped to ±2^52. */
export function gridIndex(value: number, grid: number): number {
  const q = Math.round(value / grid);
  return q > MAX_INDEX ? MAX_INDEX : q < -MAX_INDEX ? -MAX_INDEX : q;
}

/** Clamp an exact grid index (possibly a BigInt) to ±2^52 and return it as a number. */
export function clampIndex(q: number | bigint): number {
  if (typeof q === "bigint") {
    if (q > BigInt(MAX_INDEX)) return MAX_INDEX;
    if (q < -BigInt(MAX_INDEX)) return -MAX_INDEX;
    return Number(q);
  }
  return q > MAX_INDEX ? MAX_INDEX : q < -MAX_INDEX ? -MAX_INDEX : q;
}

/**
 * Discrete Laplace noise on a grid: the calibrated core shared by the real-valued mechanisms.
 * Immutable; every field is public so lessons can show the numbers.
 */
export class GridNoise {
  /** The grid step Λ (a power of two); outputs are multiples of it. */
  readonly grid: number;
  /** The sensitivity in grid steps, Δ_Λ (an integer). */
  readonly gridSensitivity: number;
  /** The exact rate γ of the noise in grid steps, the largest s/2^k ≤ ε/Δ_Λ. */
  readonly rate: RationalRate;
  /** The privacy loss the noise guarantees, Δ_Λ·γ ≤ ε. */
  readonly noiseEpsilon: number;
  /** The noise scale in the value's own units, Λ/γ ≈ Δ/ε. */
  readonly scale: number;

  /**
   * @param epsilon - ε > 0, finite
   * @param sensitivity - Δ > 0, finite
   * @param extraSteps - grid steps added to ⌈Δ/Λ⌉ (1 when the caller's value may carry floating-point
   *   error, 0 when the grid index is computed exactly)
   */
  constructor(epsilon: number, sensitivity: number, extraSteps: 0 | 1) {
    this.grid = gridStep(epsilon, sensitivity);
    this.gridSensitivity = Math.ceil(sensitivity / this.grid) + extraSteps;
    this.rate = Object.freeze(rateAtMost(epsilon, this.gridSensitivity));
    this.noiseEpsilon = this.gridSensitivity * rateValue(this.rate);
    this.scale = this.grid / rateValue(this.rate);
  }

  /**
   * The noisy value for an exact grid index: (q + Z)·Λ.
   * @param index - the grid index of the exact value (a safe integer with |q| ≤ 2^52)
   * @param rng - the random source
   */
  noisyValueAt(index: number, rng: RandomSource): number {
    return (index + sampleDiscreteLaplace(rng, this.rate)) * this.grid;
  }
}

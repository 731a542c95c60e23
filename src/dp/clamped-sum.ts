/**
 * The clamped sum mechanism: the sum of values clamped to public bounds [lower, upper], released with
 * grid Laplace noise (see `grid.ts` for why a grid).
 *
 * Sensitivity. Neighbouring datasets differ by ADDING OR REMOVING one record. Clamped, a record
 * contributes a value in [lower, upper], so the sum moves by at most
 *
 *     Δ = max(|lower|, |upper|)
 *
 * not `upper − lower` (that is the bound for REPLACING a record; diffprivlib 0.6.6 uses it for add/remove,
 * which is too small when the bounds do not contain 0, e.g. [10, 20]: adding a record moves the sum by
 * up to 20, not 10).
 *
 * Pseudocode:
 *
 *     Λ ← gridStep(ε, Δ);  λ ← Λ / 2^m               (a finer sub-grid, m ≤ 20)
 *     for each value x:  rᵢ ← round(clamp(x) / λ)     (an integer, |rᵢ| ≤ ⌈Δ/λ⌉)
 *     R ← Σ rᵢ                                         (exact integer arithmetic: no rounding error)
 *     q ← round(R / 2^m)                               (the grid index of the sum)
 *     Z ← DiscreteLaplace(γ),  γ ≤ ε / ⌈Δ/Λ⌉
 *     return (q + Z)·Λ
 *
 * Adding a record changes R by rᵢ, |rᵢ| ≤ ⌈Δ/λ⌉, so R/2^m moves by at most ⌈Δ/λ⌉/2^m and q by at most
 * ⌈⌈Δ/λ⌉/2^m⌉ = ⌈Δ/Λ⌉ (the rounding argument of `grid.ts`). Because R is an exact integer, no
 * floating-point error enters, so no extra grid step is needed. The per-value rounding to λ changes the
 * sum by at most n·λ/2 = n·Λ/2^21, far below the noise.
 *
 * References: Dwork, McSherry, Nissim & Smith, TCC 2006; Mironov, CCS 2012; Canonne, Kamath & Steinke,
 * NeurIPS 2020; Su et al., CODASPY 2016 (the sums DPLloyd releases).
 */
import { InvalidInputError } from "../errors";
import { clampValue } from "./clamp";
import { GridNoise, clampIndex, floorLog2 } from "./grid";
import type { RandomSource } from "./random";
import { chargeRelease } from "./release";
import type { RationalRate } from "./samplers";
import type { Mechanism, PrivacyCost, ReleaseOptions } from "./types";
import { checkBounds, checkEpsilon, checkFiniteValues } from "./validate";

/** Bits of the sub-grid below the output grid: λ = Λ/2^m with m ≤ 20. */
const MAX_SUBGRID_BITS = 20;
const TWO_POW_52 = 2 ** 52;

/**
 * An exact integer accumulator for the sub-grid sum R = Σ round(xᵢ/λ). It adds in a double while the
 * running total stays below 2^52 (exact there) and spills into a BigInt beyond, which ordinary data never
 * reaches.
 */
export class ExactGridAccumulator {
  private small = 0;
  private big: bigint | undefined;

  /** Add an integer with |r| ≤ 2^51. */
  add(r: number): void {
    this.small += r;
    if (this.small > TWO_POW_52 || this.small < -TWO_POW_52) {
      this.big = (this.big ?? BigInt(0)) + BigInt(this.small);
      this.small = 0;
    }
  }

  /**
   * The grid index round(R / 2^m) (round half up), clamped to ±2^52.
   * @param subgridBits - m
   */
  gridIndex(subgridBits: number): number {
    if (this.big === undefined) return clampIndex(Math.round(this.small / 2 ** subgridBits));
    const total = this.big + BigInt(this.small);
    if (subgridBits === 0) return clampIndex(total);
    // Arithmetic shift right is floor division for negative BigInts too: floor(R/2^m + 1/2).
    const half = BigInt(1) << BigInt(subgridBits - 1);
    return clampIndex((total + half) >> BigInt(subgridBits));
  }
}

/** Options of {@link ClampedSumMechanism}. */
export interface ClampedSumOptions {
  /** Privacy parameter ε > 0; `Infinity` releases the exact clamped sum (no noise, no privacy). */
  epsilon: number;
  /** Public lower bound of the values (finite). */
  lower: number;
  /** Public upper bound of the values (finite, ≥ lower). */
  upper: number;
}

/** The result of a clamped-sum release. */
export interface ClampedSumRelease {
  /** The noisy sum (a multiple of the mechanism's grid). */
  value: number;
}
// No count of clipped values here: it is an exact statistic of the data (one outlier moves it from 0 to 1),
// so a release must not carry it. `countOutsideBounds` (src/dp/diagnostics.ts) is the exact diagnostic.

/**
 * The ε-differentially private sum of values clamped to [lower, upper], under add/remove-one neighbours,
 * with sensitivity max(|lower|, |upper|).
 *
 * @example
 * const m = new ClampedSumMechanism({ epsilon: 0.5, lower: 0, upper: 1000 });
 * m.sensitivity;                                           // 1000
 * m.release([12, 999, 4000], { rng: createRandom(1) });    // { value: … } (4000 counts as 1000)
 */
export class ClampedSumMechanism implements Mechanism {
  /** @inheritdoc */
  readonly mechanism = "clamped sum, grid Laplace";
  /** ε as requested. */
  readonly epsilon: number;
  /** The lower bound. */
  readonly lower: number;
  /** The upper bound. */
  readonly upper: number;
  /** max(|lower|, |upper|): how far adding or removing one record can move the clamped sum. */
  readonly sensitivity: number;
  /** @inheritdoc */
  readonly privacyCost: PrivacyCost;
  /** The output grid step Λ (a power of two); `undefined` when no noise is added. */
  readonly grid: number | undefined;
  /** The sensitivity in grid steps, ⌈Δ/Λ⌉; `undefined` when no noise is added. */
  readonly gridSensitivity: number | undefined;
  /** The exact noise rate per grid step; `undefined` when no noise is added. */
  readonly rate: RationalRate | undefined;
  /** The privacy loss the noise guarantees (≤ ε); 0 when no noise is added. */
  readonly noiseEpsilon: number;
  /** The noise scale in the values' units (≈ Δ/ε); 0 when no noise is added. */
  readonly scale: number;
  /** m: values are first rounded to the sub-grid Λ/2^m (0 when no noise is added). */
  readonly subgridBits: number;

  private readonly noise: GridNoise | undefined;
  private readonly subgrid: number;

  /**
   * @param options - `epsilon`, `lower`, `upper`, all required
   * @throws InvalidInputError for a bad ε or bounds that are not finite and ordered
   */
  constructor(options: ClampedSumOptions) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidInputError(
        "invalid-options",
        "ClampedSumMechanism needs an options object. Fix: new ClampedSumMechanism({ epsilon: 1, lower: 0, upper: 1 }).",
      );
    }
    this.epsilon = checkEpsilon(options.epsilon);
    checkBounds(options.lower, options.upper);
    this.lower = options.lower;
    this.upper = options.upper;
    this.sensitivity = Math.max(Math.abs(this.lower), Math.abs(this.upper));
    this.privacyCost = Object.freeze({ epsilon: this.epsilon, delta: 0 });
    if (this.epsilon === Infinity || this.sensitivity === 0) {
      this.noise = undefined;
      this.subgridBits = 0;
      this.subgrid = 1;
    } else {
      this.noise = new GridNoise(this.epsilon, this.sensitivity, 0);
      // Keep every |rᵢ| ≤ ⌈Δ/λ⌉ ≤ 2^50 so the accumulator's double stays exact.
      const stepsPerSensitivity = Math.ceil(this.sensitivity / this.noise.grid);
      this.subgridBits = Math.max(0, Math.min(MAX_SUBGRID_BITS, 49 - floorLog2(stepsPerSensitivity)));
      this.subgrid = this.noise.grid / 2 ** this.subgridBits;
    }
    this.grid = this.noise?.grid;
    this.gridSensitivity = this.noise?.gridSensitivity;
    this.rate = this.noise?.rate;
    this.noiseEpsilon = this.noise?.noiseEpsilon ?? 0;
    this.scale = this.noise?.scale ?? 0;
  }

  /** @inheritdoc */
  privacyMap(recordsChanged = 1): PrivacyCost {
    return { epsilon: this.epsilon * recordsChanged, delta: 0 };
  }

  /**
   * Round a clamped value to the sub-grid (the integer the exact sum adds up). Low level, used by the
   * grouped sums.
   * @param clampedValue - a value already clamped to [lower, upper]
   */
  subgridUnits(clampedValue: number): number {
    return Math.round(clampedValue / this.subgrid);
  }

  /**
   * The noisy value for an accumulated exact sub-grid sum. Low level, used by the grouped sums; nothing
   * is recorded.
   * @param accumulator - the exact sum of {@link subgridUnits} of the clamped values
   * @param exactSum - the floating-point clamped sum, returned as is when no noise is added
   * @param rng - the random source
   */
  noisyFromAccumulator(accumulator: ExactGridAccumulator, exactSum: number, rng: RandomSource): number {
    if (this.noise === undefined) return exactSum;
    return this.noise.noisyValueAt(accumulator.gridIndex(this.subgridBits), rng);
  }

  /**
   * The noisy clamped sum WITHOUT recording anything in a ledger (low level; prefer {@link release}).
   *
   * @param values - finite numbers (validated)
   * @param rng - the random source
   * @returns the noisy sum
   * @throws InvalidInputError for a non-finite value
   */
  randomise(values: ArrayLike<number>, rng: RandomSource): ClampedSumRelease {
    checkFiniteValues(values);
    const accumulator = new ExactGridAccumulator();
    let plainSum = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const c = clampValue(v, this.lower, this.upper);
      plainSum += c;
      if (this.noise !== undefined) accumulator.add(this.subgridUnits(c));
    }
    return { value: this.noisyFromAccumulator(accumulator, plainSum, rng) };
  }

  /**
   * Release the noisy clamped sum: record the spend (refusing if over budget), then compute and add noise.
   *
   * @param values - finite numbers
   * @param options - `rng` (default secure), `accountant` (default: the default accountant), `label`
   * @returns the noisy sum
   * @throws BudgetExceededError before the data is read; InvalidInputError for a non-finite value
   */
  release(values: ArrayLike<number>, options: ReleaseOptions = {}): ClampedSumRelease {
    checkFiniteValues(values);
    const rng = chargeRelease(this, options, "clamped sum");
    return this.randomise(values, rng);
  }
}

/** Options of {@link noisyClampedSum}. */
export interface NoisyClampedSumOptions extends ReleaseOptions, ClampedSumOptions {}

/**
 * The noisy sum of values clamped to [lower, upper] (sensitivity max(|lower|, |upper|)), charged to the
 * accountant. Values outside the bounds are clamped silently on purpose: saying whether any were would
 * disclose a fact about the data (use the exact diagnostic `countOutsideBounds` to look, not to publish).
 *
 * @param values - finite numbers
 * @param options - `epsilon`, `lower`, `upper` (required); `rng`, `accountant`, `label`
 * @returns the noisy sum
 * @throws InvalidInputError for bad arguments; BudgetExceededError
 * @example
 * noisyClampedSum(weights, { epsilon: 0.5, lower: 0, upper: 1000, rng: createRandom(1), label: "total weight" });
 */
export function noisyClampedSum(values: ArrayLike<number>, options: NoisyClampedSumOptions): ClampedSumRelease {
  const mechanism = new ClampedSumMechanism(options);
  return mechanism.release(values, { ...options, label: options.label ?? "noisy clamped sum" });
}

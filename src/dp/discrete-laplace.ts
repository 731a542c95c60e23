/**
 * The discrete Laplace (two-sided geometric) mechanism for integer queries such as counts.
 *
 * Pseudocode (release of an integer query f with sensitivity Δ at privacy ε):
 *
 *     γ ← the largest s/2^k ≤ ε/Δ                       (exact rational, rounded down: never less noise)
 *     Z ← DiscreteLaplace(γ)  (CKS 2020, Algorithm 2)   P[Z = z] ∝ exp(−γ|z|)
 *     return f(D) + Z
 *
 * Privacy: for neighbours D, D′ (one record added or removed), |f(D) − f(D′)| ≤ Δ, so for every output y,
 * P[f(D) + Z = y] / P[f(D′) + Z = y] = exp(−γ(|y − f(D)| − |y − f(D′)|)) ≤ exp(γΔ) ≤ exp(ε) by the triangle
 * inequality. The output is an integer with the same support (all of ℤ) on every dataset, and the sampler
 * is exact, so there is no floating-point leak (Mironov 2012).
 *
 * References: Ghosh, Roughgarden & Sundararajan, "Universally utility-maximizing privacy mechanisms",
 * STOC 2009 (the geometric mechanism); Canonne, Kamath & Steinke, "The Discrete Gaussian for Differential
 * Privacy", NeurIPS 2020 (the exact sampler); Dwork, McSherry, Nissim & Smith, TCC 2006 (Laplace noise
 * calibrated to sensitivity).
 */
import { InvalidInputError } from "../errors";
import { chargeRelease } from "./release";
import type { RandomSource } from "./random";
import { rateAtMost, rateValue, sampleDiscreteLaplace, type RationalRate } from "./samplers";
import type { Mechanism, PrivacyCost, ReleaseOptions } from "./types";
import { checkEpsilon, checkNoiseRate, checkSensitivity } from "./validate";

function checkIntegerValue(value: number): void {
  if (Number.isSafeInteger(value)) return;
  if (typeof value === "number" && Number.isInteger(value)) {
    // A whole number, but beyond 2^53 − 1 a double no longer holds every integer, so value + Z would be
    // rounded (and its support would depend on the value).
    throw new InvalidInputError(
      "unsafe-integer-value",
      `The discrete Laplace mechanism releases whole numbers up to ±(2^53 − 1) = ±${Number.MAX_SAFE_INTEGER} ` +
        `(the largest a number holds exactly, so that value + noise is exact), got ${value}. A count that ` +
        `large cannot be a count of records. Fix: check how the value was computed; for a large real-valued ` +
        `statistic use GridLaplaceMechanism.`,
    );
  }
  throw new InvalidInputError(
    "non-integer-value",
    `The discrete Laplace mechanism releases whole numbers (such as counts), got ${value}. Fix: for ` +
      `real values use GridLaplaceMechanism or ClampedSumMechanism.`,
  );
}

/** Options of {@link DiscreteLaplaceMechanism}. */
export interface DiscreteLaplaceOptions {
  /** Privacy parameter ε > 0; `Infinity` releases the exact value (no noise, no privacy). */
  epsilon: number;
  /** How much one record can change the integer value. Default 1 (a count). */
  sensitivity?: number;
}

/**
 * Adds exact discrete Laplace noise to integers: ε-differentially private for an integer query whose
 * value moves by at most `sensitivity` when one record is added or removed.
 *
 * @example
 * const count = new DiscreteLaplaceMechanism({ epsilon: 0.5 });           // sensitivity 1
 * count.release(1025, { rng: createRandom(7), label: "number of species" }); // e.g. 1027
 */
export class DiscreteLaplaceMechanism implements Mechanism {
  /** @inheritdoc */
  readonly mechanism = "discrete Laplace";
  /** ε as requested. */
  readonly epsilon: number;
  /** @inheritdoc */
  readonly sensitivity: number;
  /** @inheritdoc */
  readonly privacyCost: PrivacyCost;
  /**
   * The exact noise rate γ (P[Z = z] ∝ e^(−γ|z|)), the largest s/2^k ≤ ε/Δ; `undefined` when no noise is
   * added (ε = ∞ or Δ = 0).
   */
  readonly rate: RationalRate | undefined;
  /** The privacy loss the noise really guarantees, Δ·γ ≤ ε (equal up to a relative ~2^-32). */
  readonly noiseEpsilon: number;
  /** The noise scale 1/γ = Δ/ε (up to the rounding of γ); 0 when no noise is added. */
  readonly scale: number;

  /**
   * @param options - `epsilon` (required), `sensitivity` (default 1)
   * @throws InvalidInputError for ε below 1e-10 (or ≤ 0, or NaN), a negative, non-finite or too large
   *   sensitivity, or ε/sensitivity below 2^-48 (the smallest noise rate the exact sampler holds)
   */
  constructor(options: DiscreteLaplaceOptions) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidInputError(
        "invalid-options",
        "DiscreteLaplaceMechanism needs an options object. Fix: new DiscreteLaplaceMechanism({ epsilon: 1 }).",
      );
    }
    this.epsilon = checkEpsilon(options.epsilon);
    this.sensitivity = checkSensitivity(options.sensitivity ?? 1);
    this.privacyCost = Object.freeze({ epsilon: this.epsilon, delta: 0 });
    if (this.epsilon === Infinity || this.sensitivity === 0) {
      this.rate = undefined;
      this.noiseEpsilon = 0;
      this.scale = 0;
    } else {
      checkNoiseRate(this.epsilon, this.sensitivity);
      this.rate = Object.freeze(rateAtMost(this.epsilon, this.sensitivity));
      this.noiseEpsilon = this.sensitivity * rateValue(this.rate);
      this.scale = 1 / rateValue(this.rate);
    }
  }

  /** @inheritdoc */
  privacyMap(recordsChanged = 1): PrivacyCost {
    return { epsilon: this.epsilon * recordsChanged, delta: 0 };
  }

  /**
   * One draw of the noise alone (0 when no noise is added). Low level: nothing is recorded.
   * @param rng - the random source
   */
  sampleNoise(rng: RandomSource): number {
    return this.rate === undefined ? 0 : sampleDiscreteLaplace(rng, this.rate);
  }

  /**
   * The noisy value WITHOUT recording anything in a ledger. Low level, for tests and for code that
   * charges an accountant itself; prefer {@link release}.
   *
   * @param value - the exact integer value (a safe integer)
   * @param rng - the random source
   * @returns `value + Z`, an integer
   * @throws InvalidInputError when `value` is not a safe integer
   */
  randomise(value: number, rng: RandomSource): number {
    checkIntegerValue(value);
    return value + this.sampleNoise(rng);
  }

  /**
   * Release a noisy integer: record the spend in the accountant (refusing if over budget), then add noise.
   *
   * @param value - the exact integer value (a safe integer)
   * @param options - `rng` (default secure), `accountant` (default: the default accountant), `label`
   * @returns `value + Z`, an integer (may be negative for a small count)
   * @throws BudgetExceededError before any noise is drawn when the budget does not allow it
   * @throws InvalidInputError when `value` is not a safe integer
   */
  release(value: number, options: ReleaseOptions = {}): number {
    checkIntegerValue(value);
    const rng = chargeRelease(this, options, "discrete Laplace release");
    return this.randomise(value, rng);
  }
}

/** Options of {@link noisyCount}. */
export interface NoisyCountOptions extends ReleaseOptions {
  /** Privacy parameter ε > 0 (or `Infinity` for the exact count). */
  epsilon: number;
}

/**
 * A count with discrete Laplace noise (sensitivity 1: one record changes a count by at most 1), charged
 * to the accountant. The result is an integer and may be negative; clip it at 0 afterwards if you need to
 * (post-processing costs no privacy).
 *
 * @param count - the exact count (a whole number)
 * @param options - `epsilon` (required), `rng`, `accountant`, `label`
 * @returns the noisy count
 * @throws InvalidInputError for a bad ε (below 1e-10 included) or a count that is not a whole number within
 *   ±(2^53 − 1); BudgetExceededError
 * @example
 * const acc = new BudgetAccountant({ epsilon: 1 });
 * noisyCount(151, { epsilon: 0.5, accountant: acc, rng: createRandom(1), label: "Kanto species" });
 */
export function noisyCount(count: number, options: NoisyCountOptions): number {
  const mechanism = new DiscreteLaplaceMechanism({ epsilon: options.epsilon, sensitivity: 1 });
  return mechanism.release(count, { ...options, label: options.label ?? "noisy count" });
}

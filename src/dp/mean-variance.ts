/**
 * DP mean and variance of one feature, the building blocks of a DP StandardScaler, following the
 * specification diffprivlib 0.6.6 uses (its `mean` and `var` tools):
 *
 *     clamp every value to [l, u];  n = number of values (treated as public)
 *     mean:      Δ = (u − l)/n,               release μ + noise, then clamp to [l, u]
 *     variance:  Δ = ((u − l)/n)²·(n − 1),    release σ² + noise, then clamp to [0, (u − l)²/4]
 *
 * Neighbouring datasets here differ by REPLACING one record (n fixed and public), which is the model
 * these sensitivities are derived for; the counts and sums elsewhere in this folder use add/remove.
 * The noise is grid Laplace (`grid-laplace.ts`), and the statistics are computed with compensated
 * (Neumaier) summation so their floating-point error stays far below one grid step, which the grid
 * mechanism's extra step absorbs. The final clamping is post-processing and costs no privacy.
 *
 * References: Dwork, McSherry, Nissim & Smith, TCC 2006; Holohan et al., "Diffprivlib: the IBM
 * differential privacy library", arXiv:1907.02444 (2019).
 */
import { InvalidInputError } from "../errors";
import { clampValue } from "./clamp";
import { GridLaplaceMechanism } from "./grid-laplace";
import type { ReleaseOptions } from "./types";
import { checkBounds, checkEpsilon, checkFiniteValues } from "./validate";
import { warnValuesClipped } from "./warnings";

/** Options of {@link noisyMean} and {@link noisyVariance}. */
export interface NoisyMomentOptions extends ReleaseOptions {
  /** Privacy parameter ε > 0 (or `Infinity` for the exact statistic). */
  epsilon: number;
  /** Public lower bound of the values. */
  lower: number;
  /** Public upper bound of the values (≥ lower). */
  upper: number;
  /** Raise the "values-clipped" PrivacyWarning when values were clipped. Default true. */
  warn?: boolean;
}

/** The result of {@link noisyMean} or {@link noisyVariance}. */
export interface NoisyMomentRelease {
  /** The released statistic (clamped to its feasible range). */
  value: number;
  /** How many values were outside [lower, upper] and were clipped. */
  clipped: number;
  /** The sensitivity the noise was calibrated to (depends on n). */
  sensitivity: number;
}

/** Neumaier's compensated sum: error about 2u·|Σx| + O(n·u²)·Σ|x| instead of n·u·Σ|x|. */
function compensatedSum(values: ArrayLike<number>, map: (x: number) => number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const x = map(values[i]!);
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

function validate(values: ArrayLike<number>, options: NoisyMomentOptions, what: string): void {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError(
      "invalid-options",
      `${what} needs an options object. Fix: ${what}(values, { epsilon: 1, lower: 0, upper: 1 }).`,
    );
  }
  checkEpsilon(options.epsilon);
  checkBounds(options.lower, options.upper);
  checkFiniteValues(values);
  if (values.length === 0) {
    throw new InvalidInputError(
      "empty-data",
      `${what} needs at least one value (n is treated as public, and there is nothing to average). ` +
        `Fix: pass a non-empty array.`,
    );
  }
}

function countClipped(values: ArrayLike<number>, lower: number, upper: number): number {
  let clipped = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! < lower || values[i]! > upper) clipped++;
  return clipped;
}

/**
 * The DP mean of values clamped to [lower, upper] (replace-one neighbours, n public; sensitivity
 * (upper − lower)/n), clamped to [lower, upper] after the noise.
 *
 * @param values - finite numbers, at least one
 * @param options - `epsilon`, `lower`, `upper` (required); `rng`, `accountant`, `label`, `warn`
 * @returns the noisy mean, the number of clipped values and the sensitivity used
 * @throws InvalidInputError for bad arguments or no values; BudgetExceededError
 * @example
 * noisyMean([1.2, 3.4, 2.2], { epsilon: 0.5, lower: 0, upper: 5, rng: createRandom(2) });
 */
export function noisyMean(values: ArrayLike<number>, options: NoisyMomentOptions): NoisyMomentRelease {
  validate(values, options, "noisyMean");
  const { lower, upper } = options;
  const n = values.length;
  const sensitivity = (upper - lower) / n;
  const mechanism = new GridLaplaceMechanism({ epsilon: options.epsilon, sensitivity });
  const mean = compensatedSum(values, (x) => clampValue(x, lower, upper)) / n;
  const noisy = mechanism.release(mean, { ...options, label: options.label ?? "noisy mean" });
  const clipped = countClipped(values, lower, upper);
  if (options.warn !== false) warnValuesClipped(clipped, "in noisyMean");
  return { value: clampValue(noisy, lower, upper), clipped, sensitivity };
}

/**
 * The DP variance (population variance, dividing by n) of values clamped to [lower, upper]
 * (replace-one neighbours, n public; sensitivity ((upper − lower)/n)²·(n − 1)), clamped to
 * [0, (upper − lower)²/4] after the noise.
 *
 * @param values - finite numbers, at least one
 * @param options - `epsilon`, `lower`, `upper` (required); `rng`, `accountant`, `label`, `warn`
 * @returns the noisy variance, the number of clipped values and the sensitivity used
 * @throws InvalidInputError for bad arguments or no values; BudgetExceededError
 */
export function noisyVariance(values: ArrayLike<number>, options: NoisyMomentOptions): NoisyMomentRelease {
  validate(values, options, "noisyVariance");
  const { lower, upper } = options;
  const n = values.length;
  const range = upper - lower;
  const sensitivity = (range / n) ** 2 * (n - 1);
  const mechanism = new GridLaplaceMechanism({ epsilon: options.epsilon, sensitivity });
  const mean = compensatedSum(values, (x) => clampValue(x, lower, upper)) / n;
  const variance = compensatedSum(values, (x) => (clampValue(x, lower, upper) - mean) ** 2) / n;
  const noisy = mechanism.release(variance, { ...options, label: options.label ?? "noisy variance" });
  const clipped = countClipped(values, lower, upper);
  if (options.warn !== false) warnValuesClipped(clipped, "in noisyVariance");
  return { value: clampValue(noisy, 0, (range * range) / 4), clipped, sensitivity };
}

/**
 * Clamping ("clipping") values to public bounds, counting how many moved.
 *
 * Clamping is what gives a sum its sensitivity: after it, one record can change a sum by at most
 * max(|lower|, |upper|). It also changes the data the model sees, which the learner must be told about:
 * the count returned here feeds {@link warnValuesClipped}.
 */
import { checkBounds, checkFiniteValues } from "./validate";

/** The result of {@link clamp}. */
export interface ClampResult {
  /** The clamped values (a new array). */
  values: Float64Array;
  /** How many values were outside [lower, upper] and were moved to the nearest bound. */
  clipped: number;
}

/**
 * Clamp every value to [lower, upper].
 *
 * @param values - finite numbers
 * @param lower - the lower bound (finite)
 * @param upper - the upper bound (finite, ≥ lower)
 * @returns the clamped copy and the number of values that moved
 * @throws InvalidInputError for bad bounds or a non-finite value
 * @example
 * clamp([-5, 0.5, 3], 0, 1); // { values: Float64Array [0, 0.5, 1], clipped: 2 }
 */
export function clamp(values: ArrayLike<number>, lower: number, upper: number): ClampResult {
  checkBounds(lower, upper);
  checkFiniteValues(values);
  const out = new Float64Array(values.length);
  const clipped = clampInto(values, lower, upper, out);
  return { values: out, clipped };
}

/**
 * Clamp into a buffer you own (no allocation, no validation: for the numeric core after validation).
 *
 * @param values - the input values
 * @param lower - the lower bound
 * @param upper - the upper bound
 * @param out - where to write; may be `values` itself (in place); length ≥ values.length
 * @returns how many values were outside [lower, upper]
 */
export function clampInto(
  values: ArrayLike<number>,
  lower: number,
  upper: number,
  out: { [index: number]: number; readonly length: number },
): number {
  let clipped = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lower) {
      out[i] = lower;
      clipped++;
    } else if (v > upper) {
      out[i] = upper;
      clipped++;
    } else {
      out[i] = v;
    }
  }
  return clipped;
}

/**
 * Clamp one value (no validation).
 * @returns `lower` if `value < lower`, `upper` if `value > upper`, else `value`
 */
export function clampValue(value: number, lower: number, upper: number): number {
  return value < lower ? lower : value > upper ? upper : value;
}

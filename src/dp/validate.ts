/**
 * Argument checks shared by every mechanism and the accountant. Each throws an InvalidInputError whose
 * message names the argument, the value received, what is allowed, and how to fix it, because a learner
 * reads these in a notebook.
 */
import { InvalidInputError } from "../errors";

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  return typeof value;
}

/**
 * Check a privacy parameter ε: a number > 0, finite, or `Infinity` meaning "no noise, no privacy".
 *
 * @param epsilon - the value to check
 * @param name - the argument's name in the message (default `"epsilon"`)
 * @returns `epsilon`, typed as a number
 * @throws InvalidInputError (code `"invalid-epsilon"`) for anything else
 */
export function checkEpsilon(epsilon: unknown, name = "epsilon"): number {
  if (typeof epsilon !== "number" || Number.isNaN(epsilon) || epsilon <= 0) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `${name} must be a number greater than 0 (smaller means more privacy and more noise), got ` +
        `${describe(epsilon)}. Fix: pass e.g. ${name}: 1, or ${name}: Infinity to turn the noise off ` +
        `(no privacy at all, for comparisons only).`,
    );
  }
  return epsilon;
}

/**
 * Check a privacy parameter δ: a finite number with 0 ≤ δ < 1.
 *
 * @param delta - the value to check
 * @param name - the argument's name in the message (default `"delta"`)
 * @returns `delta`
 * @throws InvalidInputError (code `"invalid-delta"`)
 */
export function checkDelta(delta: unknown, name = "delta"): number {
  if (typeof delta !== "number" || !Number.isFinite(delta) || delta < 0 || delta >= 1) {
    throw new InvalidInputError(
      "invalid-delta",
      `${name} must be a number with 0 <= ${name} < 1 (the probability that the ε guarantee fails), got ` +
        `${describe(delta)}. Fix: leave it at 0 for pure ε-differential privacy.`,
    );
  }
  return delta;
}

/**
 * Check a sensitivity: how much one record can change the released value. Finite and ≥ 0.
 *
 * @param sensitivity - the value to check
 * @param name - the argument's name in the message (default `"sensitivity"`)
 * @returns `sensitivity`
 * @throws InvalidInputError (code `"invalid-sensitivity"`)
 */
export function checkSensitivity(sensitivity: unknown, name = "sensitivity"): number {
  if (typeof sensitivity !== "number" || !Number.isFinite(sensitivity) || sensitivity < 0) {
    throw new InvalidInputError(
      "invalid-sensitivity",
      `${name} must be a finite number >= 0 (the most one record can change the value), got ` +
        `${describe(sensitivity)}. Fix: for a count pass 1; for a sum of values clamped to ` +
        `[lower, upper] pass max(|lower|, |upper|).`,
    );
  }
  return sensitivity;
}

/**
 * Check a pair of bounds: both finite and `lower ≤ upper`.
 *
 * @param lower - the lower bound
 * @param upper - the upper bound
 * @param what - what the bounds are for, used in the message (default `"the bounds"`)
 * @throws InvalidInputError (code `"invalid-bounds"`)
 */
export function checkBounds(lower: unknown, upper: unknown, what = "the bounds"): void {
  if (typeof lower !== "number" || !Number.isFinite(lower) || typeof upper !== "number" || !Number.isFinite(upper)) {
    throw new InvalidInputError(
      "invalid-bounds",
      `${what} must be finite numbers, got lower = ${describe(lower)}, upper = ${describe(upper)}. ` +
        `Fix: pass bounds you know without looking at the data, e.g. lower: 0, upper: 100.`,
    );
  }
  if (lower > upper) {
    throw new InvalidInputError(
      "invalid-bounds",
      `${what} are in the wrong order: lower = ${lower} is greater than upper = ${upper}. ` +
        `Fix: swap them (lower: ${upper}, upper: ${lower}).`,
    );
  }
}

/**
 * Check that every value is a finite number (NaN and ±Infinity cannot be clamped meaningfully).
 *
 * @param values - the values to check
 * @param what - what the values are, used in the message (default `"values"`)
 * @throws InvalidInputError (code `"non-finite-value"`) naming the first bad index
 */
export function checkFiniteValues(values: ArrayLike<number>, what = "values"): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidInputError(
        "non-finite-value",
        `${what}[${i}] is ${describe(v)}, not a finite number. Fix: remove or impute missing and ` +
          `infinite values before a private release.`,
      );
    }
  }
}

/**
 * Check a whole number of things (a count, a number of groups).
 *
 * @param value - the value to check
 * @param name - the argument's name in the message
 * @param minimum - the smallest allowed value (default 0)
 * @returns `value`
 * @throws InvalidInputError (code `"invalid-integer"`)
 */
export function checkInteger(value: unknown, name: string, minimum = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum) {
    throw new InvalidInputError(
      "invalid-integer",
      `${name} must be a whole number >= ${minimum}, got ${describe(value)}. Fix: pass an integer ` +
        `such as ${Math.max(minimum, 1)}.`,
    );
  }
  return value;
}

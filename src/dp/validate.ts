/**
 * Argument checks shared by every mechanism and the accountant. Each throws an InvalidInputError whose
 * message names the argument, the value received, what is allowed, and how to fix it, because a learner
 * reads these in a notebook.
 *
 * The input domain (the OpenDP way: stated, and refused before anything is computed or spent; the full
 * table is in src/dp/README.md, "What is refused before any spend"):
 * - settings (ε in [1e-10, 1000] or Infinity, δ, sensitivities, bounds) are public, so their messages may
 *   print the value given;
 * - data values are private records: a value outside the record domain (not a finite number within
 *   ±1e100) is refused with ONE message that names no position and no value ({@link checkFiniteValues}),
 *   because a message shown in a notebook is published with it and must not tell two neighbours apart.
 */
import { InvalidInputError } from "../errors";
import { MAX_EPSILON, MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT, MAX_SENSITIVITY, MIN_EPSILON, MIN_NOISE_RATE } from "../limits";

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  return typeof value;
}

/**
 * Check a privacy parameter ε: a number ≥ {@link MIN_EPSILON} (1e-10, the smallest ε the exact noise
 * samplers support), finite, or `Infinity` meaning "no noise, no privacy".
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
  if (epsilon < MIN_EPSILON) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `${name} = ${epsilon} is below ${MIN_EPSILON.toExponential()}, the smallest ε a release supports: the ` +
        `exact noise samplers hold the noise rate as a fraction s/2^k with k ≤ 48, and a grid mechanism ` +
        `spreads ε over up to 2^13 + 1 grid steps of the sensitivity, so a smaller ε would need a rate below ` +
        `2^-48. (Such noise would be 10^10 times the sensitivity: no answer left.) Fix: use a larger ${name}.`,
    );
  }
  if (epsilon > MAX_EPSILON && epsilon !== Infinity) throw epsilonTooLarge(name, epsilon);
  return epsilon;
}

/**
 * The refusal of a finite ε above {@link MAX_EPSILON} (src/limits.ts): it reads ε only, a public setting.
 *
 * @param name - the parameter's name in the message
 * @param epsilon - the ε given
 * @returns the error to throw (code `"epsilon-too-large"`)
 */
export function epsilonTooLarge(name: string, epsilon: number): InvalidInputError {
  return new InvalidInputError(
    "epsilon-too-large",
    `${name} = ${epsilon} is above ${MAX_EPSILON}, the largest ε supported: the guarantee bounds how much one ` +
      `record can change the odds of any output by a factor e^ε, and beyond ε ≈ 710 that factor is not even a ` +
      `finite number — it promises nothing. Fix: use ε ≤ ${MAX_EPSILON} (typical values are 0.1 to 10), or ` +
      `${name}: Infinity to turn the noise off on purpose (no privacy, for comparisons).`,
  );
}

/**
 * Check that an integer-valued mechanism's noise rate ε/Δ can be represented exactly by the sampler
 * (≥ 2^-48, {@link MIN_NOISE_RATE}). For a count (Δ = 1) every ε accepted by {@link checkEpsilon} passes.
 *
 * @param epsilon - ε, already checked by {@link checkEpsilon}, finite
 * @param sensitivity - Δ > 0, already checked by {@link checkSensitivity}
 * @throws InvalidInputError (code `"invalid-epsilon"`) when ε/Δ < 2^-48
 */
export function checkNoiseRate(epsilon: number, sensitivity: number): void {
  if (epsilon / sensitivity < MIN_NOISE_RATE) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `epsilon/sensitivity = ${epsilon}/${sensitivity} is below 2^-48 ≈ 3.6e-15, the smallest noise rate the ` +
        `exact sampler supports (it holds the rate as a fraction s/2^k with k ≤ 48). The noise would be more ` +
        `than 10^14 times the sensitivity. Fix: use a larger epsilon, or a query with a smaller sensitivity.`,
    );
  }
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
 * Check a sensitivity: how much one record can change the released value. Finite, ≥ 0 and at most
 * {@link MAX_SENSITIVITY} (1e250), beyond which the noise itself would overflow.
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
  if (sensitivity > MAX_SENSITIVITY) {
    throw new InvalidInputError(
      "invalid-sensitivity",
      `${name} = ${sensitivity} is above ${MAX_SENSITIVITY.toExponential()}, the largest sensitivity supported: ` +
        `the noise, up to about 2^44 times the sensitivity, would overflow to Infinity. Sensitivities of data ` +
        `within ±${MAX_MAGNITUDE_TEXT} stay far below it. Fix: rescale the data (other units) so the ` +
        `sensitivity shrinks.`,
    );
  }
  return sensitivity;
}

/**
 * Check a pair of bounds: both finite, within ±{@link MAX_MAGNITUDE} (1e100), and `lower ≤ upper`.
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
  if (Math.abs(lower) > MAX_MAGNITUDE || Math.abs(upper) > MAX_MAGNITUDE) {
    throw new InvalidInputError(
      "invalid-bounds",
      `${what} must lie within ±${MAX_MAGNITUDE_TEXT}, the largest magnitude supported, got lower = ${lower}, ` +
        `upper = ${upper}: their width, squares and sums would overflow to Infinity. Fix: take the bounds from ` +
        `the domain, and rescale values that really are that large (other units, or a log scale).`,
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
 * Check that every value is a finite number (NaN and ±Infinity cannot be clamped meaningfully) within
 * ±{@link MAX_MAGNITUDE} (1e100), the magnitude every model and mechanism supports.
 *
 * @param values - the values to check
 * @param what - what the values are, used in the message (default `"values"`)
 * @throws InvalidInputError (code `"outside-record-domain"`), the same text for any bad value (no position, no value)
 */
export function checkFiniteValues(values: ArrayLike<number>, what = "values"): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || v - v !== 0 || v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE) {
      // One text whatever the value and wherever it is: the message is published with the notebook.
      throw new InvalidInputError(
        "outside-record-domain",
        `${what} holds a value outside the record domain: every value of a private release must be a finite ` +
          `number within ±${MAX_MAGNITUDE_TEXT}, the largest magnitude supported (not NaN, null or ±Infinity; ` +
          `larger values overflow in squares and sums). This message names no position or value on purpose. Fix: remove or impute such values ` +
          `before a private release, e.g. values.filter((v) => Number.isFinite(v) && Math.abs(v) <= ` +
          `${MAX_MAGNITUDE_TEXT}).`,
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

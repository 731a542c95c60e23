/**
 * Input checks shared by the figure builders. A chart of wrong data is worse than an error, so every
 * builder checks shapes up front and says how to fix them.
 */
import { InvalidInputError } from "../../errors";

/**
 * Check a list of points of one or two coordinates, all finite and of the same dimension.
 * @returns the dimension (1 or 2)
 * @throws InvalidInputError for empty input, ragged rows, more than two coordinates, non-finite values
 */
export function checkPoints(points: readonly (readonly number[])[], name = "points"): 1 | 2 {
  if (!Array.isArray(points) || points.length === 0) {
    throw new InvalidInputError("empty-input", `${name} is empty: pass at least one point as an array of numbers.`);
  }
  const dim = Array.isArray(points[0]) ? points[0].length : -1;
  if (dim !== 1 && dim !== 2) {
    throw new InvalidInputError(
      "wrong-dimension",
      `${name} must hold points of 1 or 2 coordinates, got ${dim < 0 ? "a non-array" : dim}. ` +
        `Plot two features, or reduce the data to 2 dimensions (e.g. with PCA) first.`,
    );
  }
  points.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== dim) {
      throw new InvalidInputError(
        "ragged-input",
        `${name}[${i}] has ${Array.isArray(p) ? p.length : "no"} coordinates but ${name}[0] has ${dim}: ` +
          `every point needs the same number of coordinates.`,
      );
    }
    for (const v of p) {
      if (!Number.isFinite(v)) {
        throw new InvalidInputError(
          "non-finite-value",
          `${name}[${i}] holds ${v}: drop or impute missing values before plotting.`,
        );
      }
    }
  });
  return dim;
}

/**
 * Check cluster labels: non-negative integers, one per point.
 * @throws InvalidInputError when the length differs from `n` or a label is not a non-negative integer
 */
export function checkLabels(labels: readonly number[], n: number, name = "labels"): void {
  if (!Array.isArray(labels) || labels.length !== n) {
    throw new InvalidInputError(
      "length-mismatch",
      `${name} has ${Array.isArray(labels) ? labels.length : "no"} entries but there are ${n} points: ` +
        `pass one cluster label per point (e.g. model.predict(points)).`,
    );
  }
  labels.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0) {
      throw new InvalidInputError(
        "invalid-label",
        `${name}[${i}] is ${l}: cluster labels must be integers from 0 to k - 1.`,
      );
    }
  });
}

/**
 * Check an optional list (names, values) has one entry per point.
 * @throws InvalidInputError when the length differs from `n`
 */
export function checkLength(list: readonly unknown[] | undefined, n: number, name: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length !== n) {
    throw new InvalidInputError(
      "length-mismatch",
      `${name} has ${Array.isArray(list) ? list.length : "no"} entries but ${n} are needed (one per point).`,
    );
  }
}

/**
 * Check a list of finite numbers (optionally positive, for log axes).
 * @throws InvalidInputError for an empty list, a non-finite value, or a non-positive value when `positive`
 */
export function checkNumbers(values: readonly number[], name: string, positive = false): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidInputError("empty-input", `${name} is empty: pass at least one number.`);
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      throw new InvalidInputError("non-finite-value", `${name}[${i}] is ${v}: pass finite numbers only.`);
    }
    if (positive && v <= 0) {
      throw new InvalidInputError(
        "non-positive-value",
        `${name}[${i}] is ${v}, which a logarithmic axis cannot show: use a linear axis (log: false) ` +
          `or remove values ≤ 0.`,
      );
    }
  });
}

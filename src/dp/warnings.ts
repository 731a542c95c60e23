/**
 * The standard privacy warnings, worded once so every model says the same thing the same way.
 * They are `PrivacyWarning`s from `src/errors.ts`: typed, catchable with `captureWarnings`, printed
 * under the notebook cell by default. Raise each at most once per call, with the total count.
 */
import { PrivacyWarning, warnPrivacy } from "../errors";

/**
 * Say that values were clipped to the bounds (no-op when `count` is 0).
 *
 * @param count - how many values were outside the bounds (summed over the whole call)
 * @param context - where, e.g. `"in DPKMeans.fit"`; appended to the message when given
 * @returns the warning raised, or `undefined` when `count` is 0
 * @example
 * const { clipped } = clamp(values, 0, 100);
 * warnValuesClipped(clipped, "in noisyClampedSum");
 * // PrivacyWarning [values-clipped]: 3 values were outside the bounds and were clipped in noisyClampedSum; …
 */
export function warnValuesClipped(count: number, context?: string): PrivacyWarning | undefined {
  if (!(count > 0)) return undefined;
  const plural = count === 1 ? "value was" : "values were";
  const warning = new PrivacyWarning(
    "values-clipped",
    `${count} ${plural} outside the bounds and ${count === 1 ? "was" : "were"} clipped` +
      `${context ? ` ${context}` : ""}; the privacy guarantee holds, but the result is pulled towards the ` +
      `bounds. Fix: if the bounds are too narrow, widen them using public knowledge (never the data's own ` +
      `minimum and maximum), or accept the clipping.`,
    count,
  );
  warnPrivacy(warning);
  return warning;
}

/**
 * Say that bounds were computed from the data (which leaks the extreme values and voids the guarantee).
 *
 * @param features - how many features' bounds came from the data
 * @param context - where, e.g. `"in DPKMeans.fit"`
 * @returns the warning raised
 */
export function warnBoundsFromData(features: number, context?: string): PrivacyWarning {
  const warning = new PrivacyWarning(
    "bounds-from-data",
    `Bounds were not given${context ? ` ${context}` : ""}, so they were computed from the data (the minimum ` +
      `and maximum of ${features} feature${features === 1 ? "" : "s"}). That reveals the most extreme ` +
      `records, so the result is NOT differentially private. Fix: pass bounds you know without looking at ` +
      `the data, e.g. bounds: { lower: [0, 0], upper: [100, 10] }.`,
    features,
  );
  warnPrivacy(warning);
  return warning;
}

/**
 * Compute per-feature bounds from the data itself, raising the "bounds-from-data" warning. For lessons
 * and for models whose learner gave no bounds; the result is not private.
 *
 * @param data - n × d values, row-major, with `d` columns
 * @param d - number of features (≥ 1)
 * @param context - where, for the warning
 * @returns `{ lower, upper }`, the minimum and maximum of each feature (0 and 0 for an empty column)
 */
export function boundsFromData(
  data: ArrayLike<number>,
  d: number,
  context?: string,
): { lower: number[]; upper: number[] } {
  const lower = new Array<number>(d).fill(Infinity);
  const upper = new Array<number>(d).fill(-Infinity);
  for (let i = 0; i < data.length; i++) {
    const j = i % d;
    const v = data[i]!;
    if (v < lower[j]!) lower[j] = v;
    if (v > upper[j]!) upper[j] = v;
  }
  for (let j = 0; j < d; j++) {
    if (lower[j] === Infinity) {
      lower[j] = 0;
      upper[j] = 0;
    }
  }
  warnBoundsFromData(d, context);
  return { lower, upper };
}

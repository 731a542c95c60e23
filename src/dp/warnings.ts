/**
 * The standard privacy warnings, worded once so every model says the same thing the same way.
 * They are `PrivacyWarning`s from `src/errors.ts`: typed, catchable with `captureWarnings`, printed
 * under the notebook cell by default. Raise each at most once per call.
 *
 * A warning is published with the notebook that shows it, so whether a warning is raised, and its text,
 * depend only on PUBLIC settings (ε, bounds given or not, a seed, a declared size) — never on the data.
 * There is deliberately no "values were clipped" warning: whether any value lies outside the bounds is a
 * fact about the data (one outlying record turns it on). The exact count of clipped values is an exact
 * diagnostic a learner asks for on purpose (`model.exact.clippedValues`, `countOutsideBounds`).
 */
import { PrivacyWarning, warnPrivacy } from "../errors";

/**
 * Say that a fit spent part of its ε on a noisy count of the rows because no public size was declared.
 * Its text depends only on public settings (never on the data), so it may be published with a notebook.
 *
 * @param context - who, e.g. `"KMeans.fit"`
 * @param epsilon - the ε spent on the count
 * @returns the warning raised
 */
export function warnSizeFromNoisyCount(context: string, epsilon: number): PrivacyWarning {
  const warning = new PrivacyWarning(
    "size-from-noisy-count",
    `publicSize was not given in ${context}, so ε = ${Number(epsilon.toPrecision(6))} of the budget went to a noisy count of the rows ` +
      `(on the receipt); the count then sets the schedule, the grid and the normalisers. The exact number of ` +
      `rows is private: one added record changes it. Fix: if the number of records is public (e.g. the ` +
      `1,025 species of the Pokédex), pass publicSize and keep all of ε for the model.`,
  );
  warnPrivacy(warning);
  return warning;
}

/**
 * Say that a release runs with ε = ∞: exact values, no noise, no privacy at all.
 *
 * @param context - who, e.g. `"KMeans.fit"`
 * @returns the warning raised
 */
export function warnNoPrivacy(context: string): PrivacyWarning {
  const warning = new PrivacyWarning(
    "no-privacy",
    `ε = ∞ in ${context}: no noise is added, so the result is NOT differentially private (it is the exact ` +
      `answer). Use it only to compare with private results; never publish it as private. Fix: pass a finite ` +
      `epsilon, e.g. epsilon: 1.`,
  );
  warnPrivacy(warning);
  return warning;
}

/**
 * Say that the noise of a release comes from a seed: reproducible for teaching, and recomputable by anyone
 * who knows the seed, so it protects nothing.
 *
 * @param context - who, e.g. `"KMeans.fit"`
 * @returns the warning raised
 */
export function warnSeededNoise(context: string): PrivacyWarning {
  // One text whatever the model, so a notebook shows it once per session (see ONCE_PER_SESSION in errors.ts).
  void context;
  const warning = new PrivacyWarning(
    "seeded-noise",
    `The noise comes from a seed (randomState): results are reproducible, which is right for a lesson, ` +
      `but anyone who knows the seed can recompute the noise and subtract it, so seeded results are NOT ` +
      `private. Fix: for a real release leave randomState out, and the noise comes from crypto. ` +
      `(Shown once per session; every seeded fit raises it.)`,
  );
  warnPrivacy(warning);
  return warning;
}

/**
 * The warnings every DP fit owes its reader about its settings (never about its data): ε = ∞ and seeded noise.
 *
 * @param context - who, e.g. `"KMeans.fit"`
 * @param settings - the fit's ε and whether its random source is seeded
 */
export function warnAboutSettings(context: string, settings: { epsilon: number; seeded: boolean }): void {
  if (settings.epsilon === Infinity) warnNoPrivacy(context);
  else if (settings.seeded) warnSeededNoise(context);
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

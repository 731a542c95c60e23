/**
 * DP mean and variance of one feature, the building blocks of the DP StandardScaler and of the DP PCA's
 * mean, under the neighbour definition used everywhere else in the course: datasets differ by ADDING OR
 * REMOVING one record; the number of records the statistics divide by is a public n₀, never the exact n.
 *
 * ## The released statistics
 *
 * The exact number of records is NOT public under add/remove-one (one added record changes it). What is
 * public is a fixed number n₀ (the required option `publicSize`): declared without looking at the data, or a
 * noisy count released earlier (`src/dp/public-size.ts`). The statistics are functions of datasets of ANY
 * size that divide by n₀, not by |D|:
 *
 *     c = (l + u)/2,  h = (u − l)/2,  yᵢ = clamp(xᵢ, l, u) − c ∈ [−h, h]         (all public but the yᵢ)
 *     mean:      M(D) = (1/n₀)·Σ yᵢ                    released mean = c + M̃, clamped to [l, u]
 *     variance:  A(D) = (1/n₀)·Σ yᵢ,  B(D) = (1/n₀)·Σ yᵢ²
 *                released variance = B̃ − Ã², clamped to [0, (u − l)²/4]
 *
 * When |D| = n₀, c + M is the clamped mean and B − A² the population variance (it does not depend on the
 * centre). Adding or removing one record x, with y = clamp(x) − c, changes
 *
 *     M       by y/n₀:            |ΔM| ≤ h/n₀ = (u − l)/(2n₀)                         (mean sensitivity)
 *     (h·A, B) by (h·y, y²)/n₀:   |h·ΔA| + |ΔB| ≤ (h² + h²)/n₀ = (u − l)²/(2n₀)       (variance, L1)
 *
 * whatever the size of D, because the normaliser n₀ does not move; both bounds are attained (x = l or u).
 * Why not divide by |D|: the mean Σ/|D| moves by only |y − ȳ|/(|D| + 1) ≤ (u − l)/(|D| + 1), but its noise
 * would then be calibrated to |D|, which differs between D and D′; two Laplace laws of different scales
 * have a likelihood ratio that grows without bound in the tails, so that is not ε-DP.
 *
 * Centring at the public midpoint is what makes the sensitivity (u − l)/2 rather than max(|l|, |u|) (the
 * sensitivity of an uncentred sum). A replacement is one removal plus one addition, so these releases are
 * 2ε-DP under replace-one: the mean's (u − l)/(2n₀) is half of diffprivlib's replace-one (u − l)/n.
 *
 * ## diffprivlib's replace-one sensitivities do not hold here
 *
 * diffprivlib 0.6.6 (`tools.mean`, `tools.var`) uses (u − l)/n for the mean and ((u − l)/n)²·(n − 1) for
 * the variance (replace-one, n fixed). Read with a public n under add/remove, its mean Σ clamp(x)/n moves by
 * up to max(|l|, |u|)/n: 2× its sensitivity for bounds [10, 20], 101× for [1000, 1010]; its variance
 * Σ(x − μ)²/n (μ = Σx/n) moves by more than ((u − l)/n)²(n − 1) for every bound (n = 2, [0, 1]: 0.5 vs 0.25),
 * and at n = 1 that sensitivity is 0: no noise at all. `test/dp/moment-sensitivity.test.ts` checks both
 * sets of sensitivities by brute force.
 *
 * ## Noise and floating point
 *
 * Grid Laplace noise (`grid-laplace.ts`), pure ε. The mean: one `GridLaplaceMechanism` at sensitivity
 * h/n₀. The variance: one release of the pair (h·A, B), both coordinates on one grid with independent
 * discrete Laplace noise, calibrated to the pair's L1 sensitivity Δ₁ = 2h²/n₀ — the same noise as ε/2 on
 * A (sensitivity h/n₀) and ε/2 on B (sensitivity h²/n₀) — and ONE ledger row (ε, Δ₁). As in `gram.ts`, the
 * mechanism is built at S = Δ₁/(1 − 5/2^12) so that S/Λ ≥ Δ₁/Λ + 5: rounding to the grid adds < 1 step
 * per coordinate, floating-point error below Λ/2 per coordinate < 1 more, and one step is spare for the
 * rounding of Δ₁ itself; Σ|q − q′| ≤ ⌈S/Λ⌉ + 1 and γ ≤ ε/(⌈S/Λ⌉ + 1). Per-record values are computed as
 * fl(clamp(x) − c), which is monotone in x, so |yᵢ| ≤ h exactly when h is computed the same way
 * (max(|fl(l − c)|, |fl(u − c)|)); the sums are Neumaier-compensated, and a check refuses inputs so large
 * that their rounding error could reach a quarter of a grid step. The final clamping is post-processing.
 *
 * References: Dwork, McSherry, Nissim & Smith, TCC 2006 (Laplace mechanism, sensitivity); Dwork & Roth,
 * "The algorithmic foundations of differential privacy" (2014), §2.3 and Prop. 2.1 (post-processing);
 * Holohan et al., "Diffprivlib: the IBM differential privacy library", arXiv:1907.02444 (2019).
 */
import { InvalidInputError } from "../errors";
import { MAX_VALUES } from "../limits";
import { clampValue } from "./clamp";
import { GRID_BITS } from "./grid";
import { GridLaplaceMechanism } from "./grid-laplace";
import { chargeRelease } from "./release";
import type { ReleaseOptions } from "./types";
import { checkBounds, checkEpsilon, checkFiniteValues } from "./validate";

/** Options of {@link noisyMean} and {@link noisyVariance}. */
export interface NoisyMomentOptions extends ReleaseOptions {
  /** Privacy parameter ε > 0 (or `Infinity` for the exact statistic). */
  epsilon: number;
  /** Public lower bound of the values. */
  lower: number;
  /** Public upper bound of the values (≥ lower). */
  upper: number;
  /**
   * REQUIRED: the public number of records n₀ the statistics divide by (a whole number ≥ 1), fixed without
   * looking at the data — declared, or a noisy count released earlier. Never the number of values: under
   * add/remove-one that is private, and dividing by it would make the grid step and the noise scale differ
   * between neighbours. The data may hold any number of values, even none.
   */
  publicSize: number;
}

/** The result of {@link noisyMean} or {@link noisyVariance}. */
export interface NoisyMomentRelease {
  /** The released statistic (clamped to its feasible range). */
  value: number;
  /**
   * The sensitivity the noise was calibrated to, under add/remove-one with n₀ public: (u − l)/(2n₀) for
   * the mean; for the variance the L1 sensitivity (u − l)²/(2n₀) of the pair it releases.
   */
  sensitivity: number;
  /** The public n₀ the statistic was divided by. */
  size: number;
}

/** Options of {@link centredMoments}. */
export interface CentredMomentOptions {
  /** Public lower bound of the values. */
  lower: number;
  /** Public upper bound of the values (≥ lower). */
  upper: number;
  /** The public n₀ (required; see {@link NoisyMomentOptions.publicSize}). */
  publicSize: number;
}

/** The exact (noise-free) statistics behind {@link noisyMean} and {@link noisyVariance}. */
export interface CentredMoments {
  /** The public centre c = (lower + upper)/2. */
  readonly centre: number;
  /** The public h = max(|fl(lower − c)|, |fl(upper − c)|) ≈ (upper − lower)/2: no |clamp(x) − c| exceeds it. */
  readonly halfRange: number;
  /** The public n₀. */
  readonly size: number;
  /** M = A = (1/n₀)·Σ (clamp(xᵢ) − c). */
  readonly centredMean: number;
  /** B = (1/n₀)·Σ (clamp(xᵢ) − c)². */
  readonly meanSquare: number;
  /** How many values were outside [lower, upper]. */
  readonly clipped: number;
}

/** The per-coordinate floating-point error must stay below a quarter of a grid step (see the module comment). */
const ROUND_OFF_SHARE = 4;
/** Spare grid steps in the variance pair's calibration: 2 coordinates × 2, plus 1 for the rounding of Δ₁. */
const PAIR_SPARE_STEPS = 5;
const UNIT_ROUNDOFF = 2 ** -53;

/**
 * The public half range h of [lower, upper] around its midpoint c, computed the way every per-record value
 * fl(clamp(x) − c) is, so that it bounds all of them (rounding is monotone).
 */
function centreAndHalfRange(lower: number, upper: number): { centre: number; halfRange: number } {
  const centre = lower / 2 + upper / 2; // no overflow for bounds near ±Number.MAX_VALUE
  return { centre, halfRange: Math.max(Math.abs(lower - centre), Math.abs(upper - centre)) };
}

function checkPublicSize(publicSize: unknown): number {
  if (typeof publicSize !== "number" || !Number.isSafeInteger(publicSize) || publicSize < 1) {
    throw new InvalidInputError(
      "invalid-public-size",
      `publicSize must be a whole number >= 1 (the public number of records the statistic divides by), got ` +
        `${String(publicSize)}. Fix: pass the number of records fixed in advance, or a noisy count released earlier.`,
    );
  }
  return publicSize;
}

/**
 * The add/remove-one sensitivity of the DP mean's statistic M(D) = (1/n₀)·Σ (clamp(xᵢ) − c): h/n₀, where
 * h ≈ (upper − lower)/2 (see the module comment for the argument).
 *
 * @param lower - public lower bound
 * @param upper - public upper bound (≥ lower)
 * @param publicSize - the public n₀ (whole number ≥ 1)
 * @returns (upper − lower)/(2·publicSize), as computed for the release
 * @throws InvalidInputError for bad bounds or size
 * @example
 * meanSensitivity(10, 20, 10);   // 0.5 (diffprivlib's replace-one value would be 1)
 */
export function meanSensitivity(lower: number, upper: number, publicSize: number): number {
  checkBounds(lower, upper);
  return centreAndHalfRange(lower, upper).halfRange / checkPublicSize(publicSize);
}

/**
 * The add/remove-one L1 sensitivity of the pair (h·A, B) the DP variance releases, where
 * A = (1/n₀)·Σ yᵢ, B = (1/n₀)·Σ yᵢ², yᵢ = clamp(xᵢ) − c: 2h²/n₀ = (upper − lower)²/(2n₀).
 *
 * @param lower - public lower bound
 * @param upper - public upper bound (≥ lower)
 * @param publicSize - the public n₀ (whole number ≥ 1)
 * @returns 2h²/publicSize, as computed for the release
 * @throws InvalidInputError for bad bounds or size
 * @example
 * varianceSensitivity(0, 10, 5);   // 10
 */
export function varianceSensitivity(lower: number, upper: number, publicSize: number): number {
  checkBounds(lower, upper);
  const h = centreAndHalfRange(lower, upper).halfRange;
  return (2 * h * h) / checkPublicSize(publicSize);
}

/**
 * The exact statistics the DP mean and variance add noise to (no privacy: for tests, audits and
 * teaching). Values are clamped to [lower, upper] and centred at the public midpoint c; the sums are
 * Neumaier-compensated and divided by the public n₀.
 *
 * @param values - finite numbers (may be empty when `publicSize` is given)
 * @param options - `lower`, `upper`; `publicSize` (required: public n₀)
 * @returns c, h, n₀, M = A = Σ(clamp(x) − c)/n₀, B = Σ(clamp(x) − c)²/n₀, and the number clipped
 * @throws InvalidInputError for bad bounds, non-finite values, a bad size, or no publicSize
 * @example
 * centredMoments([1, 2, 3, 4, 100], { lower: 0, upper: 10 });   // centre 5, centredMean −1, meanSquare 11
 */
export function centredMoments(values: ArrayLike<number>, options: CentredMomentOptions): CentredMoments {
  validate(values, options, "centredMoments", false);
  return moments(values, options);
}

/** {@link centredMoments} without the checks. */
function moments(values: ArrayLike<number>, options: CentredMomentOptions): CentredMoments {
  const { lower, upper } = options;
  const { centre, halfRange } = centreAndHalfRange(lower, upper);
  const size = options.publicSize;
  // Two Neumaier-compensated sums in one pass: Σy and Σy².
  let sum = 0;
  let sumCompensation = 0;
  let squares = 0;
  let squaresCompensation = 0;
  let clipped = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x < lower || x > upper) clipped++;
    const y = clampValue(x, lower, upper) - centre;
    let t = sum + y;
    sumCompensation += Math.abs(sum) >= Math.abs(y) ? sum - t + y : y - t + sum;
    sum = t;
    const s = y * y;
    t = squares + s;
    squaresCompensation += squares >= s ? squares - t + s : s - t + squares;
    squares = t;
  }
  return {
    centre,
    halfRange,
    size,
    centredMean: (sum + sumCompensation) / size,
    meanSquare: (squares + squaresCompensation) / size,
    clipped,
  };
}

function validate(
  values: ArrayLike<number>,
  options: CentredMomentOptions & { epsilon?: number },
  what: string,
  needsEpsilon = true,
): void {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError(
      "invalid-options",
      `${what} needs an options object. Fix: ${what}(values, { epsilon: 1, lower: 0, upper: 1 }).`,
    );
  }
  if (needsEpsilon) checkEpsilon(options.epsilon);
  checkBounds(options.lower, options.upper);
  checkFiniteValues(values);
  if (options.publicSize === undefined) {
    throw new InvalidInputError(
      "missing-public-size",
      `${what} needs publicSize: the number of records it divides by, fixed WITHOUT looking at the data ` +
        `(the exact number of values is private under add/remove-one). Fix: pass the public number of ` +
        `records, e.g. ${what}(values, { epsilon, lower, upper, publicSize: 1025 }), or a noisy count ` +
        `released earlier (noisyCount).`,
    );
  }
  checkPublicSize(options.publicSize);
}

/**
 * Refuse a setting under which the compensated sums' rounding error (for m values each at most `bound` in
 * absolute value: ≤ (4m·u + 2m²u² + 2u)·bound/n₀, u = 2^-53) could reach a quarter of the grid step — the
 * margin the sensitivity arguments leave for floating point. m is NOT the private number of values: it is
 * {@link MAX_VALUES}, the most any input can hold, so the outcome depends on public settings only (and
 * with the grid capped at ε = 8, src/limits.ts, it never refuses: an assertion that the margin holds).
 */
function checkRoundOff(grid: number | undefined, bound: number, size: number, what: string): void {
  if (grid === undefined) return;
  const u = UNIT_ROUNDOFF;
  const count = MAX_VALUES;
  const error = ((4 * count * u + 2 * count * count * u * u + 2 * u) * bound) / size;
  if (ROUND_OFF_SHARE * error >= grid) {
    throw new InvalidInputError(
      "round-off-margin",
      `${what}: the noise grid at this ε is too fine for the rounding error of a sum of up to 2^32 values. ` +
        `Fix: use a smaller ε.`,
    );
  }
}

/**
 * The DP mean of values clamped to [lower, upper], ε-DP under add/remove-one neighbours with the number
 * of records public: c + (1/n₀)·Σ(clamp(xᵢ) − c) + grid Laplace noise at sensitivity (upper − lower)/(2n₀)
 * (c the midpoint), clamped to [lower, upper]. One ledger row. See the module comment for the argument.
 *
 * @param values - finite numbers (any number of them, even none)
 * @param options - `epsilon`, `lower`, `upper`, `publicSize` (required); `rng` (default secure),
 *   `accountant` (default: the default one), `label` (default `"noisy mean"`)
 * @returns the noisy mean, the sensitivity used and n₀
 * @throws InvalidInputError for bad arguments or no publicSize; BudgetExceededError before any noise is drawn
 * @example
 * noisyMean([1.2, 3.4, 2.2], { epsilon: 0.5, lower: 0, upper: 5, publicSize: 3, rng: createRandom(2) });  // sensitivity 5/6
 */
export function noisyMean(values: ArrayLike<number>, options: NoisyMomentOptions): NoisyMomentRelease {
  validate(values, options, "noisyMean");
  const { lower, upper } = options;
  const { centre, halfRange, size, centredMean } = moments(values, options);
  const sensitivity = halfRange / size;
  const mechanism = new GridLaplaceMechanism({ epsilon: options.epsilon, sensitivity });
  checkRoundOff(mechanism.grid, halfRange, size, "noisyMean");
  const noisy = mechanism.release(centredMean, { ...options, label: options.label ?? "noisy mean" });
  return { value: clampValue(centre + noisy, lower, upper), sensitivity, size };
}

/**
 * The DP population variance of values clamped to [lower, upper], ε-DP under add/remove-one neighbours
 * with the number of records public. With yᵢ = clamp(xᵢ) − c (c the midpoint, h = (upper − lower)/2),
 * A = (1/n₀)Σyᵢ and B = (1/n₀)Σyᵢ²: the pair (h·A, B) is released with grid Laplace noise calibrated to its
 * L1 sensitivity (upper − lower)²/(2n₀) (one ledger row), then the variance B̃ − Ã² is clamped to
 * [0, (upper − lower)²/4] (post-processing). See the module comment for the argument.
 *
 * @param values - finite numbers (any number of them, even none)
 * @param options - `epsilon`, `lower`, `upper`, `publicSize` (required); `rng` (default secure),
 *   `accountant` (default: the default one), `label` (default `"noisy variance"`)
 * @returns the noisy variance, the (L1) sensitivity used and n₀
 * @throws InvalidInputError for bad arguments or no publicSize; BudgetExceededError before any noise is drawn
 * @example
 * noisyVariance([1.2, 3.4, 2.2], { epsilon: 0.5, lower: 0, upper: 5, publicSize: 3, rng: createRandom(2) });  // sensitivity 25/6
 */
export function noisyVariance(values: ArrayLike<number>, options: NoisyMomentOptions): NoisyMomentRelease {
  validate(values, options, "noisyVariance");
  const { lower, upper } = options;
  const { halfRange: h, size, centredMean, meanSquare } = moments(values, options);
  const sensitivity = (2 * h * h) / size;
  const mechanism = new GridLaplaceMechanism({
    epsilon: options.epsilon,
    sensitivity: sensitivity / (1 - PAIR_SPARE_STEPS / 2 ** GRID_BITS),
  });
  checkRoundOff(mechanism.grid, h * h, size, "noisyVariance");
  const rng = chargeRelease(
    {
      mechanism: "grid Laplace on the pair (h·Σ(x − c), Σ(x − c)²)/n, L1",
      privacyCost: mechanism.privacyCost,
      sensitivity,
    },
    options,
    "noisy variance",
  );
  const noisyScaledMean = mechanism.randomise(h * centredMean, rng);
  const noisyMeanSquare = mechanism.randomise(meanSquare, rng);
  // Post-processing: each part into its feasible range, then the variance into its own.
  const a = h > 0 ? clampValue(noisyScaledMean / h, -h, h) : 0;
  const b = clampValue(noisyMeanSquare, 0, h * h);
  const range = upper - lower;
  return { value: clampValue(b - a * a, 0, (range * range) / 4), sensitivity, size };
}

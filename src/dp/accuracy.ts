/**
 * How wide the noise is: the accuracy ↔ ε calculator of lesson 8. Small pure functions that say, for a
 * given ε, public size and public bounds, how far a release lands from the exact value in 95% (or any
 * chosen share) of releases — computed from the ACTUAL mechanisms' parameters (their exact rates and grid
 * steps), not from a textbook formula alone.
 *
 * | release | mechanism | noise scale b | half-width w at confidence c (α = 1 − c) |
 * |---|---|---|---|
 * | a count | discrete Laplace, sensitivity 1 | 1/ε | smallest integer w with P(\|Z\| ≤ w) ≥ c, about ln(1/α)/ε |
 * | a mean (`noisyMean`) | grid Laplace, sensitivity (u − l)/(2n₀) | (u − l)/(2n₀ε) | about b·ln(1/α) |
 * | a clamped sum | grid Laplace, sensitivity max(\|l\|, \|u\|) | max(\|l\|, \|u\|)/ε | about b·ln(1/α) |
 * | a DPLloyd centre coordinate | noisy sum / noisy count of a cluster of m records | — | quantile of (Z_sum − x̄·Z_count)/m |
 *
 * For a Laplace variable P(|Z| > t) = e^(−t/b), hence t = b·ln(1/α): at 95% about 3.0 noise scales. The
 * discrete Laplace with rate γ (P[Z = z] ∝ e^(−γ|z|)) has P(|Z| ≥ t) = 2e^(−γt)/(1 + e^(−γ)) for whole t ≥ 1,
 * which the functions here invert exactly; the grid mechanisms are discrete Laplace in units of their grid
 * step, so their half-width is the step times the discrete one.
 *
 * What the widths do NOT include: clamping bias (values outside the bounds are moved onto them), the bias
 * of dividing by a declared size n₀ that differs from the true number of rows, and for a centre the
 * assignment of points to clusters. They are the noise alone, the part ε controls. A centre's width uses a
 * first-order (linearised) expansion of sum/count, accurate when the cluster holds many more records than
 * the count's noise (m ≫ 1/ε_count); it ignores the clamping of centres into the bounds, which only narrows
 * the error.
 */
import { InvalidInputError } from "../errors";
import { ClampedSumMechanism } from "./clamped-sum";
import { DiscreteLaplaceMechanism } from "./discrete-laplace";
import { GridLaplaceMechanism } from "./grid-laplace";
import { dplloydIterations, dplloydSchedule } from "./kmeans/schedule";
import { meanSensitivity } from "./mean-variance";
import { validatePublicSize } from "./public-size";
import { rateValue } from "./samplers";
import { checkBounds, checkEpsilon } from "./validate";

/** The confidence the course quotes: 95% of releases land within the half-width. */
export const DEFAULT_CONFIDENCE = 0.95;

function checkConfidence(confidence: unknown): number {
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) {
    throw new InvalidInputError(
      "invalid-confidence",
      `confidence must be a number strictly between 0 and 1 (the share of releases inside the interval), got ` +
        `${String(confidence)}. Fix: e.g. 0.95 for 95%.`,
    );
  }
  return confidence;
}

/**
 * The half-width of the central interval of a discrete Laplace variable: the smallest whole w ≥ 0 with
 * P(|Z| ≤ w) ≥ confidence, where P[Z = z] ∝ e^(−rate·|z|).
 *
 * @param rate - γ > 0 (the noise is about 1/γ wide)
 * @param confidence - share of draws inside [−w, w], in (0, 1). Default 0.95
 * @returns w, a whole number
 * @throws InvalidInputError for a rate that is not positive and finite, or a bad confidence
 * @example
 * discreteLaplaceHalfWidth(1);   // 3: a count with ε = 1 is within ±3 of the truth 95% of the time
 */
export function discreteLaplaceHalfWidth(rate: number, confidence: number = DEFAULT_CONFIDENCE): number {
  if (typeof rate !== "number" || !(rate > 0) || !Number.isFinite(rate)) {
    throw new InvalidInputError("invalid-rate", `rate must be a positive finite number, got ${String(rate)}.`);
  }
  const alpha = 1 - checkConfidence(confidence);
  // P(|Z| > w) = P(|Z| ≥ w + 1) = 2e^(−γ(w+1))/(1 + e^(−γ)) ≤ α  ⇔  w + 1 ≥ ln(2/(α(1 + e^(−γ))))/γ.
  const bound = Math.log(2 / (alpha * (1 + Math.exp(-rate)))) / rate;
  let w = Math.max(0, Math.ceil(bound) - 1);
  // Guard the ceiling against round-off: step to the exact smallest w.
  const tail = (t: number) => (2 * Math.exp(-rate * (t + 1))) / (1 + Math.exp(-rate));
  while (w > 0 && tail(w - 1) <= alpha) w--;
  while (tail(w) > alpha) w++;
  return w;
}

/**
 * The half-width of the central interval of a (continuous) Laplace variable of scale b: b·ln(1/α).
 *
 * @param scale - b ≥ 0
 * @param confidence - default 0.95
 * @returns b·ln(1/(1 − confidence)); about 3.0·b at 95%
 * @example laplaceHalfWidth(2);   // 5.99
 */
export function laplaceHalfWidth(scale: number, confidence: number = DEFAULT_CONFIDENCE): number {
  if (typeof scale !== "number" || !(scale >= 0) || !Number.isFinite(scale)) {
    throw new InvalidInputError("invalid-scale", `scale must be a finite number >= 0, got ${String(scale)}.`);
  }
  return scale * Math.log(1 / (1 - checkConfidence(confidence)));
}

/** A mechanism's noise as the functions here read it: a grid step and a rate per step (none for ε = ∞). */
function gridHalfWidth(grid: number | undefined, rate: { numerator: number; denominator: number } | undefined, confidence: number): number {
  checkConfidence(confidence);
  if (grid === undefined || rate === undefined) return 0;
  return grid * discreteLaplaceHalfWidth(rateValue(rate), confidence);
}

/**
 * How far a noisy count (`noisyCount`, discrete Laplace, sensitivity 1) lands from the exact count in
 * `confidence` of releases. It does not depend on the count: ±3 at ε = 1, ±30 at ε = 0.1.
 *
 * @param epsilon - ε of the count (> 0; `Infinity` gives 0)
 * @param confidence - default 0.95
 * @returns a whole number w: |noisy − exact| ≤ w with probability ≥ confidence
 * @example countHalfWidth(0.5);   // 6
 */
export function countHalfWidth(epsilon: number, confidence: number = DEFAULT_CONFIDENCE): number {
  const mechanism = new DiscreteLaplaceMechanism({ epsilon, sensitivity: 1 });
  return gridHalfWidth(mechanism.rate ? 1 : undefined, mechanism.rate, confidence);
}

/** Options of {@link meanHalfWidth}. */
export interface MeanAccuracyOptions {
  /** ε of the mean (> 0; `Infinity` gives 0). */
  epsilon: number;
  /** Public lower bound of the values. */
  lower: number;
  /** Public upper bound (≥ lower). */
  upper: number;
  /** The public n₀ the mean divides by (a whole number ≥ 1). */
  publicSize: number;
  /** Default 0.95. */
  confidence?: number;
}

/**
 * How far `noisyMean` lands from the exact (clamped, divided by n₀) mean in `confidence` of releases: grid
 * Laplace at sensitivity (u − l)/(2n₀), so about 3.0·(u − l)/(2n₀ε) at 95%. Ten times the records, or ten
 * times the ε, gives a ten times narrower interval; twice the range, twice as wide.
 *
 * @param options - see {@link MeanAccuracyOptions}
 * @returns the half-width, in the values' units
 * @throws InvalidInputError for bad ε, bounds, size or confidence
 * @example meanHalfWidth({ epsilon: 1, lower: -1, upper: 3, publicSize: 1025 });   // ≈ 0.0058
 */
export function meanHalfWidth(options: MeanAccuracyOptions): number {
  const sensitivity = meanSensitivity(options.lower, options.upper, validatePublicSize(options.publicSize));
  const mechanism = new GridLaplaceMechanism({ epsilon: options.epsilon, sensitivity });
  return gridHalfWidth(mechanism.grid, mechanism.rate, options.confidence ?? DEFAULT_CONFIDENCE);
}

/** Options of {@link sumHalfWidth}. */
export interface SumAccuracyOptions {
  /** ε of the sum (> 0; `Infinity` gives 0). */
  epsilon: number;
  /** Public lower bound of the values. */
  lower: number;
  /** Public upper bound (≥ lower). */
  upper: number;
  /** Default 0.95. */
  confidence?: number;
}

/**
 * How far a clamped sum (`noisyClampedSum`, sensitivity max(|l|, |u|)) lands from the exact clamped sum
 * in `confidence` of releases. It does not depend on the number of records.
 *
 * @param options - see {@link SumAccuracyOptions}
 * @returns the half-width, in the values' units
 * @example sumHalfWidth({ epsilon: 1, lower: -1, upper: 3 });   // ≈ 9.0 (3 noise scales of 3)
 */
export function sumHalfWidth(options: SumAccuracyOptions): number {
  const mechanism = new ClampedSumMechanism({ epsilon: options.epsilon, lower: options.lower, upper: options.upper });
  return gridHalfWidth(mechanism.grid, mechanism.rate, options.confidence ?? DEFAULT_CONFIDENCE);
}

/**
 * P(|X + Y| > t) for independent Laplace X, Y of scales a, b (t ≥ 0). From the characteristic functions,
 * the density of X + Y is (a²·f_a − b²·f_b)/(a² − b²), so the tail is (a²e^(−t/a) − b²e^(−t/b))/(a² − b²);
 * for a = b it is e^(−t/a)(1 + t/(2a)).
 */
function laplaceSumTail(a: number, b: number, t: number): number {
  if (a === 0 || b === 0) return Math.exp(-t / Math.max(a, b));
  const [hi, lo] = a >= b ? [a, b] : [b, a];
  if ((hi - lo) / hi < 1e-6) return Math.exp(-t / hi) * (1 + t / (2 * hi));
  return (hi * hi * Math.exp(-t / hi) - lo * lo * Math.exp(-t / lo)) / (hi * hi - lo * lo);
}

/** Options of {@link centreHalfWidth}. */
export interface CentreAccuracyOptions {
  /** ε of the cluster's noisy sum for this feature. */
  epsilonSum: number;
  /** ε of the cluster's noisy count. */
  epsilonCount: number;
  /** Public lower bound of the feature. */
  lower: number;
  /** Public upper bound of the feature. */
  upper: number;
  /** m: the number of records in the cluster (a guess, e.g. n/k; not released). */
  clusterSize: number;
  /** Where the centre coordinate is (a guess). Default the middle of the bounds. */
  centre?: number;
  /** Default 0.95. */
  confidence?: number;
}

/**
 * How far one DPLloyd centre coordinate (noisy sum / noisy count of a cluster of m records) lands from
 * the exact cluster mean in `confidence` of releases, to first order: (S + Z_s)/(m + Z_c) − S/m ≈
 * (Z_s − x̄·Z_c)/m, with Z_s the sum's noise (scale max(|l|, |u|)/ε_sum) and Z_c the count's (scale
 * 1/ε_count). Roughly: the sum's noise divided by the cluster's size — plus the count's noise, which
 * weighs more the further the centre is from 0.
 *
 * @param options - see {@link CentreAccuracyOptions}
 * @returns the half-width in the feature's units
 * @throws InvalidInputError for bad ε, bounds, cluster size or confidence
 * @example centreHalfWidth({ epsilonSum: 0.18, epsilonCount: 0.135, lower: -1, upper: 3, clusterSize: 341 });
 */
export function centreHalfWidth(options: CentreAccuracyOptions): number {
  const confidence = checkConfidence(options.confidence ?? DEFAULT_CONFIDENCE);
  checkBounds(options.lower, options.upper);
  const m = options.clusterSize;
  if (typeof m !== "number" || !(m > 0) || !Number.isFinite(m)) {
    throw new InvalidInputError("invalid-cluster-size", `clusterSize must be a positive number, got ${String(m)}. Fix: e.g. publicSize / k.`);
  }
  const centre = options.centre ?? options.lower / 2 + options.upper / 2;
  const sum = new ClampedSumMechanism({ epsilon: checkEpsilon(options.epsilonSum), lower: options.lower, upper: options.upper });
  const count = new DiscreteLaplaceMechanism({ epsilon: checkEpsilon(options.epsilonCount), sensitivity: 1 });
  const a = sum.scale; // the sum's noise, in the feature's units
  const b = Math.abs(centre) * count.scale; // the count's noise, seen through x̄·Z_c
  if (a === 0 && b === 0) return 0;
  const alpha = 1 - confidence;
  // Bisection on t for P(|Z_s − x̄ Z_c| > t) = α; the tail is decreasing in t.
  let lo = 0;
  let hi = (a + b) * Math.log(1 / alpha) * 2 + 1e-300;
  while (laplaceSumTail(a, b, hi) > alpha) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > hi * 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (laplaceSumTail(a, b, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi / m;
}

/** Options of {@link noiseHalfWidths}. */
export interface AccuracyOptions {
  /** ε of each release (the count, the mean, and a whole DPLloyd fit). */
  epsilon: number;
  /** The public number of records n₀. */
  publicSize: number;
  /** Public lower bound of the feature. */
  lower: number;
  /** Public upper bound of the feature. */
  upper: number;
  /** Clusters of the DPLloyd fit. Default 3. */
  k?: number;
  /** Features of the DPLloyd fit (its ε is shared over them). Default 2. */
  d?: number;
  /** Default 0.95. */
  confidence?: number;
}

/** What {@link noiseHalfWidths} returns. */
export interface NoiseHalfWidths {
  /** ±records of a noisy count at ε. */
  readonly count: number;
  /** ± of `noisyMean` at ε (feature units). */
  readonly mean: number;
  /** ± of one centre coordinate in DPLloyd's last iteration of a fit at ε, cluster of n₀/k records. */
  readonly centre: number;
  /**
   * True when the centre's width is only a rough guide: the count's own 95% noise exceeds a tenth of the
   * cluster's size, where the first-order expansion of sum/count stops being accurate (the real error is
   * then limited mainly by clamping the centre into the bounds).
   */
  readonly centreIsRough: boolean;
  /** DPLloyd's iteration count T for (ε, n₀, d, k). */
  readonly iterations: number;
  /** ε of the count and of each feature's sums in one iteration. */
  readonly iterationBudget: { readonly count: number; readonly perFeature: number };
}

/**
 * The calculator in one call: the 95% half-widths of a noisy count, a DP mean and a DPLloyd centre
 * coordinate for one ε, a public size and one feature's public bounds. The centre comes from a whole
 * DPLloyd fit at ε: T iterations (Su et al.'s rule on the public size), the last iteration's count and
 * per-feature ε, a cluster of n₀/k records centred mid-bounds.
 *
 * @param options - see {@link AccuracyOptions}
 * @returns the three half-widths and the DPLloyd schedule behind the centre's
 * @example noiseHalfWidths({ epsilon: 1, publicSize: 1025, lower: -1, upper: 3 });
 */
export function noiseHalfWidths(options: AccuracyOptions): NoiseHalfWidths {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const k = options.k ?? 3;
  const d = options.d ?? 2;
  const n = validatePublicSize(options.publicSize);
  const epsilon = checkEpsilon(options.epsilon);
  const iterations = dplloydIterations(epsilon, n, d, k);
  const last = dplloydSchedule(epsilon, iterations, d)[iterations - 1]!;
  return {
    count: countHalfWidth(epsilon, confidence),
    mean: meanHalfWidth({ epsilon, lower: options.lower, upper: options.upper, publicSize: n, confidence }),
    centre: centreHalfWidth({
      epsilonSum: last.perFeature[0]!,
      epsilonCount: last.count,
      lower: options.lower,
      upper: options.upper,
      clusterSize: n / k,
      confidence,
    }),
    centreIsRough: countHalfWidth(last.count, confidence) > n / k / 10,
    iterations,
    iterationBudget: { count: last.count, perFeature: last.perFeature[0]! },
  };
}

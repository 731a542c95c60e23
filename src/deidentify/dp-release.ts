/**
 * Fix (b): a differentially private release of the clusters detail and the statistics.
 *
 * Neighbouring datasets differ by adding or removing one record; the number of records is NOT public.
 * Only public knowledge is used besides the noisy answers: the column's public bounds (for weights
 * 0.1–999.9 kg, from the Pokédex, never from the data), k, ε and the number of histogram bins.
 *
 * The release, with ε split exactly (`splitEpsilon`) into three parts, weights 2 : 1 : 1 by default:
 *
 *     1. histogram (ε_h):  clamp values to [lower, upper]; count them in B public bins (log-spaced when
 *                          the bounds span 3+ decades, e.g. weights; else equal width) with discrete
 *                          Laplace noise (sensitivity 1; one ledger row: parallel over bins).
 *        range (free):     from the lowest to the highest bin whose noisy count reaches τ/ε_h (τ = 2 noise
 *                          scales); every value is clipped to this range. A few extreme records are pulled
 *                          in (a small bias), and the outer clusters' sums get far less noise.
 *        basis (free):     weighted k-means (10 restarts) on the centres of the bins in the range, weights
 *                          max(0, noisy count): k basis centres → k intervals, split at the midpoints
 *                          between centres (the nearest-centre partition; outer ends = the range).
 *     2. sizes (ε_s):      noisy count of the records in each interval (discrete Laplace, one row).
 *     3. sums (ε_Σ):       noisy sum of each cluster's values centred on its interval's midpoint m_c,
 *                          i.e. Σ(x − m_c) clamped to the interval: sensitivity = half the interval's
 *                          width (grid Laplace clamped sum; one row, parallel over clusters).
 *        centroids (free): m_c + noisy centred sum / max(noisy size, 1), clamped to the interval.
 *        statistics (free): count = Σ released sizes; mean = size-weighted mean of released centroids;
 *                          std and quartiles from the noisy histogram within the range (within-bin
 *                          positions interpolated on the bins' scale: an approximation).
 *
 * Defaults (B = 40 bins, τ = 2, split 2 : 1 : 1) were chosen by simulation on the first 251 Pokémon at
 * k = 3, ε = 1 (200 seeded releases, median errors): without the range step the heaviest cluster's
 * centroid (245 kg, 14 members) was off by 266 kg and the quality ratio (SSE to the released centroids /
 * non-private SSE) was 1.48; with it, 61 kg and 1.17. On all 1,025 species the ratio is 1.02. Small clusters stay
 * noisy whatever the settings: that is the price of protecting the records a small cluster would expose.
 *
 * Privacy: the three noisy releases are ε_h-, ε_s- and ε_Σ-DP (each parallel over disjoint bins or
 * clusters, McSherry 2009: the partition depends only on each record's own value and on already released
 * centres), so by sequential composition the whole release is (ε_h + ε_s + ε_Σ) = ε-DP; everything else
 * is post-processing. The ledger of the accountant shows the three rows, and they add up to ε exactly.
 *
 * NOT private (never publish them from this module): the per-record cluster labels, the values, the
 * number of values clipped (reported for the data owner), and the minimum and maximum (not released: an
 * accurate minimum or maximum is one record's value).
 *
 * Mechanisms: `noisyGroupCounts` (counts) and `ClampedSumMechanism` (sums) from `src/dp`. The sums are
 * charged in one ledger row by hand (parallel composition) because `noisyGroupSums` takes one pair of
 * bounds for all groups and this release needs each cluster's own interval.
 *
 * References: Su, Cao, Li, Bertino & Jin, "Differentially private k-means clustering", CODASPY 2016
 * (EUGkM: noisy grid, then weighted k-means; DPLloyd: noisy counts and sums per cluster); McSherry,
 * "Privacy integrated queries", SIGMOD 2009 (parallel composition); Dwork & Roth 2014, Theorem 3.16
 * (sequential composition).
 */
import { fitKMeans } from "../cluster/index";
import { InvalidInputError } from "../errors";
import { BudgetAccountant, type LedgerRow } from "../dp/accountant";
import { ClampedSumMechanism } from "../dp/clamped-sum";
import { noisyGroupCounts } from "../dp/grouped";
import { toRandomSource, type RandomInput } from "../dp/random";
import { splitEpsilon } from "../dp/split";
import { checkBounds, checkEpsilon } from "../dp/validate";
import { EXACT } from "../dp/diagnostics";
import { warnAboutSettings } from "../dp/warnings";
import { MIN_EPSILON } from "../limits";
import { sensitiveValues, type TableRecord } from "./columns";
import type { ClusterDetail } from "./clustering";

/** How ε is shared between the three noisy releases (relative weights, each > 0). */
export interface BudgetShares {
  /** The histogram (basis for the clusters, quartiles and std). Default 2. */
  histogram: number;
  /** The cluster sizes. Default 1. */
  sizes: number;
  /** The cluster sums (for the centroids and the mean). Default 1. */
  sums: number;
}

/** The default split of ε: half to the histogram, a quarter each to sizes and sums. */
export const DEFAULT_BUDGET_SHARES: Readonly<BudgetShares> = Object.freeze({ histogram: 2, sizes: 1, sums: 1 });

/** The default tail threshold, in noise scales of the histogram (see {@link DpReleaseOptions.tailThreshold}). */
export const DEFAULT_TAIL_THRESHOLD = 2;

/** The default number of histogram bins. */
export const DEFAULT_BINS = 40;

/** Options of {@link dpRelease}. */
export interface DpReleaseOptions {
  /** The sensitive numeric column. Required. */
  column: string;
  /** Number of clusters: a whole number from 1 to `bins`. Required. */
  k: number;
  /** Public bounds of the column, known without looking at the data. Required. */
  bounds: { lower: number; upper: number };
  /** The total privacy budget ε > 0. Default 1. */
  epsilon?: number;
  /** Number of public histogram bins (10 per decade for weights), a whole number from 2 to 1000. Default {@link DEFAULT_BINS}. */
  bins?: number;
  /** Bin spacing. Default `"log"` when lower > 0 and upper/lower ≥ 1000 (weights, heights), else `"linear"`. */
  scale?: "log" | "linear";
  /** How ε is shared. Default {@link DEFAULT_BUDGET_SHARES}. */
  shares?: BudgetShares;
  /**
   * Seed for the noise and the basis k-means: a number or string for a reproducible release (teaching
   * only: anyone who knows the seed can subtract the noise), or a `RandomSource`. Default: secure.
   */
  seed?: RandomInput;
  /** The accountant charged (checked for the whole ε first). Default: a new one with budget ε. */
  accountant?: BudgetAccountant;
  /**
   * The released range runs from the lowest to the highest bin whose noisy count is at least
   * `tailThreshold / ε_h` (that many noise scales); values outside it are clipped. 0 keeps the whole
   * public bounds (no clipping, more noise). Default {@link DEFAULT_TAIL_THRESHOLD}.
   */
  tailThreshold?: number;
}

/** One released cluster: noisy size and centroid, and its public interval. */
export type DpClusterDetail = ClusterDetail & {
  /** The interval's lower end (public: from the released basis). */
  lower: number;
  /** The interval's upper end. */
  upper: number;
};

/** The released statistics. All differentially private (post-processing of the noisy releases). */
export interface DpStatistics {
  /** The column. */
  column: string;
  /** Σ released cluster sizes. */
  count: number;
  /** Size-weighted mean of the released centroids. */
  mean: number;
  /** Standard deviation of the noisy histogram (bin centres, n − 1). */
  std: number;
  /** First quartile of the noisy histogram. */
  q25: number;
  /** Median of the noisy histogram. */
  median: number;
  /** Third quartile of the noisy histogram. */
  q75: number;
}

/** The ε of each noisy release. */
export interface DpEpsilons {
  histogram: number;
  sizes: number;
  sums: number;
}

/** The result of {@link dpRelease}. */
export interface DpRelease {
  /** The column. */
  readonly column: string;
  /** Number of clusters. */
  readonly k: number;
  /** The total ε. */
  readonly epsilon: number;
  /** ε of each part (adding up to `epsilon` exactly). */
  readonly epsilons: DpEpsilons;
  /** Released clusters detail, in increasing order of interval. */
  readonly clusters: DpClusterDetail[];
  /** Released statistics. */
  readonly statistics: DpStatistics;
  /** The released histogram: bin edges (B + 1) and noisy counts (B, integers, may be negative). */
  readonly histogram: { edges: number[]; counts: number[]; scale: "log" | "linear" };
  /** The released range [lower, upper] the values were clipped to (public: from the noisy histogram). */
  readonly range: { lower: number; upper: number };
  /** The basis centres k-means found on the noisy histogram (post-processing). */
  readonly basis: number[];
  /** The ledger rows of this release (three of them). */
  readonly ledger: LedgerRow[];
  /** The accountant charged. */
  readonly accountant: BudgetAccountant;
  /** True when the noise came from a seeded generator (reproducible: for teaching only, not a real release). */
  readonly seeded: boolean;
  /** Exact diagnostics, NOT private, for the data owner only (never written to a published output). */
  readonly exact: { readonly privacy: typeof EXACT; readonly clippedValues: number };
}

/** What a DP release publishes and what it does not, for tables and the report. */
export const DP_RELEASE_SCOPE: Readonly<{ private: readonly string[]; notPrivate: readonly string[] }> = Object.freeze({
  private: Object.freeze([
    "clusters detail: each cluster's centroid and size (and its interval)",
    "statistics: count, mean, standard deviation, quartiles",
    "the noisy histogram, the range it gives, and the basis centres",
  ]),
  notPrivate: Object.freeze([
    "per-record cluster labels, centroids or deviation factors (never released)",
    "minimum and maximum (not released: each is one record's value)",
    "the number of clipped values and any comparison with the true values (for the data owner only)",
    "seeded releases (the seed reveals the noise): teaching only",
  ]),
});

function checkShares(shares: BudgetShares): number[] {
  const parts = [shares.histogram, shares.sizes, shares.sums];
  if (parts.some((w) => typeof w !== "number" || !(w > 0) || !Number.isFinite(w))) {
    throw new InvalidInputError(
      "invalid-shares",
      `shares must give histogram, sizes and sums each a finite weight > 0, got ${JSON.stringify(shares)}. ` +
        `Fix: e.g. { histogram: 2, sizes: 1, sums: 1 }.`,
    );
  }
  return parts;
}

/** Each value array's bins (by public settings), for repeated releases of the same values. */
const BIN_CACHE = new WeakMap<object, { key: string; labels: Int32Array }>();

/** Bin edges over [lower, upper]: log-spaced or equal width. */
export function binEdges(lower: number, upper: number, bins: number, scale: "log" | "linear"): number[] {
  if (scale === "log") {
    const a = Math.log(lower);
    const b = Math.log(upper);
    const edges = Array.from({ length: bins + 1 }, (_, i) => Math.exp(a + ((b - a) * i) / bins));
    edges[0] = lower;
    edges[bins] = upper;
    return edges;
  }
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? upper : lower + ((upper - lower) * i) / bins));
}

/** The bin of a value clamped to [edges[0], edges[B]] (bins closed on the left; the last one on both sides). */
function binOf(value: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (value >= edges[mid]!) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A bin's representative point: geometric centre for log bins, midpoint for linear ones. */
function binCentre(edges: readonly number[], b: number, scale: "log" | "linear"): number {
  return scale === "log" ? Math.sqrt(edges[b]! * edges[b + 1]!) : (edges[b]! + edges[b + 1]!) / 2;
}

/**
 * The quantile at p of a histogram with non-negative counts, interpolating inside the bin on its scale.
 * @param edges - B + 1 edges
 * @param counts - B counts ≥ 0, not all 0
 * @param p - probability in [0, 1]
 * @param scale - bin spacing
 */
export function histogramQuantile(
  edges: readonly number[],
  counts: readonly number[],
  p: number,
  scale: "log" | "linear",
): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const target = p * total;
  let cumulative = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b]!;
    if (c > 0 && cumulative + c >= target) {
      const fraction = Math.min(1, Math.max(0, (target - cumulative) / c));
      const lo = edges[b]!;
      const hi = edges[b + 1]!;
      return scale === "log" ? lo * (hi / lo) ** fraction : lo + fraction * (hi - lo);
    }
    cumulative += c;
  }
  return edges[edges.length - 1]!;
}

/**
 * A differentially private release of the clusters detail and the statistics of one column.
 *
 * @param records - the table; not modified
 * @param options - `column`, `k`, `bounds` (required); `epsilon` (1), `bins` (20), `scale`, `shares`
 *   (2 : 1 : 1), `seed` (default secure), `accountant` (default a new one with budget ε)
 * @returns the released clusters and statistics, the noisy histogram, the ledger and the ε of each part
 * @throws InvalidInputError for a bad column, k, bounds, ε, bins, scale or shares;
 *   BudgetExceededError (before any noise) when the accountant cannot afford ε
 * @example
 * const dp = dpRelease(loadPokemon({ first: 251 }), {
 *   column: "weight_kg", k: 3, epsilon: 1, bounds: { lower: 0.1, upper: 999.9 }, seed: 7,
 * });
 * dp.clusters;   // noisy centroids and sizes
 * dp.ledger;     // three rows adding up to ε = 1 exactly
 */
export function dpRelease(records: readonly TableRecord[], options: DpReleaseOptions): DpRelease {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError(
      "invalid-options",
      'dpRelease needs options { column, k, bounds }. Fix: dpRelease(records, { column: "weight_kg", k: 3, bounds: { lower: 0.1, upper: 999.9 } }).',
    );
  }
  return dpReleaseOfValues(sensitiveValues(records, options.column), options);
}

/**
 * {@link dpRelease} on the column's values (already read and checked: finite numbers), for callers that
 * hold them (the command line, the simulated releases of `dpErrorSummary`): the same release, the same
 * noise for the same seed, in a few linear passes over typed arrays.
 *
 * @param values - the values of `options.column`, in record order
 * @param options - as for {@link dpRelease}
 */
export function dpReleaseOfValues(values: ArrayLike<number>, options: DpReleaseOptions): DpRelease {
  const { column } = options;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InvalidInputError("non-finite-value", `${column}[${i}] is ${String(values[i])}, not a finite number. Fix: remove or impute it.`);
    }
  }
  const epsilon = checkEpsilon(options.epsilon ?? 1);
  const bounds = options.bounds;
  if (typeof bounds !== "object" || bounds === null) {
    throw new InvalidInputError(
      "missing-bounds",
      `dpRelease needs public bounds of ${column}, known without looking at the data (bounds from the data ` +
        `would leak the extreme records). Fix: pass bounds: { lower, upper }, e.g. PUBLIC_BOUNDS.${column}.`,
    );
  }
  checkBounds(bounds.lower, bounds.upper);
  const { lower, upper } = bounds;
  if (!(upper > lower)) {
    throw new InvalidInputError("invalid-bounds", `The bounds must satisfy lower < upper, got [${lower}, ${upper}].`);
  }
  const bins = options.bins ?? DEFAULT_BINS;
  if (!Number.isInteger(bins) || bins < 2 || bins > 1000) {
    throw new InvalidInputError("invalid-bins", `bins must be a whole number from 2 to 1000, got ${bins}. Fix: e.g. 20.`);
  }
  const k = options.k;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > bins) {
    throw new InvalidInputError(
      "invalid-k",
      `k must be a whole number from 1 to ${bins} (the number of histogram bins), got ${String(k)}. Fix: e.g. k = 3.`,
    );
  }
  const scale = options.scale ?? (lower > 0 && upper / lower >= 1000 ? "log" : "linear");
  if (scale !== "log" && scale !== "linear") {
    throw new InvalidInputError("invalid-scale", `scale must be "log" or "linear", got ${JSON.stringify(scale)}.`);
  }
  if (scale === "log" && !(lower > 0)) {
    throw new InvalidInputError("invalid-scale", `A log scale needs a lower bound > 0, got ${lower}. Fix: scale: "linear".`);
  }
  const weights = checkShares(options.shares ?? DEFAULT_BUDGET_SHARES);
  const tailThreshold = options.tailThreshold ?? DEFAULT_TAIL_THRESHOLD;
  if (typeof tailThreshold !== "number" || !(tailThreshold >= 0) || !Number.isFinite(tailThreshold)) {
    throw new InvalidInputError(
      "invalid-tail-threshold",
      `tailThreshold must be a finite number ≥ 0 (in noise scales), got ${String(tailThreshold)}. Fix: e.g. 2, or 0 to keep the full bounds.`,
    );
  }
  const [epsHistogram, epsSizes, epsSums] = splitEpsilon(epsilon, weights) as [number, number, number];
  const smallestPart = Math.min(epsHistogram, epsSizes, epsSums);
  if (smallestPart < MIN_EPSILON) {
    // Checked here, before any release, so the message is about the ε the learner gave, not a share of it.
    // The ε that gives the smallest part exactly 1e-10, rounded UP to two digits (rounding down could fail).
    const exact = (MIN_EPSILON * epsilon) / smallestPart;
    const step = 10 ** (Math.floor(Math.log10(exact)) - 1);
    const needed = Number((Math.ceil(exact / step) * step).toPrecision(2));
    throw new InvalidInputError(
      "invalid-epsilon",
      `epsilon = ${epsilon} is split into ${epsHistogram} (histogram), ${epsSizes} (sizes) and ${epsSums} (sums), ` +
        `and every part needs ε ≥ ${MIN_EPSILON.toExponential()}, the smallest ε a release supports (its exact ` +
        `noise sampler needs a noise rate of at least 2^-48 per grid step). Fix: use epsilon ≥ ` +
        `${needed}.`,
    );
  }
  const accountant = options.accountant ?? new BudgetAccountant({ epsilon });
  // Refuse the whole release up front, before any noise is drawn or any row recorded.
  accountant.check(epsilon, 0, `DP release of ${column}`);
  const firstRow = accountant.length;
  const rng = toRandomSource(options.seed);
  warnAboutSettings(`the DP release of ${column}`, { epsilon, seeded: rng.seeded });

  // 1. The noisy histogram, over the public bounds.
  const edges = binEdges(lower, upper, bins, scale);
  // The bins depend only on public settings and the values: simulated releases of the same values (dpErrorSummary)
  // reuse them.
  const binKey = `${lower}/${upper}/${bins}/${scale}`;
  const cachedBins = typeof values === "object" ? BIN_CACHE.get(values as object) : undefined;
  let binLabels: Int32Array;
  if (cachedBins !== undefined && cachedBins.key === binKey && cachedBins.labels.length === n) {
    binLabels = cachedBins.labels;
  } else {
    binLabels = new Int32Array(n);
    for (let i = 0; i < n; i++) binLabels[i] = binOf(Math.min(upper, Math.max(lower, values[i]!)), edges);
    if (typeof values === "object") BIN_CACHE.set(values as object, { key: binKey, labels: binLabels });
  }
  const noisyBins = Array.from(
    noisyGroupCounts(binLabels, bins, {
      epsilon: epsHistogram,
      rng,
      accountant,
      label: `histogram of ${column} (${bins} public bins)`,
    }),
  );

  // The released range (post-processing): from the lowest to the highest bin whose noisy count reaches
  // the threshold. Clipping to it trades a small bias (a few extreme records pulled in) for much less
  // noise in the outer clusters' sums, whose sensitivity is half their interval's width.
  const threshold = tailThreshold / epsHistogram;
  const occupied = tailThreshold === 0 ? [] : noisyBins.map((c, b) => (c >= threshold ? b : -1)).filter((b) => b >= 0);
  let first = 0;
  let last = bins - 1;
  if (occupied.length > 0 && occupied[occupied.length - 1]! - occupied[0]! + 1 >= k) {
    first = occupied[0]!;
    last = occupied[occupied.length - 1]!;
  }
  const rangeLower = edges[first]!;
  const rangeUpper = edges[last + 1]!;

  // Clamp once. No warning about clipping: whether any value lies outside the released range is a fact about
  // the data. The exact count is kept for the data owner (`exact.clippedValues`, never released).
  let clipped = 0;
  const clamped = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < rangeLower || v > rangeUpper) clipped++;
    clamped[i] = Math.min(rangeUpper, Math.max(rangeLower, v));
  }

  // Basis: weighted k-means on the centres of the bins in the range (post-processing).
  const inRange = last - first + 1;
  const centres = Float64Array.from({ length: inRange }, (_, i) => binCentre(edges, first + i, scale));
  const positive = noisyBins.map((c, b) => (b >= first && b <= last ? Math.max(0, c) : 0));
  const rangeCounts = positive.slice(first, last + 1);
  const enough = rangeCounts.filter((c) => c > 0).length >= k;
  // With fewer than k non-empty bins, every bin gets a tiny weight so k distinct centres exist.
  const binWeights = Float64Array.from(rangeCounts, (c) => (enough ? c : c + 1e-3));
  const fit = fitKMeans({ data: centres, n: inRange, d: 1 }, { nClusters: k, weights: binWeights, random: rng });
  const basis = Array.from(fit.centres).sort((a, b) => a - b);
  const cuts = [rangeLower, ...basis.slice(1).map((c, i) => (basis[i]! + c) / 2), rangeUpper];

  // 2. Noisy sizes of the nearest-centre clusters.
  const clusterOf = (v: number): number => {
    let c = 0;
    while (c < k - 1 && v > cuts[c + 1]!) c++;
    return c;
  };
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = clusterOf(clamped[i]!);
  const noisySizes = Array.from(
    noisyGroupCounts(labels, k, { epsilon: epsSizes, rng, accountant, label: `cluster sizes of ${column} (k = ${k})` }),
  );

  // 3. Noisy centred sums, one mechanism per cluster interval, charged once (parallel composition).
  const mechanisms = Array.from({ length: k }, (_, c) => {
    const mid = (cuts[c]! + cuts[c + 1]!) / 2;
    return new ClampedSumMechanism({ epsilon: epsSums, lower: cuts[c]! - mid, upper: cuts[c + 1]! - mid });
  });
  accountant.spend({
    label: `cluster sums of ${column}, centred on each cluster's interval (k = ${k})`,
    epsilon: epsSums,
    sensitivity: Math.max(...mechanisms.map((m) => m.sensitivity)),
    mechanism: `${mechanisms[0]!.mechanism}, ${k} groups in parallel`,
  });
  // Each cluster's members, centred on its interval, side by side in one buffer (a counting sort by label).
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) starts[labels[i]! + 1]!++;
  for (let c = 0; c < k; c++) starts[c + 1]! += starts[c]!;
  const centred = new Float64Array(n);
  const fill = starts.slice(0, k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    centred[fill[c]!++] = clamped[i]! - (cuts[c]! + cuts[c + 1]!) / 2;
  }
  const clusters: DpClusterDetail[] = mechanisms.map((mechanism, c) => {
    const lo = cuts[c]!;
    const hi = cuts[c + 1]!;
    const mid = (lo + hi) / 2;
    const members = centred.subarray(starts[c]!, starts[c + 1]!);
    const noisySum = mechanism.randomise(members, rng).value;
    const noisySize = noisySizes[c]!;
    const centroid = Math.min(hi, Math.max(lo, mid + noisySum / Math.max(noisySize, 1)));
    return { cluster: c, centroid, size: Math.max(0, noisySize), lower: lo, upper: hi };
  });

  // Statistics: post-processing only.
  const count = clusters.reduce((s, c) => s + c.size, 0);
  const mean =
    count > 0 ? clusters.reduce((s, c) => s + c.size * c.centroid, 0) / count : (lower + upper) / 2;
  const histogramTotal = positive.reduce((a, b) => a + b, 0);
  let std = 0;
  let q25 = (lower + upper) / 2;
  let median = q25;
  let q75 = q25;
  if (histogramTotal > 0) {
    const centreOf = (b: number): number => binCentre(edges, b, scale);
    const hMean = positive.reduce((s, c, b) => s + c * centreOf(b), 0) / histogramTotal;
    const ss = positive.reduce((s, c, b) => s + c * (centreOf(b) - hMean) ** 2, 0);
    std = histogramTotal > 1 ? Math.sqrt(ss / (histogramTotal - 1)) : 0;
    q25 = histogramQuantile(edges, positive, 0.25, scale);
    median = histogramQuantile(edges, positive, 0.5, scale);
    q75 = histogramQuantile(edges, positive, 0.75, scale);
  }
  return {
    column,
    k,
    epsilon,
    epsilons: { histogram: epsHistogram, sizes: epsSizes, sums: epsSums },
    clusters,
    statistics: { column, count, mean, std, q25, median, q75 },
    histogram: { edges, counts: noisyBins, scale },
    range: { lower: rangeLower, upper: rangeUpper },
    basis,
    ledger: accountant.rows().slice(firstRow),
    accountant,
    seeded: rng.seeded,
    exact: { privacy: EXACT, clippedValues: clipped },
  };
}

/**
 * k-means++ seeding (Arthur and Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007),
 * in the greedy form scikit-learn uses: at each step several candidates are drawn with probability
 * proportional to w·D² (weight times squared distance to the nearest chosen centre) and the one that
 * lowers the potential Σ w·D² most is kept.
 *
 * On large data the seeding runs on a random sample ({@link KMEANS_PLUS_PLUS_SAMPLE} points, drawn with
 * probability proportional to weight): scoring 2 + ⌊ln k⌋ candidates per centre reads all the data about
 * 3k times, which was 45 % of a non-private fit on 10⁶ points, while Lloyd's iterations on all the data
 * then correct what a sample of 65,536 points cannot see (faiss subsamples the same way, for its whole
 * k-means). Below {@link KMEANS_PLUS_PLUS_SAMPLE_ABOVE} points nothing changes.
 */
import { InvalidInputError } from "../errors";
import type { RandomSource } from "../dp/random";
import type { FlatMatrix } from "../validate";

/** Options of {@link kmeansPlusPlus}. */
export interface KMeansPlusPlusOptions {
  /** One weight per point (≥ 0, not all 0); a point of weight w counts like w copies. Default all 1. */
  weights?: Float64Array;
  /** Candidates drawn per centre; the best is kept. Default 2 + ⌊ln k⌋ (scikit-learn's choice). */
  localTrials?: number;
  /**
   * Seed from a random sample of this many points when n is above {@link KMEANS_PLUS_PLUS_SAMPLE_ABOVE}
   * (`Infinity`: always use all points). Default {@link KMEANS_PLUS_PLUS_SAMPLE}.
   */
  sampleSize?: number;
}

/** Points in the k-means++ sample on large data (2^16). */
export const KMEANS_PLUS_PLUS_SAMPLE = 65_536;

/**
 * k-means++ samples only above this many points (4 × the sample): below, the saving would be small and
 * seeded results stay those of plain k-means++.
 */
export const KMEANS_PLUS_PLUS_SAMPLE_ABOVE = 4 * KMEANS_PLUS_PLUS_SAMPLE;

/**
 * Choose k starting centres from the data by (greedy) k-means++.
 *
 * Points of weight 0 are never chosen. When every remaining point already sits on a chosen centre (fewer
 * distinct points than k), further centres are drawn by weight alone and may repeat; Lloyd's empty-cluster
 * rule then deals with the duplicates.
 *
 * @param X - validated data (finite), n ≥ 1
 * @param k - number of centres, 1 ≤ k ≤ n
 * @param random - the random source (seeded for reproducible lessons)
 * Above {@link KMEANS_PLUS_PLUS_SAMPLE_ABOVE} points the seeding runs on `sampleSize` points drawn (with
 * replacement) with probability proportional to weight; each sampled point then counts once, so the
 * sample's potential estimates the full weighted potential without bias.
 *
 * @param options - `weights` (default all 1), `localTrials` (default 2 + ⌊ln k⌋), `sampleSize` (default
 *   {@link KMEANS_PLUS_PLUS_SAMPLE})
 * @returns k × d centres, row-major, each a copy of a data point
 * @example
 * const centres = kmeansPlusPlus(X, 3, createRandom(42));
 */
export function kmeansPlusPlus(
  X: FlatMatrix,
  k: number,
  random: RandomSource,
  options: KMeansPlusPlusOptions = {},
): Float64Array {
  const sampleSize = options.sampleSize ?? KMEANS_PLUS_PLUS_SAMPLE;
  if (sampleSize !== Infinity && !(Number.isInteger(sampleSize) && sampleSize >= 1)) {
    throw new InvalidInputError(
      "invalid-parameter",
      `sampleSize must be a whole number ≥ 1 or Infinity (seed from all points); got ${sampleSize}.`,
    );
  }
  if (X.n > KMEANS_PLUS_PLUS_SAMPLE_ABOVE && X.n > sampleSize && sampleSize >= k) {
    const sample = seedingSample(X, options.weights, sampleSize, random);
    return kmeansPlusPlus(sample, k, random, { localTrials: options.localTrials, sampleSize: Infinity });
  }
  const { data, n, d } = X;
  const weights = options.weights;
  const trials = options.localTrials ?? 2 + Math.floor(Math.log(k));
  const centres = new Float64Array(k * d);
  const cumulative = new Float64Array(n);

  const weightOf = (i: number): number => (weights === undefined ? 1 : weights[i]!);
  const copyPoint = (point: number, slot: number): void => {
    for (let t = 0; t < d; t++) centres[slot * d + t] = data[point * d + t]!;
  };

  // First centre: drawn with probability proportional to weight.
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += weightOf(i);
  copyPoint(sampleIndex(cumulative, random.uniform()), 0);

  let closest: Float64Array = distancesTo(data, n, d, centres, 0, weights);
  let candidateDist: Float64Array = new Float64Array(n);
  let bestDist: Float64Array = new Float64Array(n);

  for (let c = 1; c < k; c++) {
    let potential = 0;
    for (let i = 0; i < n; i++) cumulative[i] = potential += closest[i]!;
    const byWeight = potential <= 0;
    if (byWeight) {
      // Every point sits on a centre: w·D² is 0 everywhere, so draw by weight alone.
      total = 0;
      for (let i = 0; i < n; i++) cumulative[i] = total += weightOf(i);
    }
    let bestPotential = Infinity;
    let bestPoint = -1;
    for (let trial = 0; trial < trials; trial++) {
      const candidate = sampleIndex(cumulative, random.uniform());
      const pot = potentialWith(data, n, d, candidate, closest, weights, candidateDist);
      if (pot < bestPotential) {
        bestPotential = pot;
        bestPoint = candidate;
        const swap = bestDist;
        bestDist = candidateDist;
        candidateDist = swap;
      }
      if (byWeight) break; // every candidate is equally good (potential 0)
    }
    copyPoint(bestPoint, c);
    const swap = closest;
    closest = bestDist;
    bestDist = swap;
  }
  return centres;
}

/**
 * `size` points drawn with replacement, with probability proportional to weight (uniformly without
 * weights), in data order (for memory locality; the order does not change the law of k-means++).
 */
function seedingSample(X: FlatMatrix, weights: Float64Array | undefined, size: number, random: RandomSource): FlatMatrix {
  const { data, n, d } = X;
  const picks = new Int32Array(size);
  if (weights === undefined) {
    for (let s = 0; s < size; s++) picks[s] = Math.min(Math.floor(random.uniform() * n), n - 1);
  } else {
    const cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) cumulative[i] = total += weights[i]!;
    for (let s = 0; s < size; s++) picks[s] = sampleIndex(cumulative, random.uniform());
  }
  picks.sort();
  const out = new Float64Array(size * d);
  for (let s = 0; s < size; s++) out.set(data.subarray(picks[s]! * d, picks[s]! * d + d), s * d);
  return { data: out, n: size, d };
}

/** w·D² of every point to centre `slot`. */
function distancesTo(
  data: Float64Array,
  n: number,
  d: number,
  centres: Float64Array,
  slot: number,
  weights: Float64Array | undefined,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const a = data[i * d + t]! - centres[slot * d + t]!;
      s += a * a;
    }
    out[i] = weights === undefined ? s : weights[i]! * s;
  }
  return out;
}

/**
 * The potential Σ min(current w·D², w·D² to the candidate) if point `candidate` were added as a centre;
 * the per-point minima go to `out`. The hot loop of k-means++, so d = 1 and d = 2 get their own loops.
 */
function potentialWith(
  data: Float64Array,
  n: number,
  d: number,
  candidate: number,
  closest: Float64Array,
  weights: Float64Array | undefined,
  out: Float64Array,
): number {
  let pot = 0;
  if (d === 1) {
    const c0 = data[candidate]!;
    for (let i = 0; i < n; i++) {
      const a = data[i]! - c0;
      const s = weights === undefined ? a * a : weights[i]! * a * a;
      const m = s < closest[i]! ? s : closest[i]!;
      out[i] = m;
      pot += m;
    }
  } else if (d === 2) {
    const c0 = data[2 * candidate]!;
    const c1 = data[2 * candidate + 1]!;
    for (let i = 0; i < n; i++) {
      const a = data[2 * i]! - c0;
      const b = data[2 * i + 1]! - c1;
      const s = weights === undefined ? a * a + b * b : weights[i]! * (a * a + b * b);
      const m = s < closest[i]! ? s : closest[i]!;
      out[i] = m;
      pot += m;
    }
  } else {
    const cb = candidate * d;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const a = data[i * d + t]! - data[cb + t]!;
        s += a * a;
      }
      if (weights !== undefined) s *= weights[i]!;
      const m = s < closest[i]! ? s : closest[i]!;
      out[i] = m;
      pot += m;
    }
  }
  return pot;
}

/**
 * Draw an index with probability proportional to its mass, given the running totals of the masses:
 * the first index whose running total exceeds u × total. A strict "exceeds" means an index of mass 0
 * (running total equal to its predecessor's) can never be drawn.
 */
function sampleIndex(cumulative: Float64Array, u: number): number {
  const n = cumulative.length;
  const target = u * cumulative[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  // u × total can round up to the total itself: step back to the last index that has mass.
  while (lo > 0 && cumulative[lo]! === cumulative[lo - 1]!) lo--;
  return lo;
}

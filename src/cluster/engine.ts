/**
 * The Lloyd engine's two halves, on flat typed arrays:
 *
 * 1. {@link assignAndSummarize}: one pass over the data assigns every point to its nearest centre and, in
 *    the same pass, accumulates the sufficient statistics of each cluster (weight count and coordinate
 *    sums) and the inertia.
 * 2. {@link centresFromStatistics}: new centres = sums / counts.
 *
 * They are separate on purpose: DP k-means (DPLloyd, Su et al., CODASPY 2016) is exactly Lloyd with noise
 * added to the counts and sums between the two halves. Everything here assumes validated input
 * (see `src/validate.ts`): finite data, `centres.length === k * d`.
 *
 * Centres are flat too: centre `j`, coordinate `t` is `centres[j * d + t]`.
 */
import type { Bounds, FlatMatrix } from "../validate";

/** The sufficient statistics of one assignment pass. */
export interface ClusterStatistics {
  /** Number of clusters. */
  readonly k: number;
  /** Number of features. */
  readonly d: number;
  /** Total weight of the points of each cluster (the point count when unweighted); length k. */
  readonly counts: Float64Array;
  /** Weighted coordinate sums of each cluster, row-major k × d. */
  readonly sums: Float64Array;
  /** The nearest centre of each point (ties go to the lower index); length n. */
  readonly labels: Int32Array;
  /** Σ wᵢ‖xᵢ − c(xᵢ)‖² with the centres used for this assignment (not the updated ones). */
  readonly inertia: number;
  /** How many labels differ from what the `labels` buffer held before the pass (all of them on a new buffer). */
  readonly changed: number;
}

/** Options of {@link assignAndSummarize}. */
export interface AssignOptions {
  /** One weight per point (≥ 0); omitted means every point weighs 1. */
  weights?: Float64Array;
  /**
   * A buffer of length n to write labels into (reused across iterations to save allocation); its previous
   * content is compared to count `changed`. Default: a new buffer filled with −1.
   */
  labels?: Int32Array;
}

/**
 * Assign every point to its nearest centre (squared Euclidean distance) and, in the same pass, sum up
 * each cluster's weight and coordinates. This is the only step of Lloyd's algorithm that reads the data,
 * so it is written for speed: separate loops for d = 1 and d = 2, no allocation inside the loop.
 *
 * @param X - the data, n × d
 * @param centres - k × d, row-major
 * @param k - number of centres
 * @param options - `weights` (default all 1), `labels` buffer to reuse
 * @returns labels, counts, sums, inertia and the number of changed labels
 * @example
 * const X = { data: Float64Array.of(0, 0, 1, 0, 10, 0, 11, 0), n: 4, d: 2 };
 * const s = assignAndSummarize(X, Float64Array.of(0, 0, 10, 0), 2);
 * // s.labels = [0, 0, 1, 1], s.counts = [2, 2], s.sums = [1, 0, 21, 0], s.inertia = 2
 */
export function assignAndSummarize(
  X: FlatMatrix,
  centres: Float64Array,
  k: number,
  options: AssignOptions = {},
): ClusterStatistics {
  const { n, d } = X;
  const labels = options.labels ?? new Int32Array(n).fill(-1);
  const weights = options.weights ?? null;
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  let result: { inertia: number; changed: number };
  if (d === 1) result = summarize1(X.data, n, centres, k, labels, counts, sums, weights);
  else if (d === 2) result = summarize2(X.data, n, centres, k, labels, counts, sums, weights);
  else result = summarizeAny(X.data, n, d, centres, k, labels, counts, sums, weights);
  return { k, d, counts, sums, labels, inertia: result.inertia, changed: result.changed };
}

function summarize1(
  x: Float64Array,
  n: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  counts: Float64Array,
  sums: Float64Array,
  weights: Float64Array | null,
): { inertia: number; changed: number } {
  let inertia = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const x0 = x[i]!;
    let best = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      const a = x0 - c[j]!;
      const dist = a * a;
      if (dist < bestDist) {
        bestDist = dist;
        best = j;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
    const w = weights === null ? 1 : weights[i]!;
    counts[best] += w;
    sums[best] += w * x0;
    inertia += w * bestDist;
  }
  return { inertia, changed };
}

function summarize2(
  x: Float64Array,
  n: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  counts: Float64Array,
  sums: Float64Array,
  weights: Float64Array | null,
): { inertia: number; changed: number } {
  let inertia = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i]!;
    const x1 = x[2 * i + 1]!;
    let best = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      const a = x0 - c[2 * j]!;
      const b = x1 - c[2 * j + 1]!;
      const dist = a * a + b * b;
      if (dist < bestDist) {
        bestDist = dist;
        best = j;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
    const w = weights === null ? 1 : weights[i]!;
    counts[best] += w;
    sums[2 * best] += w * x0;
    sums[2 * best + 1] += w * x1;
    inertia += w * bestDist;
  }
  return { inertia, changed };
}

function summarizeAny(
  x: Float64Array,
  n: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  counts: Float64Array,
  sums: Float64Array,
  weights: Float64Array | null,
): { inertia: number; changed: number } {
  let inertia = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let best = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      const cb = j * d;
      let dist = 0;
      for (let t = 0; t < d; t++) {
        const a = x[base + t]! - c[cb + t]!;
        dist += a * a;
      }
      if (dist < bestDist) {
        bestDist = dist;
        best = j;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
    const w = weights === null ? 1 : weights[i]!;
    counts[best] += w;
    const sb = best * d;
    for (let t = 0; t < d; t++) sums[sb + t] += w * x[base + t]!;
    inertia += w * bestDist;
  }
  return { inertia, changed };
}

/** Options of {@link centresFromStatistics}. */
export interface UpdateOptions {
  /**
   * A cluster whose count is ≤ `minCount` keeps its previous centre instead of dividing by a tiny (or,
   * with noise, negative) count. Default 0: only empty clusters keep their centre.
   */
  minCount?: number;
  /** Clamp every new centre into this box (free post-processing for DP centres). Default: no clamping. */
  bounds?: Bounds;
}

/** The result of {@link centresFromStatistics}. */
export interface CentreUpdate {
  /** The new centres, k × d row-major (a new array). */
  readonly centres: Float64Array;
  /** Clusters whose count was ≤ `minCount` and so kept their previous centre. */
  readonly kept: number[];
}

/**
 * The update step: each centre moves to the mean of its cluster, sums / counts. The statistics may be
 * exact ({@link assignAndSummarize}) or noisy (DP k-means adds noise to them first).
 *
 * @param stats - `counts` (length k) and `sums` (k × d); any object with those two arrays
 * @param previous - the centres the statistics were computed with, k × d (used for clusters that are empty)
 * @param options - `minCount` (default 0), `bounds` to clamp into (default none)
 * @returns the new centres and the clusters that kept their previous centre
 */
export function centresFromStatistics(
  stats: { readonly counts: ArrayLike<number>; readonly sums: ArrayLike<number> },
  previous: Float64Array,
  options: UpdateOptions = {},
): CentreUpdate {
  const k = stats.counts.length;
  const d = stats.sums.length / k;
  const minCount = options.minCount ?? 0;
  const centres = new Float64Array(k * d);
  const kept: number[] = [];
  for (let j = 0; j < k; j++) {
    const count = stats.counts[j]!;
    if (count > minCount) {
      for (let t = 0; t < d; t++) centres[j * d + t] = stats.sums[j * d + t]! / count;
    } else {
      kept.push(j);
      for (let t = 0; t < d; t++) centres[j * d + t] = previous[j * d + t]!;
    }
  }
  if (options.bounds) clampCentres(centres, d, options.bounds);
  return { centres, kept };
}

function clampCentres(centres: Float64Array, d: number, bounds: Bounds): void {
  for (let i = 0; i < centres.length; i++) {
    const t = i % d;
    const lo = bounds.lower[t]!;
    const hi = bounds.upper[t]!;
    const v = centres[i]!;
    centres[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

/**
 * Give every empty cluster a point: the point farthest from its own centre moves to the empty cluster
 * (scikit-learn's rule), and the statistics and labels are corrected to match. Without this a centre
 * that lost all its points would stay where it is for ever ("dead centroid"). Non-private only: it looks
 * at individual points.
 *
 * A cluster counts as empty when its total weight is 0; zero-weight points are never chosen.
 *
 * @param X - the data
 * @param centres - the centres `stats` was computed with
 * @param stats - statistics from {@link assignAndSummarize}; counts, sums and labels are updated in place
 * @param weights - the weights used for `stats`, if any
 * @returns the number of clusters that were refilled
 */
export function relocateEmptyClusters(
  X: FlatMatrix,
  centres: Float64Array,
  stats: ClusterStatistics,
  weights?: Float64Array,
): number {
  const { k, d, counts, sums, labels } = stats;
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j]! <= 0) empty.push(j);
  if (empty.length === 0) return 0;
  const { n, data } = X;
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (weights !== undefined && weights[i]! <= 0) {
      dist[i] = -1;
      continue;
    }
    const c = labels[i]! * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const a = data[i * d + t]! - centres[c + t]!;
      s += a * a;
    }
    dist[i] = s;
  }
  let moved = 0;
  for (const j of empty) {
    // Farthest remaining point; ties go to the lower index, so the choice is deterministic.
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      if (dist[i]! > farDist) {
        farDist = dist[i]!;
        far = i;
      }
    }
    if (far < 0) break; // no point with positive weight left
    dist[far] = -1;
    const w = weights === undefined ? 1 : weights[far]!;
    const from = labels[far]!;
    counts[from] -= w;
    counts[j] += w;
    for (let t = 0; t < d; t++) {
      const v = w * data[far * d + t]!;
      sums[from * d + t] -= v;
      sums[j * d + t] += v;
    }
    labels[far] = j;
    moved++;
  }
  return moved;
}

/**
 * The nearest centre of each point (ties go to the lower index), without statistics: `predict`.
 *
 * @param X - the data
 * @param centres - k × d row-major
 * @param k - number of centres
 * @returns one label per point
 */
export function assignLabels(X: FlatMatrix, centres: Float64Array, k: number): Int32Array {
  return assignAndSummarize(X, centres, k).labels;
}

/**
 * Squared distance of each point to its nearest centre.
 *
 * @param X - the data
 * @param centres - k × d row-major
 * @param k - number of centres
 * @returns one squared distance per point
 */
export function nearestSquaredDistances(X: FlatMatrix, centres: Float64Array, k: number): Float64Array {
  const { data, n, d } = X;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const a = data[i * d + t]! - centres[j * d + t]!;
        s += a * a;
      }
      if (s < best) best = s;
    }
    out[i] = best;
  }
  return out;
}

/**
 * Weighted per-feature variance of the data, averaged over features. Lloyd's stopping rule scales its
 * tolerance by it (as scikit-learn does), so `tol` means the same thing whatever the units of the data.
 *
 * @param X - the data
 * @param weights - optional weights; weights act like repeated points
 * @returns mean over features of Σ wᵢ(xᵢⱼ − x̄ⱼ)² / Σ wᵢ
 */
export function meanFeatureVariance(X: FlatMatrix, weights?: Float64Array): number {
  const { data, n, d } = X;
  let total = 0;
  if (weights === undefined) total = n;
  else for (let i = 0; i < n; i++) total += weights[i]!;
  // From d = 3 on: two passes in memory order, one accumulator per feature (a pass per feature strides
  // through the whole matrix 2d times: 20 reads of it at d = 10). Each feature's sums are still added in
  // point order, so the result is the same to the bit as feature by feature (what d ≤ 2 does: there the
  // strided loops are the faster ones).
  if (d === 1) return varianceOfFeature(data, n, 1, 0, weights, total);
  if (d === 2) return (varianceOfFeature(data, n, 2, 0, weights, total) + varianceOfFeature(data, n, 2, 1, weights, total)) / 2;
  const mean = new Float64Array(d);
  if (weights === undefined) {
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t]!;
  } else {
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      for (let t = 0; t < d; t++) mean[t] += w * data[i * d + t]!;
    }
  }
  for (let t = 0; t < d; t++) mean[t] /= total;
  const ss = new Float64Array(d);
  if (weights === undefined) {
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < d; t++) {
        const a = data[i * d + t]! - mean[t]!;
        ss[t] += a * a;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      for (let t = 0; t < d; t++) {
        const a = data[i * d + t]! - mean[t]!;
        ss[t] += w * a * a;
      }
    }
  }
  let sum = 0;
  for (let t = 0; t < d; t++) sum += ss[t]! / total;
  return sum / d;
}

/** Weighted variance of feature `t` (two passes: mean, then squared deviations). */
function varianceOfFeature(
  data: Float64Array,
  n: number,
  d: number,
  t: number,
  weights: Float64Array | undefined,
  total: number,
): number {
  let mean = 0;
  if (weights === undefined) for (let i = 0; i < n; i++) mean += data[i * d + t]!;
  else for (let i = 0; i < n; i++) mean += weights[i]! * data[i * d + t]!;
  mean /= total;
  let ss = 0;
  if (weights === undefined) {
    for (let i = 0; i < n; i++) {
      const a = data[i * d + t]! - mean;
      ss += a * a;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const a = data[i * d + t]! - mean;
      ss += weights[i]! * a * a;
    }
  }
  return ss / total;
}

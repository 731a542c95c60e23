/**
 * Optimal k-means in one dimension, by dynamic programming on the sorted distinct values (Wang & Song,
 * "Ckmeans.1d.dp: optimal k-means clustering in one dimension by dynamic programming", The R Journal 3(2),
 * 2011; the divide-and-conquer speed-up of Grønlund et al., "Fast exact k-means, k-medians and Bregman
 * divergence clustering in 1D", 2017).
 *
 * In one dimension every optimal cluster is an interval of the sorted values, so the best k clusters of
 * the first j distinct values are the best k − 1 clusters of the first i − 1 plus the interval i..j:
 *
 *     D[q][j] = min over i ≤ j of  D[q−1][i−1] + cost(i, j)      (cost from prefix sums: O(1))
 *
 * The best i never decreases as j grows (the argmin is monotone), so each row is filled by divide and
 * conquer in O(m log m) evaluations (the last row needs one entry: O(m)): O(k · m · log m) time and k · m 32-bit back-pointers of memory for
 * m distinct values, after an O(n log n) sort. A million values at k = 3: well under a second.
 *
 * Unlike Lloyd's algorithm it needs no seed and no restarts: the result is the global optimum of the
 * k-means objective (up to floating-point rounding in the prefix sums, which are centred on the median
 * to keep it small), and equal values always share a cluster.
 */
import { InvalidInputError } from "../errors";

/** The most back-pointers (k × distinct values) {@link optimalKMeans1d} allocates: 5·10⁷ (200 MB). */
export const MAX_KMEANS_1D_CELLS = 50_000_000;

/** The result of {@link optimalKMeans1d}. */
export interface KMeans1dResult {
  /** The cluster of each value (in input order), 0..k−1 in increasing order of value. */
  readonly labels: Int32Array;
  /** Each cluster's mean, increasing. */
  readonly centres: Float64Array;
  /** Each cluster's size. */
  readonly sizes: Int32Array;
  /** Each cluster's largest value (the interval is (upper[c−1], upper[c]]). */
  readonly upper: Float64Array;
  /** The within-cluster sum of squares (the k-means objective). */
  readonly inertia: number;
}

/**
 * Optimal k-means of numbers (one dimension).
 *
 * @param values - finite numbers (any order; not modified)
 * @param k - clusters: a whole number from 1 to the number of distinct values
 * @returns labels, centres, sizes, interval ends and the inertia
 * @throws InvalidInputError for non-finite values, a bad k, or k × distinct values above
 *   {@link MAX_KMEANS_1D_CELLS}
 * @example optimalKMeans1d([1, 2, 10, 11, 50], 3).labels // Int32Array [0, 0, 1, 1, 2]
 */
export function optimalKMeans1d(values: ArrayLike<number>, k: number): KMeans1dResult {
  const n = values.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidInputError("non-finite-value", `values[${i}] is ${String(v)}, not a finite number. Fix: remove or impute it.`);
    }
    sorted[i] = v;
  }
  sorted.sort();
  // Distinct values with their multiplicities.
  const distinct: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) weight[weight.length - 1]!++;
    else {
      distinct.push(sorted[i]!);
      weight.push(1);
    }
  }
  const m = distinct.length;
  if (!Number.isInteger(k) || k < 1 || k > m) {
    throw new InvalidInputError(
      "invalid-k",
      `k must be a whole number from 1 to ${m} (the number of distinct values), got ${k}. Fix: a k in that range.`,
    );
  }
  if (k * m > MAX_KMEANS_1D_CELLS) {
    throw new InvalidInputError(
      "too-large",
      `Optimal 1-D k-means keeps k × (distinct values) back-pointers: ${k} × ${m} is above the limit of ` +
        `${MAX_KMEANS_1D_CELLS.toLocaleString("en-US")} (200 MB). Fix: a smaller k, or round the values to fewer distinct ones.`,
    );
  }
  // Prefix sums of weight, weighted value and weighted square, centred on the median against cancellation.
  const shift = sorted[n >> 1]!;
  const W = new Float64Array(m + 1);
  const S = new Float64Array(m + 1);
  const Q = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) {
    const x = distinct[j]! - shift;
    const w = weight[j]!;
    W[j + 1] = W[j]! + w;
    S[j + 1] = S[j]! + w * x;
    Q[j + 1] = Q[j]! + w * x * x;
  }
  /** Sum of squares of distinct values i..j (0-based, inclusive) around their mean. */
  const cost = (i: number, j: number): number => {
    const w = W[j + 1]! - W[i]!;
    const s = S[j + 1]! - S[i]!;
    const c = Q[j + 1]! - Q[i]! - (s * s) / w;
    return c > 0 ? c : 0;
  };
  let previous = new Float64Array(m);
  for (let j = 0; j < m; j++) previous[j] = cost(0, j);
  const back: Int32Array[] = [new Int32Array(m)]; // row 0: every interval starts at 0
  // Rows 1..k−2 by divide and conquer; the last row needs only its last entry (one linear scan).
  const stackLo = new Int32Array(64 * 4);
  for (let q = 1; q < k; q++) {
    const current = new Float64Array(m).fill(Infinity);
    const from = new Int32Array(m);
    const bestFor = (j: number, optLo: number, optHi: number): void => {
      let best = Infinity;
      let bestI = optLo;
      const last = Math.min(j, optHi);
      const wj = W[j + 1]!;
      const sj = S[j + 1]!;
      const qj = Q[j + 1]!;
      for (let i = optLo > q ? optLo : q; i <= last; i++) {
        const w = wj - W[i]!;
        const sum = sj - S[i]!;
        let c = qj - Q[i]! - (sum * sum) / w;
        if (c < 0) c = 0;
        c += previous[i - 1]!;
        if (c < best) {
          best = c;
          bestI = i;
        }
      }
      current[j] = best;
      from[j] = bestI;
    };
    if (q === k - 1) {
      bestFor(m - 1, q, m - 1);
    } else {
      // D[q][j] for j in [lo, hi], whose best start lies in [optLo, optHi] (an explicit stack, no recursion).
      let stack = stackLo;
      let top = 0;
      const push = (lo: number, hi: number, optLo: number, optHi: number): void => {
        if (lo > hi) return;
        if (top + 4 > stack.length) {
          const bigger = new Int32Array(stack.length * 2);
          bigger.set(stack);
          stack = bigger;
        }
        stack[top++] = lo;
        stack[top++] = hi;
        stack[top++] = optLo;
        stack[top++] = optHi;
      };
      push(q, m - 1, q, m - 1);
      while (top > 0) {
        const optHi = stack[--top]!;
        const optLo = stack[--top]!;
        const hi = stack[--top]!;
        const lo = stack[--top]!;
        const j = (lo + hi) >> 1;
        bestFor(j, optLo, optHi);
        push(lo, j - 1, optLo, from[j]!);
        push(j + 1, hi, from[j]!, optHi);
      }
    }
    back.push(from);
    previous = current;
  }
  // Walk back from the last value: the start of each interval.
  const starts = new Int32Array(k);
  let end = m - 1;
  for (let q = k - 1; q >= 0; q--) {
    starts[q] = q === 0 ? 0 : back[q]![end]!;
    end = starts[q]! - 1;
  }
  const upper = new Float64Array(k);
  for (let c = 0; c < k; c++) upper[c] = distinct[c + 1 < k ? starts[c + 1]! - 1 : m - 1]!;
  const labels = new Int32Array(n);
  const sums = new Float64Array(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= upper[mid]!) hi = mid;
      else lo = mid + 1;
    }
    labels[i] = lo;
    sums[lo]! += v;
    sizes[lo]!++;
  }
  const centres = Float64Array.from(sums, (s, c) => s / sizes[c]!);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += (values[i]! - centres[labels[i]!]!) ** 2;
  return { labels, centres, sizes, upper, inertia };
}

/** Whether this machine stores numbers little-endian (every platform Node supports today does). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The positions of `values` in increasing order of value, equal values in increasing position: a stable
 * argsort. A comparator sort of a million indices takes over a second; this is an LSD radix sort on the
 * bits of the doubles (each value's bits, mapped so that their unsigned order is the numeric order, in
 * four stable counting passes of 16 bits; a pass whose digit is the same for every value is skipped, e.g.
 * the low bits of whole numbers): O(n), about 30 ms for a million values. -0 and 0 count as equal; NaN is
 * not supported (the callers check for finite values first).
 *
 * @param values - finite numbers
 * @returns the order, an Int32Array of positions
 * @example stableOrder([3, 1, 3, 2]) // Int32Array [1, 3, 0, 2]
 */
export function stableOrder(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  if (!LITTLE_ENDIAN) return stableOrderByRank(values);
  const bits = new Float64Array(n);
  for (let i = 0; i < n; i++) bits[i] = values[i] === 0 ? 0 : values[i]!; // -0 → 0
  const words = new Uint32Array(bits.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]!;
    const l = words[2 * i]!;
    // Negative numbers: all bits flipped (larger magnitude sorts first); positive: the sign bit set.
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let t = 0; t < n; t++) counts[((key[order[t]!]! >>> shift) & 0xffff) + 1]!++;
    let skip = false;
    for (let b = 1; b <= 65536; b++) {
      if (counts[b] === n) skip = true;
      counts[b]! += counts[b - 1]!;
    }
    if (skip) continue; // one digit for every value: this pass would not move anything
    for (let t = 0; t < n; t++) {
      const i = order[t]!;
      next[counts[(key[i]! >>> shift) & 0xffff]!++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** {@link stableOrder} by ranks (native sort, binary search, counting sort): the fallback on big-endian machines. */
export function stableOrderByRank(values: ArrayLike<number>): Int32Array {  const n = values.length;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  // Distinct values: compact `sorted` in place.
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
  const rank = new Int32Array(n);
  const counts = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
    counts[lo + 1]!++;
  }
  for (let r = 0; r < m; r++) counts[r + 1]! += counts[r]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[counts[rank[i]!]!++] = i;
  return order;
}

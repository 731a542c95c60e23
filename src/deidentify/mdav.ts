/**
 * MDAV (Maximum Distance to Average Vector) microaggregation: a partition of the records into groups of at
 * least `minGroupSize`, each as homogeneous as the heuristic can make it. Publishing each group's mean in
 * place of its members' values guarantees that no published value describes fewer than `minGroupSize`
 * records (k-anonymity for that column, in the microaggregation sense).
 *
 * The algorithm as in Domingo-Ferrer & Mateo-Sanz, "Practical data-oriented microaggregation for
 * statistical disclosure control", IEEE TKDE 14(1), 2002, and as sdcMicro's `microaggregation(method =
 * "mdav")` implements it (with m = minGroupSize):
 *
 *     while at least 3m records remain:
 *         c ← mean of the remaining records
 *         r ← the remaining record farthest from c;  s ← the remaining record farthest from r
 *         group r with its m − 1 nearest remaining records; remove them
 *         group s with its m − 1 nearest remaining records; remove them
 *     if at least 2m records remain:
 *         c ← mean of the remaining;  r ← the farthest from c
 *         group r with its m − 1 nearest remaining records; the rest form the last group
 *     else the remaining records (m to 2m − 1 of them) form the last group
 *
 * Every group therefore has between m and 2m − 1 members. Distances are Euclidean. Ties are broken by the
 * record's position (the earlier record counts as farther, and as nearer), so the result is deterministic;
 * s is chosen among the records other than r, and if ties put s inside r's group, s is chosen again among
 * the records left.
 *
 * Cost. With d ≥ 2 features every round scans and sorts the remaining records: O(n²/m · log n) time, which
 * is minutes at 10⁵ records and hours at 10⁶. So several features are refused past
 * {@link MDAV_MAX_RECORDS_MULTIVARIATE} records, before any work. One feature (the sensitive column of a
 * de-identification) takes the univariate path, {@link mdav1d}: the farthest record from the mean is always
 * the smallest or the largest value, and its nearest records are its neighbours in sorted order, so one
 * sort and two pointers give exactly the same groups in O(n log n) (a million values in well under a second).
 */
import { InvalidInputError } from "../errors";
import { stableOrder } from "../cluster/one-d";
import { MAX_MAGNITUDE } from "../limits";
import { toMatrix, type FlatMatrix } from "../validate";

/**
 * The most records MDAV accepts with two or more features: 10,000. Its time grows with n²; the univariate
 * path (one feature) has no such limit.
 */
export const MDAV_MAX_RECORDS_MULTIVARIATE = 10_000;

/** The result of {@link mdav}. */
export interface MdavResult {
  /** The group of each record, 0..groups−1, numbered in the order MDAV formed them. */
  readonly labels: Int32Array;
  /** The record indices of each group, in the order they were added to it (built on first use by `mdav1d`). */
  readonly groups: number[][];
  /** The number of groups. */
  readonly groupCount: number;
  /** Group means, row-major groups × d. */
  readonly centroids: Float64Array;
  /** Number of features d. */
  readonly d: number;
}

function squaredDistance(data: Float64Array, d: number, i: number, point: ArrayLike<number>, offset: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = data[i * d + j]! - point[offset + j]!;
    s += diff * diff;
  }
  return s;
}

/** The remaining record farthest from `point` (ties: the earliest record). */
function farthest(m: FlatMatrix, remaining: readonly number[], point: ArrayLike<number>, offset: number): number {
  let best = remaining[0]!;
  let bestDistance = -1;
  for (const i of remaining) {
    const dist = squaredDistance(m.data, m.d, i, point, offset);
    if (dist > bestDistance || (dist === bestDistance && i < best)) {
      best = i;
      bestDistance = dist;
    }
  }
  return best;
}

/** `centre` and its `size − 1` nearest remaining records (ties: the earlier record first). */
function nearestGroup(m: FlatMatrix, remaining: readonly number[], centre: number, size: number): number[] {
  const others = remaining
    .filter((i) => i !== centre)
    .map((i) => ({ i, dist: squaredDistance(m.data, m.d, i, m.data, centre * m.d) }))
    .sort((a, b) => a.dist - b.dist || a.i - b.i);
  return [centre, ...others.slice(0, size - 1).map((o) => o.i)];
}

function meanOf(m: FlatMatrix, indices: readonly number[]): Float64Array {
  const mean = new Float64Array(m.d);
  for (const i of indices) for (let j = 0; j < m.d; j++) mean[j]! += m.data[i * m.d + j]!;
  for (let j = 0; j < m.d; j++) mean[j]! /= indices.length;
  return mean;
}

/**
 * Check a minimum group size against the number of records.
 * @throws InvalidInputError `invalid-min-group` unless it is a whole number from 1 to n
 */
export function checkMinGroupSize(minGroupSize: unknown, n: number): number {
  if (typeof minGroupSize !== "number" || !Number.isInteger(minGroupSize) || minGroupSize < 1 || minGroupSize > n) {
    throw new InvalidInputError(
      "invalid-min-group",
      `The minimum group size must be a whole number from 1 to ${n} (the number of records), got ` +
        `${typeof minGroupSize === "number" ? minGroupSize : JSON.stringify(minGroupSize)}. Fix: use e.g. 3 ` +
        `(sdcMicro's default) or 5.`,
    );
  }
  return minGroupSize;
}

/**
 * MDAV microaggregation: groups of at least `minGroupSize` records (and at most 2·minGroupSize − 1).
 *
 * @param data - the records: a list of numbers (one column) or rows of d numbers (`number[][]`)
 * @param minGroupSize - the smallest allowed group m, a whole number from 1 to n
 * @returns the group of each record, the groups, and their means
 * @throws InvalidInputError for empty or non-finite data, or a bad minimum group size
 * @example
 * mdav([1, 2, 3, 4, 5, 6, 7, 8, 9], 3).groups; // [[0, 1, 2], [8, 7, 6], [3, 4, 5]]
 */
export function mdav(data: readonly number[] | ReadonlyArray<ArrayLike<number>>, minGroupSize: number): MdavResult {
  if (Array.isArray(data) && data.length > 0 && typeof data[0] === "number") {
    return mdav1d(data as readonly number[], minGroupSize);
  }
  const rows = data as ReadonlyArray<ArrayLike<number>>;
  if (Array.isArray(rows) && rows.length > 0 && rows.every((r) => r !== null && typeof r === "object" && r.length === 1)) {
    return mdav1d(rows.map((r) => r[0]!), minGroupSize);
  }
  if (Array.isArray(rows) && rows.length > MDAV_MAX_RECORDS_MULTIVARIATE) {
    throw new InvalidInputError(
      "too-many-records",
      `MDAV with ${rows[0]?.length ?? "several"} features takes time that grows with the square of the records ` +
        `(O(n²/m · log n)): ${rows.length.toLocaleString("en-US")} records is past its limit of ` +
        `${MDAV_MAX_RECORDS_MULTIVARIATE.toLocaleString("en-US")} (at the limit it takes seconds; at 10⁶ it ` +
        "would take hours). Fix: microaggregate one column at a time (one feature takes the O(n log n) path), or " +
        "a sample of the records.",
    );
  }
  const m = toMatrix(rows, { name: "data" });
  const size = checkMinGroupSize(minGroupSize, m.n);
  let remaining = Array.from({ length: m.n }, (_, i) => i);
  const groups: number[][] = [];
  const take = (group: number[]): void => {
    groups.push(group);
    const taken = new Set(group);
    remaining = remaining.filter((i) => !taken.has(i));
  };
  while (remaining.length >= 3 * size) {
    const centre = meanOf(m, remaining);
    const r = farthest(m, remaining, centre, 0);
    let s = farthest(m, remaining.filter((i) => i !== r), m.data, r * m.d);
    take(nearestGroup(m, remaining, r, size));
    // Only with ties can s end up in r's group (e.g. many equal values): then take the farthest left.
    if (!remaining.includes(s)) s = farthest(m, remaining, m.data, r * m.d);
    take(nearestGroup(m, remaining, s, size));
  }
  if (remaining.length >= 2 * size) {
    const r = farthest(m, remaining, meanOf(m, remaining), 0);
    take(nearestGroup(m, remaining, r, size));
  }
  if (remaining.length > 0) take(remaining.slice());

  const labels = new Int32Array(m.n);
  const centroids = new Float64Array(groups.length * m.d);
  groups.forEach((group, g) => {
    for (const i of group) labels[i] = g;
    centroids.set(meanOf(m, group), g * m.d);
  });
  return { labels, groups, groupCount: groups.length, centroids, d: m.d };
}

/**
 * MDAV on one feature, in O(n log n): the same groups, in the same order, as the general algorithm.
 *
 * Why it is the same: the record farthest from the mean is the smallest or the largest remaining value
 * (ties: the earlier record), and the nearest records to an end are the next ones inwards. Keeping the
 * records sorted by (value, position) for the low end and by (value descending, position) for the high
 * end, each group is the next m untaken records from one end: the ties are broken as the general
 * algorithm breaks them (the earlier record first). The mean of the remaining records is kept as a
 * running sum, so on data that is not integral it may differ from a fresh sum in the last bit; only an
 * exact tie between the distances of the two ends could then be broken differently.
 *
 * @param values - the values (finite, |v| ≤ 1e100)
 * @param minGroupSize - the smallest group m, a whole number from 1 to n
 * @returns the same shape as {@link mdav}, with d = 1
 * @throws InvalidInputError for empty or non-finite values, or a bad minimum group size
 */
export function mdav1d(values: ArrayLike<number>, minGroupSize: number): MdavResult {
  const n = values.length;
  if (n === 0) {
    throw new InvalidInputError("empty-data", "data is empty: MDAV needs at least one record. Fix: pass at least one value.");
  }
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (typeof x !== "number" || !Number.isFinite(x) || Math.abs(x) > MAX_MAGNITUDE) {
      throw new InvalidInputError(
        "non-finite-value",
        `data[${i}] is ${String(x)}: MDAV needs finite numbers up to ±1e100. Fix: remove or impute it.`,
      );
    }
    v[i] = x;
  }
  const size = checkMinGroupSize(minGroupSize, n);
  // Low end: (value, position) ascending. High end: (value descending, position ascending).
  const asc = stableOrder(v);
  const desc = new Int32Array(n);
  let out = 0;
  for (let end = n; end > 0; ) {
    let start = end - 1;
    while (start > 0 && v[asc[start - 1]!] === v[asc[end - 1]!]) start--;
    for (let i = start; i < end; i++) desc[out++] = asc[i]!;
    end = start;
  }
  const taken = new Uint8Array(n);
  let lo = 0;
  let hi = 0;
  let remaining = n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += v[i]!;
  // The groups, flat: members in the order they were added, and where each group starts (no array per
  // group: a million records make 333,333 groups of 3).
  const members = new Int32Array(n);
  const starts: number[] = [0];
  let filled = 0;
  /** The next `count` untaken records from one end (the first of them is that end's head). */
  const takeFrom = (low: boolean, count: number): void => {
    for (let t = 0; t < count; t++) {
      let i: number;
      if (low) {
        while (taken[asc[lo]!]) lo++;
        i = asc[lo]!;
      } else {
        while (taken[desc[hi]!]) hi++;
        i = desc[hi]!;
      }
      taken[i] = 1;
      members[filled++] = i;
      sum -= v[i]!;
    }
    remaining -= count;
    starts.push(filled);
  };
  /** Which end holds the record farthest from the mean (ties: the earlier record). */
  const farthestIsLow = (): boolean => {
    const mean = sum / remaining;
    while (taken[asc[lo]!]) lo++;
    while (taken[desc[hi]!]) hi++;
    const a = asc[lo]!;
    const b = desc[hi]!;
    const da = (v[a]! - mean) ** 2;
    const db = (v[b]! - mean) ** 2;
    return da > db || (da === db && a <= b);
  };
  while (remaining >= 3 * size) {
    const low = farthestIsLow();
    takeFrom(low, size);
    // s, the farthest from r, is the head of the other end (see the function's notes).
    takeFrom(!low, size);
  }
  if (remaining >= 2 * size) takeFrom(farthestIsLow(), size);
  if (remaining > 0) {
    const rest: number[] = [];
    for (let i = lo; i < n; i++) if (!taken[asc[i]!]) rest.push(asc[i]!);
    rest.sort((a, b) => a - b);
    for (const i of rest) members[filled++] = i;
    starts.push(filled);
  }
  const count = starts.length - 1;
  const labels = new Int32Array(n);
  const centroids = new Float64Array(count);
  for (let g = 0; g < count; g++) {
    let s = 0;
    for (let t = starts[g]!; t < starts[g + 1]!; t++) {
      labels[members[t]!] = g;
      s += v[members[t]!]!;
    }
    centroids[g] = s / (starts[g + 1]! - starts[g]!);
  }
  let groups: number[][] | undefined;
  return {
    labels,
    get groups(): number[][] {
      // Built on first use: microaggregation needs only the labels and the count.
      groups ??= Array.from({ length: count }, (_, g) => Array.from(members.subarray(starts[g]!, starts[g + 1]!)));
      return groups;
    },
    groupCount: count,
    centroids,
    d: 1,
  };
}

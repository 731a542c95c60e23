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
 */
import { InvalidInputError } from "../errors";
import { toMatrix, type FlatMatrix } from "../validate";

/** The result of {@link mdav}. */
export interface MdavResult {
  /** The group of each record, 0..groups−1, numbered in the order MDAV formed them. */
  readonly labels: Int32Array;
  /** The record indices of each group, in the order they were added to it. */
  readonly groups: number[][];
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
  const rows =
    Array.isArray(data) && data.length > 0 && typeof data[0] === "number"
      ? (data as readonly number[]).map((v) => [v])
      : (data as ReadonlyArray<ArrayLike<number>>);
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
  return { labels, groups, centroids, d: m.d };
}

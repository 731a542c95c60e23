/**
 * How good a clustering is, and how much two clusterings differ: the figures the lessons compare private
 * and non-private models with.
 */
import { InvalidInputError } from "../errors";
import { toMatrix, validateWeights, type MatrixInput } from "../validate";
import { assignAndSummarize } from "./engine";
import { hungarian } from "./hungarian";

/** Validate centres against the data's features and flatten them. */
function flatCentres(centres: ReadonlyArray<ArrayLike<number>>, d: number, name: string): { flat: Float64Array; k: number } {
  const m = toMatrix(centres, { name, features: d, featuresSource: "the data" });
  return { flat: m.data, k: m.n };
}

/**
 * Inertia: the sum over points of the squared distance to the nearest centre, Σᵢ wᵢ minⱼ ‖xᵢ − cⱼ‖².
 * The quantity k-means minimises; lower is better for the same data and k.
 *
 * @param X - the data
 * @param centres - k centres of d coordinates
 * @param sampleWeight - optional weight per point (default all 1)
 * @returns the inertia (0 when every point sits on a centre)
 * @throws {@link InvalidInputError} for bad data, centres or weights
 * @example
 * inertia([[0], [2], [10]], [[1], [10]]);  // 1 + 1 + 0 = 2
 */
export function inertia(X: MatrixInput, centres: ReadonlyArray<ArrayLike<number>>, sampleWeight?: ArrayLike<number>): number {
  const m = toMatrix(X);
  const { flat, k } = flatCentres(centres, m.d, "centres");
  const weights = sampleWeight === undefined ? undefined : validateWeights(sampleWeight, m.n);
  return assignAndSummarize(m, flat, k, { weights }).inertia;
}

/**
 * Mean squared distance of a point to its nearest centre: inertia / n (inertia / Σw when weighted).
 * Unlike inertia it does not grow with n, so it compares across data sets of different sizes.
 *
 * @param X - the data
 * @param centres - k centres of d coordinates
 * @param sampleWeight - optional weight per point (default all 1)
 * @returns inertia divided by the number of points (or the total weight)
 */
export function meanSquaredDistance(
  X: MatrixInput,
  centres: ReadonlyArray<ArrayLike<number>>,
  sampleWeight?: ArrayLike<number>,
): number {
  const m = toMatrix(X);
  const { flat, k } = flatCentres(centres, m.d, "centres");
  const weights = sampleWeight === undefined ? undefined : validateWeights(sampleWeight, m.n);
  const stats = assignAndSummarize(m, flat, k, { weights });
  let total = 0;
  for (let j = 0; j < k; j++) total += stats.counts[j]!;
  return stats.inertia / total;
}

/**
 * Quality ratio of a clustering against a reference (usually the best non-private k-means):
 * inertia(X, centres) / inertia(X, reference), equivalently the ratio of mean squared distances on the
 * same data. 1.00 means as good as the reference; 1.5 means points are on average 50% farther (in
 * squared distance) from their centre. It can dip just below 1 when the reference is itself only a local
 * optimum. This is the measure in the course's tables (Su et al. 2016 report the same ratio).
 *
 * @param X - the data both clusterings are scored on (the raw data, not a noisy version)
 * @param centres - the centres to score, k × d
 * @param reference - the reference centres (any number of them), or the reference inertia as a number
 * @returns the ratio, ≥ 0
 * @throws {@link InvalidInputError} for bad inputs, or a reference of inertia 0 (the ratio is undefined)
 */
export function qualityRatio(
  X: MatrixInput,
  centres: ReadonlyArray<ArrayLike<number>>,
  reference: ReadonlyArray<ArrayLike<number>> | number,
): number {
  const m = toMatrix(X);
  const score = inertia(m, centres);
  const base = typeof reference === "number" ? reference : inertia(m, reference);
  if (!(base > 0)) {
    throw new InvalidInputError(
      "invalid-reference",
      `The reference inertia is ${base}; the ratio needs a reference with positive inertia (a reference with ` +
        `0 puts every point on a centre). Use fewer reference centres than distinct points.`,
    );
  }
  return score / base;
}

function checkLabels(name: string, labels: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) {
      throw new InvalidInputError(
        "invalid-labels",
        `${name}[${i}] is ${l}; cluster labels must be whole numbers ≥ 0 (as returned by fit/predict).`,
      );
    }
    if (l > max) max = l;
  }
  return max;
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>, k: number | undefined): number {
  if (a.length !== b.length) {
    throw new InvalidInputError(
      "length-mismatch",
      `The two labelings have different lengths (${a.length} and ${b.length}). Compare labels of the same ` +
        `points, in the same order.`,
    );
  }
  const needed = Math.max(checkLabels("a", a), checkLabels("b", b)) + 1;
  if (k === undefined) return needed;
  if (!Number.isInteger(k) || k < needed) {
    throw new InvalidInputError(
      "invalid-k",
      `k = ${k} but the labels go up to ${needed - 1}; k must be a whole number ≥ ${needed} (or omit it).`,
    );
  }
  return k;
}

/**
 * Match the labels of clustering `b` to those of clustering `a`, so that the most points agree. Cluster
 * numbers are arbitrary (two runs can call the same cluster 0 and 2), so comparing clusterings needs this
 * first. Solved exactly with the Hungarian algorithm on the k × k overlap table; greedy matching (largest
 * overlap first) can be wrong.
 *
 * @param a - labels of the reference clustering, one per point
 * @param b - labels of the other clustering, same points, same order
 * @param k - number of labels (default: largest label in either + 1)
 * @returns `perm` of length k: label `l` in `b` corresponds to label `perm[l]` in `a`
 * @throws {@link InvalidInputError} for different lengths or labels that are not whole numbers ≥ 0
 * @example
 * matchLabels([0, 0, 1, 1], [1, 1, 0, 0]);  // [1, 0]
 */
export function matchLabels(a: ArrayLike<number>, b: ArrayLike<number>, k?: number): number[] {
  const size = checkPair(a, b, k);
  const overlap: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < a.length; i++) overlap[b[i]!]![a[i]!]!++;
  // Rows are b's labels, columns a's; minimising −overlap maximises agreement.
  return hungarian(overlap.map((row) => row.map((count) => -count)));
}

/**
 * Share of points whose cluster differs between two clusterings, after matching labels
 * ({@link matchLabels}). 0 means the same partition (whatever the numbering); the lessons show these
 * points in pink.
 *
 * @param a - labels of the reference clustering
 * @param b - labels of the other clustering, same points, same order
 * @param k - number of labels (default: largest label + 1)
 * @returns a number in [0, 1]
 */
export function changedShare(a: ArrayLike<number>, b: ArrayLike<number>, k?: number): number {
  if (a.length === 0) {
    throw new InvalidInputError("empty-data", "The labelings are empty; there is no share of zero points.");
  }
  const perm = matchLabels(a, b, k);
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (perm[b[i]!] !== a[i]) changed++;
  return changed / a.length;
}

/**
 * Which points changed cluster between two clusterings, after matching labels: the pink points.
 *
 * @param a - labels of the reference clustering
 * @param b - labels of the other clustering
 * @param k - number of labels (default: largest label + 1)
 * @returns one boolean per point, true where the matched clusters differ
 */
export function changedPoints(a: ArrayLike<number>, b: ArrayLike<number>, k?: number): boolean[] {
  const perm = matchLabels(a, b, k);
  return Array.from({ length: a.length }, (_, i) => perm[b[i]!] !== a[i]);
}

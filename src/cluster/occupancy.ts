/**
 * Degenerate clusterings, named where they happen: a fit whose clusters collapse (fewer non-empty clusters
 * than k, e.g. a DP centre lost in empty space at a small ε) reads like a normal chart with fewer colours.
 * Lessons call {@link clusterOccupancy} and say so on a card instead of leaving it to be misread.
 *
 * The sizes come from labels, which are exact diagnostics of the raw data (not private): use it to
 * describe a run to its owner, never to publish.
 */
import { InvalidInputError } from "../errors";

/** How the points spread over the k clusters of one labelling (exact diagnostic, not private). */
export interface ClusterOccupancy {
  /** The number of clusters asked for. */
  k: number;
  /** Points per cluster, index = label. */
  sizes: number[];
  /** Clusters that hold at least one point. */
  occupied: number;
  /** The labels of the clusters that hold no point. */
  empty: number[];
  /** True when fewer than k clusters hold a point: the fit collapsed. */
  collapsed: boolean;
}

/**
 * Count the points of each cluster and name the empty ones.
 *
 * @param labels - one label in 0..k-1 per point
 * @param k - the number of clusters the model was asked for
 * @returns sizes, occupied count, empty labels, and whether the fit collapsed
 * @throws InvalidInputError when k is not a whole number ≥ 1 or a label is outside 0..k-1
 */
export function clusterOccupancy(labels: ArrayLike<number>, k: number): ClusterOccupancy {
  if (!Number.isInteger(k) || k < 1) {
    throw new InvalidInputError("invalid-k", `k must be a whole number ≥ 1, got ${k}; pass the model's nClusters.`);
  }
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new InvalidInputError("invalid-label", `labels must be whole numbers 0..${k - 1} for k = ${k}; pass the labels of a model fitted with this k.`);
    }
    sizes[label]!++;
  }
  const empty = sizes.flatMap((size, label) => (size === 0 ? [label] : []));
  return { k, sizes, occupied: k - empty.length, empty, collapsed: empty.length > 0 };
}

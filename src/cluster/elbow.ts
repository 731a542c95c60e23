/**
 * The elbow method: fit k-means for several k and plot inertia against k; the "elbow", where adding a
 * cluster stops paying off, suggests k. Non-private; the private elbow is built from one noisy synopsis
 * elsewhere.
 */
import { InvalidInputError } from "../errors";
import { createRandom, type RandomInput, type RandomSource } from "../dp/random";
import { toMatrix, validateNClusters, validateWeights, type MatrixInput } from "../validate";
import { fitKMeans } from "./kmeans";

/** Options of {@link elbowCurve}. */
export interface ElbowOptions {
  /** k-means++ runs per k; the best is kept. Default 10. */
  nInit?: number;
  /** Most Lloyd updates per run. Default 300. */
  maxIter?: number;
  /** Relative tolerance. Default 1e-4. */
  tol?: number;
  /**
   * A seed: each k gets its own stream derived from it (`"<seed>/k=<k>"`), so the inertia at a given k does
   * not depend on which other k are in the list. A `RandomSource` is shared by all k, in order. Default:
   * secure randomness.
   */
  randomState?: RandomInput;
  /** Optional weight per point. */
  sampleWeight?: ArrayLike<number>;
}

/** One point of the elbow curve. */
export interface ElbowPoint {
  /** Number of clusters. */
  readonly k: number;
  /** Inertia of the best k-means fit with k clusters. */
  readonly inertia: number;
}

/**
 * Inertia of non-private k-means for each k in `ks`.
 *
 * @param X - the data
 * @param ks - the numbers of clusters to try, e.g. [1, 2, …, 10]; each 1 ≤ k ≤ n
 * @param options - `nInit` (10), `maxIter` (300), `tol` (1e-4), `randomState`, `sampleWeight`
 * @returns `{ k, inertia }` for each k, in the order given
 * @throws {@link InvalidInputError} for bad data, an empty list or a bad k
 * @example
 * elbowCurve(X, [1, 2, 3, 4, 5, 6], { randomState: 0 }).map((p) => p.inertia);
 */
export function elbowCurve(X: MatrixInput, ks: ReadonlyArray<number>, options: ElbowOptions = {}): ElbowPoint[] {
  const m = toMatrix(X);
  if (!Array.isArray(ks) || ks.length === 0) {
    throw new InvalidInputError("invalid-k", "ks must be a non-empty list of cluster counts, e.g. [1, 2, 3, 4, 5].");
  }
  ks.forEach((k) => validateNClusters(k, m.n, "each k in ks"));
  const weights = options.sampleWeight === undefined ? undefined : validateWeights(options.sampleWeight, m.n);
  const seed = options.randomState;
  const shared: RandomSource | undefined =
    typeof seed === "object" ? seed : seed === undefined ? createRandom() : undefined;
  return ks.map((k) => {
    const random = shared ?? createRandom(`${seed}/k=${k}`);
    const fit = fitKMeans(m, {
      nClusters: k,
      nInit: options.nInit ?? 10,
      maxIter: options.maxIter,
      tol: options.tol,
      random,
      weights,
    });
    return { k, inertia: fit.inertia };
  });
}

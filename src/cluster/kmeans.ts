/**
 * Non-private k-means: k-means++ seeding (Arthur and Vassilvitskii, SODA 2007) plus Lloyd's algorithm,
 * restarted `nInit` times, keeping the run with the lowest inertia. The reference every DP model is
 * measured against.
 */
import { InvalidInputError, PrivacyWarning, WARNING_DUPLICATE_CENTRES, warnPrivacy } from "../errors";
import { toRandomSource, type RandomInput, type RandomSource } from "../dp/random";
import {
  toMatrix,
  validateInteger,
  validateNClusters,
  validateNonNegative,
  validateWeights,
  type FlatMatrix,
  type MatrixInput,
} from "../validate";
import { MAX_ITERATIONS, MAX_RESTARTS } from "../limits";
import { kmeansPlusPlus } from "./init";
import { absoluteTolerance, runLloyd, type LloydResult } from "./lloyd";
import { CentroidModel } from "./model";

/** How to choose starting centres: k-means++ from the data, or given centres (k rows of d numbers). */
export type KMeansInit = "k-means++" | ReadonlyArray<ArrayLike<number>>;

/** Options of {@link fitKMeans}: the engine-level k-means (flat data, no learner conveniences). */
export interface FitKMeansOptions {
  /** Number of clusters k (1 ≤ k ≤ n). */
  nClusters: number;
  /** Starting centres: `"k-means++"` (default) or k × d centres (rows, or flat k·d). */
  init?: "k-means++" | ReadonlyArray<ArrayLike<number>> | Float64Array;
  /** Runs from different k-means++ seeds; the best is kept. Default 10 for k-means++, 1 for given centres. */
  nInit?: number;
  /** Most Lloyd updates per run. Default 300. */
  maxIter?: number;
  /** Relative tolerance of the stopping rule (see `lloyd`). Default 1e-4. */
  tol?: number;
  /** Random source for k-means++. Default: a secure (unseeded) source. */
  random?: RandomSource;
  /** One weight per point (≥ 0, not all 0); a point of weight w counts like w copies. Default all 1. */
  weights?: Float64Array;
}

/** The result of {@link fitKMeans}: the best run. */
export interface KMeansFit extends LloydResult {
  /** Which run (0-based) was kept. */
  readonly bestRun: number;
}

/**
 * Weighted or unweighted k-means on a flat matrix: the engine behind {@link KMeans}, and what EUGkM calls
 * for weighted k-means on grid-cell centres with noisy counts as weights.
 *
 * Empty clusters get the point farthest from its centre (scikit-learn's rule), so no centre is left
 * behind in empty space.
 *
 * @param X - validated, finite data (see `toMatrix`)
 * @param options - `nClusters`; `init` (default `"k-means++"`), `nInit` (default 10, or 1 with given
 *   centres), `maxIter` (300), `tol` (1e-4), `random` (default secure), `weights` (default all 1)
 * @returns the run with the lowest inertia: centres (k × d flat), labels, inertia, nIter, converged
 * @throws {@link InvalidInputError} for bad parameters, initial centres or weights
 * @example
 * // EUGkM-style: weighted k-means on cell centres, with noisy counts (negatives set to 0) as weights
 * const fit = fitKMeans(cells, { nClusters: 3, weights: counts, random: createRandom(7) });
 */
export function fitKMeans(X: FlatMatrix, options: FitKMeansOptions): KMeansFit {
  const k = validateNClusters(options.nClusters, X.n);
  const maxIter = validateInteger(options.maxIter ?? 300, "maxIter", 1, MAX_ITERATIONS);
  const tol = validateNonNegative(options.tol ?? 1e-4, "tol");
  const weights = options.weights === undefined ? undefined : validateWeights(options.weights, X.n, "weights");
  const init = options.init ?? "k-means++";
  const given = init === "k-means++" ? undefined : initialCentres(init, k, X.d);
  const nInit = given ? 1 : validateInteger(options.nInit ?? 10, "nInit", 1, MAX_RESTARTS);
  const random = options.random ?? toRandomSource(undefined);
  const absoluteTol = absoluteTolerance(X, tol, weights);

  let best: KMeansFit | undefined;
  for (let run = 0; run < nInit; run++) {
    const start = given ?? kmeansPlusPlus(X, k, random, { weights });
    const result = runLloyd(X, start, k, { maxIter, absoluteTol, weights, snapshot: false });
    if (best === undefined || result.inertia < best.inertia) best = { ...result, bestRun: run };
  }
  return best!;
}

/** Validate given starting centres and flatten them. */
function initialCentres(init: ReadonlyArray<ArrayLike<number>> | Float64Array, k: number, d: number): Float64Array {
  if (init instanceof Float64Array) {
    if (init.length !== k * d) {
      throw new InvalidInputError(
        "invalid-init",
        `init has ${init.length} values but k × d = ${k} × ${d} = ${k * d}. Give one centre per cluster.`,
      );
    }
    return toMatrix({ data: init, n: k, d }, { name: "init" }).data.slice();
  }
  if (typeof init === "string" || !Array.isArray(init)) {
    throw new InvalidInputError(
      "invalid-init",
      `init must be "k-means++" or the starting centres as number[][] (k rows of d numbers); got ${
        typeof init === "string" ? `"${init}"` : typeof init
      }.`,
    );
  }
  const m = toMatrix(init, { name: "init", features: d, featuresSource: "the data" });
  if (m.n !== k) {
    throw new InvalidInputError(
      "invalid-init",
      `init has ${m.n} centre(s) but nClusters is ${k}. Give exactly one starting centre per cluster.`,
    );
  }
  return m.data.slice();
}

/** Settings of {@link KMeans}; every one optional, with scikit-learn's defaults unless noted. */
export interface KMeansOptions {
  /** Number of clusters k. Default 8 (as scikit-learn). */
  nClusters?: number;
  /** `"k-means++"` (default) or the starting centres, k rows of d numbers. */
  init?: KMeansInit;
  /**
   * Number of k-means++ runs; the one with the lowest inertia is kept. Default `"auto"`: 10 runs with
   * k-means++, 1 with given centres. (scikit-learn's `"auto"` makes 1 run with k-means++; we make 10
   * because the non-private model is the reference DP models are measured against, and 10 runs on a
   * thousand points cost milliseconds.)
   */
  nInit?: number | "auto";
  /** Most Lloyd updates per run. Default 300. */
  maxIter?: number;
  /** Relative tolerance: stop when the centres' total squared movement ≤ tol × mean feature variance. Default 1e-4. */
  tol?: number;
  /**
   * A seed (number or string) for reproducible results — the same seed gives byte-identical fits — or a
   * `RandomSource`. Default: secure randomness, different every fit.
   */
  randomState?: RandomInput;
}

/**
 * Non-private k-means, shaped like scikit-learn's `KMeans`.
 *
 * Parameters (constructor, stored unchanged, checked in `fit`): see {@link KMeansOptions}.
 *
 * Fitted attributes (after `fit`; before it they throw {@link NotFittedError}):
 * - `clusterCenters`: k × d centres (`cluster_centers_`)
 * - `labels`: cluster of each training point, length n (`labels_`)
 * - `inertia`: Σ squared distance of each point to its centre (`inertia_`)
 * - `nIter`: Lloyd updates in the kept run (`n_iter_`)
 *
 * Notes: empty clusters during Lloyd's iterations take the point farthest from its centre. Ties in the
 * assignment go to the lower cluster index. With a numeric or string `randomState`, every fit on the
 * same data gives the same result; a `RandomSource` is consumed, so fits differ.
 *
 * @example
 * const km = new KMeans({ nClusters: 3, randomState: 42 }).fit([[1, 2], [1, 4], [10, 2], [10, 4], [5, 9], [5, 8]]);
 * km.clusterCenters;      // three centres
 * km.predict([[0, 3]]);   // the cluster of a new point
 */
export class KMeans extends CentroidModel {
  /** Number of clusters. */
  readonly nClusters: number;
  /** Starting centres or `"k-means++"`. */
  readonly init: KMeansInit;
  /** Number of runs, or `"auto"`. */
  readonly nInit: number | "auto";
  /** Most Lloyd updates per run. */
  readonly maxIter: number;
  /** Relative tolerance. */
  readonly tol: number;
  /** Seed or random source. */
  readonly randomState: RandomInput;

  /** @param options - see {@link KMeansOptions}; all optional */
  constructor(options: KMeansOptions = {}) {
    super();
    this.nClusters = options.nClusters ?? 8;
    this.init = options.init ?? "k-means++";
    this.nInit = options.nInit ?? "auto";
    this.maxIter = options.maxIter ?? 300;
    this.tol = options.tol ?? 1e-4;
    this.randomState = options.randomState;
  }

  /**
   * Compute k-means clustering. A second call starts over.
   *
   * @param X - rows of numbers, a DataFrame (numeric columns) or a flat matrix
   * @param sampleWeight - optional weight per point (≥ 0); a point of weight w counts like w copies
   * @returns this model, fitted
   * @throws {@link InvalidInputError} for bad data, parameters or weights
   */
  fit(X: MatrixInput, sampleWeight?: ArrayLike<number>): this {
    const m = toMatrix(X);
    const k = validateNClusters(this.nClusters, m.n);
    if (this.nInit !== "auto") validateInteger(this.nInit, "nInit", 1, MAX_RESTARTS);
    const nInit = this.nInit === "auto" ? (this.init === "k-means++" ? 10 : 1) : this.nInit;
    const weights = sampleWeight === undefined ? undefined : validateWeights(sampleWeight, m.n);
    const result = fitKMeans(m, {
      nClusters: k,
      init: this.init,
      nInit,
      maxIter: this.maxIter,
      tol: this.tol,
      random: toRandomSource(this.randomState),
      weights,
    });
    warnDuplicateCentres(result.centres, k, m.d);
    this.setFitted({
      centres: result.centres,
      k,
      d: m.d,
      labels: result.labels,
      inertia: result.inertia,
      nIter: result.nIter,
    });
    return this;
  }

  /**
   * Fit, then return the cluster of each row of `X`.
   * @param X - the data
   * @param sampleWeight - optional weight per point
   * @returns one cluster index per row
   */
  override fitPredict(X: MatrixInput, sampleWeight?: ArrayLike<number>): number[] {
    return this.fit(X, sampleWeight).labels;
  }
}

/**
 * Issue 25: non-private k-means on data with fewer distinct points than k ends with repeated centres (and
 * clusters that are copies or empty), which a learner would misread as k clusters. This model is not
 * private, so the warning may depend on the data.
 */
function warnDuplicateCentres(centres: Float64Array, k: number, d: number): void {
  const distinct = new Set<string>();
  for (let c = 0; c < k; c++) distinct.add(Array.from(centres.subarray(c * d, (c + 1) * d)).join(","));
  if (distinct.size === k) return;
  warnPrivacy(
    new PrivacyWarning(
      WARNING_DUPLICATE_CENTRES,
      `k-means found only ${distinct.size} distinct centres for nClusters = ${k}: the data has fewer distinct points ` +
        `than k, so ${k - distinct.size} cluster(s) repeat another (non-private model: an exact diagnostic). Fix: ` +
        `nClusters ≤ the number of distinct points.`,
    ),
  );
}

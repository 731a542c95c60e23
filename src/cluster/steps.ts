/**
 * Lloyd's algorithm one iteration at a time, for lessons that animate it: each step shows the centres the
 * points were assigned to, the assignment, and where the centres moved.
 */
import { toRandomSource, type RandomInput } from "../dp/random";
import { toMatrix, toRows, validateInteger, validateNClusters, validateNonNegative, validateWeights, type MatrixInput } from "../validate";
import { InvalidInputError } from "../errors";
import { kmeansPlusPlus } from "./init";
import { absoluteTolerance, iterateLloyd } from "./lloyd";

/** Options of {@link lloydSteps}. */
export interface LloydStepsOptions {
  /** Number of clusters; needed with k-means++, else taken from `init`. Default 8 with k-means++. */
  nClusters?: number;
  /** `"k-means++"` (default) or starting centres, k rows of d numbers. */
  init?: "k-means++" | ReadonlyArray<ArrayLike<number>>;
  /** Most iterations. Default 300. */
  maxIter?: number;
  /** Relative tolerance, as in `KMeans`. Default 1e-4. */
  tol?: number;
  /** Seed or random source for k-means++. Default: secure randomness. */
  randomState?: RandomInput;
  /** Optional weight per point. */
  sampleWeight?: ArrayLike<number>;
}

/** One Lloyd iteration, in learner shapes. */
export interface LloydStep {
  /** 1 for the first iteration. */
  readonly iteration: number;
  /** The centres the points were assigned to, k × d. */
  readonly assignedTo: number[][];
  /** The nearest of `assignedTo` for each point (after any empty-cluster repair). */
  readonly labels: number[];
  /** Inertia of this assignment (distances to `assignedTo`). */
  readonly inertia: number;
  /** The centres after the update (means of their points), k × d. */
  readonly centres: number[][];
  /** Total squared movement of the centres in this update. */
  readonly shift: number;
  /** True on the last step when the run converged. */
  readonly converged: boolean;
}

/**
 * Yield every iteration of Lloyd's algorithm (same rules as `KMeans` with one run).
 *
 * @param X - the data
 * @param options - `nClusters`, `init` (default `"k-means++"`), `maxIter` (300), `tol` (1e-4), `randomState`,
 *   `sampleWeight`
 * @returns a generator of {@link LloydStep}; spread it (`[...lloydSteps(X, opts)]`) to get all steps
 * @throws {@link InvalidInputError} for bad data or parameters (when the generator starts)
 * @example
 * for (const step of lloydSteps(X, { nClusters: 3, randomState: 1 })) draw(step.labels, step.centres);
 */
export function* lloydSteps(X: MatrixInput, options: LloydStepsOptions = {}): Generator<LloydStep, void, undefined> {
  const m = toMatrix(X);
  const init = options.init ?? "k-means++";
  let start: Float64Array;
  let k: number;
  const weights = options.sampleWeight === undefined ? undefined : validateWeights(options.sampleWeight, m.n);
  if (init === "k-means++") {
    k = validateNClusters(options.nClusters ?? 8, m.n);
    start = kmeansPlusPlus(m, k, toRandomSource(options.randomState), { weights });
  } else if (Array.isArray(init)) {
    const c = toMatrix(init, { name: "init", features: m.d, featuresSource: "the data" });
    k = validateNClusters(c.n, m.n, "the number of rows of init");
    if (options.nClusters !== undefined && options.nClusters !== k) {
      throw new InvalidInputError(
        "invalid-init",
        `init has ${k} centre(s) but nClusters is ${options.nClusters}. Give one starting centre per cluster.`,
      );
    }
    start = c.data;
  } else {
    throw new InvalidInputError("invalid-init", `init must be "k-means++" or starting centres as number[][].`);
  }
  const maxIter = validateInteger(options.maxIter ?? 300, "maxIter");
  const tol = validateNonNegative(options.tol ?? 1e-4, "tol");
  const run = iterateLloyd(m, start, k, {
    maxIter,
    absoluteTol: absoluteTolerance(m, tol, weights),
    weights,
    snapshot: true,
  });
  for (const s of run) {
    yield {
      iteration: s.iteration,
      assignedTo: toRows(s.assignedTo, k, m.d),
      labels: Array.from(s.labels),
      inertia: s.inertia,
      centres: toRows(s.centres, k, m.d),
      shift: s.shift,
      converged: s.converged,
    };
  }
}

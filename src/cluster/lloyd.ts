/**
 * Lloyd's algorithm (Lloyd, "Least squares quantization in PCM", 1982): alternate assignment to the
 * nearest centre and moving each centre to the mean of its points, until the centres stop moving.
 *
 * Stopping rule (scikit-learn's): stop when no label changed ("strict convergence"), or when the total
 * squared movement of the centres Σⱼ‖cⱼ⁽ⁿᵉʷ⁾ − cⱼ‖² is ≤ `tol` × (mean per-feature variance of the data),
 * or after `maxIter` updates. The returned labels and inertia always belong to the returned centres
 * (one more assignment pass is made when needed).
 *
 * Empty clusters get the point farthest from its centre ({@link relocateEmptyClusters}).
 */
import { assignAndSummarize, centresFromStatistics, meanFeatureVariance, relocateEmptyClusters } from "./engine";
import type { FlatMatrix } from "../validate";

/** Options of {@link lloyd}. */
export interface LloydOptions {
  /** Most updates to make. Default 300. */
  maxIter?: number;
  /** Relative tolerance on the centres' total squared movement (× mean feature variance). Default 1e-4. */
  tol?: number;
  /** One weight per point (≥ 0); a point of weight w counts like w copies. Default all 1. */
  weights?: Float64Array;
}

/** The outcome of a Lloyd run. */
export interface LloydResult {
  /** Final centres, k × d row-major. */
  readonly centres: Float64Array;
  /** Nearest final centre of each point. */
  readonly labels: Int32Array;
  /** Σ wᵢ‖xᵢ − c(xᵢ)‖² for the final centres. */
  readonly inertia: number;
  /** Number of updates made. */
  readonly nIter: number;
  /** True when it stopped by the tolerance or because labels no longer changed, not by `maxIter`. */
  readonly converged: boolean;
}

/** One iteration as reported by the step generator. */
export interface LloydIteration {
  /** 1 for the first update. */
  readonly iteration: number;
  /** The centres the points were assigned to in this iteration, k × d. */
  readonly assignedTo: Float64Array;
  /** The assignment to `assignedTo`, after any empty-cluster repair (a copy only in snapshot mode). */
  readonly labels: Int32Array;
  /** Inertia of the assignment, measured to `assignedTo`. */
  readonly inertia: number;
  /** The updated centres (means of the assigned points), k × d. */
  readonly centres: Float64Array;
  /** Total squared movement of the centres in this update. */
  readonly shift: number;
  /** Clusters that were empty and received the farthest point. */
  readonly relocated: number;
  /** True when this is the last iteration because the run converged. */
  readonly converged: boolean;
}

/** The internal form of the Lloyd options, with the tolerance already absolute (see {@link absoluteTolerance}). */
export interface LloydRunOptions {
  /** Most updates to make. */
  maxIter: number;
  /** Stop when the centres' total squared movement is ≤ this (in squared data units). */
  absoluteTol: number;
  /** One weight per point, or undefined for all 1. */
  weights: Float64Array | undefined;
  /** Copy labels for each yielded iteration (for animation); the fast path reuses one buffer. */
  snapshot: boolean;
}

/** Convert the relative tolerance to an absolute one for this data (scikit-learn's `_tolerance`). */
export function absoluteTolerance(X: FlatMatrix, tol: number, weights?: Float64Array): number {
  return tol === 0 ? 0 : tol * meanFeatureVariance(X, weights);
}

/**
 * The Lloyd loop as a generator of iterations. Internal: callers use {@link lloyd} (fast, flat) or the
 * learner-facing `lloydSteps`.
 */
export function* iterateLloyd(
  X: FlatMatrix,
  init: Float64Array,
  k: number,
  options: LloydRunOptions,
): Generator<LloydIteration, void, undefined> {
  let centres: Float64Array = init.slice();
  const labels = new Int32Array(X.n).fill(-1);
  for (let iteration = 1; iteration <= options.maxIter; iteration++) {
    const stats = assignAndSummarize(X, centres, k, { weights: options.weights, labels });
    const inertia = stats.inertia;
    const changed = stats.changed;
    const relocated = relocateEmptyClusters(X, centres, stats, options.weights);
    const { centres: next } = centresFromStatistics(stats, centres);
    let shift = 0;
    for (let i = 0; i < next.length; i++) {
      const a = next[i]! - centres[i]!;
      shift += a * a;
    }
    // Labels unchanged from the previous pass means the means are unchanged too: a fixed point.
    const strict = iteration > 1 && changed === 0 && relocated === 0;
    const converged = strict || shift <= options.absoluteTol;
    const assignedTo = centres;
    centres = next;
    yield {
      iteration,
      assignedTo,
      labels: options.snapshot ? labels.slice() : labels,
      inertia,
      centres,
      shift,
      relocated,
      converged,
    };
    if (converged) return;
  }
}

/**
 * Run Lloyd's algorithm from given starting centres.
 *
 * @param X - validated data, n × d
 * @param init - starting centres, k × d row-major (not modified)
 * @param options - `maxIter` (default 300), `tol` (default 1e-4, relative), `weights` (default all 1)
 * @returns final centres, labels, inertia, number of updates and whether it converged
 * @example
 * const run = lloyd(X, kmeansPlusPlus(X, 3, createRandom(1)), { maxIter: 100 });
 */
export function lloyd(X: FlatMatrix, init: Float64Array, options: LloydOptions = {}): LloydResult {
  const k = init.length / X.d;
  return runLloyd(X, init, k, {
    maxIter: options.maxIter ?? 300,
    absoluteTol: absoluteTolerance(X, options.tol ?? 1e-4, options.weights),
    weights: options.weights,
    snapshot: false,
  });
}

/** {@link lloyd} with the tolerance already absolute (restarts compute it once). */
export function runLloyd(X: FlatMatrix, init: Float64Array, k: number, options: LloydRunOptions): LloydResult {
  let last: LloydIteration | undefined;
  for (const step of iterateLloyd(X, init, k, options)) last = step;
  if (last === undefined) {
    // maxIter = 0: no update; report the starting centres as they are.
    const stats = assignAndSummarize(X, init, k, { weights: options.weights });
    return { centres: init.slice(), labels: stats.labels, inertia: stats.inertia, nIter: 0, converged: false };
  }
  // Centres that did not move at all: the last labels and inertia already belong to them.
  if (last.shift === 0 && last.relocated === 0) {
    return { centres: last.centres, labels: last.labels, inertia: last.inertia, nIter: last.iteration, converged: true };
  }
  // The last labels belong to the centres before the last update: assign once more.
  const final = assignAndSummarize(X, last.centres, k, { weights: options.weights, labels: last.labels });
  return {
    centres: last.centres,
    labels: final.labels,
    inertia: final.inertia,
    nIter: last.iteration,
    converged: last.converged,
  };
}

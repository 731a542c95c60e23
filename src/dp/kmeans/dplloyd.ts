/**
 * DPLloyd (Su, Cao, Li, Bertino & Jin, "Differentially private k-means clustering", CODASPY 2016): Lloyd's
 * algorithm with noise on the statistics of every iteration.
 *
 *     centres ← data-independent start (sphere packing in the public bounds), or given public centres
 *     for t = 1 … T (T fixed in advance from ε, d, k and a PUBLIC size — declared, or a noisy count on the
 *                   ledger — never the exact n; see schedule.ts and ../public-size.ts):
 *        assign each point to its nearest centre                       (reads the data)
 *        release every cluster's count (ε_count) and clamped per-feature sums (ε_j)   (charged first)
 *        centres ← noisy sums / noisy counts, clamped; clusters with a noisy count < 1 re-seeded
 *
 * Privacy: each iteration's releases compose in parallel over clusters, so iteration t costs
 * ε_count + Σ_j ε_j = ε/T, and the T iterations compose sequentially to ε. The centres, counts and sums
 * of every iteration are released values; the final labels and inertia are NOT (they are computed from
 * the raw data, for teaching comparisons only).
 *
 * Differences from diffprivlib 0.6.6, each with a test (test/dp-models/dplloyd.test.ts):
 * 1. the split is Su et al.'s intended ε_count : ε_feature = ∛(4dρ²) : 1 with exact parts (diffprivlib
 *    swaps it and spends 0.905ε–2.28ε while charging ε);
 * 2. the sum sensitivity is max(|l|, |u|), the add/remove bound (diffprivlib uses u − l);
 * 3. every cluster gets a noisy count and sums every iteration, and empty clusters are re-seeded
 *    (diffprivlib skips them, by their exact count, and leaves "dead centroids");
 * 4. sums get plain Laplace-scale noise on a grid, with clamping (diffprivlib's bounded-domain Laplace
 *    inflates the scale 1.5–2×);
 * 5. noise comes from a secure source unless a seed is given (diffprivlib uses a non-cryptographic one);
 * 6. clipped values: diffprivlib clips silently; here the model offers their exact count as a diagnostic
 *    (`model.exact.clippedValues`, NOT private), never in a release or a warning.
 * 7. T comes from a public or noisy size, never from the exact n (diffprivlib reads len(X), so D and D plus
 *    one record can run a different number of iterations: no finite ε holds).
 */
import type { BudgetAccountant } from "../accountant";
import type { RandomSource } from "../random";
import type { Bounds, FlatMatrix } from "../../validate";
import { dplloydSchedule, type IterationBudget } from "./schedule";
import { spherePackingCentres } from "./sphere-packing";
import { releaseClusterStatistics, type ClusterStatisticsOptions } from "./statistics";
import { updateFromNoisyStatistics, type NoisyUpdate } from "./update";

/** The released statistics of one iteration, as a variant's `release` returns them. */
export interface ReleasedStatistics {
  /** Noisy counts, length k. */
  readonly counts: Float64Array;
  /** Noisy sums, k × d. */
  readonly sums: Float64Array;
  /** Exact labels of the assignment (not private). */
  readonly labels: Int32Array;
  /** Values clipped in this pass: an exact statistic, NOT private; never copied into a release. */
  readonly clipped: number;
}

/**
 * The replaceable parts of DPLloyd: the budget schedule, the release and the update. The default is the
 * correct algorithm; the reference "as shipped" variant (`as-shipped.ts`) and the deliberately broken
 * variants of the privacy tests replace parts. Internal: not exported from the public model index.
 */
export interface DPLloydVariant {
  /** Name shown in ledger labels, e.g. `"DPLloyd"`. */
  readonly name: string;
  /** The per-iteration budgets for (ε, T, d). */
  schedule(epsilon: number, iterations: number, d: number): IterationBudget[];
  /** One iteration's release (must charge the accountant itself, before reading the data). */
  release(X: FlatMatrix, centres: Float64Array, k: number, options: ClusterStatisticsOptions): ReleasedStatistics;
  /** New centres from the released statistics (post-processing). */
  update(counts: Float64Array, sums: Float64Array, previous: Float64Array, bounds: Bounds, rng: RandomSource): NoisyUpdate;
}

/** The correct DPLloyd. */
export const DPLLOYD: DPLloydVariant = {
  name: "DPLloyd",
  schedule: dplloydSchedule,
  release: releaseClusterStatistics,
  update: updateFromNoisyStatistics,
};

/** Options of {@link dplloydSteps} and {@link runDPLloyd}. */
export interface DPLloydOptions {
  /** Number of clusters k (validated by the caller). */
  k: number;
  /** Total ε of the run (> 0, or `Infinity` for no noise). */
  epsilon: number;
  /** Validated public bounds. */
  bounds: Bounds;
  /** Where the noise (and the public start) comes from. */
  rng: RandomSource;
  /** The ledger every release is charged to. */
  accountant: BudgetAccountant;
  /**
   * Number of noisy iterations T (required: fixed in advance from public numbers, e.g. Su et al.'s rule
   * {@link dplloydIterations} on a public or noisy size — never from the data's exact n).
   */
  iterations: number;
  /** Public starting centres, k × d. Default: sphere packing in the bounds ({@link spherePackingCentres}). */
  init?: Float64Array;
  /** Prefix of the ledger labels. Default: the variant's name. */
  label?: string;
  /** The algorithm's parts. Default {@link DPLLOYD}. */
  variant?: DPLloydVariant;
  /** Copy the labels of every iteration (for animations). Default false: one buffer, overwritten. */
  snapshotLabels?: boolean;
}

/** One DPLloyd iteration: what was released and where the centres went. */
export interface DPLloydIteration {
  /** 1 for the first iteration. */
  readonly iteration: number;
  /** The (public) centres the points were assigned to, k × d. */
  readonly assignedTo: Float64Array;
  /** The ε of this iteration's counts and per-feature sums. */
  readonly budget: IterationBudget;
  /** The released noisy counts, length k. */
  readonly counts: Float64Array;
  /** The released noisy sums, k × d. */
  readonly sums: Float64Array;
  /**
   * The exact assignment to `assignedTo`: NOT private, for lessons only. Without `snapshotLabels` this is
   * one buffer shared by all iterations (it holds the last iteration's labels at the end).
   */
  readonly labels: Int32Array;
  /** The updated centres, k × d (post-processing of the released statistics). */
  readonly centres: Float64Array;
  /** Clusters whose noisy count was below 1 and were re-seeded. */
  readonly reseeded: readonly number[];
}

/**
 * DPLloyd one iteration at a time (for lessons that show each noisy step). Every iteration is charged to
 * the accountant before its data pass. Validation is the caller's job (the model validates in `fit`).
 *
 * @param X - validated data
 * @param options - see {@link DPLloydOptions}
 * @returns a generator of {@link DPLloydIteration}
 */
export function* dplloydSteps(X: FlatMatrix, options: DPLloydOptions): Generator<DPLloydIteration, void, undefined> {
  const { k, epsilon, bounds, rng, accountant } = options;
  const variant = options.variant ?? DPLLOYD;
  const label = options.label ?? variant.name;
  const { iterations } = options;
  const schedule = variant.schedule(epsilon, iterations, X.d);
  let centres = options.init ? options.init.slice() : spherePackingCentres(bounds, k, rng);
  const labels = new Int32Array(X.n);
  for (let t = 0; t < iterations; t++) {
    const budget = schedule[t]!;
    const released = variant.release(X, centres, k, {
      budget,
      bounds,
      rng,
      accountant,
      label: `${label} iteration ${t + 1}`,
      labels,
    });
    const update = variant.update(released.counts, released.sums, centres, bounds, rng);
    yield {
      iteration: t + 1,
      assignedTo: centres,
      budget,
      counts: released.counts,
      sums: released.sums,
      labels: options.snapshotLabels ? released.labels.slice() : released.labels,
      centres: update.centres,
      reseeded: update.reseeded,
    };
    centres = update.centres;
  }
}

/** The outcome of {@link runDPLloyd}. */
export interface DPLloydResult {
  /** The final centres, k × d (the release). */
  readonly centres: Float64Array;
  /** Every iteration's release. */
  readonly iterations: DPLloydIteration[];
}

/**
 * Run DPLloyd to the end.
 *
 * @param X - validated data
 * @param options - see {@link DPLloydOptions}
 * @returns the final centres and every iteration
 */
export function runDPLloyd(X: FlatMatrix, options: DPLloydOptions): DPLloydResult {
  const iterations = [...dplloydSteps(X, options)];
  const last = iterations[iterations.length - 1];
  const centres = last ? last.centres : options.init ? options.init.slice() : spherePackingCentres(options.bounds, options.k, options.rng);
  return { centres, iterations };
}

/**
 * The ε sweep of lesson 6: what privacy costs, measured. For every method and ε, DP k-means is fitted
 * with many seeds and each fit is scored against the best non-private k-means on the same data:
 *
 * - quality ratio = inertia(DP centres) / inertia(best non-private centres), on the raw data
 *   (1.00 = as good as non-private; Su et al. 2016 report the same ratio);
 * - changed share = share of points whose cluster differs from the non-private one, after matching
 *   cluster numbers with the Hungarian algorithm (the pink points of the lessons).
 *
 * This is a MEASUREMENT, not a release: it fits the same data hundreds of times (as a release that would
 * cost the sum of every ε) and scores with exact statistics. Every fit is charged to an unlimited
 * accountant private to the sweep, never to the default one.
 */
import { InvalidInputError } from "./errors";
import { KMeans } from "./cluster/kmeans";
import { changedShare } from "./cluster/metrics";
import { BudgetAccountant } from "./dp/accountant";
import { DPKMeans, type DPKMeansMethod } from "./dp/kmeans/model";
import { seedList } from "./dp/kmeans/elbow";
import { summarise, type Summary } from "./viz/summary";
import { limitExceeded, toMatrix, validateBounds, validateEpsilon, validateNClusters, type BoundsInput, type MatrixInput } from "./validate";
import { MAX_SWEEP_FITS } from "./limits";

/** Options of {@link epsilonSweep}. */
export interface EpsilonSweepOptions {
  /** The data. */
  X: MatrixInput;
  /** Public bounds (required: a sweep of DP models with data-derived bounds would measure the wrong thing). */
  bounds: BoundsInput;
  /** Number of clusters. */
  k: number;
  /** The ε values, e.g. [0.1, 0.2, 0.5, 1, 2, 5]. */
  epsilons: ReadonlyArray<number>;
  /** Seeds per (method, ε): a count (1…count) or the seeds. Default 20. */
  seeds?: number | ReadonlyArray<number | string>;
  /** The algorithms. Default `["eugkm", "dplloyd", "hybrid"]`. */
  methods?: ReadonlyArray<DPKMeansMethod>;
  /** Called after every (method, ε) with the progress so far (for long runs). */
  onProgress?: (progress: SweepProgress) => void;
  /** k-means++ restarts of the non-private reference. Default 50. */
  referenceRestarts?: number;
  /** The public number of records each DP fit is told (see `KMeans`'s `publicSize`). Default: a noisy count per fit. */
  publicSize?: number;
}

/** What {@link EpsilonSweepOptions.onProgress} receives. */
export interface SweepProgress {
  /** Fits done so far. */
  readonly done: number;
  /** Fits in the whole sweep. */
  readonly total: number;
  /** The (method, ε) just finished. */
  readonly method: DPKMeansMethod;
  /** The ε just finished. */
  readonly epsilon: number;
}

/** One (method, ε) of the sweep. */
export interface SweepRow {
  readonly method: DPKMeansMethod;
  readonly epsilon: number;
  /** Median and quartiles of the quality ratio over seeds. */
  readonly quality: Summary;
  /** Median and quartiles of the changed share over seeds. */
  readonly changed: Summary;
  /** The quality ratio of each seed. */
  readonly qualityRuns: number[];
  /** The changed share of each seed. */
  readonly changedRuns: number[];
}

/** The result of {@link epsilonSweep}. */
export interface SweepResult {
  /** Inertia of the best non-private k-means (the reference of every ratio). */
  readonly referenceInertia: number;
  /** One row per (method, ε), methods in the order given, ε in the order given. */
  readonly rows: SweepRow[];
  /**
   * One method's rows in the shape of the trade-off chart (`tradeoffFigure`): ε values and the summaries.
   * @throws InvalidInputError for a method that was not swept
   */
  series(method: DPKMeansMethod): { epsilons: number[]; quality: Summary[]; changed: Summary[] };
}

/**
 * Sweep ε for each method and summarise quality and changed share over seeds.
 *
 * @param options - `X`, `bounds`, `k`, `epsilons` (required); `seeds` (20), `methods` (all three),
 *   `onProgress`, `referenceRestarts` (50)
 * @returns the reference inertia, one row per (method, ε), and `series(method)` for the chart
 * @throws InvalidInputError for bad data, bounds, k, ε or methods
 * @example
 * const sweep = epsilonSweep({ X, bounds, k: 3, epsilons: [0.1, 0.2, 0.5, 1, 2, 5], seeds: 20,
 *   onProgress: (p) => console.log(`${p.done}/${p.total}`) });
 * tradeoffFigure({ ...sweep.series("eugkm"), qualityReference: 1 });
 */
export function epsilonSweep(options: EpsilonSweepOptions): SweepResult {
  const m = toMatrix(options.X, { privateRows: true });
  // k is not checked against the number of rows, and no message prints it: that number is private (DP
  // k-means needs no data point per cluster). Only the non-private reference needs k ≤ n; with fewer rows
  // it gets one cluster per row (inertia 0, so every quality ratio is 1): an exact diagnostic, not a refusal.
  const k = validateNClusters(options.k, undefined, "k");
  const bounds = validateBounds(options.bounds, m.d);
  if (!Array.isArray(options.epsilons) || options.epsilons.length === 0) {
    throw new InvalidInputError("invalid-epsilon", "epsilons must be a non-empty list, e.g. [0.2, 1, 5].");
  }
  const epsilons = options.epsilons.map((e) => validateEpsilon(e));
  const methods = [...(options.methods ?? (["eugkm", "dplloyd", "hybrid"] as const))];
  if (methods.length === 0) throw new InvalidInputError("invalid-method", "methods must not be empty.");
  const seeds = seedList(options.seeds ?? 20);
  const fits = methods.length * epsilons.length * seeds.length;
  if (fits > MAX_SWEEP_FITS) throw limitExceeded("methods × epsilons × seeds (fits)", fits, MAX_SWEEP_FITS);

  const reference = new KMeans({
    nClusters: Math.min(k, m.n),
    nInit: options.referenceRestarts ?? 50,
    randomState: "reference",
  }).fit(m);
  const referenceInertia = reference.inertia;
  const referenceLabels = reference.labels;
  const accountant = new BudgetAccountant();
  const total = methods.length * epsilons.length * seeds.length;
  let done = 0;
  const rows: SweepRow[] = [];
  for (const method of methods) {
    for (const epsilon of epsilons) {
      const qualityRuns: number[] = [];
      const changedRuns: number[] = [];
      for (const seed of seeds) {
        const model = new DPKMeans({
          nClusters: k,
          epsilon,
          bounds,
          method,
          publicSize: options.publicSize,
          randomState: `${seed}`,
          accountant,
        }).fit(m);
        qualityRuns.push(referenceInertia > 0 ? model.inertia / referenceInertia : 1);
        changedRuns.push(changedShare(referenceLabels, model.labels, k));
        done++;
      }
      rows.push({ method, epsilon, quality: summarise(qualityRuns), changed: summarise(changedRuns), qualityRuns, changedRuns });
      options.onProgress?.({ done, total, method, epsilon });
    }
  }
  return {
    referenceInertia,
    rows,
    series(method: DPKMeansMethod) {
      const mine = rows.filter((r) => r.method === method);
      if (mine.length === 0) {
        throw new InvalidInputError("invalid-method", `The sweep has no rows for method "${method}"; it swept ${methods.join(", ")}.`);
      }
      return {
        epsilons: mine.map((r) => r.epsilon),
        quality: mine.map((r) => r.quality),
        changed: mine.map((r) => r.changed),
      };
    },
  };
}

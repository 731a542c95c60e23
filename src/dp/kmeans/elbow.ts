/**
 * The elbow method with differential privacy, two ways:
 *
 * - {@link privateElbow}: ONE EUGkM synopsis (ε spent once), then k-means for every k on it and the
 *   inertia measured on the synopsis: the whole curve is private and costs only the synopsis' ε.
 * - {@link dpElbow}: a measurement for lessons: fit DP k-means for every k and many seeds and score each
 *   fit on the raw data (exact inertia, NOT private), to show how much the noise moves the curve.
 *
 * And {@link eugkmSynopsis}, the learner-facing way to release a synopsis.
 */
import { InvalidInputError, PrivacyWarning, WARNING_FLAT_PRIVATE_ELBOW, warnPrivacy } from "../../errors";
import { BudgetAccountant, getDefaultAccountant } from "../accountant";
import { toRandomSource, type RandomInput, type RandomSource } from "../random";
import { boundsFromData, warnAboutSettings } from "../warnings";
import { resolveSize, validateSizeInput, type SizeInput } from "../public-size";
import { MAX_GRID_CELLS, MAX_SWEEP_FITS } from "../../limits";
import { summarise, type Summary } from "../../viz/summary";
import {
  toMatrix,
  validateBounds,
  validateEpsilon,
  limitExceeded,
  validateInteger,
  validateNClusters,
  type BoundsInput,
  type MatrixInput,
} from "../../validate";
import { buildSynopsis, eugkmGridSize, EUGKM_THETA, type EUGkMSynopsis, type PrivateElbowPoint, type SynopsisFitOptions } from "./eugkm";
import { DPKMeans, type DPKMeansMethod } from "./model";

/** Options of {@link eugkmSynopsis}. */
export interface EUGkMSynopsisOptions {
  /** ε of the synopsis (> 0). Required. */
  epsilon: number;
  /** Public bounds per feature. Default: from the data, with a PrivacyWarning (not private). */
  bounds?: BoundsInput;
  /** Where the noise comes from. Default: secure randomness. */
  rng?: RandomSource;
  /** A seed instead of `rng` (teaching only). */
  randomState?: RandomInput;
  /** The ledger. Default: the default accountant. */
  accountant?: BudgetAccountant;
  /** θ of the grid rule. Default 10. */
  theta?: number;
  /** Cells per dimension, instead of the rule (then no size is needed and none is spent). */
  gridSize?: number;
  /**
   * The number of records as known without looking at the data, for the grid rule. Default: none, which
   * spends 5% of ε on a noisy count of the rows (on the receipt, with a PrivacyWarning) unless `gridSize`
   * is given.
   */
  publicSize?: SizeInput;
}

/**
 * Release an EUGkM synopsis of `X`: the noisy count of every cell of a uniform grid over the public
 * bounds (Su et al., CODASPY 2016). Costs ε once; then `synopsis.fit(k)`, `synopsis.elbow(ks)` and every
 * restart are free.
 *
 * @param X - rows of numbers, a DataFrame or a flat matrix
 * @param options - `epsilon` (required); `bounds`, `publicSize`, `rng` or `randomState`, `accountant`,
 *   `theta` (10), `gridSize`
 * @returns the synopsis
 * @throws InvalidInputError for bad data or options; BudgetExceededError before the data is touched
 * @example
 * const synopsis = eugkmSynopsis(X, { epsilon: 1, bounds, publicSize: 1025, randomState: 1 });
 * synopsis.fit(3, { randomState: 1 }).centres;   // free
 * privateElbow(synopsis, [1, 2, 3, 4, 5, 6]);     // free
 */
export function eugkmSynopsis(X: MatrixInput, options: EUGkMSynopsisOptions): EUGkMSynopsis {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError(
      "invalid-options",
      "eugkmSynopsis needs options { epsilon, bounds }. Fix: eugkmSynopsis(X, { epsilon: 1, bounds }).",
    );
  }
  const m = toMatrix(X, { privateRows: true });
  const epsilon = validateEpsilon(options.epsilon, { allowInfinity: true });
  const theta = options.theta ?? EUGKM_THETA;
  if (typeof theta !== "number" || !(theta > 0) || !Number.isFinite(theta)) {
    throw new InvalidInputError("invalid-parameter", `theta must be a finite number > 0; got ${theta}.`);
  }
  const gridSize = options.gridSize === undefined ? undefined : validateInteger(options.gridSize, "gridSize");
  if (gridSize !== undefined && gridSize ** m.d > MAX_GRID_CELLS) {
    throw limitExceeded(`gridSize^d (${gridSize}^${m.d} cells)`, gridSize ** m.d, MAX_GRID_CELLS);
  }
  const publicSize = options.publicSize === undefined ? undefined : validateSizeInput(options.publicSize);
  if (options.bounds !== undefined) validateBounds(options.bounds, m.d);
  const accountant = options.accountant ?? getDefaultAccountant();
  const rng = options.rng ?? toRandomSource(options.randomState);
  accountant.check(epsilon, 0, "eugkmSynopsis");
  warnAboutSettings("eugkmSynopsis", { epsilon, seeded: rng.seeded });
  const bounds =
    options.bounds === undefined ? boundsFromData(m.data, m.d, "in eugkmSynopsis") : validateBounds(options.bounds, m.d);
  for (let t = 0; t < m.d; t++) {
    if (bounds.lower[t] === bounds.upper[t]) {
      bounds.lower[t] = bounds.lower[t]! - 0.5;
      bounds.upper[t] = bounds.upper[t]! + 0.5;
    }
  }
  if (gridSize !== undefined) {
    return buildSynopsis(m, { epsilon, bounds, rng, accountant, gridSize });
  }
  const { size, epsilonLeft } = resolveSize(m.n, { publicSize, epsilon, rng, accountant, context: "eugkmSynopsis" });
  return buildSynopsis(m, {
    epsilon: epsilonLeft,
    bounds,
    rng,
    accountant,
    gridSize: eugkmGridSize(size.value, epsilonLeft, m.d, theta),
    size: size.value,
  });
}

/**
 * The private elbow curve from one synopsis: for each k, EUGkM's centres and their inertia measured on
 * the synopsis (weights × squared distances of the cell centres, plus the spread inside the cells).
 * Private and free: only the synopsis is used.
 *
 * @param synopsis - from {@link eugkmSynopsis} (or a fitted EUGkM model's `synopsis`)
 * @param ks - the numbers of clusters, e.g. [1, 2, …, 10]
 * @param options - `randomState` (with a seed, each k gets its own stream), `nInit` (10), `maxIter` (300)
 * @returns `{ k, inertia }` per k
 */
export function privateElbow(
  synopsis: EUGkMSynopsis,
  ks: ReadonlyArray<number>,
  options: SynopsisFitOptions = {},
): PrivateElbowPoint[] {
  if (synopsis === null || typeof synopsis !== "object" || typeof synopsis.elbow !== "function") {
    throw new InvalidInputError(
      "invalid-synopsis",
      "privateElbow needs a synopsis from eugkmSynopsis(X, { epsilon, bounds }). Fix: build one first.",
    );
  }
  warnFlatElbow(synopsis, ks);
  return synopsis.elbow(ks, options);
}

/**
 * Issue 25: with fewer grid cells than some k, k-means on the cell centres cannot make more clusters, and
 * the curve is flat from there on (a public size of 5 gives one cell: the same inertia for every k). The
 * grid size comes from the public (or released) size, ε and d: public facts only.
 */
function warnFlatElbow(synopsis: EUGkMSynopsis, ks: ReadonlyArray<number>): void {
  const d = synopsis.bounds?.lower?.length ?? 1;
  const cells = synopsis.gridSize ** d;
  const flat = ks.filter((k) => typeof k === "number" && k >= cells);
  if (flat.length < 2) return;
  warnPrivacy(
    new PrivacyWarning(
      WARNING_FLAT_PRIVATE_ELBOW,
      `The synopsis has ${cells} grid cell${cells === 1 ? "" : "s"} (grid size ${synopsis.gridSize} per dimension, set by the ` +
        `public size, ε and d), so every k ≥ ${cells} gets the same inertia: the private elbow curve is flat there and ` +
        "cannot choose among those k. Fix: a larger public size (more records) or a larger ε for a finer grid.",
    ),
  );
}

/** Options of {@link dpElbow}. */
export interface DPElbowOptions {
  /** ε of each fit. Default 1. */
  epsilon?: number;
  /** Public bounds. Default: from the data (warned, not private). */
  bounds?: BoundsInput;
  /** Seeds per k: a count (seeds 1…count) or the seeds themselves. Default 20. */
  seeds?: number | ReadonlyArray<number | string>;
  /** The algorithm. Default `"auto"` (chosen from public numbers; see `KMeans`). */
  method?: DPKMeansMethod;
  /** The public number of records for every fit (see `KMeans`'s `publicSize`). Default: a noisy count per fit. */
  publicSize?: SizeInput;
  /**
   * The ledger of every fit. Default: a fresh unlimited accountant private to this call — this is a
   * measurement, not a release (as a release it would cost |ks| × seeds × ε).
   */
  accountant?: BudgetAccountant;
}

/** One k of {@link dpElbow}: the exact inertia of each seed's DP fit, and their median and quartiles. */
export interface DPElbowPoint extends Summary {
  /** Number of clusters. */
  readonly k: number;
  /** Exact inertia (on the raw data, NOT private) of each seed's DP centres. */
  readonly runs: number[];
}

/**
 * How DP moves the elbow curve: for each k, DP k-means with several seeds, each scored by its exact
 * inertia on the raw data (NOT private — a teaching measurement). Feed `runs` or the summaries to the
 * elbow chart's `dp` series.
 *
 * @param X - the data
 * @param ks - the numbers of clusters
 * @param options - `epsilon` (1), `bounds`, `seeds` (20), `method` ("eugkm"), `accountant`
 * @returns per k: runs, median, q1, q3
 */
export function dpElbow(X: MatrixInput, ks: ReadonlyArray<number>, options: DPElbowOptions = {}): DPElbowPoint[] {
  const m = toMatrix(X, { privateRows: true });
  if (!Array.isArray(ks) || ks.length === 0) {
    throw new InvalidInputError("invalid-k", "ks must be a non-empty list of cluster counts, e.g. [1, 2, 3, 4, 5].");
  }
  // k is not checked against the number of rows (private; DP k-means needs no point per cluster).
  ks.forEach((k) => validateNClusters(k, undefined, "each k in ks"));
  const seeds = seedList(options.seeds ?? 20);
  const epsilon = validateEpsilon(options.epsilon ?? 1, { allowInfinity: true });
  const accountant = options.accountant ?? new BudgetAccountant();
  // The whole cost is checked before the first fit: a budget that cannot pay for every fit refuses up
  // front, instead of paying for some fits and losing them when a later one throws.
  const fits = ks.length * seeds.length;
  if (fits > MAX_SWEEP_FITS) throw limitExceeded("ks × seeds (fits)", fits, MAX_SWEEP_FITS);
  accountant.check(epsilon * fits, 0, `dpElbow (${ks.length} k × ${seeds.length} seeds × ε = ${epsilon})`);
  // Missing bounds: computed (and warned about) once for the whole measurement, not once per fit.
  const bounds = options.bounds ?? boundsFromData(m.data, m.d, "in dpElbow");
  return ks.map((k) => {
    const runs = seeds.map(
      (seed) =>
        new DPKMeans({
          nClusters: k,
          epsilon,
          bounds,
          method: options.method,
          publicSize: options.publicSize,
          randomState: `${seed}/k=${k}`,
          accountant,
        }).fit(m).inertia,
    );
    return { k, runs, ...summarise(runs) };
  });
}

/** Seeds from a count (1…count) or a list. */
export function seedList(seeds: number | ReadonlyArray<number | string>): Array<number | string> {
  if (typeof seeds === "number") {
    return Array.from({ length: validateInteger(seeds, "seeds", 1, MAX_SWEEP_FITS) }, (_, i) => i + 1);
  }
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new InvalidInputError("invalid-parameter", "seeds must be a count ≥ 1 or a non-empty list of seeds.");
  }
  return [...seeds];
}

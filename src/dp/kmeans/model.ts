/**
 * Differentially private k-means shaped like diffprivlib's `KMeans` (and scikit-learn's): settings in the
 * constructor, `fit` / `predict` / `fitPredict`, fitted `clusterCenters`, `labels`, `inertia`, `nIter`.
 * Three algorithms from Su et al. (CODASPY 2016): EUGkM (default), DPLloyd and their hybrid.
 */
import { InvalidInputError } from "../../errors";
import { assignAndSummarize } from "../../cluster/engine";
import { CentroidModel } from "../../cluster/model";
import { getDefaultAccountant, type BudgetAccountant, type LedgerRow } from "../accountant";
import { toRandomSource, type RandomInput } from "../random";
import { boundsFromData, warnValuesClipped } from "../warnings";
import {
  toMatrix,
  toRows,
  validateBounds,
  validateEpsilon,
  validateInteger,
  validateNClusters,
  type Bounds,
  type BoundsInput,
  type MatrixInput,
} from "../../validate";
import { dplloydIterations } from "./schedule";
import { runDPLloyd, type DPLloydIteration } from "./dplloyd";
import { buildSynopsis, type EUGkMSynopsis } from "./eugkm";
import { runHybrid } from "./hybrid";

/** The algorithms {@link DPKMeans} offers. */
export type DPKMeansMethod = "eugkm" | "dplloyd" | "hybrid";

const METHODS: readonly DPKMeansMethod[] = ["eugkm", "dplloyd", "hybrid"];

/** Settings of {@link DPKMeans}; all optional. */
export interface DPKMeansOptions {
  /** Number of clusters k. Default 8 (as scikit-learn and diffprivlib). */
  nClusters?: number;
  /**
   * The privacy budget ε of one fit: > 0; smaller is more private and noisier. Default 1. `Infinity` turns
   * the noise off (no privacy: for comparisons only; an accountant with a finite budget refuses it).
   */
  epsilon?: number;
  /**
   * Public bounds of every feature, `{ lower, upper }` or `[lower, upper]` (a number for all features or
   * one per feature), known WITHOUT looking at the data. Default: none, which computes them from the data
   * with a PrivacyWarning (not private), for that fit only.
   */
  bounds?: BoundsInput;
  /**
   * A seed (number or string) for reproducible noise — for teaching only: anyone with the seed can
   * recompute the noise — or a `RandomSource`. Default: secure randomness (`crypto`).
   */
  randomState?: RandomInput;
  /** The budget accountant each fit is charged to. Default: the default accountant at fit time. */
  accountant?: BudgetAccountant;
  /**
   * The algorithm. Default `"eugkm"`: on the course's data (1–2 features, a thousand points) it is by far
   * the most accurate at every ε (quality ratio 1.10 at ε = 1 vs 1.50 for DPLloyd), and its synopsis
   * makes restarts and the elbow curve free. `"dplloyd"` is diffprivlib's algorithm (with its defects
   * fixed), the one to use for many features, where a grid needs too many cells. `"hybrid"` starts
   * DPLloyd from EUGkM centres.
   */
  method?: DPKMeansMethod;
  /**
   * DPLloyd and hybrid: the number of noisy iterations T, fixed in advance (DPLloyd never stops on
   * convergence: that would make the number of releases depend on the data). Default: Su et al.'s rule
   * for DPLloyd (2 to 7 from ε, n, d, k), 1 for the hybrid. EUGkM: most Lloyd updates per restart on the
   * synopsis (post-processing). Default 300.
   */
  maxIter?: number;
  /** EUGkM and hybrid: k-means++ restarts on the synopsis (free post-processing). Default 10. */
  nInit?: number;
}

/** Privacy facts of one fit (fitted attribute {@link DPKMeans.fitInfo}). */
export interface DPKMeansFitInfo {
  /** The algorithm used. */
  readonly method: DPKMeansMethod;
  /** ε of the fit (the ledger rows below add up to it exactly). */
  readonly epsilon: number;
  /** The ledger rows this fit wrote, in order. */
  readonly ledger: readonly LedgerRow[];
  /** The bounds used, and whether they came from the data (then the fit is NOT private). */
  readonly bounds: Bounds;
  /** True when the bounds were computed from the data. */
  readonly boundsFromData: boolean;
  /** Values outside the bounds that were clipped (reported by a PrivacyWarning too). */
  readonly clipped: number;
  /** `"secure"` (crypto) or `"seeded"` (reproducible, for teaching only). */
  readonly noiseSource: "secure" | "seeded";
  /** DPLloyd and hybrid: noisy iterations run. */
  readonly iterations: number | undefined;
  /** EUGkM and hybrid: cells per dimension of the grid. */
  readonly gridSize: number | undefined;
}

/** A DPLloyd iteration in learner shapes (released values only, plus the budget). */
export interface DPKMeansStep {
  /** 1 for the first iteration. */
  readonly iteration: number;
  /** The public centres the points were assigned to. */
  readonly assignedTo: number[][];
  /** ε of this iteration's counts. */
  readonly epsilonCount: number;
  /** ε of each feature's sums in this iteration. */
  readonly epsilonPerFeature: readonly number[];
  /** The released noisy count of each cluster. */
  readonly noisyCounts: number[];
  /** The released noisy sums, k rows of d. */
  readonly noisySums: number[][];
  /** The centres after the update. */
  readonly centres: number[][];
  /** Clusters re-seeded because their noisy count was below 1. */
  readonly reseeded: readonly number[];
}

interface DPFitted {
  info: DPKMeansFitInfo;
  steps: DPKMeansStep[];
  synopsis: EUGkMSynopsis | undefined;
}

/**
 * Differentially private k-means (diffprivlib's `KMeans` in TypeScript names).
 *
 * Parameters (constructor, stored unchanged, checked in `fit`): see {@link DPKMeansOptions}.
 *
 * Fitted attributes (throw NotFittedError before `fit`):
 * - `clusterCenters` (k × d): the PRIVATE output — the only thing a real release would publish;
 * - `labels` (length n), `inertia`: the nearest private centre of each training point and the sum of
 *   squared distances. These are computed from the raw data: exact, NOT private — for teaching
 *   comparisons only (diffprivlib's `labels_` and `inertia_` are the same);
 * - `nIter`: noisy iterations (DPLloyd, hybrid) or Lloyd updates on the synopsis (EUGkM);
 * - `fitInfo`: ε, the ledger rows of the fit, bounds, clipped values, the noise source;
 * - `steps`: DPLloyd's iterations (released counts, sums, centres); empty for EUGkM;
 * - `synopsis`: the EUGkM synopsis (EUGkM and hybrid), reusable for any k and the elbow curve for free.
 *
 * Notes: every fit spends ε again (the accountant is checked before the data is touched and refuses with
 * a BudgetExceededError when it would overflow). Bounds computed from the data (no `bounds`) raise a
 * PrivacyWarning and are used for that fit only. Values outside the bounds are clipped, with a
 * PrivacyWarning giving their number. With a seed the noise is reproducible — never for real releases.
 *
 * References: D. Su, J. Cao, N. Li, E. Bertino, H. Jin, "Differentially private k-means clustering",
 * CODASPY 2016; N. Holohan et al., "Diffprivlib", arXiv:1907.02444.
 *
 * @example
 * const km = new DPKMeans({ nClusters: 3, epsilon: 1, bounds: { lower: [-1, -1], upper: [3, 2] }, randomState: 42 });
 * km.fit(X).clusterCenters;   // three private centres
 * km.predict([[1.2, 0.3]]);    // the cluster of a new point
 * console.log(km.fitInfo.ledger.length, "releases");
 */
export class DPKMeans extends CentroidModel {
  /** Number of clusters. */
  readonly nClusters: number;
  /** ε per fit. */
  readonly epsilon: number;
  /** Public bounds as given, or undefined. */
  readonly bounds: BoundsInput | undefined;
  /** Seed or random source. */
  readonly randomState: RandomInput;
  /** The accountant, or undefined for the default one. */
  readonly accountant: BudgetAccountant | undefined;
  /** The algorithm. */
  readonly method: DPKMeansMethod;
  /** Noisy iterations (DPLloyd, hybrid) or Lloyd updates on the synopsis (EUGkM); undefined = default. */
  readonly maxIter: number | undefined;
  /** Restarts on the synopsis. */
  readonly nInit: number;

  private dpState: DPFitted | undefined;

  /** @param options - see {@link DPKMeansOptions}; all optional */
  constructor(options: DPKMeansOptions = {}) {
    super();
    this.nClusters = options.nClusters ?? 8;
    this.epsilon = options.epsilon ?? 1;
    this.bounds = options.bounds;
    this.randomState = options.randomState;
    this.accountant = options.accountant;
    this.method = options.method ?? "eugkm";
    this.maxIter = options.maxIter;
    this.nInit = options.nInit ?? 10;
  }

  /**
   * Fit differentially private k-means to `X`. A second call starts over and spends ε again.
   *
   * @param X - rows of numbers, a DataFrame (numeric columns) or a flat matrix
   * @returns this model, fitted
   * @throws InvalidInputError for bad data or settings (before any budget is spent)
   * @throws BudgetExceededError when the accountant cannot afford ε (before the data is touched)
   */
  fit(X: MatrixInput): this {
    const m = toMatrix(X);
    const k = validateNClusters(this.nClusters, m.n);
    const epsilon = validateEpsilon(this.epsilon, { allowInfinity: true });
    if (!METHODS.includes(this.method)) {
      throw new InvalidInputError(
        "invalid-method",
        `method must be one of ${METHODS.map((s) => `"${s}"`).join(", ")}; got ${JSON.stringify(this.method)}.`,
      );
    }
    const maxIter = this.maxIter === undefined ? undefined : validateInteger(this.maxIter, "maxIter");
    const nInit = validateInteger(this.nInit, "nInit");
    const accountant = this.accountant ?? getDefaultAccountant();
    if (this.bounds !== undefined) validateBounds(this.bounds, m.d);
    accountant.check(epsilon, 0, `KMeans.fit (${this.method}, ε = ${epsilon})`);

    // From here on the data is used. Bounds from the data are for THIS fit only (never stored).
    const boundsFromDataUsed = this.bounds === undefined;
    const bounds = boundsFromDataUsed ? dataBounds(m.data, m.d) : validateBounds(this.bounds!, m.d);
    const rng = toRandomSource(this.randomState);
    const ledgerStart = accountant.length;

    let centres: Float64Array;
    let nIter: number;
    let steps: DPLloydIteration[] = [];
    let synopsis: EUGkMSynopsis | undefined;
    let iterations: number | undefined;
    let clipped: number;
    if (this.method === "dplloyd") {
      iterations = maxIter ?? dplloydIterations(epsilon, m.n, m.d, k);
      const run = runDPLloyd(m, { k, epsilon, bounds, rng, accountant, iterations });
      centres = run.centres;
      steps = run.iterations;
      nIter = iterations;
      clipped = steps[0]!.clipped; // the same data is clamped every iteration: count it once
    } else if (this.method === "hybrid") {
      const run = runHybrid(m, { k, epsilon, bounds, rng, accountant, iterations: maxIter, nInit });
      centres = run.centres;
      steps = run.iterations;
      synopsis = run.synopsis;
      iterations = steps.length;
      nIter = iterations;
      clipped = run.synopsis.clipped;
    } else {
      synopsis = buildSynopsis(m, { epsilon, bounds, rng, accountant });
      const fit = synopsis.fit(k, { randomState: rng, nInit, maxIter });
      centres = fit.flat;
      nIter = fit.nIter;
      clipped = synopsis.clipped;
    }
    warnValuesClipped(clipped, `in KMeans.fit (${this.method})`);

    // Labels and inertia from the raw data: exact, not private (documented).
    const stats = assignAndSummarize(m, centres, k);
    this.setFitted({ centres, k, d: m.d, labels: stats.labels, inertia: stats.inertia, nIter });
    this.dpState = {
      info: {
        method: this.method,
        epsilon,
        ledger: accountant.rows().slice(ledgerStart),
        bounds: { lower: bounds.lower.slice(), upper: bounds.upper.slice() },
        boundsFromData: boundsFromDataUsed,
        clipped,
        noiseSource: rng.seeded ? "seeded" : "secure",
        iterations,
        gridSize: synopsis?.gridSize,
      },
      steps: steps.map((s) => toStep(s, k, m.d)),
      synopsis,
    };
    return this;
  }

  private dpFitted(what: string): DPFitted {
    this.fittedState(what); // throws NotFittedError before the first fit
    return this.dpState!;
  }

  /** Fitted: privacy facts of the last fit (ε, ledger rows, bounds, clipping, noise source). */
  get fitInfo(): DPKMeansFitInfo {
    return this.dpFitted("fitInfo").info;
  }

  /** Fitted: DPLloyd's iterations (released counts, sums and centres); empty for EUGkM. */
  get steps(): DPKMeansStep[] {
    return this.dpFitted("steps").steps;
  }

  /** Fitted: the EUGkM synopsis of the last fit (EUGkM, hybrid); undefined for DPLloyd. */
  get synopsis(): EUGkMSynopsis | undefined {
    return this.dpFitted("synopsis").synopsis;
  }
}

/** Data-derived bounds (with the warning), widened where a feature is constant so the box has width. */
function dataBounds(data: Float64Array, d: number): Bounds {
  const b = boundsFromData(data, d, "in KMeans.fit");
  for (let t = 0; t < d; t++) {
    if (b.lower[t] === b.upper[t]) {
      b.lower[t] = b.lower[t]! - 0.5;
      b.upper[t] = b.upper[t]! + 0.5;
    }
  }
  return b;
}

function toStep(s: DPLloydIteration, k: number, d: number): DPKMeansStep {
  return {
    iteration: s.iteration,
    assignedTo: toRows(s.assignedTo, k, d),
    epsilonCount: s.budget.count,
    epsilonPerFeature: s.budget.perFeature,
    noisyCounts: Array.from(s.counts),
    noisySums: toRows(s.sums, k, d),
    centres: toRows(s.centres, k, d),
    reseeded: s.reseeded,
  };
}

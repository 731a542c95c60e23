/**
 * Differentially private k-means shaped like diffprivlib's `KMeans` (and scikit-learn's): settings in the
 * constructor, `fit` / `predict` / `fitPredict`, fitted `clusterCenters`, `labels`, `inertia`, `nIter`.
 * Three algorithms from Su et al. (CODASPY 2016): EUGkM, DPLloyd and their hybrid; the default `"auto"` picks
 * one from public numbers (choose.ts).
 */
import { InvalidInputError, PrivacyWarning, WARNING_K_ABOVE_PUBLIC_SIZE, warnPrivacy } from "../../errors";
import { assignAndSummarize } from "../../cluster/engine";
import { CentroidModel } from "../../cluster/model";
import { getDefaultAccountant, type BudgetAccountant, type LedgerRow } from "../accountant";
import { toRandomSource, type RandomInput } from "../random";
import { boundsFromData, warnAboutSettings } from "../warnings";
import { EXACT, RELEASED } from "../diagnostics";
import { plainArray, settingsOf } from "../public-view";
import { resolveSize, validateSizeInput, type SizeInput, type UsedSize } from "../public-size";
import {
  checkWithinBounds,
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
import { MAX_ITERATIONS, MAX_RESTARTS } from "../../limits";
import { runDPLloyd, type DPLloydIteration } from "./dplloyd";
import { buildSynopsis, eugkmGridSize, type EUGkMSynopsis } from "./eugkm";
import { runHybrid } from "./hybrid";
import { chooseMethod } from "./choose";

/** The algorithms {@link DPKMeans} offers; `"auto"` picks one of the others from public numbers. */
export type DPKMeansMethod = "auto" | "eugkm" | "dplloyd" | "hybrid";

const METHODS: readonly DPKMeansMethod[] = ["auto", "eugkm", "dplloyd", "hybrid"];

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
   * The number of records as known WITHOUT looking at the data (e.g. 1025, the species of the Pokédex): it
   * sets DPLloyd's iteration count and EUGkM's grid. Under add/remove-one neighbours the exact number of
   * rows is private, so it is never read off the data. Default: none, which spends 5% of ε on a noisy
   * count of the rows (on the receipt, with a PrivacyWarning) and uses that.
   */
  publicSize?: SizeInput;
  /**
   * The algorithm. Default `"auto"`: chosen from PUBLIC numbers only (ε, the public or noisy size, d, k)
   * by `chooseMethod` (choose.ts): EUGkM where its grid pays (1–3 features; on the course's 2-D data it
   * is by far the most accurate, quality ratio 1.05 at ε = 1 vs 1.25 for DPLloyd), the hybrid or DPLloyd
   * beyond, where a grid would need too many cells; `fitInfo.method` and `fitInfo.choice` say which and
   * why. `"eugkm"`, `"dplloyd"` (diffprivlib's algorithm, its defects fixed) and `"hybrid"` (DPLloyd from
   * EUGkM centres) force one.
   */
  method?: DPKMeansMethod;
  /**
   * DPLloyd and hybrid: the number of noisy iterations T, fixed in advance (DPLloyd never stops on
   * convergence: that would make the number of releases depend on the data). Default: Su et al.'s rule
   * for DPLloyd (2 to 7 from ε, the public or noisy size, d, k), 1 for the hybrid. EUGkM: most Lloyd updates per restart on the
   * synopsis (post-processing). Default 300.
   */
  maxIter?: number;
  /** EUGkM and hybrid: k-means++ restarts on the synopsis (free post-processing). Default 10. */
  nInit?: number;
}

/**
 * Privacy facts of one fit (fitted attribute {@link DPKMeans.fitInfo}). Every field is public (a setting,
 * or derived from settings and released values): none is computed from the raw data.
 */
export interface DPKMeansFitInfo {
  /** The algorithm used (never `"auto"`: the one auto chose). */
  readonly method: Exclude<DPKMeansMethod, "auto">;
  /** With `method: "auto"`: why this algorithm (from public numbers only); undefined when forced. */
  readonly choice: string | undefined;
  /** ε of the fit (the ledger rows below add up to it exactly). */
  readonly epsilon: number;
  /** The ledger rows this fit wrote, in order. */
  readonly ledger: readonly LedgerRow[];
  /** The bounds used, and whether they came from the data (then the fit is NOT private). */
  readonly bounds: Bounds;
  /** True when the bounds were computed from the data. */
  readonly boundsFromData: boolean;
  /** The size the schedule and grid came from: the declared `publicSize`, or a noisy count on the ledger. */
  readonly size: UsedSize;
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

/**
 * Everything one fit released (fitted attribute {@link DPKMeans.released}): the outputs of mechanisms
 * charged to the ledger, post-processing of them, and public settings. Safe to publish.
 */
export interface DPKMeansReleased {
  /** {@link RELEASED}. */
  readonly privacy: typeof RELEASED;
  /** The private centres, k rows of d. */
  readonly clusterCenters: number[][];
  /** Privacy facts: method, ε, ledger rows, bounds, size, noise source, iterations, grid size. */
  readonly fitInfo: DPKMeansFitInfo;
  /** DPLloyd's and the hybrid's iterations (released counts, sums, centres); empty for EUGkM. */
  readonly steps: readonly DPKMeansStep[];
  /** EUGkM's and the hybrid's released noisy cell counts (m^d), or undefined for DPLloyd. */
  readonly noisyCellCounts: Float64Array | undefined;
}

/**
 * What one fit computed EXACTLY from the raw data (fitted attribute {@link DPKMeans.exact}): for teaching
 * comparisons and for the data's owner, NOT private, never to be published.
 */
export interface DPKMeansExact {
  /** {@link EXACT}. */
  readonly privacy: typeof EXACT;
  /** The nearest private centre of each training row (length n). */
  readonly labels: number[];
  /** Sum of squared distances of the training rows to their nearest private centre. */
  readonly inertia: number;
  /** Values (cells) outside the bounds, which the fit clipped. */
  readonly clippedValues: number;
  /** The number of training rows. */
  readonly rows: number;
}

interface DPFitted {
  info: DPKMeansFitInfo;
  steps: DPKMeansStep[];
  synopsis: EUGkMSynopsis | undefined;
  clippedValues: number;
  rows: number;
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
 *   comparisons only (diffprivlib's `labels_` and `inertia_` are the same; `exact` holds them too);
 * - `nIter`: noisy iterations (DPLloyd, hybrid) or Lloyd updates on the synopsis (EUGkM);
 * - `fitInfo`: ε, the ledger rows of the fit, bounds, the size used, the noise source;
 * - `steps`: DPLloyd's iterations (released counts, sums, centres); empty for EUGkM;
 * - `synopsis`: the EUGkM synopsis (EUGkM and hybrid), reusable for any k and the elbow curve for free;
 * - `released`: everything above that was released, in one object (safe to publish);
 * - `exact`: the exact diagnostics (labels, inertia, values clipped, rows), marked NOT private.
 *
 * Notes: every fit spends ε again (the accountant is checked before the data is touched and refuses with
 * a BudgetExceededError when it would overflow). Neighbouring datasets differ by adding or removing one
 * record; the number of rows is private, so the schedule and the grid come from `publicSize` or from a
 * noisy count (5% of ε, on the ledger). Bounds computed from the data (no `bounds`) raise a PrivacyWarning
 * and are used for that fit only. Values outside the bounds are clipped without a warning (whether there
 * are any is a fact about the data): `exact.clippedValues` counts them, not privately. ε = ∞ and a seed
 * each raise a PrivacyWarning: the result is then not private.
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
  /** The declared public number of records, or undefined (then a noisy count is spent). */
  readonly publicSize: SizeInput | undefined;

  // `#private`: exact diagnostics (clipped values, rows) must not show when the model is printed,
  // serialised, spread or cloned; `exact` is the one way to them (src/dp/public-view.ts).
  #dpState: DPFitted | undefined;

  /** @param options - see {@link DPKMeansOptions}; all optional */
  constructor(options: DPKMeansOptions = {}) {
    super();
    this.nClusters = options.nClusters ?? 8;
    this.epsilon = options.epsilon ?? 1;
    this.bounds = options.bounds;
    this.randomState = options.randomState;
    this.accountant = options.accountant;
    this.method = options.method ?? "auto";
    this.maxIter = options.maxIter;
    this.nInit = options.nInit ?? 10;
    this.publicSize = options.publicSize;
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
    const m = toMatrix(X, { privateRows: true });
    // k is not checked against the number of rows: that number is private, and DP k-means needs no
    // data point per cluster (its start comes from the bounds).
    const k = validateNClusters(this.nClusters);
    const epsilon = validateEpsilon(this.epsilon, { allowInfinity: true });
    if (!METHODS.includes(this.method)) {
      throw new InvalidInputError(
        "invalid-method",
        `method must be one of ${METHODS.map((s) => `"${s}"`).join(", ")}; got ${JSON.stringify(this.method)}.`,
      );
    }
    const maxIter = this.maxIter === undefined ? undefined : validateInteger(this.maxIter, "maxIter", 1, MAX_ITERATIONS);
    const nInit = validateInteger(this.nInit, "nInit", 1, MAX_RESTARTS);
    const publicSize = this.publicSize === undefined ? undefined : validateSizeInput(this.publicSize);
    if (publicSize !== undefined && k > publicSize.value) warnKAbovePublicSize(k, publicSize.value); // public facts only
    const accountant = this.accountant ?? getDefaultAccountant();
    if (this.bounds !== undefined) validateBounds(this.bounds, m.d);
    const rng = toRandomSource(this.randomState);
    accountant.check(epsilon, 0, `KMeans.fit (${this.method}, ε = ${epsilon})`);
    warnAboutSettings(`KMeans.fit (${this.method})`, { epsilon, seeded: rng.seeded });

    // From here on the data is used. Bounds from the data are for THIS fit only (never stored).
    const boundsFromDataUsed = this.bounds === undefined;
    const bounds = boundsFromDataUsed ? dataBounds(m.data, m.d) : validateBounds(this.bounds!, m.d);
    const ledgerStart = accountant.length;
    // The size every schedule and grid below is computed from: public, or released first.
    const { size, epsilonLeft } = resolveSize(m.n, { publicSize, epsilon, rng, accountant, context: "KMeans.fit" });

    const chosen =
      this.method === "auto" ? chooseMethod({ epsilon: epsilonLeft, size: size.value, d: m.d, k }) : undefined;
    const method = chosen ? chosen.method : (this.method as Exclude<DPKMeansMethod, "auto">);
    let centres: Float64Array;
    let nIter: number;
    let steps: DPLloydIteration[] = [];
    let synopsis: EUGkMSynopsis | undefined;
    let iterations: number | undefined;
    if (method === "dplloyd") {
      iterations = maxIter ?? dplloydIterations(epsilonLeft, size.value, m.d, k);
      const run = runDPLloyd(m, { k, epsilon: epsilonLeft, bounds, rng, accountant, iterations });
      centres = run.centres;
      steps = run.iterations;
      nIter = iterations;
    } else if (method === "hybrid") {
      const run = runHybrid(m, {
        k,
        epsilon: epsilonLeft,
        size: size.value,
        gridSize: chosen?.gridSize,
        bounds,
        rng,
        accountant,
        iterations: maxIter,
        nInit,
      });
      centres = run.centres;
      steps = run.iterations;
      synopsis = run.synopsis;
      iterations = steps.length;
      nIter = iterations;
    } else {
      const gridSize = chosen?.gridSize ?? eugkmGridSize(size.value, epsilonLeft, m.d);
      synopsis = buildSynopsis(m, { epsilon: epsilonLeft, bounds, rng, accountant, gridSize, size: size.value });
      const fit = synopsis.fit(k, { randomState: rng, nInit, maxIter });
      centres = fit.flat;
      nIter = fit.nIter;
    }

    // Exact diagnostics from the raw data: kept apart from what was released (see `exact`).
    const stats = assignAndSummarize(m, centres, k);
    const clippedValues = checkWithinBounds(m, bounds).outside;
    this.setFitted({ centres, k, d: m.d, labels: stats.labels, inertia: stats.inertia, nIter });
    this.#dpState = {
      info: {
        method,
        choice: chosen?.reason,
        epsilon,
        ledger: accountant.rows().slice(ledgerStart),
        bounds: { lower: bounds.lower.slice(), upper: bounds.upper.slice() },
        boundsFromData: boundsFromDataUsed,
        size,
        noiseSource: rng.seeded ? "seeded" : "secure",
        iterations,
        gridSize: synopsis?.gridSize,
      },
      steps: steps.map((s) => toStep(s, k, m.d)),
      synopsis,
      clippedValues,
      rows: m.n,
    };
    return this;
  }

  private dpFitted(what: string): DPFitted {
    this.fittedState(what); // throws NotFittedError before the first fit
    return this.#dpState!;
  }

  /** Fitted: privacy facts of the last fit (method and why, ε, ledger rows, bounds, size used, noise source). */
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

  /** Fitted: everything the last fit released (centres, privacy facts, steps, noisy cell counts): safe to publish. */
  get released(): DPKMeansReleased {
    const state = this.dpFitted("released");
    return {
      privacy: RELEASED,
      clusterCenters: this.clusterCenters,
      fitInfo: state.info,
      steps: state.steps,
      noisyCellCounts: state.synopsis?.noisyCounts,
    };
  }

  /**
   * What printing, displaying or serialising the model shows: its settings and, once fitted, `released`
   * (centres, privacy facts, steps, noisy cell counts) — never labels, inertia, rows or values clipped.
   * @returns a plain object
   */
  protected override publicView(): Record<string, unknown> {
    if (!this.isFitted) return { ...settingsOf(this), released: undefined };
    const released = this.released;
    return { ...settingsOf(this), released: { ...released, noisyCellCounts: plainArray(released.noisyCellCounts) } };
  }

  /**
   * Fitted: the exact diagnostics of the last fit — labels, inertia, values clipped, rows — computed from
   * the raw data without noise. NOT private: for teaching comparisons and the data's owner only.
   */
  get exact(): DPKMeansExact {
    const state = this.dpFitted("exact");
    return { privacy: EXACT, labels: this.labels, inertia: this.inertia, clippedValues: state.clippedValues, rows: state.rows };
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

/** Issue 25: k above the declared public size (both public): at least k − size centres describe no record. */
function warnKAbovePublicSize(k: number, publicSize: number): void {
  warnPrivacy(
    new PrivacyWarning(
      WARNING_K_ABOVE_PUBLIC_SIZE,
      `nClusters = ${k} is more than the declared publicSize = ${publicSize}: at most ${publicSize} clusters can ` +
        `hold a record, so at least ${k - publicSize} centres describe no one (they come from the bounds and the ` +
        `noise alone). Fix: nClusters ≤ publicSize.`,
    ),
  );
}

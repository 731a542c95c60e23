/**
 * A whole private pipeline with ONE budget: DP StandardScaler → (optional) DP PCA → DP k-means, ε split
 * between the steps with exact parts, every release on one ledger — the "ε receipt".
 *
 * Each step's output bounds are public (derived from public bounds and released values only), so the next
 * step never looks at the data to find its bounds:
 *   scaler: bounds (x − mean)/scale of the public bounds;
 *   PCA:    centred = true (the DP scaler already centred the data), dataNorm = the norm of the scaled
 *           bounds box's farthest corner, output bounds [−dataNorm, dataNorm] per component;
 *   k-means: the PCA's (or scaler's) output bounds.
 *
 * One neighbour definition for every step: datasets differ by adding or removing one record. The number of
 * rows is private under it, so the size that sets the scaler's and PCA's normalisers, DPLloyd's iteration
 * count and EUGkM's grid is the declared `publicSize`, or else ONE noisy count of the rows released first
 * (5% of ε, on the receipt) and handed to every step as their public size. Every release is ε_i-DP under that definition with the ε_i its ledger row states, so by
 * sequential composition the pipeline is ε-DP with ε = Σ ε_i, exactly the receipt's total (Dwork & Roth
 * 2014, Thm 3.16). This carries across steps because each step sees the raw rows put through a map built
 * only from released values and public bounds, row by row: adding or removing one raw row adds or removes
 * exactly one row of the next step's input. Covered are the releases (means, scales, components, centres);
 * the per-row `features` and `labels` returned here are exact functions of the data and are not private.
 */
import { InvalidInputError } from "../errors";
import { BudgetAccountant, type LedgerRow } from "./accountant";
import { createRandom, type RandomInput } from "./random";
import { resolveSize, validateSizeInput, type SizeInput, type UsedSize } from "./public-size";
import { splitEpsilon } from "./split";
import { EXACT } from "./diagnostics";
import { settingsOf } from "./public-view";
import { DPKMeans, type DPKMeansMethod } from "./kmeans/model";
import { DPPCA } from "./preprocessing/pca";
import { DPStandardScaler } from "./preprocessing/scaler";
import { toMatrix, validateBounds, validateEpsilon, type Bounds, type BoundsInput, type MatrixInput } from "../validate";

/** How ε is shared between the steps: relative weights (need not add up to 1). */
export interface PipelineSplit {
  /** Weight of the scaler. Default 1. */
  scaler?: number;
  /** Weight of the PCA (ignored without `nComponents`). Default 1. */
  pca?: number;
  /** Weight of k-means. Default 2. */
  kmeans?: number;
}

/** Options of {@link privatePipeline}. */
export interface PrivatePipelineOptions {
  /** The budget of the whole pipeline. Required. */
  epsilon: number;
  /** Public bounds of the raw features. Required: a pipeline never takes its bounds from the data. */
  bounds: BoundsInput;
  /** Clusters. Default 3. */
  nClusters?: number;
  /** Keep this many principal components (a DP PCA step); omit for no PCA. */
  nComponents?: number;
  /** Weights of the steps. Default scaler 1, PCA 1, k-means 2 (half the budget to k-means with PCA). */
  split?: PipelineSplit;
  /** The k-means algorithm. Default `"auto"` (chosen from public numbers; see `KMeans`). */
  method?: DPKMeansMethod;
  /** Seed (teaching only): each step gets its own stream `"<seed>/scaler"`, `…/pca`, `…/kmeans`. */
  randomState?: number | string;
  /** The ledger. Default: a new `BudgetAccountant({ epsilon })` holding exactly this pipeline. */
  accountant?: BudgetAccountant;
  /**
   * The number of records as known without looking at the data (e.g. 1025 species). Default: none, which
   * spends 5% of ε on one noisy count of the rows, first, used by every step.
   */
  publicSize?: SizeInput;
}

/** The exact part of a {@link PrivatePipelineResult}: NOT private (for teaching and the data's owner). */
export interface PrivatePipelineExact {
  /** {@link EXACT}. */
  readonly privacy: typeof EXACT;
  /** The data as k-means saw it (scaled, projected): the raw rows, transformed. */
  readonly features: number[][];
  /** The cluster of each row (exact assignment to the private centres). */
  readonly labels: number[];
}

/**
 * What {@link privatePipeline} returns. Its own properties are released or public (the fitted steps,
 * which print only what they released; ε per step; the size; the ledger and receipt). The transformed
 * rows and their labels are exact and live in a `#private` field, read through `features`, `labels` or
 * `exact` by name: printing, serialising, spreading or cloning the result does not show them.
 */
export class PrivatePipelineResult {
  /** The fitted DP scaler. */
  readonly scaler: DPStandardScaler;
  /** The fitted DP PCA, when `nComponents` was given. */
  readonly pca: DPPCA | undefined;
  /** The fitted DP k-means (on the transformed data). */
  readonly kmeans: DPKMeans;
  /** The public bounds k-means used. */
  readonly featureBounds: Bounds;
  /** ε of each step: the size (0 when declared), scaler, PCA (0 without), k-means; they add up to ε exactly. */
  readonly epsilons: { size: number; scaler: number; pca: number; kmeans: number };
  /** The size every step used: the declared `publicSize`, or the noisy count released first. */
  readonly size: UsedSize;
  /** The accountant (its ledger is the receipt). */
  readonly accountant: BudgetAccountant;
  /** The ledger rows of this pipeline. */
  readonly ledger: readonly LedgerRow[];
  /** The ε receipt: the ledger as a table with total, budget and what remains. */
  readonly receipt: string;
  readonly #exact: PrivatePipelineExact;

  /** @internal Made by {@link privatePipeline}. */
  constructor(
    parts: Omit<PrivatePipelineResult, "features" | "labels" | "exact" | "toJSON">,
    exact: { features: number[][]; labels: number[] },
  ) {
    this.scaler = parts.scaler;
    this.pca = parts.pca;
    this.kmeans = parts.kmeans;
    this.featureBounds = parts.featureBounds;
    this.epsilons = parts.epsilons;
    this.size = parts.size;
    this.accountant = parts.accountant;
    this.ledger = parts.ledger;
    this.receipt = parts.receipt;
    this.#exact = { privacy: EXACT, ...exact };
  }

  /** The data as k-means saw it (scaled, projected): exact, NOT private. */
  get features(): number[][] {
    return this.#exact.features;
  }

  /** The cluster of each row (exact assignment to the private centres): NOT private. */
  get labels(): number[] {
    return this.#exact.labels;
  }

  /** The exact part (transformed rows and their labels), marked NOT private. */
  get exact(): PrivatePipelineExact {
    return this.#exact;
  }

  /** `JSON.stringify` shows the released and public parts only (the same as a spread). */
  toJSON(): Record<string, unknown> {
    return settingsOf(this);
  }
}

function seedFor(seed: RandomInput, step: string): RandomInput {
  return seed === undefined ? undefined : `${seed}/${step}`;
}

/**
 * Fit DP StandardScaler → DP PCA (optional) → DP k-means under one ε.
 *
 * @param X - the raw data
 * @param options - `epsilon`, `bounds` (required); `publicSize`, `nClusters` (3), `nComponents`, `split`,
 *   `method`, `randomState`, `accountant`
 * @returns the fitted steps, the transformed features, labels, and the ε receipt
 * @throws InvalidInputError for bad settings; BudgetExceededError when the accountant cannot afford ε
 * @example
 * const run = privatePipeline(X, { epsilon: 1, bounds, publicSize: 1025, nClusters: 3, nComponents: 2, randomState: 7 });
 * console.log(run.receipt);   // every release of the pipeline, adding up to ε = 1
 */
export function privatePipeline(X: MatrixInput, options: PrivatePipelineOptions): PrivatePipelineResult {
  if (typeof options !== "object" || options === null || options.bounds === undefined) {
    throw new InvalidInputError(
      "invalid-options",
      "privatePipeline needs { epsilon, bounds }: a private pipeline never takes its bounds from the data. " +
        "Fix: privatePipeline(X, { epsilon: 1, bounds: { lower: [...], upper: [...] } }).",
    );
  }
  const m = toMatrix(X, { privateRows: true });
  const epsilon = validateEpsilon(options.epsilon);
  const bounds = validateBounds(options.bounds, m.d);
  const publicSize = options.publicSize === undefined ? undefined : validateSizeInput(options.publicSize);
  const withPca = options.nComponents !== undefined;
  const split = options.split ?? {};
  const weights = [split.scaler ?? 1, ...(withPca ? [split.pca ?? 1] : []), split.kmeans ?? 2];
  weights.forEach((w) => {
    if (typeof w !== "number" || !(w > 0) || !Number.isFinite(w)) {
      throw new InvalidInputError("invalid-split", `Every split weight must be a finite number > 0; got ${w}.`);
    }
  });
  const accountant = options.accountant ?? new BudgetAccountant({ epsilon });
  accountant.check(epsilon, 0, "privatePipeline");
  const start = accountant.length;
  const sizeRandom = options.randomState === undefined ? createRandom() : createRandom(`${options.randomState}/size`);
  const { size, epsilonLeft } = resolveSize(m.n, { publicSize, epsilon, rng: sizeRandom, accountant, context: "privatePipeline" });
  const parts = splitEpsilon(epsilonLeft, weights);
  const scalerEpsilon = parts[0]!;
  const pcaEpsilon = withPca ? parts[1]! : 0;
  const kmeansEpsilon = parts[parts.length - 1]!;

  const scaler = new DPStandardScaler({
    epsilon: scalerEpsilon,
    bounds,
    publicSize: size,
    randomState: seedFor(options.randomState, "scaler"),
    accountant,
  }).fit(m);
  let features = scaler.transform(m);
  let featureBounds = scaler.transformBounds();
  let pca: DPPCA | undefined;
  if (withPca) {
    const dataNorm = Math.sqrt(
      featureBounds.lower.reduce((s, l, j) => s + Math.max(l * l, featureBounds.upper[j]! ** 2), 0),
    );
    pca = new DPPCA({
      nComponents: options.nComponents,
      epsilon: pcaEpsilon,
      centered: true,
      dataNorm,
      publicSize: size,
      randomState: seedFor(options.randomState, "pca"),
      accountant,
    }).fit(features);
    features = pca.transform(features);
    featureBounds = pca.outputBounds();
  }
  const kmeans = new DPKMeans({
    nClusters: options.nClusters ?? 3,
    epsilon: kmeansEpsilon,
    bounds: featureBounds,
    method: options.method,
    publicSize: size,
    randomState: seedFor(options.randomState, "kmeans"),
    accountant,
  }).fit(features);
  return new PrivatePipelineResult(
    {
      scaler,
      pca,
      kmeans,
      featureBounds,
      epsilons: { size: size.epsilon, scaler: scalerEpsilon, pca: pcaEpsilon, kmeans: kmeansEpsilon },
      size,
      accountant,
      ledger: accountant.rows().slice(start),
      receipt: accountant.toTable(),
    },
    { features, labels: kmeans.labels },
  );
}

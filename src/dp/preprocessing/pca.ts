/**
 * A differentially private PCA with the shape of diffprivlib's `PCA(n_components, epsilon, data_norm,
 * centered, bounds)`.
 *
 *     unless centered:  ε/2 → DP mean of each feature (noisyMean, ε/(2d) each; needs bounds); rows − mean
 *     rows clipped to L2 norm R = dataNorm
 *     the rest of ε → noisy XᵀX (Laplace-shaped noise on its upper triangle, L1 sensitivity (d+1)R²/2;
 *                      see gram.ts)
 *     covariance ← noisy XᵀX / (n₀ − 1); eigen-decomposition (ml-matrix) → components, explained variance
 *     n₀ = the declared publicSize, or (without one) a noisy count of the rows with 5% of ε, released first
 *
 * Why this algorithm: it is pure ε-DP, like every other release in the course, so a whole pipeline's
 * budget is one ε on one ledger (Analyze Gauss, Dwork et al. STOC 2014, is (ε, δ)-DP and would need δ;
 * diffprivlib's Bingham sampler of Amin et al., NeurIPS 2019, is more accurate at high d but much more
 * code). For the 2–6 features of the course the noise on d(d+1)/2 entries is small.
 *
 * Neighbours: adding or removing one record, for every step (the definition of the whole pipeline). The
 * exact number of rows is private under it, so the mean's normaliser and the covariance divisor use n₀
 * (public or released): the mean is `noisyMean` (sensitivity (u − l)/(2n₀) per feature, see
 * `src/dp/mean-variance.ts`), the covariance the noisy XᵀX above; the ledger adds up to ε exactly.
 */
import { InvalidInputError, PrivacyWarning, warnPrivacy } from "../../errors";
import { getDefaultAccountant, type BudgetAccountant, type LedgerRow } from "../accountant";
import { noisyMean } from "../mean-variance";
import { toRandomSource, type RandomInput } from "../random";
import { splitEpsilon, splitEvenly } from "../split";
import { boundsFromData, warnAboutSettings } from "../warnings";
import { EXACT, RELEASED } from "../diagnostics";
import { settingsOf } from "../public-view";
import { resolveSize, validateSizeInput, type SizeInput, type UsedSize } from "../public-size";
import { PCA, eigenSymmetric } from "../../preprocessing/pca";
import { toMatrix, validateBounds, validateEpsilon, type Bounds, type BoundsInput, type MatrixInput } from "../../validate";
import { noisyGram } from "./gram";

/** Settings of {@link DPPCA}; all optional. */
export interface DPPCAOptions {
  /** Components to keep: a whole number 1 … d, or a share of variance in (0, 1). Default d. */
  nComponents?: number;
  /** ε of one fit (> 0, or `Infinity`). Default 1. */
  epsilon?: number;
  /**
   * Public bound R on the L2 norm of every (centred) row; rows beyond it are scaled down to it. Default:
   * computed from the data, with a PrivacyWarning (not private), this fit only.
   */
  dataNorm?: number;
  /** The data is already centred (e.g. by a DP scaler): no ε is spent on a mean. Default false. */
  centered?: boolean;
  /** Public bounds per feature, for the DP mean. Default: from the data, warned (not private). */
  bounds?: BoundsInput;
  /** Seed (teaching only) or random source. Default: secure randomness. */
  randomState?: RandomInput;
  /** The ledger. Default: the default accountant at fit time. */
  accountant?: BudgetAccountant;
  /**
   * The number of records as known without looking at the data (the mean's normaliser and the covariance
   * divisor). Default: none, which spends 5% of ε on a noisy count of the rows (on the receipt, warned).
   */
  publicSize?: SizeInput;
}

/** Exact diagnostics of one fit: NOT private. */
export interface DPPCAExact {
  /** {@link EXACT}. */
  readonly privacy: typeof EXACT;
  /** The number of rows seen. */
  readonly rows: number;
  /** Rows whose (centred) norm exceeded dataNorm and were scaled down to it. */
  readonly rowsClipped: number;
  /** Values outside the bounds, clipped for the mean (0 when `centered`). */
  readonly clippedValues: number;
}

/** Privacy facts of one fit (all public). */
export interface DPPCAFitInfo {
  /** ε of the fit. */
  readonly epsilon: number;
  /** The ledger rows this fit wrote. */
  readonly ledger: readonly LedgerRow[];
  /** The data norm R used. */
  readonly dataNorm: number;
  /** True when R came from the data (not private). */
  readonly dataNormFromData: boolean;
  /** The size the mean and the covariance divide by: declared `publicSize`, or a noisy count on the ledger. */
  readonly size: UsedSize;
  /** The L1 sensitivity of the noisy XᵀX, (d + 1)R²/2. */
  readonly sensitivity: number;
}

/**
 * Differentially private principal component analysis (see the module comment for the algorithm).
 *
 * Parameters (constructor, stored unchanged): `nComponents`, `epsilon` (1), `dataNorm`, `centered`
 * (false), `bounds`, `publicSize` (none: a noisy count with 5% of ε), `randomState`, `accountant`.
 *
 * Fitted attributes (private: from the noisy covariance): `components`, `explainedVariance`,
 * `explainedVarianceRatio`, `mean` (noisy, or zeros when `centered`), `nComponentsFitted`,
 * `nFeaturesIn`, plus `fitInfo`; `exact` holds exact diagnostics (rows, rows clipped), NOT private.
 * `outputBounds()` gives the public bounds of the projected data.
 *
 * @example
 * const pca = new DPPCA({ nComponents: 1, epsilon: 0.5, dataNorm: 5, centered: true, randomState: 1 });
 * const Z = pca.fitTransform(standardised);
 * pca.outputBounds();   // [-5, 5] for the single component
 */
export class DPPCA extends PCA {
  /** ε per fit. */
  readonly epsilon: number;
  /** Public row-norm bound, as given. */
  readonly dataNorm: number | undefined;
  /** Whether the data is already centred. */
  readonly centered: boolean;
  /** Public bounds as given. */
  readonly bounds: BoundsInput | undefined;
  /** Seed or random source. */
  readonly randomState: RandomInput;
  /** The accountant, or undefined for the default one. */
  readonly accountant: BudgetAccountant | undefined;
  /** The declared public number of records, or undefined. */
  readonly publicSize: SizeInput | undefined;
  // `#private`: the exact diagnostics must not show when the PCA is printed, serialised, spread or
  // cloned; `exact` is the one way to them (src/dp/public-view.ts).
  #info: DPPCAFitInfo | undefined;
  #exactState: DPPCAExact | undefined;

  /** @param options - see {@link DPPCAOptions} */
  constructor(options: DPPCAOptions = {}) {
    super({ nComponents: options.nComponents });
    this.epsilon = options.epsilon ?? 1;
    this.dataNorm = options.dataNorm;
    this.centered = options.centered ?? false;
    this.bounds = options.bounds;
    this.randomState = options.randomState;
    this.accountant = options.accountant;
    this.publicSize = options.publicSize;
  }

  /**
   * Fit the private principal axes. A second call starts over and spends ε again.
   *
   * @param X - rows of numbers, a DataFrame or a flat matrix
   * @returns this model, fitted
   * @throws InvalidInputError for bad data or settings; BudgetExceededError before the data is touched
   */
  override fit(X: MatrixInput): this {
    const m = toMatrix(X, { privateRows: true });
    const { n, d } = m;
    const epsilon = validateEpsilon(this.epsilon, { allowInfinity: true });
    const keep = this.componentsWanted(d);
    if (this.dataNorm !== undefined && !(typeof this.dataNorm === "number" && this.dataNorm > 0 && Number.isFinite(this.dataNorm))) {
      throw new InvalidInputError(
        "invalid-data-norm",
        `dataNorm must be a finite number > 0 (a public bound on the length of each row); got ${this.dataNorm}.`,
      );
    }
    if (!this.centered && this.bounds !== undefined) validateBounds(this.bounds, d);
    const publicSize = this.publicSize === undefined ? undefined : validateSizeInput(this.publicSize);
    const accountant = this.accountant ?? getDefaultAccountant();
    const rng = toRandomSource(this.randomState);
    accountant.check(epsilon, 0, "PCA.fit");
    warnAboutSettings("PCA.fit", { epsilon, seeded: rng.seeded });
    const start = accountant.length;
    const { size, epsilonLeft } = resolveSize(n, { publicSize, epsilon, rng, accountant, context: "PCA.fit" });

    let covarianceEpsilon = epsilonLeft;
    let clippedValues = 0;
    let mean = new Array<number>(d).fill(0);
    if (!this.centered) {
      const bounds: Bounds =
        this.bounds === undefined ? boundsFromData(m.data, d, "in PCA.fit (for the mean)") : validateBounds(this.bounds, d);
      const [meanEpsilon, rest] = splitEpsilon(epsilonLeft, [1, 1]);
      covarianceEpsilon = rest!;
      const parts = splitEvenly(meanEpsilon!, d);
      mean = parts.map((e, j) => {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = m.data[i * d + j]!;
          column[i] = v;
          if (v < bounds.lower[j]! || v > bounds.upper[j]!) clippedValues++;
        }
        return noisyMean(column, {
          epsilon: e,
          lower: bounds.lower[j]!,
          upper: bounds.upper[j]!,
          publicSize: size.value,
          rng,
          accountant,
          label: `PCA mean, feature ${j}`,
        }).value;
      });
    }

    const rows = new Float64Array(n * d);
    let largest = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = m.data[i * d + j]! - mean[j]!;
        rows[i * d + j] = v;
        s += v * v;
      }
      largest = Math.max(largest, Math.sqrt(s));
    }
    const normFromData = this.dataNorm === undefined;
    const dataNorm = normFromData ? Math.max(largest, Number.MIN_VALUE) : this.dataNorm!;
    if (normFromData) {
      warnPrivacy(
        new PrivacyWarning(
          "data-norm-from-data",
          `dataNorm was not given in PCA.fit, so it was computed from the data (the length of the longest ` +
            `centred row). That reveals the most extreme record, so the result is NOT ` +
            `differentially private. Fix: pass dataNorm from public knowledge, e.g. the norm of the bounds box.`,
          1,
        ),
      );
    }
    let rowsClipped = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += rows[i * d + j]! ** 2;
      const norm = Math.sqrt(s);
      if (norm > dataNorm) {
        rowsClipped++;
        for (let j = 0; j < d; j++) rows[i * d + j] = (rows[i * d + j]! * dataNorm) / norm;
      }
    }
    // No warning when rows were scaled down: whether any row is that long is a fact about the data.
    // `exact.rowsClipped` counts them for the data's owner (not private).

    const { gram, sensitivity } = noisyGram(rows, n, d, {
      epsilon: covarianceEpsilon,
      dataNorm,
      rng,
      accountant,
      label: "PCA: XᵀX upper triangle",
    });
    const divisor = Math.max(1, size.value - 1);
    const { values, vectors } = eigenSymmetric(gram.map((row) => row.map((v) => v / divisor)));
    const variances = values.map((v) => Math.max(v, 0));
    const total = variances.reduce((a, b) => a + b, 0);
    const ratios = variances.map((v) => (total > 0 ? v / total : 0));
    const count = keep < 1 ? countForShare(keep, ratios) : keep;
    this.setFitted({
      components: vectors.slice(0, count),
      explainedVariance: variances.slice(0, count),
      explainedVarianceRatio: ratios.slice(0, count),
      mean,
      nFeaturesIn: d,
      nSamples: size.value,
    });
    this.#info = {
      epsilon,
      ledger: accountant.rows().slice(start),
      dataNorm,
      dataNormFromData: normFromData,
      size,
      sensitivity,
    };
    this.#exactState = { privacy: EXACT, rows: n, rowsClipped, clippedValues };
    return this;
  }

  /** Fitted: exact diagnostics of the last fit (rows, rows scaled down, values clipped): NOT private. */
  get exact(): DPPCAExact {
    if (this.#exactState === undefined) void this.nFeaturesIn; // throws NotFittedError
    return this.#exactState!;
  }

  /**
   * What printing, displaying or serialising the PCA shows: settings and, once fitted, what it released
   * (noisy axes, variances and mean, the public size, privacy facts) — never rows or rows clipped.
   * @returns a plain object
   */
  protected override publicView(): Record<string, unknown> {
    if (!this.isFitted) return { ...settingsOf(this), released: undefined };
    return {
      ...settingsOf(this),
      released: {
        privacy: RELEASED,
        components: this.components,
        explainedVariance: this.explainedVariance,
        explainedVarianceRatio: this.explainedVarianceRatio,
        mean: this.mean,
        nFeaturesIn: this.nFeaturesIn,
        fitInfo: this.fitInfo,
      },
    };
  }

  /** Fitted: privacy facts of the last fit. */
  get fitInfo(): DPPCAFitInfo {
    if (this.#info === undefined) void this.nFeaturesIn; // throws NotFittedError
    return this.#info!;
  }

  /**
   * The public bounds of projected data: every coordinate of a projected row of norm ≤ dataNorm lies in
   * [−dataNorm, dataNorm] (rows longer than dataNorm can fall outside; a DP model then clips them, silently: whether any does is a fact about the data).
   *
   * @returns bounds with one entry per kept component
   */
  outputBounds(): Bounds {
    const p = this.nComponentsFitted;
    const r = this.fitInfo.dataNorm;
    return { lower: new Array<number>(p).fill(-r), upper: new Array<number>(p).fill(r) };
  }

  /** `nComponents` checked against d: a whole number 1 … d, or a share in (0, 1). */
  private componentsWanted(d: number): number {
    const c = this.nComponents;
    if (c === undefined) return d;
    if (typeof c === "number" && c > 0 && c < 1) return c;
    if (typeof c !== "number" || !Number.isInteger(c) || c < 1 || c > d) {
      throw new InvalidInputError(
        "invalid-n-components",
        `nComponents must be a whole number from 1 to ${d} (the number of features), or a share of variance ` +
          `between 0 and 1; got ${c}.`,
      );
    }
    return c;
  }
}

/** The fewest components whose ratios add up to more than `share` (all of them if never). */
function countForShare(share: number, ratios: number[]): number {
  let total = 0;
  for (let i = 0; i < ratios.length; i++) {
    total += ratios[i]!;
    if (total > share) return i + 1;
  }
  return ratios.length;
}

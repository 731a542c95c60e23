/**
 * A differentially private PCA with the shape of diffprivlib's `PCA(n_components, epsilon, data_norm,
 * centered, bounds)`.
 *
 *     unless centered:  ε/2 → DP mean of each feature (noisyMean, ε/(2d) each; needs bounds); rows − mean
 *     rows clipped to L2 norm R = dataNorm
 *     the rest of ε → noisy XᵀX (Laplace-shaped noise on its upper triangle, L1 sensitivity (d+1)R²/2;
 *                      see gram.ts)
 *     covariance ← noisy XᵀX / (n − 1); eigen-decomposition (ml-matrix) → components, explained variance
 *
 * Why this algorithm: it is pure ε-DP, like every other release in the course, so a whole pipeline's
 * budget is one ε on one ledger (Analyze Gauss, Dwork et al. STOC 2014, is (ε, δ)-DP and would need δ;
 * diffprivlib's Bingham sampler of Amin et al., NeurIPS 2019, is more accurate at high d but much more
 * code). For the 2–6 features of the course the noise on d(d+1)/2 entries is small.
 *
 * Neighbours: adding or removing one record, with n public, for both steps (the definition of the whole
 * pipeline): the mean is `noisyMean` (sensitivity (u − l)/(2n) per feature, see `src/dp/mean-variance.ts`),
 * the covariance the noisy XᵀX above; the ledger adds up to ε exactly.
 */
import { InvalidInputError, PrivacyWarning, warnPrivacy } from "../../errors";
import { getDefaultAccountant, type BudgetAccountant, type LedgerRow } from "../accountant";
import { noisyMean } from "../mean-variance";
import { toRandomSource, type RandomInput } from "../random";
import { splitEpsilon, splitEvenly } from "../split";
import { boundsFromData, warnValuesClipped } from "../warnings";
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
}

/** Privacy facts of one fit. */
export interface DPPCAFitInfo {
  /** ε of the fit. */
  readonly epsilon: number;
  /** The ledger rows this fit wrote. */
  readonly ledger: readonly LedgerRow[];
  /** The data norm R used. */
  readonly dataNorm: number;
  /** True when R came from the data (not private). */
  readonly dataNormFromData: boolean;
  /** Rows whose norm exceeded R and were scaled down. */
  readonly rowsClipped: number;
  /** The L1 sensitivity of the noisy XᵀX, (d + 1)R²/2. */
  readonly sensitivity: number;
}

/**
 * Differentially private principal component analysis (see the module comment for the algorithm).
 *
 * Parameters (constructor, stored unchanged): `nComponents`, `epsilon` (1), `dataNorm`, `centered`
 * (false), `bounds`, `randomState`, `accountant`.
 *
 * Fitted attributes (private: from the noisy covariance): `components`, `explainedVariance`,
 * `explainedVarianceRatio`, `mean` (noisy, or zeros when `centered`), `nComponentsFitted`,
 * `nFeaturesIn`, plus `fitInfo`. `outputBounds()` gives the public bounds of the projected data.
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
  private info: DPPCAFitInfo | undefined;

  /** @param options - see {@link DPPCAOptions} */
  constructor(options: DPPCAOptions = {}) {
    super({ nComponents: options.nComponents });
    this.epsilon = options.epsilon ?? 1;
    this.dataNorm = options.dataNorm;
    this.centered = options.centered ?? false;
    this.bounds = options.bounds;
    this.randomState = options.randomState;
    this.accountant = options.accountant;
  }

  /**
   * Fit the private principal axes. A second call starts over and spends ε again.
   *
   * @param X - rows of numbers, a DataFrame or a flat matrix
   * @returns this model, fitted
   * @throws InvalidInputError for bad data or settings; BudgetExceededError before the data is touched
   */
  override fit(X: MatrixInput): this {
    const m = toMatrix(X);
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
    const accountant = this.accountant ?? getDefaultAccountant();
    accountant.check(epsilon, 0, "PCA.fit");
    const start = accountant.length;
    const rng = toRandomSource(this.randomState);

    let covarianceEpsilon = epsilon;
    let mean = new Array<number>(d).fill(0);
    if (!this.centered) {
      const bounds: Bounds =
        this.bounds === undefined ? boundsFromData(m.data, d, "in PCA.fit (for the mean)") : validateBounds(this.bounds, d);
      const [meanEpsilon, rest] = splitEpsilon(epsilon, [1, 1]);
      covarianceEpsilon = rest!;
      const parts = splitEvenly(meanEpsilon!, d);
      let clipped = 0;
      mean = parts.map((e, j) => {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++) column[i] = m.data[i * d + j]!;
        const r = noisyMean(column, {
          epsilon: e,
          lower: bounds.lower[j]!,
          upper: bounds.upper[j]!,
          rng,
          accountant,
          label: `PCA mean, feature ${j}`,
          warn: false,
        });
        clipped += r.clipped;
        return r.value;
      });
      warnValuesClipped(clipped, "in PCA.fit (mean)");
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
          `dataNorm was not given in PCA.fit, so it was computed from the data (the longest centred row, ` +
            `${dataNorm.toPrecision(4)}). That reveals the most extreme record, so the result is NOT ` +
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
    if (rowsClipped > 0) {
      warnPrivacy(
        new PrivacyWarning(
          "rows-clipped",
          `${rowsClipped} row(s) were longer than dataNorm = ${dataNorm} and were scaled down to it in PCA.fit; ` +
            `the guarantee holds, but those rows count less. Fix: if dataNorm is too small, raise it using ` +
            `public knowledge (never the data's own largest norm).`,
          rowsClipped,
        ),
      );
    }

    const { gram, sensitivity } = noisyGram(rows, n, d, {
      epsilon: covarianceEpsilon,
      dataNorm,
      rng,
      accountant,
      label: "PCA: XᵀX upper triangle",
    });
    const divisor = Math.max(1, n - 1);
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
      nSamples: n,
    });
    this.info = {
      epsilon,
      ledger: accountant.rows().slice(start),
      dataNorm,
      dataNormFromData: normFromData,
      rowsClipped,
      sensitivity,
    };
    return this;
  }

  /** Fitted: privacy facts of the last fit. */
  get fitInfo(): DPPCAFitInfo {
    if (this.info === undefined) void this.nFeaturesIn; // throws NotFittedError
    return this.info!;
  }

  /**
   * The public bounds of projected data: every coordinate of a projected row of norm ≤ dataNorm lies in
   * [−dataNorm, dataNorm] (rows longer than dataNorm can fall outside; a DP model then clips and warns).
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

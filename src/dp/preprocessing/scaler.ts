/**
 * A differentially private StandardScaler, shaped like diffprivlib's: the mean and variance of every
 * feature are released with noise, then used exactly like scikit-learn's: z = (x − mean) / scale.
 *
 *     ε_mean, ε_var ← ε/2, ε/2     (all of ε to the one that is needed when only one is)
 *     each split evenly over the d features (exact parts)
 *     feature j: values clamped to [l_j, u_j], centred at the public midpoint c = (l + u)/2;
 *                mean_j ← noisyMean     (sensitivity (u − l)/(2n₀), result clamped to [l, u])
 *                var_j  ← noisyVariance (L1 sensitivity (u − l)²/(2n₀) of its pair of sums, result in
 *                                        [0, (u − l)²/4])
 *     n₀ = the declared publicSize, or (without one) a noisy count of the rows with 5% of ε, first
 *
 * Neighbours: adding or removing one record — the definition DP k-means, the DP PCA and the whole
 * `privatePipeline` use. The exact number of rows is private under it, so the normaliser n₀ is public
 * (declared) or released (a noisy count on the ledger); the ledger is exact: the size, means and variances
 * together cost exactly the ε on the receipt. The sensitivities and their proof are in
 * `src/dp/mean-variance.ts` (diffprivlib's replace-one ones, (u − l)/n and ((u − l)/n)²(n − 1), do not
 * hold under add/remove).
 */
import { InvalidInputError } from "../../errors";
import { getDefaultAccountant, type BudgetAccountant, type LedgerRow } from "../accountant";
import { noisyMean, noisyVariance } from "../mean-variance";
import { toRandomSource, type RandomInput } from "../random";
import { splitEpsilon, splitEvenly } from "../split";
import { boundsFromData, warnAboutSettings } from "../warnings";
import { EXACT, RELEASED } from "../diagnostics";
import { settingsOf } from "../public-view";
import { resolveSize, validateSizeInput, type SizeInput, type UsedSize } from "../public-size";
import { StandardScaler, scaleFromVariance, type StandardScalerOptions } from "../../preprocessing/scaler";
import {
  checkWithinBounds,
  toMatrix,
  validateBounds,
  validateEpsilon,
  type Bounds,
  type BoundsInput,
  type MatrixInput,
} from "../../validate";

/** Settings of {@link DPStandardScaler}; all optional. */
export interface DPStandardScalerOptions extends StandardScalerOptions {
  /** ε of one fit (> 0, or `Infinity` for exact statistics). Default 1. */
  epsilon?: number;
  /** Public bounds per feature. Default: from the data, with a PrivacyWarning (not private), this fit only. */
  bounds?: BoundsInput;
  /** Seed (teaching only) or random source. Default: secure randomness. */
  randomState?: RandomInput;
  /** The ledger. Default: the default accountant at fit time. */
  accountant?: BudgetAccountant;
  /**
   * The number of records as known without looking at the data: the means and variances divide by it.
   * Default: none, which spends 5% of ε on a noisy count of the rows (on the receipt, with a warning).
   */
  publicSize?: SizeInput;
}

/** Exact diagnostics of one fit: NOT private (for the data's owner and for teaching). */
export interface DPScalerExact {
  /** {@link EXACT}. */
  readonly privacy: typeof EXACT;
  /** The number of rows seen. */
  readonly rows: number;
  /** Values outside the bounds, which were clipped. */
  readonly clippedValues: number;
}

/** Privacy facts of one fit (all public). */
export interface DPScalerFitInfo {
  /** ε of the fit. */
  readonly epsilon: number;
  /** The ledger rows this fit wrote. */
  readonly ledger: readonly LedgerRow[];
  /** The bounds used. */
  readonly bounds: Bounds;
  /** True when the bounds came from the data (not private). */
  readonly boundsFromData: boolean;
  /** The size the statistics divide by: declared `publicSize`, or a noisy count on the ledger. */
  readonly size: UsedSize;
}

/**
 * Differentially private standardisation (diffprivlib's `StandardScaler`).
 *
 * Parameters (constructor, stored unchanged): `epsilon` (1), `bounds`, `withMean` (true), `withStd`
 * (true), `publicSize` (none: a noisy count with 5% of ε), `randomState`, `accountant`.
 *
 * Fitted attributes: `mean`, `var`, `scale` (private: noisy), `nSamplesSeen` (the PUBLIC size used —
 * declared or noisy —, not the exact number of rows), `nFeaturesIn`, `fitInfo`; `exact` holds the exact
 * diagnostics (rows, values clipped), NOT private.
 * `transformBounds()` gives the public bounds of the transformed data (for the next DP step).
 *
 * @example
 * const scaler = new DPStandardScaler({ epsilon: 0.5, bounds: { lower: [-1, -1], upper: [3, 2] }, randomState: 1 });
 * const Z = scaler.fitTransform(X);
 * const zBounds = scaler.transformBounds();   // public bounds for DP k-means on Z
 */
export class DPStandardScaler extends StandardScaler {
  /** ε per fit. */
  readonly epsilon: number;
  /** Public bounds as given. */
  readonly bounds: BoundsInput | undefined;
  /** Seed or random source. */
  readonly randomState: RandomInput;
  /** The accountant, or undefined for the default one. */
  readonly accountant: BudgetAccountant | undefined;
  /** The declared public number of records, or undefined. */
  readonly publicSize: SizeInput | undefined;
  // `#private`: the exact diagnostics must not show when the scaler is printed, serialised, spread or
  // cloned; `exact` is the one way to them (src/dp/public-view.ts).
  #info: DPScalerFitInfo | undefined;
  #exactState: DPScalerExact | undefined;

  /** @param options - see {@link DPStandardScalerOptions} */
  constructor(options: DPStandardScalerOptions = {}) {
    super(options);
    this.epsilon = options.epsilon ?? 1;
    this.bounds = options.bounds;
    this.randomState = options.randomState;
    this.accountant = options.accountant;
    this.publicSize = options.publicSize;
  }

  /**
   * Learn a noisy mean and variance per feature. A second call starts over and spends ε again.
   *
   * @param X - rows of numbers, a DataFrame or a flat matrix
   * @returns this scaler, fitted
   * @throws InvalidInputError for bad data or settings; BudgetExceededError before the data is touched
   */
  override fit(X: MatrixInput): this {
    const m = toMatrix(X, { privateRows: true });
    const epsilon = validateEpsilon(this.epsilon, { allowInfinity: true });
    if (this.bounds !== undefined) validateBounds(this.bounds, m.d);
    const publicSize = this.publicSize === undefined ? undefined : validateSizeInput(this.publicSize);
    const accountant = this.accountant ?? getDefaultAccountant();
    const spends = this.withMean || this.withStd;
    const rng = toRandomSource(this.randomState);
    if (spends) {
      accountant.check(epsilon, 0, "StandardScaler.fit");
      warnAboutSettings("StandardScaler.fit", { epsilon, seeded: rng.seeded });
    }
    const fromData = this.bounds === undefined;
    const bounds = fromData ? boundsFromData(m.data, m.d, "in StandardScaler.fit") : validateBounds(this.bounds!, m.d);
    const start = accountant.length;
    const { n, d } = m;
    // Without a public size, a noisy count is released first and then divides the statistics.
    const { size, epsilonLeft } = spends
      ? resolveSize(n, { publicSize, epsilon, rng, accountant, context: "StandardScaler.fit" })
      : { size: publicSize ?? { value: 1, source: "public" as const, epsilon: 0 }, epsilonLeft: 0 };
    const [meanEpsilon, varEpsilon] =
      this.withMean && this.withStd
        ? splitEpsilon(epsilonLeft, [1, 1])
        : this.withMean
          ? [epsilonLeft, undefined]
          : [undefined, epsilonLeft];
    const column = (j: number): Float64Array => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = m.data[i * d + j]!;
      return out;
    };
    const moment = (j: number) => ({ lower: bounds.lower[j]!, upper: bounds.upper[j]!, publicSize: size.value, rng, accountant });
    const mean: number[] | null = this.withMean ? [] : null;
    const variance: number[] | null = this.withStd ? [] : null;
    const meanParts = mean ? splitEvenly(meanEpsilon!, d) : [];
    const varParts = variance ? splitEvenly(varEpsilon!, d) : [];
    for (let j = 0; j < d; j++) {
      const values = column(j);
      if (mean) {
        mean.push(noisyMean(values, { ...moment(j), epsilon: meanParts[j]!, label: `StandardScaler mean, feature ${j}` }).value);
      }
      if (variance) {
        variance.push(
          noisyVariance(values, { ...moment(j), epsilon: varParts[j]!, label: `StandardScaler variance, feature ${j}` })
            .value,
        );
      }
    }
    this.setFitted({
      mean,
      var: variance,
      scale: variance ? scaleFromVariance(mean ?? new Array<number>(d).fill(0), variance, size.value) : null,
      nSamplesSeen: size.value,
      nFeaturesIn: d,
    });
    this.#info = {
      epsilon: spends ? epsilon : 0,
      ledger: accountant.rows().slice(start),
      bounds,
      boundsFromData: fromData,
      size,
    };
    this.#exactState = { privacy: EXACT, rows: n, clippedValues: checkWithinBounds(m, bounds).outside };
    return this;
  }

  /** Fitted: exact diagnostics of the last fit (rows, values clipped), computed from the raw data: NOT private. */
  get exact(): DPScalerExact {
    if (this.#exactState === undefined) void this.nFeaturesIn; // throws NotFittedError
    return this.#exactState!;
  }

  /**
   * What printing, displaying or serialising the scaler shows: settings and, once fitted, what it
   * released (noisy mean, variance and scale, the public size, privacy facts) — never rows or values clipped.
   * @returns a plain object
   */
  protected override publicView(): Record<string, unknown> {
    if (!this.isFitted) return { ...settingsOf(this), released: undefined };
    return {
      ...settingsOf(this),
      released: {
        privacy: RELEASED,
        mean: this.mean,
        var: this.var,
        scale: this.scale,
        nSamplesSeen: this.nSamplesSeen,
        nFeaturesIn: this.nFeaturesIn,
        fitInfo: this.fitInfo,
      },
    };
  }

  /** Fitted: privacy facts of the last fit. */
  get fitInfo(): DPScalerFitInfo {
    if (this.#info === undefined) void this.nFeaturesIn; // throws NotFittedError
    return this.#info!;
  }

  /**
   * The public bounds of transformed data: each feature's bounds put through (x − mean)/scale. They
   * depend only on public bounds and the released mean and scale, so they are public too.
   *
   * @param bounds - bounds in the original units; default: the bounds of the last fit
   * @returns the bounds in standardised units
   */
  transformBounds(bounds?: BoundsInput): Bounds {
    const d = this.nFeaturesIn;
    const b = bounds === undefined ? this.fitInfo.bounds : validateBounds(bounds, d);
    const [low] = this.transform([b.lower]);
    const [high] = this.transform([b.upper]);
    if (!low || !high) throw new InvalidInputError("invalid-bounds", "Could not transform the bounds.");
    return { lower: low.map((v, j) => Math.min(v, high[j]!)), upper: low.map((v, j) => Math.max(v, high[j]!)) };
  }
}

/**
 * Non-private standardisation, shaped like scikit-learn's `StandardScaler`: z = (x − mean) / scale per
 * feature. The DP scaler elsewhere has the same shape and learns `mean` and `var` with noise instead.
 */
import type { InspectOptionsStylized } from "node:util";
import { NotFittedError } from "../errors";
import { INSPECT, inspectView, settingsOf } from "../dp/public-view";
import { toMatrix, toRows, type FlatMatrix, type MatrixInput } from "../validate";

/** Settings of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the mean of each feature. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation of each feature. Default true. */
  withStd?: boolean;
}

/** What a scaler learns in `fit`. `null` entries follow scikit-learn (not computed for these settings). */
export interface ScalerState {
  /** Mean per feature; `null` when neither centring nor scaling. */
  readonly mean: number[] | null;
  /** Population variance (divided by n) per feature; `null` without `withStd`. */
  readonly var: number[] | null;
  /** Divisor per feature: √var, with 1 for a constant feature; `null` without `withStd`. */
  readonly scale: number[] | null;
  /** Rows seen in `fit`. */
  readonly nSamplesSeen: number;
  /** Features seen in `fit`. */
  readonly nFeaturesIn: number;
}

/**
 * Per-feature mean and population variance of a flat matrix (two passes, for accuracy).
 *
 * @param X - the data
 * @returns `mean` and `var` (Σ(x − mean)² / n), one entry per feature
 */
export function featureMeanAndVariance(X: FlatMatrix): { mean: number[]; var: number[] } {
  const { data, n, d } = X;
  const mean = new Array<number>(d).fill(0);
  const variance = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const a = data[i * d + j]! - mean[j]!;
      variance[j]! += a * a;
    }
  }
  for (let j = 0; j < d; j++) variance[j]! /= n;
  return { mean, var: variance };
}

/**
 * Scale per feature: √var, or 1 where the feature is constant (up to rounding), so constant features are
 * left unscaled instead of divided by 0 (scikit-learn's rule, with its rounding threshold).
 *
 * @param mean - mean per feature
 * @param variance - variance per feature
 * @param n - number of rows the variance came from
 */
export function scaleFromVariance(mean: ReadonlyArray<number>, variance: ReadonlyArray<number>, n: number): number[] {
  const eps = Number.EPSILON;
  return variance.map((v, j) => {
    const upper = n * eps * v + (n * mean[j]! * eps) ** 2;
    return v <= upper ? 1 : Math.sqrt(v);
  });
}

/**
 * Standardise features: z = (x − mean) / scale.
 *
 * Parameters (constructor, stored unchanged): `withMean` (default true), `withStd` (default true).
 *
 * Fitted attributes (throw {@link NotFittedError} before `fit`): `mean` (length d, or null), `var`
 * (population variance, or null), `scale` (√var with 1 for constant features, or null), `nSamplesSeen`,
 * `nFeaturesIn`.
 *
 * Non-private: the mean and variance are exact statistics of the data, and using them leaks.
 *
 * @example
 * const scaler = new StandardScaler();
 * scaler.fitTransform([[0, 10], [2, 10], [4, 40]]);  // [[-1.2247, -0.7071], [0, -0.7071], [1.2247, 1.4142]]
 */
export class StandardScaler {
  /** Subtract the mean. */
  readonly withMean: boolean;
  /** Divide by the standard deviation. */
  readonly withStd: boolean;
  // `#private`: the fitted state of the non-private scaler is exact (and the DP one's fit keeps exact
  // diagnostics beside it); only `#` fields stay out of util.inspect, JSON, spreads and clones.
  #state: ScalerState | undefined;

  /** @param options - `withMean`, `withStd` (both default true) */
  constructor(options: StandardScalerOptions = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /**
   * Learn the mean and variance of each feature. A second call starts over.
   * @param X - rows of numbers, a DataFrame or a flat matrix
   * @returns this scaler, fitted
   * @throws {@link InvalidInputError} for bad data
   */
  fit(X: MatrixInput): this {
    const m = toMatrix(X);
    const stats = featureMeanAndVariance(m);
    this.setFitted({
      mean: this.withMean || this.withStd ? stats.mean : null,
      var: this.withStd ? stats.var : null,
      scale: this.withStd ? scaleFromVariance(stats.mean, stats.var, m.n) : null,
      nSamplesSeen: m.n,
      nFeaturesIn: m.d,
    });
    return this;
  }

  /** Store what `fit` learned (replacing an earlier fit). For subclasses such as the DP scaler. */
  protected setFitted(state: ScalerState): void {
    this.#state = state;
  }

  /** True once `fit` has run. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /**
   * What printing, displaying or serialising the scaler shows: settings and, once fitted, a summary with
   * no statistic of the data (the exact mean and variance are read by name). The DP scaler overrides it
   * with what it released.
   * @returns a plain object
   */
  protected publicView(): Record<string, unknown> {
    const s = this.#state;
    return {
      ...settingsOf(this),
      fitted:
        s === undefined
          ? false
          : { nFeaturesIn: s.nFeaturesIn, exact: "mean, var, scale, nSamplesSeen: exact statistics of the data" },
    };
  }

  /** `JSON.stringify` shows the public view: settings and released values only. */
  toJSON(): Record<string, unknown> {
    return this.publicView();
  }

  /** `util.inspect`, `console.log` and a notebook cell show the public view. */
  [INSPECT](depth: number, options: InspectOptionsStylized): string {
    return inspectView(this.constructor.name, this.publicView(), depth, options);
  }

  private fitted(what: string): ScalerState {
    if (this.#state === undefined) {
      throw new NotFittedError(
        "not-fitted",
        `This ${this.constructor.name} is not fitted yet, so it has no ${what}. Call fit(X) first.`,
      );
    }
    return this.#state;
  }

  /** Fitted: mean per feature (sklearn's `mean_`); null when neither centring nor scaling. */
  get mean(): number[] | null {
    return this.fitted("mean").mean;
  }

  /** Fitted: population variance per feature (sklearn's `var_`); null without `withStd`. */
  get var(): number[] | null {
    return this.fitted("var").var;
  }

  /** Fitted: divisor per feature (sklearn's `scale_`); null without `withStd`. */
  get scale(): number[] | null {
    return this.fitted("scale").scale;
  }

  /** Fitted: rows seen in `fit` (sklearn's `n_samples_seen_`). */
  get nSamplesSeen(): number {
    return this.fitted("nSamplesSeen").nSamplesSeen;
  }

  /** Fitted: features seen in `fit` (sklearn's `n_features_in_`). */
  get nFeaturesIn(): number {
    return this.fitted("nFeaturesIn").nFeaturesIn;
  }

  /**
   * Standardise `X` with the fitted mean and scale.
   * @param X - data with the features seen in `fit`
   * @returns new rows, (x − mean) / scale per feature
   * @throws {@link NotFittedError} before `fit`; {@link InvalidInputError} for bad data
   */
  transform(X: MatrixInput): number[][] {
    const s = this.fitted("mean and scale to transform with");
    const m = toMatrix(X, { features: s.nFeaturesIn });
    const out = new Float64Array(m.data.length);
    const { n, d } = m;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let v = m.data[i * d + j]!;
        if (this.withMean && s.mean) v -= s.mean[j]!;
        if (s.scale) v /= s.scale[j]!;
        out[i * d + j] = v;
      }
    }
    return toRows(out, n, d);
  }

  /** Fit to `X`, then transform it. @returns the standardised rows */
  fitTransform(X: MatrixInput): number[][] {
    return this.fit(X).transform(X);
  }

  /**
   * Undo the standardisation: x = z · scale + mean.
   * @param X - standardised data
   * @returns rows in the original units
   */
  inverseTransform(X: MatrixInput): number[][] {
    const s = this.fitted("mean and scale to invert with");
    const m = toMatrix(X, { features: s.nFeaturesIn });
    const out = new Float64Array(m.data.length);
    const { n, d } = m;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let v = m.data[i * d + j]!;
        if (s.scale) v *= s.scale[j]!;
        if (this.withMean && s.mean) v += s.mean[j]!;
        out[i * d + j] = v;
      }
    }
    return toRows(out, n, d);
  }
}

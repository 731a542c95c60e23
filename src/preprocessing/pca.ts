/**
 * Non-private principal component analysis, shaped like scikit-learn's `PCA`, computed with `ml-pca`
 * (singular value decomposition of the centred data). The DP PCA elsewhere has the same shape and gets
 * its components from a noisy covariance through {@link eigenSymmetric}.
 *
 * Sign convention: an eigenvector's sign is arbitrary, so each component is flipped to make its
 * largest-magnitude entry positive. Results are then deterministic and comparable across methods.
 */
import type { InspectOptionsStylized } from "node:util";
import { EVD } from "ml-matrix";
import { PCA as MlPCA } from "ml-pca";
import { InvalidInputError, NotFittedError } from "../errors";
import { toMatrix, toRows, type MatrixInput } from "../validate";
import { INSPECT, inspectView, settingsOf } from "../dp/public-view";

/** Settings of {@link PCA}. */
export interface PCAOptions {
  /**
   * Components to keep: a whole number 1 … min(n, d); or a share in (0, 1), keeping the fewest components
   * whose explained variance ratio adds up to more than it. Default: min(n, d).
   */
  nComponents?: number;
}

/** What a PCA learns in `fit`. */
export interface PCAState {
  /** Principal axes, nComponents × d, by decreasing variance; unit length. */
  readonly components: number[][];
  /** Variance along each kept axis (eigenvalues of the covariance with divisor n − 1). */
  readonly explainedVariance: number[];
  /** Share of the total variance along each kept axis. */
  readonly explainedVarianceRatio: number[];
  /** Mean per feature, subtracted before projecting. */
  readonly mean: number[];
  /** Features seen in `fit`. */
  readonly nFeaturesIn: number;
  /** Rows seen in `fit`. */
  readonly nSamples: number;
}

/** Flip a vector so its largest-magnitude entry is positive (first one on ties). In place; returns it. */
function fixSign(v: number[]): number[] {
  let at = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(v[at]!)) at = i;
  if (v[at]! < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i]! + 0; // + 0 turns −0 into 0
  return v;
}

/**
 * Eigen-decomposition of a symmetric matrix (e.g. a covariance, exact or noisy), sorted by decreasing
 * eigenvalue, each eigenvector with its largest-magnitude entry positive.
 *
 * @param matrix - d × d symmetric matrix
 * @returns `values` (decreasing) and `vectors` (row i is the unit eigenvector of `values[i]`)
 */
export function eigenSymmetric(matrix: ReadonlyArray<ReadonlyArray<number>>): { values: number[]; vectors: number[][] } {
  const evd = new EVD(matrix.map((row) => Array.from(row)), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  return {
    values: order.map((i) => values[i]!),
    vectors: order.map((i) => fixSign(V.getColumn(i))),
  };
}

/** How many components to keep for `nComponents`, given the explained variance ratios of all of them. */
function componentsToKeep(nComponents: number | undefined, ratios: number[], limit: number): number {
  if (nComponents === undefined) return limit;
  if (typeof nComponents !== "number" || !(nComponents > 0)) {
    throw new InvalidInputError(
      "invalid-n-components",
      `nComponents must be a whole number from 1 to ${limit}, or a share of variance between 0 and 1; got ${nComponents}.`,
    );
  }
  if (nComponents < 1) {
    let total = 0;
    for (let i = 0; i < ratios.length; i++) {
      total += ratios[i]!;
      if (total > nComponents) return i + 1;
    }
    return limit;
  }
  if (!Number.isInteger(nComponents) || nComponents > limit) {
    throw new InvalidInputError(
      "invalid-n-components",
      `nComponents = ${nComponents}, but it must be a whole number from 1 to min(rows, features) = ${limit} ` +
        `(or a share of variance between 0 and 1).`,
    );
  }
  return nComponents;
}

/**
 * Principal component analysis: project centred data onto the directions of largest variance.
 *
 * Parameters (constructor, stored unchanged): `nComponents` (default min(n, d); a share in (0, 1) keeps
 * enough components to explain more than that share of the variance).
 *
 * Fitted attributes (throw {@link NotFittedError} before `fit`): `components` (nComponents × d),
 * `explainedVariance`, `explainedVarianceRatio`, `mean`, `nComponentsFitted`, `nFeaturesIn`.
 *
 * Non-private: the components are exact statistics of the data.
 *
 * @example
 * const pca = new PCA({ nComponents: 1 });
 * pca.fitTransform([[1, 1], [2, 2], [3, 3]]);  // [[-1.4142], [0], [1.4142]]
 */
export class PCA {
  /** Components to keep, as given. */
  readonly nComponents: number | undefined;
  // `#private` (see the scaler): only `#` fields stay out of util.inspect, JSON, spreads and clones.
  #state: PCAState | undefined;

  /** @param options - `nComponents` (default min(n, d)) */
  constructor(options: PCAOptions = {}) {
    this.nComponents = options.nComponents;
  }

  /**
   * Find the principal axes of `X`. A second call starts over.
   * @param X - rows of numbers, a DataFrame or a flat matrix; at least 2 rows
   * @returns this model, fitted
   * @throws {@link InvalidInputError} for bad data or a bad `nComponents`
   */
  fit(X: MatrixInput): this {
    const m = toMatrix(X);
    if (m.n < 2) {
      throw new InvalidInputError(
        "too-few-rows",
        `PCA needs at least 2 rows to measure variance; X has ${m.n}. Pass more data.`,
      );
    }
    const model = new MlPCA(toRows(m.data, m.n, m.d), { center: true, scale: false, method: "SVD" });
    const allVariances = model.getEigenvalues().map((v) => Math.max(v, 0));
    const total = allVariances.reduce((a, b) => a + b, 0);
    const allRatios = allVariances.map((v) => (total > 0 ? v / total : 0));
    const limit = Math.min(m.n, m.d);
    const keep = componentsToKeep(this.nComponents, allRatios, limit);
    const U = model.getEigenvectors();
    const components: number[][] = [];
    for (let c = 0; c < keep; c++) components.push(fixSign(U.getColumn(c)));
    const mean = new Array<number>(m.d).fill(0);
    for (let i = 0; i < m.n; i++) for (let j = 0; j < m.d; j++) mean[j]! += m.data[i * m.d + j]!;
    for (let j = 0; j < m.d; j++) mean[j]! /= m.n;
    this.setFitted({
      components,
      explainedVariance: allVariances.slice(0, keep),
      explainedVarianceRatio: allRatios.slice(0, keep),
      mean,
      nFeaturesIn: m.d,
      nSamples: m.n,
    });
    return this;
  }

  /** Store what `fit` learned (replacing an earlier fit). For subclasses such as the DP PCA. */
  protected setFitted(state: PCAState): void {
    this.#state = state;
  }

  /** True once `fit` has run. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /**
   * What printing, displaying or serialising the PCA shows: settings and, once fitted, a summary with no
   * statistic of the data (the exact axes and variances are read by name). The DP PCA overrides it with
   * what it released.
   * @returns a plain object
   */
  protected publicView(): Record<string, unknown> {
    const s = this.#state;
    return {
      ...settingsOf(this),
      fitted:
        s === undefined
          ? false
          : {
              nFeaturesIn: s.nFeaturesIn,
              nComponentsFitted: s.components.length,
              exact: "components, explainedVariance, mean: exact statistics of the data (read them by name)",
            },
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

  private fitted(what: string): PCAState {
    if (this.#state === undefined) {
      throw new NotFittedError(
        "not-fitted",
        `This ${this.constructor.name} is not fitted yet, so it has no ${what}. Call fit(X) first.`,
      );
    }
    return this.#state;
  }

  /** Fitted: principal axes, nComponents × d (sklearn's `components_`). */
  get components(): number[][] {
    return this.fitted("components").components;
  }

  /** Fitted: variance along each axis (sklearn's `explained_variance_`). */
  get explainedVariance(): number[] {
    return this.fitted("explainedVariance").explainedVariance;
  }

  /** Fitted: share of total variance along each axis (sklearn's `explained_variance_ratio_`). */
  get explainedVarianceRatio(): number[] {
    return this.fitted("explainedVarianceRatio").explainedVarianceRatio;
  }

  /** Fitted: mean per feature (sklearn's `mean_`). */
  get mean(): number[] {
    return this.fitted("mean").mean;
  }

  /** Fitted: number of components kept (sklearn's `n_components_`). */
  get nComponentsFitted(): number {
    return this.fitted("nComponentsFitted").components.length;
  }

  /** Fitted: features seen in `fit` (sklearn's `n_features_in_`). */
  get nFeaturesIn(): number {
    return this.fitted("nFeaturesIn").nFeaturesIn;
  }

  /**
   * Project `X` onto the principal axes: (x − mean) · componentsᵀ.
   * @param X - data with the features seen in `fit`
   * @returns rows of nComponents coordinates
   * @throws {@link NotFittedError} before `fit`; {@link InvalidInputError} for bad data
   */
  transform(X: MatrixInput): number[][] {
    const s = this.fitted("components to project with");
    const m = toMatrix(X, { features: s.nFeaturesIn });
    const { n, d } = m;
    const p = s.components.length;
    const out: number[][] = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(p);
      for (let c = 0; c < p; c++) {
        const axis = s.components[c]!;
        let z = 0;
        for (let j = 0; j < d; j++) z += (m.data[i * d + j]! - s.mean[j]!) * axis[j]!;
        row[c] = z;
      }
      out[i] = row;
    }
    return out;
  }

  /** Fit to `X`, then project it. @returns rows of nComponents coordinates */
  fitTransform(X: MatrixInput): number[][] {
    return this.fit(X).transform(X);
  }

  /**
   * Map projected coordinates back to the original space: z · components + mean (exact when all
   * components are kept, the best rank-p approximation otherwise).
   * @param Z - rows of nComponents coordinates
   * @returns rows of d values
   */
  inverseTransform(Z: MatrixInput): number[][] {
    const s = this.fitted("components to invert with");
    const p = s.components.length;
    const m = toMatrix(Z, { name: "Z", features: p, featuresSource: "the number of fitted components" });
    const d = s.nFeaturesIn;
    const out: number[][] = new Array(m.n);
    for (let i = 0; i < m.n; i++) {
      const row = s.mean.slice();
      for (let c = 0; c < p; c++) {
        const z = m.data[i * p + c]!;
        const axis = s.components[c]!;
        for (let j = 0; j < d; j++) row[j]! += z * axis[j]!;
      }
      out[i] = row;
    }
    return out;
  }
}

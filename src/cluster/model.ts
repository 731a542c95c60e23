/**
 * The shared shape of every centroid clustering model in the course (non-private `KMeans` here, the DP
 * k-means models elsewhere): scikit-learn's contract in TypeScript names. Settings live in the subclass's
 * constructor, unchanged; `fit` validates, fits and calls {@link CentroidModel.setFitted}; everything
 * learned is read through getters that throw {@link NotFittedError} before the first fit.
 */
import type { InspectOptionsStylized } from "node:util";
import { NotFittedError } from "../errors";
import { toMatrix, toRows, type MatrixInput } from "../validate";
import { INSPECT, inspectView, settingsOf } from "../dp/public-view";
import { assignLabels } from "./engine";

/** Everything a centroid model learns in `fit`, in flat form. */
export interface FittedCentroids {
  /** Centres, k × d row-major. */
  readonly centres: Float64Array;
  /** Number of clusters. */
  readonly k: number;
  /** Number of features seen in `fit`. */
  readonly d: number;
  /** Cluster of each training point. */
  readonly labels: Int32Array;
  /** Sum of squared distances of the training points to their nearest centre. */
  readonly inertia: number;
  /** Number of iterations run. */
  readonly nIter: number;
}

/**
 * Base class of centroid clustering models. Subclasses implement `fit` (which must call `setFitted`);
 * `predict`, `fitPredict` and the fitted attributes come from here.
 */
export abstract class CentroidModel {
  // `#private`, not TypeScript `private`: the fitted state holds exact labels and inertia, and only a
  // `#` field stays out of util.inspect, JSON.stringify, spreads and structuredClone (src/dp/public-view.ts).
  #state: FittedCentroids | undefined;
  #centresCache: number[][] | undefined;
  #labelsCache: number[] | undefined;

  /**
   * Fit the model to `X` (rows of numbers, a DataFrame or a flat matrix). A second call starts over.
   * @returns the model itself, fitted
   */
  abstract fit(X: MatrixInput): this;

  /** Store what `fit` learned (replacing any earlier fit). For subclasses. */
  protected setFitted(state: FittedCentroids): void {
    this.#state = state;
    this.#centresCache = undefined;
    this.#labelsCache = undefined;
  }

  /** The fitted state, or a {@link NotFittedError} naming what was asked for. */
  protected fittedState(what: string): FittedCentroids {
    if (this.#state === undefined) {
      throw new NotFittedError(
        "not-fitted",
        `This ${this.constructor.name} is not fitted yet, so it has no ${what}. Call fit(X) first.`,
      );
    }
    return this.#state;
  }

  /** True once `fit` has run. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Fitted: the cluster centres, k rows of d coordinates (sklearn's `cluster_centers_`). */
  get clusterCenters(): number[][] {
    const s = this.fittedState("clusterCenters");
    this.#centresCache ??= toRows(s.centres, s.k, s.d);
    return this.#centresCache;
  }

  /** Fitted: the cluster of each training point, 0 … k − 1 (sklearn's `labels_`). */
  get labels(): number[] {
    const s = this.fittedState("labels");
    this.#labelsCache ??= Array.from(s.labels);
    return this.#labelsCache;
  }

  /** Fitted: sum of squared distances of the training points to their nearest centre (sklearn's `inertia_`). */
  get inertia(): number {
    return this.fittedState("inertia").inertia;
  }

  /** Fitted: number of iterations run (sklearn's `n_iter_`). */
  get nIter(): number {
    return this.fittedState("nIter").nIter;
  }

  /** Fitted: number of features seen in `fit` (sklearn's `n_features_in_`). */
  get nFeaturesIn(): number {
    return this.fittedState("nFeaturesIn").d;
  }

  /**
   * The nearest fitted centre of each row of `X`.
   *
   * @param X - data with the same features as in `fit`
   * @returns one cluster index per row
   * @throws {@link NotFittedError} before `fit`; {@link InvalidInputError} for bad or mismatched data
   */
  predict(X: MatrixInput): number[] {
    const s = this.fittedState("centres to predict with");
    const m = toMatrix(X, { features: s.d });
    return Array.from(assignLabels(m, s.centres, s.k));
  }

  /**
   * What printing, displaying or serialising the model shows: its settings and, once fitted, a summary
   * with no statistic of the data (k and the number of features; the exact centres, labels and inertia
   * are read through their getters, on purpose). DP models override it with what they released.
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
              nClusters: s.k,
              nFeaturesIn: s.d,
              exact: "clusterCenters, labels, inertia, nIter: exact statistics of the data (read them by name)",
            },
    };
  }

  /** `JSON.stringify` shows {@link CentroidModel.publicView}: settings and released values only. */
  toJSON(): Record<string, unknown> {
    return this.publicView();
  }

  /** `util.inspect`, `console.log` and a notebook cell show {@link CentroidModel.publicView}. */
  [INSPECT](depth: number, options: InspectOptionsStylized): string {
    return inspectView(this.constructor.name, this.publicView(), depth, options);
  }

  /**
   * Fit to `X`, then return the cluster of each of its rows (the fitted `labels`).
   * @returns one cluster index per row
   */
  fitPredict(X: MatrixInput): number[] {
    return this.fit(X).labels;
  }
}

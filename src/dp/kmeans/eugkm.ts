/**
 * EUGkM (Su, Cao, Li, Bertino & Jin, "Differentially private k-means clustering", CODASPY 2016): publish
 * a noisy histogram of the data on a uniform grid ONCE, then do all the clustering on it.
 *
 *     m ← max(1, ⌊(n·ε/θ)^(2/(2+d))⌋) cells per dimension, θ = 10     (for d = 2: m = √(nε/10), the
 *                                                                      UniformGrid rule of Qardaji, Yang & Li)
 *     every point falls in one cell of the public bounds box (values outside are clamped to it)
 *     release every cell's count with discrete Laplace noise          (sensitivity 1, parallel: ε in total)
 *     weights ← max(0, noisy count)                                    (post-processing)
 *     weighted k-means (k-means++, restarts) on the cell centres       (post-processing)
 *
 * Everything after the noisy counts is post-processing of a released synopsis: any k, the whole elbow
 * curve and every restart are free. The synopsis object ({@link EUGkMSynopsis}) holds only the noisy counts
 * and public values (bounds, grid size, the public or noisy size the grid came from, ε), so it can be kept,
 * reused and published.
 *
 * The n of the grid rule is a PUBLIC size — declared by the user or a noisy count released first (see
 * `../public-size.ts`) — never the data's exact number of rows: neighbouring datasets differ by adding or
 * removing one record, and a grid sized from the exact n (9 cells per side at n = 999, 10 at n = 1,000)
 * would tell them apart with certainty.
 */
import { InvalidInputError } from "../../errors";
import { settingsOf } from "../public-view";
import { MAX_GRID_CELLS, MAX_ITERATIONS, MAX_RESTARTS, MAX_SWEEP_FITS } from "../../limits";
import { fitKMeans } from "../../cluster/kmeans";
import type { BudgetAccountant } from "../accountant";
import { noisyGroupCounts } from "../grouped";
import type { RandomSource } from "../random";
import { createRandom, toRandomSource, type RandomInput } from "../random";
import { limitExceeded, toRows, validateInteger, validateNClusters, type Bounds, type FlatMatrix } from "../../validate";

/** Su et al.'s θ: the constant of the grid-size rule. */
export const EUGKM_THETA = 10;

/** Most cells a synopsis may have (the noise of every cell is drawn, ~2 million per second). */
export const EUGKM_MAX_CELLS = MAX_GRID_CELLS;

/**
 * The number of grid cells per dimension, m = max(1, ⌊(n·ε/θ)^(2/(2+d))⌋), capped so that m^d ≤
 * {@link EUGKM_MAX_CELLS}.
 *
 * @param n - a PUBLIC number of points: declared, or a released noisy count (never len(X))
 * @param epsilon - ε of the synopsis (> 0; `Infinity` gives the cap)
 * @param d - number of features
 * @param theta - Su et al.'s θ (default 10)
 * @returns m ≥ 1
 * @throws InvalidInputError when the rule asks for at least 2 cells per dimension but the cap allows
 *   only 1 (too many dimensions for a grid: use DPLloyd)
 * @example
 * eugkmGridSize(1025, 1, 2); // 10: a 10 × 10 grid for the Pokémon at ε = 1
 */
export function eugkmGridSize(n: number, epsilon: number, d: number, theta = EUGKM_THETA): number {
  const rule = Math.max(1, Math.floor(((n * epsilon) / theta) ** (2 / (2 + d))));
  let cap = Math.max(1, Math.floor(EUGKM_MAX_CELLS ** (1 / d)));
  while (cap ** d > EUGKM_MAX_CELLS) cap--;
  while ((cap + 1) ** d <= EUGKM_MAX_CELLS) cap++;
  if (rule >= 2 && cap < 2) {
    throw new InvalidInputError(
      "too-many-dimensions",
      `EUGkM needs a grid with at least 2 cells per feature, but with ${d} features that is more than ` +
        `${EUGKM_MAX_CELLS} cells. Fix: use method: "dplloyd" for high-dimensional data, or reduce the ` +
        `dimension first (e.g. with the DP PCA).`,
    );
  }
  return Math.min(rule, cap);
}

/** Options of {@link buildSynopsis}. */
export interface SynopsisBuildOptions {
  /** ε of the synopsis (> 0, or `Infinity` for exact counts). */
  epsilon: number;
  /** Validated public bounds. */
  bounds: Bounds;
  /** Where the noise comes from. */
  rng: RandomSource;
  /** The ledger the counts are charged to. */
  accountant: BudgetAccountant;
  /** Cells per dimension (required: from {@link eugkmGridSize} on a public or noisy size, or chosen by the user). */
  gridSize: number;
  /** The public or noisy size the grid size came from (recorded on the synopsis), or undefined when chosen directly. */
  size?: number;
  /** Ledger label. Default `"EUGkM grid counts"`. */
  label?: string;
}

/** Options of {@link EUGkMSynopsis.fit}. */
export interface SynopsisFitOptions {
  /** Seed (number or string) or random source for k-means++. Default: secure randomness. Free: post-processing. */
  randomState?: RandomInput;
  /** k-means++ restarts; the lowest synopsis inertia wins. Default 10. */
  nInit?: number;
  /** Most Lloyd updates per restart. Default 300. */
  maxIter?: number;
}

/** The result of {@link EUGkMSynopsis.fit}. */
export interface SynopsisFit {
  /** The centres, k rows of d numbers (differentially private: post-processing of the synopsis). */
  readonly centres: number[][];
  /** The same centres, flat k × d. */
  readonly flat: Float64Array;
  /** Inertia measured on the synopsis (private; see {@link EUGkMSynopsis.inertia}). */
  readonly inertia: number;
  /** Lloyd updates in the kept restart. */
  readonly nIter: number;
}

/** One point of a private elbow curve. */
export interface PrivateElbowPoint {
  /** Number of clusters. */
  readonly k: number;
  /** Inertia on the synopsis (private). */
  readonly inertia: number;
}

/**
 * A released EUGkM synopsis: the noisy count of every grid cell, plus the public grid. Everything done
 * with it is post-processing and costs no privacy budget.
 */
export class EUGkMSynopsis {
  /** ε spent on the counts. */
  readonly epsilon: number;
  /** Cells per dimension m. */
  readonly gridSize: number;
  /** Number of features d. */
  readonly d: number;
  /**
   * The public size the grid size was computed from — declared (`publicSize`) or a released noisy count —
   * or undefined when the grid size was given directly. Never the data's exact number of rows.
   */
  readonly size: number | undefined;
  /** The public bounds of the grid. */
  readonly bounds: Bounds;
  /** The released noisy count of every cell (integers, possibly negative), m^d cells; cell index Σ iₜ·m^t. */
  readonly noisyCounts: Float64Array;
  /** True when every noisy count was ≤ 0: the synopsis carries no information and fits use uniform weights. */
  readonly empty: boolean;

  /** Centres of the cells used for clustering (positive weight, or all when empty), flat. */
  // `#private` keeps these derived arrays out of printouts (they are post-processing of the noisy counts,
  // but a notebook cell showing the synopsis should show what was released, not working arrays).
  readonly #points: FlatMatrix;
  readonly #weights: Float64Array;
  /** Inertia inside the cells if their mass were spread uniformly: Σw·Σₜ hₜ²/12 (added to every inertia). */
  readonly #withinCell: number;

  /** @internal Use {@link buildSynopsis} or `eugkmSynopsis`. */
  constructor(parts: {
    epsilon: number;
    gridSize: number;
    size: number | undefined;
    bounds: Bounds;
    noisyCounts: Float64Array;
  }) {
    this.epsilon = parts.epsilon;
    this.gridSize = parts.gridSize;
    this.d = parts.bounds.lower.length;
    this.size = parts.size;
    this.bounds = { lower: parts.bounds.lower.slice(), upper: parts.bounds.upper.slice() };
    this.noisyCounts = parts.noisyCounts;
    const cells = this.noisyCounts.length;
    let positive = 0;
    for (let c = 0; c < cells; c++) if (this.noisyCounts[c]! > 0) positive++;
    this.empty = positive === 0;
    const used = this.empty ? cells : positive;
    const data = new Float64Array(used * this.d);
    const weights = new Float64Array(used);
    let row = 0;
    const centre = new Array<number>(this.d);
    for (let c = 0; c < cells; c++) {
      const w = this.noisyCounts[c]!;
      if (!this.empty && w <= 0) continue;
      this.cellCentreInto(c, centre);
      data.set(centre, row * this.d);
      weights[row] = this.empty ? 1 : w;
      row++;
    }
    this.#points = { data, n: used, d: this.d };
    this.#weights = weights;
    let totalWeight = 0;
    for (let i = 0; i < used; i++) totalWeight += weights[i]!;
    let cellVariance = 0;
    for (let t = 0; t < this.d; t++) {
      const h = (this.bounds.upper[t]! - this.bounds.lower[t]!) / this.gridSize;
      cellVariance += (h * h) / 12;
    }
    this.#withinCell = totalWeight * cellVariance;
  }

  /**
   * `JSON.stringify` shows what was released: settings, the public grid and the noisy counts (as a plain
   * array, not a typed array's `{"0": …}`).
   * @returns a plain object
   */
  toJSON(): Record<string, unknown> {
    return { ...settingsOf(this), noisyCounts: Array.from(this.noisyCounts) };
  }

  /** The centre of cell `index` (in data units). */
  cellCentre(index: number): number[] {
    const out = new Array<number>(this.d);
    this.cellCentreInto(index, out);
    return out;
  }

  private cellCentreInto(index: number, out: number[]): void {
    let rest = index;
    for (let t = 0; t < this.d; t++) {
      const i = rest % this.gridSize;
      rest = (rest - i) / this.gridSize;
      const lo = this.bounds.lower[t]!;
      const width = this.bounds.upper[t]! - lo;
      out[t] = lo + ((i + 0.5) * width) / this.gridSize;
    }
  }

  /** The cells with positive noisy count, as `{ centre, weight }` (for plotting the synopsis). */
  cells(): { centre: number[]; weight: number }[] {
    const out: { centre: number[]; weight: number }[] = [];
    for (let c = 0; c < this.noisyCounts.length; c++) {
      const w = this.noisyCounts[c]!;
      if (w > 0) out.push({ centre: this.cellCentre(c), weight: w });
    }
    return out;
  }

  /** Sum of the weights (noisy counts clipped at 0): an estimate of n plus the noise of empty cells. */
  get totalWeight(): number {
    let s = 0;
    for (let c = 0; c < this.noisyCounts.length; c++) s += Math.max(0, this.noisyCounts[c]!);
    return s;
  }

  /**
   * Weighted k-means on the cell centres: the EUGkM centres for k clusters. Free (post-processing).
   * With fewer non-empty cells than k some centres coincide.
   *
   * @param k - number of clusters (≥ 1)
   * @param options - `randomState` (default secure), `nInit` (10), `maxIter` (300)
   * @returns the centres, their synopsis inertia and the Lloyd updates of the kept restart
   * @throws InvalidInputError for a bad k or option
   */
  fit(k: number, options: SynopsisFitOptions = {}): SynopsisFit {
    validateNClusters(k, undefined, "k");
    const nInit = validateInteger(options.nInit ?? 10, "nInit", 1, MAX_RESTARTS);
    const maxIter = validateInteger(options.maxIter ?? 300, "maxIter", 1, MAX_ITERATIONS);
    const { points, weights } = this.pointsForK(k);
    const run = fitKMeans(points, {
      nClusters: k,
      nInit,
      maxIter,
      weights,
      random: toRandomSource(options.randomState),
    });
    return {
      centres: toRows(run.centres, k, this.d),
      flat: run.centres,
      inertia: run.inertia + this.#withinCell,
      nIter: run.nIter,
    };
  }

  /**
   * The inertia of any centres measured on the synopsis: Σ over cells of weight × squared distance from the
   * cell centre to the nearest centre, plus the spread inside the cells as if each cell's weight were
   * uniform in it (Σw·Σₜ hₜ²/12, the same for every set of centres). Private: it uses only the synopsis.
   * It estimates the true inertia, biased by the grid's coarseness and by the noise mass of empty cells.
   *
   * @param centres - k rows of d numbers
   * @returns the synopsis inertia
   */
  inertia(centres: ReadonlyArray<ArrayLike<number>>): number {
    const k = centres.length;
    const flat = new Float64Array(k * this.d);
    centres.forEach((c, j) => {
      if (c.length !== this.d) {
        throw new InvalidInputError(
          "dimension-mismatch",
          `centre ${j} has ${c.length} coordinates but the synopsis has ${this.d} features.`,
        );
      }
      for (let t = 0; t < this.d; t++) flat[j * this.d + t] = c[t]!;
    });
    const { data, n, d } = this.#points;
    let total = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const a = data[i * d + t]! - flat[j * d + t]!;
          s += a * a;
        }
        if (s < best) best = s;
      }
      total += this.#weights[i]! * best;
    }
    return total + this.#withinCell;
  }

  /**
   * The private elbow curve: synopsis inertia of the EUGkM fit for each k. Free (post-processing): the
   * whole curve costs only the synopsis' ε.
   *
   * @param ks - the numbers of clusters, e.g. [1, 2, …, 10]
   * @param options - as {@link EUGkMSynopsis.fit}; with a seed each k gets its own stream (`"<seed>/k=<k>"`)
   * @returns `{ k, inertia }` per k, in order
   */
  elbow(ks: ReadonlyArray<number>, options: SynopsisFitOptions = {}): PrivateElbowPoint[] {
    if (!Array.isArray(ks) || ks.length === 0) {
      throw new InvalidInputError("invalid-k", "ks must be a non-empty list of cluster counts, e.g. [1, 2, 3, 4, 5].");
    }
    if (ks.length > MAX_SWEEP_FITS) throw limitExceeded("ks.length (fits)", ks.length, MAX_SWEEP_FITS);
    const seed = options.randomState;
    const shared = typeof seed === "object" ? seed : seed === undefined ? createRandom() : undefined;
    return ks.map((k) => ({
      k,
      inertia: this.fit(k, { ...options, randomState: shared ?? `${seed}/k=${k}` }).inertia,
    }));
  }

  /** The clustering points for k: padded with zero-weight copies when there are fewer cells than k. */
  private pointsForK(k: number): { points: FlatMatrix; weights: Float64Array } {
    if (this.#points.n >= k) return { points: this.#points, weights: this.#weights };
    const { d } = this;
    const data = new Float64Array(k * d);
    const weights = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const from = i % this.#points.n;
      data.set(this.#points.data.subarray(from * d, from * d + d), i * d);
      weights[i] = i < this.#points.n ? this.#weights[i]! : 0;
    }
    return { points: { data, n: k, d }, weights };
  }
}

/**
 * Release an EUGkM synopsis of validated data (the engine behind `eugkmSynopsis` and the model).
 * Charges `epsilon` once (one ledger row: all cells in parallel).
 *
 * @param X - validated data
 * @param options - see {@link SynopsisBuildOptions}
 * @returns the synopsis
 */
export function buildSynopsis(X: FlatMatrix, options: SynopsisBuildOptions): EUGkMSynopsis {
  const { n, d, data } = X;
  const { bounds } = options;
  const m = options.gridSize;
  const cells = m ** d;
  const cellOf = new Int32Array(n);
  const scale = bounds.lower.map((l, t) => m / (bounds.upper[t]! - l));
  for (let i = 0; i < n; i++) {
    let index = 0;
    let stride = 1;
    for (let t = 0; t < d; t++) {
      const v = data[i * d + t]!;
      const lo = bounds.lower[t]!;
      let cell = Math.floor((v - lo) * scale[t]!);
      // Clamping the cell index is clamping the value into the box: the top edge belongs to the last cell.
      cell = cell < 0 ? 0 : cell >= m ? m - 1 : cell;
      index += cell * stride;
      stride *= m;
    }
    cellOf[i] = index;
  }
  const noisyCounts = noisyGroupCounts(cellOf, cells, {
    epsilon: options.epsilon,
    rng: options.rng,
    accountant: options.accountant,
    label: options.label ?? `EUGkM grid counts (${m}^${d} cells)`,
  });
  return new EUGkMSynopsis({ epsilon: options.epsilon, gridSize: m, size: options.size, bounds, noisyCounts });
}

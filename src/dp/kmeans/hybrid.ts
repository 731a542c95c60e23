/**
 * The hybrid of Su et al. (CODASPY 2016): EUGkM for good starting centres, then DPLloyd steps to refine
 * them on the raw data.
 *
 *     ε_grid, ε_lloyd ← split ε by `share` : 1 − share                (exact parts; default share 1/2)
 *     synopsis ← EUGkM grid counts with ε_grid;  start ← its weighted k-means centres   (post-processing)
 *     DPLloyd from `start` for T iterations with ε_lloyd               (T default 1)
 *
 * Why half of ε and one DPLloyd step by default: the EUGkM start is already close, and each extra step
 * halves the budget of every step. Measured on the Pokémon (log10 weight and height, k = 3, 50 seeds,
 * median quality ratio): share 0.5 with 1 step gave 2.77 / 1.86 / 1.06 / 1.02 at ε = 0.1 / 0.2 / 1 / 5;
 * with 2 steps 4.63 / 3.37 / 1.21 / 1.02; shares 0.3, 0.7 and 0.85 (1 step) were no better anywhere and
 * much worse at small ε (0.85: 9.11 at ε = 0.1). At these sizes EUGkM alone is better still (1.18 at
 * ε = 0.2): the hybrid is for comparisons and for data where the grid is coarse.
 */
import type { BudgetAccountant } from "../accountant";
import type { RandomSource } from "../random";
import { splitEpsilon } from "../split";
import type { Bounds, FlatMatrix } from "../../validate";
import { runDPLloyd, type DPLloydIteration } from "./dplloyd";
import { buildSynopsis, eugkmGridSize, type EUGkMSynopsis } from "./eugkm";

/** Default share of ε for the EUGkM start. */
export const HYBRID_GRID_SHARE = 0.5;
/** Default number of DPLloyd steps after the EUGkM start. */
export const HYBRID_ITERATIONS = 1;

/** Options of {@link runHybrid}. */
export interface HybridOptions {
  /** Number of clusters. */
  k: number;
  /** Total ε. */
  epsilon: number;
  /** The PUBLIC size (declared or a released noisy count) the grid size comes from; never the exact n. */
  size: number;
  /** Cells per feature of the start's grid. Default: Su et al.'s rule on `size` and the grid's ε. */
  gridSize?: number;
  /** Validated public bounds. */
  bounds: Bounds;
  /** Noise and restarts. */
  rng: RandomSource;
  /** The ledger. */
  accountant: BudgetAccountant;
  /** Share of ε for the grid, in (0, 1). Default {@link HYBRID_GRID_SHARE}. */
  gridShare?: number;
  /** DPLloyd steps. Default {@link HYBRID_ITERATIONS}. */
  iterations?: number;
  /** k-means++ restarts on the synopsis. Default 10. */
  nInit?: number;
}

/** The outcome of {@link runHybrid}. */
export interface HybridResult {
  /** Final centres, k × d. */
  readonly centres: Float64Array;
  /** The synopsis the start came from. */
  readonly synopsis: EUGkMSynopsis;
  /** The start (EUGkM centres), k × d. */
  readonly start: Float64Array;
  /** The DPLloyd iterations. */
  readonly iterations: DPLloydIteration[];
}

/**
 * Run the hybrid on validated data.
 *
 * @param X - validated data
 * @param options - see {@link HybridOptions}
 * @returns final centres, synopsis, start and iterations
 */
export function runHybrid(X: FlatMatrix, options: HybridOptions): HybridResult {
  const share = options.gridShare ?? HYBRID_GRID_SHARE;
  const [gridEpsilon, lloydEpsilon] = splitEpsilon(options.epsilon, [share, 1 - share]);
  const synopsis = buildSynopsis(X, {
    epsilon: gridEpsilon!,
    gridSize: options.gridSize ?? eugkmGridSize(options.size, gridEpsilon!, X.d),
    size: options.size,
    bounds: options.bounds,
    rng: options.rng,
    accountant: options.accountant,
    label: "hybrid: EUGkM grid counts",
  });
  const start = synopsis.fit(options.k, { randomState: options.rng, nInit: options.nInit ?? 10 }).flat;
  const run = runDPLloyd(X, {
    k: options.k,
    epsilon: lloydEpsilon!,
    bounds: options.bounds,
    rng: options.rng,
    accountant: options.accountant,
    iterations: options.iterations ?? HYBRID_ITERATIONS,
    init: start,
    label: "hybrid: DPLloyd",
  });
  return { centres: run.centres, synopsis, start, iterations: run.iterations };
}

/**
 * Which DP k-means algorithm to run, chosen from PUBLIC numbers only: ε, a public (or noisy) size n, the
 * number of features d and of clusters k. Never from the data: the choice itself then leaks nothing, and
 * it is the same on neighbouring datasets that share the public size.
 *
 * The analysis (Su, Cao, Li, Bertino & Jin, CODASPY 2016, sections 4–6): EUGkM releases one noisy count per
 * cell of a uniform grid with m cells per dimension, m = ⌊(n·ε/θ)^(2/(2+d))⌋, θ = 10 — the m that balances
 * the noise error (more cells: more noisy counts per point) against the grid's coarseness. Its error falls
 * like (n·ε)^(−2/(2+d)), slower and slower as d grows, and the grid has m^d cells; DPLloyd's error falls
 * like 1/(n·ε)² whatever the shape of the data, but from a start that knows nothing. So:
 *
 *     m ← ⌊(n·ε/θ)^(2/(2+d))⌋                                   (Su et al.'s grid)
 *     m < 2                         → dplloyd  (not even 2 cells per feature: the grid says nothing)
 *     d ≤ 3 and m^d ≤ budget        → eugkm, grid m
 *     d ≤ 3 and capped grid ≥ 16    → eugkm, grid ⌊budget^(1/d)⌋ (cells still far finer than the clusters)
 *     the hybrid's grid (ε/2) within budget has ≥ 2 cells per feature
 *                                   → hybrid   (grid start, then a DPLloyd step on the raw data)
 *     otherwise                     → dplloyd
 *
 * The cell budget {@link EUGKM_CELL_BUDGET} bounds the work: every cell gets noise and weighted k-means with
 * 10 restarts runs on every positive cell, so EUGkM's time grows with the cells, not with n (10⁶ points:
 * 0.23 s with 10⁵ cells at d = 2, 24 s with 12⁶ ≈ 3.0 M cells at d = 6).
 *
 * Measured (`npm run bench`, k = 3, median quality ratio = inertia / best non-private; 50 seeds on the
 * Pokémon, 20 on blobs of 10⁴ points, 1–3 at 10⁶):
 * - d = 1, 2 (Pokémon weight; log weight and height, n = 1,025): EUGkM best at every ε ≥ 0.2
 *   (ε = 1: 1.02 and 1.05 vs DPLloyd 2.32 and 1.25).
 * - d = 6 blobs, 10⁴ points: EUGkM 3.04 at ε = 1 (5^6 grid) vs hybrid 1.008, DPLloyd 1.06; at ε = 0.1 the
 *   hybrid's 2^6 grid still helps (1.88 vs DPLloyd 8.39): hence ≥ 2 cells per feature for the hybrid.
 * - d = 10 blobs, 10⁴ points: EUGkM 6.3–13 at every ε; hybrid 1.10 vs DPLloyd 4.01 at ε = 0.5 (2 cells per
 *   feature); at ε = 0.1 (hybrid grid of 1 cell) DPLloyd 5.7 vs hybrid 12.8.
 * - 10⁶ points, ε = 1: EUGkM 2.60 (d = 6) and 3.25 (d = 10) with its largest grids, DPLloyd and hybrid 1.0000.
 * - Pokémon base stats (d = 6, n = 1,025): the closest case — EUGkM 1.53 at ε = 1 vs DPLloyd 1.62 and
 *   hybrid 1.77; at ε = 2 the hybrid is best (1.30). The rule gives DPLloyd at ε ≤ 0.2 there (the hybrid's
 *   grid would have 1 cell per feature) and the hybrid from ε = 0.5: 1.92 / 1.77 / 1.30 / 1.17 at
 *   ε = 0.5 / 1 / 2 / 5 where the best of the three is 1.64 / 1.53 / 1.30 / 1.11 — a cost of up to 0.24
 *   in quality ratio on this broad, unclustered data, for the large wins above on clustered data.
 * d = 3–5 were not measured: EUGKM_MAX_FEATURES = 3 follows Su et al.'s finding that EUGkM's lead fades
 * with d, and is the first number to revisit with a bench at those d.
 */
import { InvalidInputError } from "../../errors";

/** The algorithms {@link chooseMethod} picks from (the same names as `DPKMeans`'s `method`). */
export type ChosenMethod = "eugkm" | "dplloyd" | "hybrid";

/** Public facts {@link chooseMethod} decides from. */
export interface ChooseInput {
  /** ε of the whole fit (> 0; `Infinity` for a noiseless comparison). */
  epsilon: number;
  /** The number of points: public, or a noisy count released earlier (any positive number; not read off data). */
  size: number;
  /** Number of features (a whole number ≥ 1). */
  d: number;
  /** Number of clusters (a whole number ≥ 1). */
  k: number;
}

/** The choice. */
export interface MethodChoice {
  /** The algorithm to run. */
  readonly method: ChosenMethod;
  /** Why, in one sentence a learner can read (numbers included). */
  readonly reason: string;
  /** EUGkM and hybrid: cells per feature of the grid to build (m^d ≤ {@link EUGKM_CELL_BUDGET}). */
  readonly gridSize?: number;
}

/**
 * Most grid cells EUGkM (or the hybrid's start) may build: 2^16 = 65,536. Every cell gets a noise draw
 * and every positive cell is a point of weighted k-means with 10 restarts, so this bounds the fit's time
 * whatever n is; at 2^16 cells a fit takes well under a second, while 2^20 cells (4^10 at d = 10) took
 * 8.7 s and 12⁶ cells at d = 6 24 s. At d = 2 it still allows 256 × 256 cells, finer than Su et al.'s
 * grid for up to 6.5 M points at ε = 1.
 */
export const EUGKM_CELL_BUDGET = 2 ** 16;

/** Su et al.'s θ in m = ⌊(n·ε/θ)^(2/(2+d))⌋ (the same constant EUGkM uses). */
export const CHOOSE_THETA = 10;

/** EUGkM is chosen only up to this many features: beyond it the measured quality favours DPLloyd or the hybrid. */
export const EUGKM_MAX_FEATURES = 3;

/** A grid capped by the budget still counts as fine when it keeps at least this many cells per feature. */
export const EUGKM_MIN_CAPPED_GRID = 16;

/**
 * The hybrid's start needs at least this many cells per feature to be worth its half of ε (measured: with
 * 2 cells per feature it still beats DPLloyd on blobs at d = 6 and 10; with 1 it is far worse).
 */
export const HYBRID_MIN_GRID = 2;

/** Su et al.'s grid size for n points at ε in d dimensions (≥ 1; `Infinity` when n·ε is infinite). */
function ruleGridSize(size: number, epsilon: number, d: number): number {
  return Math.max(1, Math.floor(((size * epsilon) / CHOOSE_THETA) ** (2 / (2 + d))));
}

/** The largest m with m^d ≤ {@link EUGKM_CELL_BUDGET} (exact integer check, no rounding surprises). */
function budgetGridSize(d: number): number {
  let m = Math.max(1, Math.floor(EUGKM_CELL_BUDGET ** (1 / d)));
  while (m > 1 && m ** d > EUGKM_CELL_BUDGET) m--;
  while ((m + 1) ** d <= EUGKM_CELL_BUDGET) m++;
  return m;
}

function check(value: unknown, name: string, what: string, ok: (v: number) => boolean): number {
  if (typeof value !== "number" || Number.isNaN(value) || !ok(value)) {
    throw new InvalidInputError("invalid-parameter", `chooseMethod: ${name} must be ${what}; got ${String(value)}.`);
  }
  return value;
}

/**
 * Pick the DP k-means algorithm from public numbers only (see the module comment for the rule).
 *
 * @param input - `epsilon` (> 0), `size` (public or noisy n, > 0), `d` and `k` (whole numbers ≥ 1)
 * @returns `{ method, reason, gridSize? }`; `gridSize` (cells per feature) for EUGkM and the hybrid, with
 *   gridSize^d ≤ {@link EUGKM_CELL_BUDGET}
 * @throws InvalidInputError when an argument is missing or out of range
 * @example
 * chooseMethod({ epsilon: 1, size: 1025, d: 2, k: 3 });
 * // { method: "eugkm", gridSize: 10, reason: "…" }: the Pokémon's weight and height
 * chooseMethod({ epsilon: 1, size: 1_000_000, d: 10, k: 3 }).method; // "dplloyd"
 */
export function chooseMethod(input: ChooseInput): MethodChoice {
  if (typeof input !== "object" || input === null) {
    throw new InvalidInputError(
      "invalid-parameter",
      "chooseMethod takes { epsilon, size, d, k }: the budget, the public number of points, features and clusters.",
    );
  }
  const epsilon = check(input.epsilon, "epsilon", "a number > 0 (Infinity for no noise)", (v) => v > 0);
  const size = check(input.size, "size", "a finite number > 0 (the public or noisy number of points)", (v) => v > 0 && Number.isFinite(v));
  const d = check(input.d, "d", "a whole number ≥ 1 (features)", (v) => Number.isInteger(v) && v >= 1);
  check(input.k, "k", "a whole number ≥ 1 (clusters)", (v) => Number.isInteger(v) && v >= 1);

  const m = ruleGridSize(size, epsilon, d);
  const cap = budgetGridSize(d);
  const cells = (g: number) => `${g}^${d} = ${(g ** d).toLocaleString("en-US")} cells`;
  if (m < 2) {
    return {
      method: "dplloyd",
      reason: `n·ε = ${round(size * epsilon)} is too small for a grid in ${d} dimensions (Su et al.'s rule gives 1 cell per feature): DPLloyd.`,
    };
  }
  if (d <= EUGKM_MAX_FEATURES) {
    if (m <= cap) {
      return { method: "eugkm", gridSize: m, reason: `${d} feature(s) and n·ε = ${round(size * epsilon)}: EUGkM's grid of ${cells(m)} pays.` };
    }
    if (cap >= EUGKM_MIN_CAPPED_GRID) {
      return {
        method: "eugkm",
        gridSize: cap,
        reason: `${d} feature(s): EUGkM, its grid capped from ${m} to ${cells(cap)} (budget ${EUGKM_CELL_BUDGET.toLocaleString("en-US")}), still fine.`,
      };
    }
  }
  const mHybrid = Math.min(ruleGridSize(size, epsilon / 2, d), cap);
  if (mHybrid >= HYBRID_MIN_GRID) {
    return {
      method: "hybrid",
      gridSize: mHybrid,
      reason: `${d} features: a grid of ${cells(mHybrid)} with ε/2 gives a start, one DPLloyd step on the data refines it (hybrid).`,
    };
  }
  return {
    method: "dplloyd",
    reason:
      `${d} features: the hybrid's grid with ε/2 would have ${mHybrid} cell per feature (it needs at least ` +
      `${HYBRID_MIN_GRID}; Su et al.'s rule gives ${m} with all of ε, the cell budget allows ${cap}): DPLloyd.`,
  };
}

function round(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : "∞";
}

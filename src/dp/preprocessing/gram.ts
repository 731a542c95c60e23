/**
 * A noisy Gram matrix XᵀX under pure ε-differential privacy: Laplace-shaped noise on the d(d+1)/2 entries
 * of the upper triangle, calibrated to their joint L1 sensitivity (the "Laplace on the covariance"
 * alternative to Analyze Gauss, which needs δ > 0; Dwork, Talwar, Thakurta & Zhang, STOC 2014, analyse
 * both).
 *
 * Sensitivity. Rows are clipped to L2 norm ≤ R (the public `dataNorm`). Adding or removing a row x
 * changes entry (i, j) by xᵢxⱼ, so the upper triangle moves in L1 by
 *
 *     Σ_{i≤j} |xᵢxⱼ| = (‖x‖₁² + ‖x‖₂²)/2 ≤ (d·R² + R²)/2 = (d + 1)·R²/2 =: Δ₁      (‖x‖₁² ≤ d‖x‖₂²)
 *
 * Noise on a grid (as `GridLaplaceMechanism`, see `src/dp/grid.ts`), one grid for all E = d(d+1)/2
 * entries: entry e is released as (round(g̃_e/Λ) + Z_e)·Λ with independent Z_e ~ DiscreteLaplace(γ). For
 * neighbours, Σ_e |q_e − q′_e| < Δ₁/Λ + 2E (rounding adds < 1 step per entry, a floating-point error below
 * Λ/2 per entry another < 1; the Gram entries are computed with compensated sums, so their error, at most
 * 3n·2^-53·R², is far below that — checked, with an error for absurdly many rows). The mechanism is built with sensitivity S = Δ₁/(1 − 2E/2^12), so that S/Λ ≥ Δ₁/Λ + 2E
 * (Λ ≤ S/2^12), and γ ≤ ε/(⌈S/Λ⌉ + 1): the joint ratio of probabilities is at most e^(γ·Σ|q − q′|) ≤ e^ε.
 * The scale is Δ₁/ε up to a factor 1/(1 − 2E/4096) (0.15% at d = 2). One ledger row: ε, sensitivity Δ₁.
 */
import { InvalidInputError } from "../../errors";
import { MAX_VALUES } from "../../limits";
import type { BudgetAccountant } from "../accountant";
import { GridLaplaceMechanism } from "../grid-laplace";
import { GRID_BITS } from "../grid";
import type { RandomSource } from "../random";

/** Options of {@link noisyGram}. */
export interface NoisyGramOptions {
  /** ε of the whole matrix. */
  epsilon: number;
  /** Public bound R on every row's L2 norm (rows are already clipped to it). */
  dataNorm: number;
  /** Noise source. */
  rng: RandomSource;
  /** Ledger. */
  accountant: BudgetAccountant;
  /** Ledger label. Default `"PCA: XᵀX upper triangle"`. */
  label?: string;
}

/**
 * The noisy symmetric d × d matrix XᵀX of rows already clipped to norm `dataNorm`.
 *
 * @param rows - n × d, row-major, every row with L2 norm ≤ dataNorm
 * @param n - rows
 * @param d - columns (at most 63: the grid argument needs d(d+1) < 2^12)
 * @param options - ε, dataNorm, rng, accountant, label
 * @returns the noisy matrix (rows of numbers, symmetric) and the L1 sensitivity used
 */
export function noisyGram(
  rows: Float64Array,
  n: number,
  d: number,
  options: NoisyGramOptions,
): { gram: number[][]; sensitivity: number; mechanism: GridLaplaceMechanism } {
  const entries = (d * (d + 1)) / 2;
  if (2 * entries >= 2 ** GRID_BITS) {
    throw new InvalidInputError(
      "too-many-dimensions",
      `The DP PCA supports at most 63 features (the noisy covariance has d(d+1)/2 entries); got ${d}. ` +
        `Fix: select fewer features first.`,
    );
  }
  const sensitivity = ((d + 1) * options.dataNorm * options.dataNorm) / 2;
  const mechanism = new GridLaplaceMechanism({
    epsilon: options.epsilon,
    sensitivity: sensitivity / (1 - (2 * entries) / 2 ** GRID_BITS),
  });
  // Floating-point error of an entry: each product is off by ≤ 2^-53 of |xₐx_b| ≤ R², the compensated sum by
  // ≤ 2·2^-53 of the total: at most 3m·2^-53·R² for m rows. The argument above needs it below Λ/2. m is the
  // most rows any input can hold (MAX_VALUES), never the private n: the outcome reads public settings only,
  // and with the grid capped at ε = 8 (src/limits.ts) it never refuses (an assertion).
  if (mechanism.grid !== undefined && 3 * MAX_VALUES * 2 ** -53 * options.dataNorm ** 2 >= mechanism.grid / 2) {
    throw new InvalidInputError(
      "round-off-margin",
      `The DP PCA's noise grid at ε = ${options.epsilon} is too fine for the rounding error of up to 2^32 ` +
        `rows. Fix: use a smaller ε.`,
    );
  }
  options.accountant.spend({
    label: options.label ?? "PCA: XᵀX upper triangle",
    epsilon: options.epsilon,
    sensitivity,
    mechanism: `grid Laplace on the ${entries} upper-triangle entries (L1 sensitivity (d+1)R²/2)`,
  });
  const gram: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      // Neumaier-compensated sum: its error stays far below one grid step.
      let sum = 0;
      let compensation = 0;
      for (let i = 0; i < n; i++) {
        const x = rows[i * d + a]! * rows[i * d + b]!;
        const t = sum + x;
        compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
        sum = t;
      }
      const noisy = mechanism.randomise(sum + compensation, options.rng);
      gram[a]![b] = noisy;
      gram[b]![a] = noisy;
    }
  }
  return { gram, sensitivity, mechanism };
}

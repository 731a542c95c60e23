/**
 * The grid Laplace mechanism for real-valued queries (means, variances, any statistic with a known
 * sensitivity): Laplace-shaped noise on a power-of-two grid, immune to Mironov's floating-point attack.
 * The construction and its sensitivity argument are in `grid.ts`; in short:
 *
 *     Λ ← power of two ≤ min(Δ/ε, Δ)/2^12
 *     return (round(f(D)/Λ) + Z)·Λ,   Z ~ DiscreteLaplace(γ),  γ ≤ ε/(⌈Δ/Λ⌉ + 1)
 *
 * References: Dwork, McSherry, Nissim & Smith, TCC 2006 (Laplace mechanism); Mironov, "On significance of
 * the least significant bits for differential privacy", CCS 2012 (the attack, and snapping as a fix);
 * Canonne, Kamath & Steinke, NeurIPS 2020 (exact discrete Laplace sampler).
 */
import { InvalidInputError } from "../errors";
import { GridNoise, gridIndex } from "./grid";
import type { RandomSource } from "./random";
import { chargeRelease } from "./release";
import type { RationalRate } from "./samplers";
import type { Mechanism, PrivacyCost, ReleaseOptions } from "./types";
import { checkEpsilon, checkSensitivity } from "./validate";

/** Options of {@link GridLaplaceMechanism}. */
export interface GridLaplaceOptions {
  /** Privacy parameter ε > 0; `Infinity` releases the exact value (no noise, no privacy). */
  epsilon: number;
  /** The most one record can change the value (finite, ≥ 0). Required: there is no safe default. */
  sensitivity: number;
}

/**
 * Adds Laplace-shaped noise on a power-of-two grid to a real value: ε-differentially private for a query
 * whose value moves by at most `sensitivity` between neighbouring datasets (and whose floating-point
 * evaluation is accurate to better than one grid step, which ordinary sums and means easily are).
 *
 * @example
 * const m = new GridLaplaceMechanism({ epsilon: 1, sensitivity: 0.01 });
 * m.grid;                                       // 2^-19: outputs are multiples of it
 * m.release(0.4213, { rng: createRandom(3) });  // e.g. 0.41378…
 */
export class GridLaplaceMechanism implements Mechanism {
  /** @inheritdoc */
  readonly mechanism = "grid Laplace";
  /** ε as requested. */
  readonly epsilon: number;
  /** @inheritdoc */
  readonly sensitivity: number;
  /** @inheritdoc */
  readonly privacyCost: PrivacyCost;
  /** The grid step Λ (a power of two); `undefined` when no noise is added (ε = ∞ or Δ = 0). */
  readonly grid: number | undefined;
  /** The sensitivity in grid steps, ⌈Δ/Λ⌉ + 1; `undefined` when no noise is added. */
  readonly gridSensitivity: number | undefined;
  /** The exact noise rate per grid step; `undefined` when no noise is added. */
  readonly rate: RationalRate | undefined;
  /** The privacy loss the noise guarantees (≤ ε); 0 when no noise is added. */
  readonly noiseEpsilon: number;
  /** The noise scale in the value's units (≈ Δ/ε, at most 0.05% more); 0 when no noise is added. */
  readonly scale: number;

  private readonly noise: GridNoise | undefined;

  /**
   * @param options - `epsilon` and `sensitivity`, both required
   * @throws InvalidInputError for ε below 1e-10 (or ≤ 0, or NaN), or a sensitivity that is negative,
   *   non-finite or above 1e250 (see `src/limits.ts`)
   */
  constructor(options: GridLaplaceOptions) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidInputError(
        "invalid-options",
        "GridLaplaceMechanism needs an options object. Fix: new GridLaplaceMechanism({ epsilon: 1, sensitivity: 1 }).",
      );
    }
    this.epsilon = checkEpsilon(options.epsilon);
    this.sensitivity = checkSensitivity(options.sensitivity);
    this.privacyCost = Object.freeze({ epsilon: this.epsilon, delta: 0 });
    this.noise =
      this.epsilon === Infinity || this.sensitivity === 0
        ? undefined
        : new GridNoise(this.epsilon, this.sensitivity, 1);
    this.grid = this.noise?.grid;
    this.gridSensitivity = this.noise?.gridSensitivity;
    this.rate = this.noise?.rate;
    this.noiseEpsilon = this.noise?.noiseEpsilon ?? 0;
    this.scale = this.noise?.scale ?? 0;
  }

  /** @inheritdoc */
  privacyMap(recordsChanged = 1): PrivacyCost {
    return { epsilon: this.epsilon * recordsChanged, delta: 0 };
  }

  /**
   * The noisy value WITHOUT recording anything in a ledger (low level; prefer {@link release}).
   *
   * @param value - the exact value, finite
   * @param rng - the random source
   * @returns a multiple of {@link grid} (the value itself when no noise is added)
   * @throws InvalidInputError for NaN or ±Infinity
   */
  randomise(value: number, rng: RandomSource): number {
    checkFiniteValue(value);
    if (this.noise === undefined) return value;
    return this.noise.noisyValueAt(gridIndex(value, this.noise.grid), rng);
  }

  /**
   * Release a noisy value: record the spend in the accountant (refusing if over budget), then add noise.
   *
   * @param value - the exact value, finite
   * @param options - `rng` (default secure), `accountant` (default: the default accountant), `label`
   * @returns a multiple of {@link grid}
   * @throws BudgetExceededError before any noise is drawn; InvalidInputError for a non-finite value
   */
  release(value: number, options: ReleaseOptions = {}): number {
    checkFiniteValue(value);
    const rng = chargeRelease(this, options, "grid Laplace release");
    return this.randomise(value, rng);
  }
}

function checkFiniteValue(value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidInputError(
      "non-finite-value",
      `The value to release is ${value}, not a finite number. Fix: check the statistic for missing or ` +
        `infinite inputs before releasing it.`,
    );
  }
}

/**
 * The small vocabulary every mechanism shares: what a release costs, and what a caller passes to release.
 */
import type { BudgetAccountant } from "./accountant";
import type { RandomSource } from "./random";

/**
 * The privacy cost of one release, (ε, δ): pure ε-differential privacy has `delta: 0`.
 * Neighbouring datasets differ by adding or removing one record unless a mechanism says otherwise.
 */
export interface PrivacyCost {
  /** ε ≥ 0; `Infinity` for a release without noise. */
  readonly epsilon: number;
  /** δ in [0, 1); 0 for every mechanism in this folder. */
  readonly delta: number;
}

/** How a caller releases a value through a mechanism's `release` method. */
export interface ReleaseOptions {
  /**
   * Where the noise comes from. Default: a secure source (`crypto`). Pass a seeded source
   * (`createRandom(seed)`) only for teaching and tests: seeded noise can be recomputed by anyone who
   * knows the seed, so it protects nothing.
   */
  rng?: RandomSource;
  /**
   * The ledger this release is charged to, before any noise is drawn. Default: the current default
   * accountant ({@link getDefaultAccountant}: unlimited unless set with `withAccountant`).
   */
  accountant?: BudgetAccountant;
  /** What is being released, shown in the ledger (e.g. `"iteration 2: cluster counts"`). */
  label?: string;
}

/**
 * What every mechanism in this folder offers (in the manner of OpenDP: a function plus its privacy map).
 * Mechanisms are immutable once constructed; constructing one validates its arguments.
 */
export interface Mechanism {
  /** A short human-readable name, recorded in the ledger, e.g. `"discrete Laplace"`. */
  readonly mechanism: string;
  /** The privacy cost of one release on neighbouring datasets (one record added or removed). */
  readonly privacyCost: PrivacyCost;
  /** The sensitivity the mechanism was built for (how far one record can move the exact value). */
  readonly sensitivity: number;
  /**
   * The privacy map: the cost of one release when the datasets differ in `recordsChanged` records
   * (group privacy: ε grows linearly).
   */
  privacyMap(recordsChanged?: number): PrivacyCost;
}

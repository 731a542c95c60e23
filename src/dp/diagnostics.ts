/**
 * Exact diagnostics: numbers computed from the raw data WITHOUT noise, for teaching and for the data's
 * owner — never for publication. Each carries `privacy: EXACT` so the type (and a printout) says so.
 *
 * Why they live apart: under add/remove-one neighbours anything exact — a count of clipped values, the
 * number of rows, labels, inertia — can change with one record, deterministically. A release that carried
 * one would not be ε-DP for any finite ε. Models keep what they released (`model.released`) apart from
 * these (`model.exact`).
 */
import { checkWithinBounds, toMatrix, validateBounds, type BoundsInput, type MatrixInput } from "../validate";

/** The mark every exact diagnostic carries. */
export const EXACT = "exact diagnostic: computed from the raw data without noise, NOT private" as const;

/** The mark every released output carries. */
export const RELEASED = "released: differentially private (noisy outputs, public settings, post-processing)" as const;

/** How many values lie outside public bounds: an exact diagnostic. */
export interface OutsideBoundsCount {
  /** {@link EXACT}: this is not private. */
  readonly privacy: typeof EXACT;
  /** Values (cells) outside their feature's bounds: the ones a DP model clips. */
  readonly values: number;
  /** Rows with at least one value outside. */
  readonly rows: number;
  /** Values outside, per feature. */
  readonly perFeature: readonly number[];
}

/**
 * Count the values outside public bounds — what a DP model clips — EXACTLY. Look at it to choose better
 * public bounds; do not publish it: one outlying record changes it from 0 to 1, so printing it in a
 * published notebook releases a fact about that record.
 *
 * @param X - rows of numbers, a DataFrame or a flat matrix
 * @param bounds - the public bounds, as a model takes them
 * @returns the exact counts, marked {@link EXACT}
 * @throws InvalidInputError for bad data or bounds
 * @example
 * countOutsideBounds([[0.5], [12]], { lower: 0, upper: 10 }).values;   // 1 — exact, not private
 */
export function countOutsideBounds(X: MatrixInput, bounds: BoundsInput): OutsideBoundsCount {
  const m = toMatrix(X);
  const check = checkWithinBounds(m, validateBounds(bounds, m.d));
  return { privacy: EXACT, values: check.outside, rows: check.rowsOutside, perFeature: check.perFeature };
}

/**
 * What a DP release may claim, in one place for the report, the comparison table and `audit.json`:
 * ε = ∞ adds no noise at all, so such a release is NOT differentially private and must never be called so
 * (the mechanisms accept ε = Infinity on purpose, to compare with the exact values).
 */

/** The words every output uses for a release made with ε = ∞. */
export const NOT_DIFFERENTIALLY_PRIVATE = "not differentially private (ε = ∞)";

/**
 * Whether a release made with this ε is differentially private: only for a finite ε > 0.
 *
 * @param epsilon - the release's total ε
 * @example isDifferentiallyPrivate(Infinity) // false
 */
export function isDifferentiallyPrivate(epsilon: number): boolean {
  return Number.isFinite(epsilon) && epsilon > 0;
}

/**
 * ε as people write it: the number, or `∞`.
 *
 * @param epsilon - the value
 * @example epsilonText(Infinity) // "∞"
 */
export function epsilonText(epsilon: number): string {
  if (epsilon === Infinity) return "∞";
  if (epsilon === -Infinity) return "-∞";
  return String(epsilon);
}

/**
 * The guarantee of a DP release in one phrase: `ε-differential privacy, ε = 1`, or
 * {@link NOT_DIFFERENTIALLY_PRIVATE} for ε = ∞.
 *
 * @param epsilon - the release's total ε
 */
export function dpGuarantee(epsilon: number): string {
  return isDifferentiallyPrivate(epsilon) ? `ε-differential privacy, ε = ${epsilonText(epsilon)}` : NOT_DIFFERENTIALLY_PRIVATE;
}

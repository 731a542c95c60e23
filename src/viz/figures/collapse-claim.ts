/**
 * A degenerate fit, named where it happens: a clustering whose clusters collapsed (fewer non-empty
 * clusters than k) draws like a normal chart with fewer colours, and a learner reads it as "the data has
 * fewer groups". This builds the claim card that says so, from {@link clusterOccupancy}.
 *
 * The sizes come from labels, exact diagnostics of the raw data: the card says "not private".
 */
import { clusterOccupancy } from "../../cluster/occupancy";
import type { ClaimInput } from "../claims";

/** Options of {@link collapseClaim}. */
export interface CollapseClaimOptions {
  /** The card's id (kebab-case, unique in the lesson). Default `"no-collapse"`. */
  id?: string;
  /** What was fitted, for the claim's text, e.g. `"The DP model"`. Default `"The fit"`. */
  what?: string;
  /** What the points are, plural, e.g. `"Pokémon"`. Default `"points"`. */
  noun?: string;
}

/**
 * The claim "all k clusters hold points", with the cluster sizes as measured and, when it does not hold,
 * which clusters are empty and why that matters.
 *
 * @param labels - one label in 0..k-1 per point (exact labels: a diagnostic, not private)
 * @param k - the number of clusters the model was asked for
 * @param options - id, what was fitted, the points' noun
 * @returns the input of `showClaim` (never central: a collapse is a fact of one run, not a lesson's claim)
 */
export function collapseClaim(labels: ArrayLike<number>, k: number, options: CollapseClaimOptions = {}): ClaimInput {
  const { id = "no-collapse", what = "The fit", noun = "points" } = options;
  const occupancy = clusterOccupancy(labels, k);
  const empty = occupancy.empty.join(", ");
  return {
    id,
    claim: `${what} keeps all ${k} clusters: each holds some ${noun}`,
    measured:
      `${occupancy.occupied} of ${k} clusters hold ${noun} (sizes ${occupancy.sizes.join(", ")}; ` +
      "exact diagnostic, not private)",
    holds: !occupancy.collapsed,
    reason: occupancy.collapsed
      ? `the fit collapsed: ${occupancy.empty.length} of ${k} clusters (label ${empty}) ` +
        `hold${occupancy.empty.length === 1 ? "s" : ""} no ${noun}; a ` +
        `centre with no ${noun} sits where there is no data (noise put it there), so the chart shows ` +
        `${occupancy.occupied} colours, not ${k}`
      : "",
  };
}

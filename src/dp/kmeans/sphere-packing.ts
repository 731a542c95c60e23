/**
 * Data-independent starting centres for DPLloyd: random points in the public bounds box, kept apart
 * ("sphere packing", Su et al., CODASPY 2016; the rule diffprivlib 0.6.6 implements). They use only the
 * bounds and public randomness, so they cost no privacy budget.
 *
 *     p ← (smallest feature range) / 2
 *     repeat:
 *        draw candidates uniformly in the box shrunk by p on every side;
 *        accept one when it is at least 2p from every accepted centre;
 *        after 100 rejections in a row, halve p and start again from no centres
 *     until k centres are accepted
 */
import type { RandomSource } from "../random";
import type { Bounds } from "../../validate";

/** Rejections in a row before the radius is halved (diffprivlib's constant). */
const MAX_RETRIES = 100;

/**
 * k starting centres spread over the bounds box, chosen without looking at the data.
 *
 * @param bounds - validated public bounds, one `lower`/`upper` per feature (lower < upper)
 * @param k - number of centres (≥ 1)
 * @param rng - the random source (public randomness: the centres reveal nothing about the data)
 * @returns k × d centres, row-major, each inside the bounds
 * @example
 * spherePackingCentres({ lower: [0, 0], upper: [10, 10] }, 3, createRandom(1)); // three well-separated points
 */
export function spherePackingCentres(bounds: Bounds, k: number, rng: RandomSource): Float64Array {
  const d = bounds.lower.length;
  const range = bounds.lower.map((l, t) => bounds.upper[t]! - l);
  let radius = Math.min(...range) / 2;
  const centres = new Float64Array(k * d);
  const candidate = new Float64Array(d);
  for (;;) {
    let accepted = 0;
    let retries = 0;
    while (accepted < k && retries < MAX_RETRIES) {
      for (let t = 0; t < d; t++) {
        candidate[t] = bounds.lower[t]! + radius + rng.uniform() * (range[t]! - 2 * radius);
      }
      let nearest = Infinity;
      for (let j = 0; j < accepted; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const a = candidate[t]! - centres[j * d + t]!;
          s += a * a;
        }
        if (s < nearest) nearest = s;
      }
      if (Math.sqrt(nearest) >= 2 * radius) {
        centres.set(candidate, accepted * d);
        accepted++;
        retries = 0;
      } else {
        retries++;
      }
    }
    if (accepted === k) return centres;
    // Halving always succeeds eventually: below the floating-point resolution of the box any two
    // distinct candidates are "far enough", and at radius 0 every candidate is accepted.
    radius = radius / 2 < Number.MIN_VALUE ? 0 : radius / 2;
  }
}

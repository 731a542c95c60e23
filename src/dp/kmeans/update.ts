/**
 * DPLloyd's update step from NOISY statistics: new centre = noisy sum / noisy count. Pure
 * post-processing of released values and public randomness, so it costs no privacy, but it must cope
 * with what noise produces:
 *
 * - a noisy count ≥ 1: the centre is sum / count, clamped into the public bounds (a tiny count with a
 *   large sum noise would otherwise throw the centre far outside the data's domain);
 * - a noisy count < 1 (zero or negative: the cluster is empty, or too small to tell from noise): the
 *   centre would be meaningless. diffprivlib 0.6.6 skips such clusters (and decides which by the EXACT
 *   count, a data-dependent choice), so a centre that lost its points stays in empty space for ever: a
 *   "dead centroid". Here the cluster is re-seeded instead: its centre moves next to the centre of the
 *   cluster with the largest noisy count, displaced by 1% of the bounds' range in a random direction.
 *   The next assignment then splits that large cluster in two, the private analogue of scikit-learn's
 *   "move an empty cluster to the farthest point" rule. Several empty clusters go to the largest,
 *   second-largest, … clusters in turn. If no cluster has a count ≥ 1, every centre stays where it was.
 */
import type { RandomSource } from "../random";
import type { Bounds } from "../../validate";

/** The result of {@link updateFromNoisyStatistics}. */
export interface NoisyUpdate {
  /** The new centres, k × d row-major (a new array). */
  readonly centres: Float64Array;
  /** The clusters whose noisy count was below 1 and were re-seeded next to a large cluster. */
  readonly reseeded: number[];
}

/** Size of the re-seeding displacement, as a share of each feature's range. */
export const RESEED_OFFSET = 0.01;

/** A noisy count below this means "empty": the cluster is re-seeded. */
export const MIN_NOISY_COUNT = 1;

/**
 * New centres from noisy counts and sums (see the module comment for the rules).
 *
 * @param counts - noisy counts, length k
 * @param sums - noisy sums, k × d row-major
 * @param previous - the centres the statistics were computed with, k × d
 * @param bounds - the public bounds (centres are clamped into them)
 * @param rng - public randomness for the re-seeding directions
 * @returns the new centres and the re-seeded clusters
 */
export function updateFromNoisyStatistics(
  counts: ArrayLike<number>,
  sums: ArrayLike<number>,
  previous: Float64Array,
  bounds: Bounds,
  rng: RandomSource,
): NoisyUpdate {
  const k = counts.length;
  const d = bounds.lower.length;
  const centres = new Float64Array(k * d);
  const empty: number[] = [];
  const alive: number[] = [];
  for (let j = 0; j < k; j++) {
    const count = counts[j]!;
    if (count >= MIN_NOISY_COUNT) {
      alive.push(j);
      for (let t = 0; t < d; t++) {
        const v = sums[j * d + t]! / count;
        const lo = bounds.lower[t]!;
        const hi = bounds.upper[t]!;
        centres[j * d + t] = v < lo ? lo : v > hi ? hi : v;
      }
    } else {
      empty.push(j);
    }
  }
  if (empty.length === 0) return { centres, reseeded: [] };
  if (alive.length === 0) return { centres: previous.slice(), reseeded: [] };
  // Largest noisy count first; ties to the lower index, so the rule is deterministic given the counts.
  alive.sort((a, b) => counts[b]! - counts[a]! || a - b);
  empty.forEach((j, i) => {
    const host = alive[i % alive.length]!;
    const direction = randomDirection(d, rng);
    // Step away from the host; if that leaves the box (a host on the boundary), step the other way.
    const outside = direction.some((u, t) => {
      const v = centres[host * d + t]! + RESEED_OFFSET * (bounds.upper[t]! - bounds.lower[t]!) * u;
      return v < bounds.lower[t]! || v > bounds.upper[t]!;
    });
    const sign = outside ? -1 : 1;
    for (let t = 0; t < d; t++) {
      const range = bounds.upper[t]! - bounds.lower[t]!;
      const v = centres[host * d + t]! + sign * RESEED_OFFSET * range * direction[t]!;
      const lo = bounds.lower[t]!;
      const hi = bounds.upper[t]!;
      centres[j * d + t] = v < lo ? lo : v > hi ? hi : v;
    }
  });
  return { centres, reseeded: empty };
}

/** A uniformly random unit vector (normalised Gaussian draws, Box–Muller). */
function randomDirection(d: number, rng: RandomSource): number[] {
  for (;;) {
    const v: number[] = [];
    let norm = 0;
    for (let t = 0; t < d; t++) {
      const u = 1 - rng.uniform();
      const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
      v.push(g);
      norm += g * g;
    }
    if (norm > 0) return v.map((g) => g / Math.sqrt(norm));
  }
}

/**
 * How close each point lies to a border between clusters: its margin, the distance to the second-nearest
 * centre minus the distance to the nearest (plain Euclidean distances, not squared, so the margin is in the
 * data's units). A point on a border has margin 0; noise that moves the centres a little moves the points
 * with small margins to another cluster. One definition for every lesson that speaks of "near a border".
 */
import { InvalidInputError } from "../errors";

/**
 * The margin of each point to the given centres.
 *
 * @param points - n points of dimension d
 * @param centres - at least two centres of dimension d
 * @returns one margin ≥ 0 per point
 * @throws InvalidInputError with fewer than two centres or mismatched dimensions
 */
export function borderMargins(points: readonly (readonly number[])[], centres: readonly (readonly number[])[]): number[] {
  if (centres.length < 2) {
    throw new InvalidInputError("too-few-centres", `a margin needs at least two centres, got ${centres.length}; use a model with k ≥ 2.`);
  }
  const d = centres[0]!.length;
  if (centres.some((c) => c.length !== d) || points.some((p) => p.length !== d)) {
    throw new InvalidInputError("dimension-mismatch", `points and centres must have the same number of features (${d}); pass the matrix the model was fitted on.`);
  }
  return points.map((p) => {
    let nearest = Infinity;
    let second = Infinity;
    for (const c of centres) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (p[j]! - c[j]!) ** 2;
      const distance = Math.sqrt(s);
      if (distance < nearest) {
        second = nearest;
        nearest = distance;
      } else if (distance < second) second = distance;
    }
    return second - nearest;
  });
}

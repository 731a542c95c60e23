/**
 * The speed bench's floor: ONE tight pass over the data — squared distance of every point to k centres,
 * nearest centre, and the per-cluster count and coordinate sums accumulated — with nothing else (no
 * validation, no labels array, no allocation but the k·(d + 1) sums). Every clustering method reads the
 * data at least once in this way, so a row's fit time divided by this row's (the "× floor" column) says how
 * many such passes the method costs. Timed in the same run on the same data, so machine load affects both.
 */
import { toRows, type FlatMatrix } from "../../src/validate";
import { registerSpeedMethod, SPEED_DIMS } from "./registry";

/** One assignment + accumulation pass from the first k points; returns the updated means. */
export function floorPass(X: FlatMatrix, k: number): Float64Array {
  const { data, n, d } = X;
  const centres = data.slice(0, k * d);
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  if (d === 2) {
    for (let i = 0; i < n; i++) {
      const x0 = data[2 * i]!;
      const x1 = data[2 * i + 1]!;
      let best = 0;
      let bestDist = Infinity;
      for (let j = 0; j < k; j++) {
        const a = x0 - centres[2 * j]!;
        const b = x1 - centres[2 * j + 1]!;
        const dist = a * a + b * b;
        if (dist < bestDist) {
          bestDist = dist;
          best = j;
        }
      }
      counts[best]++;
      sums[2 * best] += x0;
      sums[2 * best + 1] += x1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const base = i * d;
      let best = 0;
      let bestDist = Infinity;
      for (let j = 0; j < k; j++) {
        const cb = j * d;
        let dist = 0;
        for (let t = 0; t < d; t++) {
          const a = data[base + t]! - centres[cb + t]!;
          dist += a * a;
        }
        if (dist < bestDist) {
          bestDist = dist;
          best = j;
        }
      }
      counts[best]++;
      const sb = best * d;
      for (let t = 0; t < d; t++) sums[sb + t] += data[base + t]!;
    }
  }
  for (let j = 0; j < k; j++) {
    if (counts[j]! > 0) for (let t = 0; t < d; t++) centres[j * d + t] = sums[j * d + t]! / counts[j]!;
  }
  return centres;
}

registerSpeedMethod<FlatMatrix>({
  method: "floor",
  dims: SPEED_DIMS,
  // Cheap and the unit of every multiple: more repeats for a steadier median.
  repeats: () => 9,
  fit: (X, { k }) => ({ centres: toRows(floorPass(X, k), k, X.d) }),
});

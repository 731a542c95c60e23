/**
 * REFERENCE ONLY — a re-creation of DPLloyd as diffprivlib 0.6.6 ships it, defects included, so the
 * benchmark and lesson 7 can show what fixing them is worth. NOT exported from the public model index and
 * never to be used for a release (it is not differentially private at the ε it claims).
 *
 * What it reproduces (see /work/shared/notes/dp.md, "Defects in diffprivlib 0.6.6"):
 * 1. the per-iteration split swapped: the count gets ε/(ρ' + d) and each feature ρ'·ε/(ρ' + d) with
 *    ρ' = ∛(4dρ²), so the mechanisms spend (1 + dρ')/(ρ' + d) of ε (0.905ε at d = 2). The ledger below
 *    records what the mechanisms were really given, so its total shows the gap;
 * 2. sum sensitivity u − l instead of max(|l|, |u|);
 * 3. clusters without points (by their EXACT count) are skipped: no release, no update;
 * 4. sums with the bounded-domain Laplace of diffprivlib (`LaplaceBoundedDomain`: truncated to
 *    [c̃·l, c̃·u], scale inflated by its `_find_scale` fixed point); counts truncated to [1, n]
 *    (`GeometricTruncated`);
 * 5. floating-point noise (`−b·ln u` style inverse CDF) on whatever source it is given;
 * 6. values clipped to the bounds without a word.
 */
import type { SpendRecord } from "../accountant";
import { DiscreteLaplaceMechanism } from "../discrete-laplace";
import type { RandomSource } from "../random";
import { swappedDplloydSplit } from "../testing/broken";
import type { Bounds, FlatMatrix } from "../../validate";
import type { DPLloydVariant, ReleasedStatistics } from "./dplloyd";
import type { IterationBudget } from "./schedule";
import type { ClusterStatisticsOptions } from "./statistics";
import type { NoisyUpdate } from "./update";

/**
 * diffprivlib's `LaplaceBoundedDomain._find_scale` (δ = 0): the scale b with b = Δ/(ε − ln Δc(b)),
 * Δc(b) = (2 − e^(−Δ/b) − e^(−(D−Δ)/b)) / (1 − e^(−D/b)), D the width of the domain, found by bisection.
 *
 * @param epsilon - ε of the release
 * @param sensitivity - Δ
 * @param diameter - D = upper − lower of the output domain
 * @returns the inflated scale (≥ Δ/ε)
 */
export function boundedDomainScale(epsilon: number, sensitivity: number, diameter: number): number {
  const deltaC = (shape: number): number =>
    shape === 0
      ? 2
      : (2 - Math.exp(-sensitivity / shape) - Math.exp(-(diameter - sensitivity) / shape)) /
        (1 - Math.exp(-diameter / shape));
  const f = (shape: number): number => sensitivity / (epsilon - Math.log(deltaC(shape)));
  let left = sensitivity / epsilon;
  let right = f(left);
  let previous = (right - left) * 2;
  while (previous > right - left) {
    previous = right - left;
    const middle = (right + left) / 2;
    const value = f(middle);
    if (value >= middle) left = middle;
    if (value <= middle) right = middle;
  }
  return (right + left) / 2;
}

/** A Laplace(μ, b) draw conditioned on [lower, upper], by the inverse CDF (floating point, as diffprivlib). */
function truncatedLaplace(mu: number, b: number, lower: number, upper: number, rng: RandomSource): number {
  const cdf = (x: number): number => (x < mu ? 0.5 * Math.exp((x - mu) / b) : 1 - 0.5 * Math.exp(-(x - mu) / b));
  const lo = cdf(lower);
  const hi = cdf(upper);
  const p = lo + rng.uniform() * (hi - lo);
  const x = p < 0.5 ? mu + b * Math.log(2 * p) : mu - b * Math.log(2 * (1 - p));
  return Math.min(upper, Math.max(lower, x));
}

function swappedSchedule(epsilon: number, iterations: number, d: number): IterationBudget[] {
  const perIteration = epsilon / iterations;
  const { count, dim } = swappedDplloydSplit(perIteration, d);
  return Array.from({ length: iterations }, () => ({ count, perFeature: new Array<number>(d).fill(dim) }));
}

function asShippedRelease(
  X: FlatMatrix,
  centres: Float64Array,
  k: number,
  options: ClusterStatisticsOptions,
): ReleasedStatistics {
  const { n, d, data } = X;
  const { budget, bounds, rng, accountant, label } = options;
  const records: SpendRecord[] = [
    { label: `${label}: counts`, epsilon: budget.count, sensitivity: 1, mechanism: "truncated geometric (as shipped)" },
    ...budget.perFeature.map((epsilon, j) => ({
      label: `${label}: sums, feature ${j}`,
      epsilon,
      sensitivity: bounds.upper[j]! - bounds.lower[j]!,
      mechanism: "bounded-domain Laplace (as shipped)",
    })),
  ];
  accountant.spendAll(records);
  const labels = options.labels ?? new Int32Array(n);
  const exactCounts = new Float64Array(k);
  const exactSums = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const a = data[i * d + t]! - centres[j * d + t]!;
        s += a * a;
      }
      if (s < bestDist) {
        bestDist = s;
        best = j;
      }
    }
    labels[i] = best;
    exactCounts[best]++;
    for (let t = 0; t < d; t++) {
      const v = data[i * d + t]!;
      exactSums[best * d + t] += Math.min(bounds.upper[t]!, Math.max(bounds.lower[t]!, v));
    }
  }
  const countMechanism = new DiscreteLaplaceMechanism({ epsilon: budget.count });
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    if (exactCounts[j] === 0) continue; // skipped by its exact count: no noise, no update
    const noisyCount = Math.min(n, Math.max(1, countMechanism.randomise(exactCounts[j]!, rng)));
    counts[j] = noisyCount;
    for (let t = 0; t < d; t++) {
      const epsilon = budget.perFeature[t]!;
      const lower = noisyCount * bounds.lower[t]!;
      const upper = noisyCount * bounds.upper[t]!;
      const value = Math.min(upper, Math.max(lower, exactSums[j * d + t]!));
      if (epsilon === Infinity) {
        sums[j * d + t] = value;
        continue;
      }
      const sensitivity = bounds.upper[t]! - bounds.lower[t]!;
      const scale = boundedDomainScale(epsilon, sensitivity, upper - lower);
      sums[j * d + t] = truncatedLaplace(value, scale, lower, upper, rng);
    }
  }
  return { counts, sums, labels, clipped: 0 };
}

function asShippedUpdate(counts: Float64Array, sums: Float64Array, previous: Float64Array, bounds: Bounds): NoisyUpdate {
  const k = counts.length;
  const d = bounds.lower.length;
  const centres = previous.slice();
  for (let j = 0; j < k; j++) {
    if (counts[j] === 0) continue; // the skipped cluster keeps its centre: a possible dead centroid
    for (let t = 0; t < d; t++) centres[j * d + t] = sums[j * d + t]! / counts[j]!;
  }
  return { centres, reseeded: [] };
}

/**
 * REFERENCE ONLY: DPLloyd as diffprivlib 0.6.6 ships it (see the module comment). Use it with
 * `runDPLloyd(X, { …, variant: DPLLOYD_AS_SHIPPED })`, for comparisons in benchmarks and lessons.
 */
export const DPLLOYD_AS_SHIPPED: DPLloydVariant = {
  name: "DPLloyd as shipped",
  schedule: swappedSchedule,
  release: asShippedRelease,
  update: asShippedUpdate,
};

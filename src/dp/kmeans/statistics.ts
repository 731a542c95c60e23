/**
 * One DPLloyd release: assign every point to its nearest (public) centre, then release every cluster's
 * count and per-feature clamped sum with noise — in ONE pass over the data.
 *
 * What is released is exactly what `noisyGroupCounts` + `noisyGroupSums` (`src/dp/grouped.ts`) release
 * for the same labels (a test checks that the outputs are identical for the same seed): discrete Laplace
 * counts (sensitivity 1) and clamped sums on the grid of a `ClampedSumMechanism` (sensitivity
 * max(|lower|, |upper|) per feature), every cluster included — empty ones get noise too, since skipping
 * them would reveal that they are empty. By parallel composition (each record is in one cluster, chosen
 * from the record and public centres) the counts cost ε_count in total and feature j's sums ε_j.
 *
 * Why a fused pass instead of calling the grouped releases: on a million points the separate calls read
 * the data three more times (label check, finiteness check, sum pass) and go through an accumulator
 * object per value, which made one iteration ~3× slower than the assignment itself. Here the assignment,
 * the counts and the exact sub-grid sums R = Σ round(clamp(x)/λ) are accumulated together, in plain
 * doubles that are exact integers (partial sums move into an `ExactGridAccumulator` before they can
 * reach 2^51, so no rounding error ever enters R: the clamped-sum sensitivity argument holds unchanged).
 *
 * The whole iteration (counts and every feature's sums) is charged to the accountant, all or nothing,
 * BEFORE the data is read.
 */
import type { BudgetAccountant, SpendRecord } from "../accountant";
import { ClampedSumMechanism, ExactGridAccumulator } from "../clamped-sum";
import { DiscreteLaplaceMechanism } from "../discrete-laplace";
import type { RandomSource } from "../random";
import type { Bounds, FlatMatrix } from "../../validate";
import type { IterationBudget } from "./schedule";

/** Options of {@link releaseClusterStatistics}. */
export interface ClusterStatisticsOptions {
  /** ε for the counts and for each feature's sums. */
  budget: IterationBudget;
  /** Public bounds per feature: values are clamped into them before summing. */
  bounds: Bounds;
  /** Where the noise comes from. */
  rng: RandomSource;
  /** The ledger the release is charged to. */
  accountant: BudgetAccountant;
  /** Prefix of the ledger labels, e.g. `"DPLloyd iteration 1"`. */
  label: string;
  /** A buffer of length n to write the labels into (reused across iterations). Default: a new one. */
  labels?: Int32Array;
}

/** What one release gives back. Only `counts` and `sums` are differentially private. */
export interface ClusterStatisticsRelease {
  /** Noisy count of each cluster (integers, possibly ≤ 0); length k. */
  readonly counts: Float64Array;
  /** Noisy clamped sums, k × d row-major. */
  readonly sums: Float64Array;
  /** The nearest centre of each point: exact, NOT private (for lessons and the final labels only). */
  readonly labels: Int32Array;
  /** Values (cells) outside the bounds that were clamped in this pass. */
  readonly clipped: number;
  /** The count mechanism (its scale, for lessons). */
  readonly countMechanism: DiscreteLaplaceMechanism;
  /** Each feature's sum mechanism (grid, scale, sensitivity). */
  readonly sumMechanisms: readonly ClampedSumMechanism[];
}

/**
 * Partial sums are moved into the exact accumulators after at most this many units in absolute value
 * (each value contributes at most 2^50 units, so a chunk of ⌊2^51 / max units⌋ points keeps every partial
 * sum an exact integer below 2^51, which `ExactGridAccumulator.add` accepts).
 */
const PARTIAL_LIMIT = 2 ** 51;

/**
 * Release the noisy counts and clamped sums of the clusters the public `centres` induce on `X`.
 *
 * @param X - validated data, n × d
 * @param centres - k × d public centres (released earlier, or data-independent)
 * @param k - number of clusters
 * @param options - `budget`, `bounds`, `rng`, `accountant`, `label`, optional `labels` buffer
 * @returns noisy counts and sums, exact labels, the number of clipped values, the mechanisms
 * @throws BudgetExceededError before anything is read when the iteration does not fit in the budget
 */
export function releaseClusterStatistics(
  X: FlatMatrix,
  centres: Float64Array,
  k: number,
  options: ClusterStatisticsOptions,
): ClusterStatisticsRelease {
  const { n, d } = X;
  const { budget, bounds, rng, accountant, label } = options;
  const countMechanism = new DiscreteLaplaceMechanism({ epsilon: budget.count, sensitivity: 1 });
  const sumMechanisms = budget.perFeature.map(
    (epsilon, j) => new ClampedSumMechanism({ epsilon, lower: bounds.lower[j]!, upper: bounds.upper[j]! }),
  );
  const records: SpendRecord[] = [
    {
      label: `${label}: counts`,
      epsilon: countMechanism.privacyCost.epsilon,
      delta: countMechanism.privacyCost.delta,
      sensitivity: countMechanism.sensitivity,
      mechanism: `${countMechanism.mechanism}, ${k} groups in parallel`,
    },
    ...sumMechanisms.map((m, j) => ({
      label: d === 1 ? `${label}: sums` : `${label}: sums, feature ${j}`,
      epsilon: m.privacyCost.epsilon,
      delta: m.privacyCost.delta,
      sensitivity: m.sensitivity,
      mechanism: `${m.mechanism}, ${k} groups in parallel`,
    })),
  ];
  accountant.spendAll(records);

  // Per feature: the factor to the sub-grid (1/λ, exact: λ is a power of two), or 0 for "no noise,
  // add the plain clamped value" (ε = ∞).
  const toUnits = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const m = sumMechanisms[j]!;
    toUnits[j] = m.grid === undefined ? 0 : 2 ** m.subgridBits / m.grid;
  }
  const labels = options.labels ?? new Int32Array(n);
  const counts = new Float64Array(k);
  const partial = new Float64Array(k * d);
  const exact = Array.from({ length: k * d }, () => new ExactGridAccumulator());
  const lower = Float64Array.from(bounds.lower);
  const upper = Float64Array.from(bounds.upper);
  // The most units one value can contribute; with it, how many points fit in a chunk without a check.
  let maxUnits = 0;
  for (let j = 0; j < d; j++) {
    maxUnits = Math.max(maxUnits, Math.ceil(Math.max(Math.abs(lower[j]!), Math.abs(upper[j]!)) * toUnits[j]!));
  }
  const chunk = maxUnits === 0 ? n : Math.max(1, Math.floor(PARTIAL_LIMIT / maxUnits));
  let clipped = 0;
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    clipped +=
      d === 2
        ? pass2(X.data, from, to, centres, k, lower, upper, toUnits, labels, counts, partial)
        : passAny(X.data, from, to, d, centres, k, lower, upper, toUnits, labels, counts, partial);
    if (to < n) {
      for (let cell = 0; cell < k * d; cell++) {
        if (toUnits[cell % d] === 0) continue; // plain (ε = ∞) sums stay in `partial`
        exact[cell]!.add(partial[cell]!);
        partial[cell] = 0;
      }
    }
  }

  // Noise in the order noisyGroupCounts then noisyGroupSums draw it: counts by cluster, then sums by
  // cluster and feature.
  const noisyCounts = new Float64Array(k);
  for (let g = 0; g < k; g++) noisyCounts[g] = countMechanism.randomise(counts[g]!, rng);
  const sums = new Float64Array(k * d);
  for (let g = 0; g < k; g++) {
    for (let j = 0; j < d; j++) {
      const cell = g * d + j;
      const m = sumMechanisms[j]!;
      if (toUnits[j] === 0) {
        sums[cell] = m.noisyFromAccumulator(exact[cell]!, partial[cell]!, rng);
      } else {
        exact[cell]!.add(partial[cell]!);
        sums[cell] = m.noisyFromAccumulator(exact[cell]!, 0, rng);
      }
    }
  }
  return { counts: noisyCounts, sums, labels, clipped, countMechanism, sumMechanisms };
}

/*
 * The data passes. A clamped value v becomes the integer ⌊v·u + ½⌋ (u = 1/λ, a power of two, so v·u is
 * exact); for |v| ≤ Δ this integer lies in [−⌈Δu⌉, ⌈Δu⌉], the bound the clamped-sum sensitivity argument
 * needs (Math.round would give the same integers except at rare floating-point ties, and is several
 * times slower here). With u = 0 (ε = ∞, no noise) the plain clamped value is added instead.
 */

function pass2(
  x: Float64Array,
  from: number,
  to: number,
  c: Float64Array,
  k: number,
  lower: Float64Array,
  upper: Float64Array,
  toUnits: Float64Array,
  labels: Int32Array,
  counts: Float64Array,
  partial: Float64Array,
): number {
  const lo0 = lower[0]!;
  const hi0 = upper[0]!;
  const lo1 = lower[1]!;
  const hi1 = upper[1]!;
  const u0 = toUnits[0]!;
  const u1 = toUnits[1]!;
  let clipped = 0;
  for (let i = from; i < to; i++) {
    const x0 = x[2 * i]!;
    const x1 = x[2 * i + 1]!;
    let best = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      const a = x0 - c[2 * j]!;
      const b = x1 - c[2 * j + 1]!;
      const dist = a * a + b * b;
      if (dist < bestDist) {
        bestDist = dist;
        best = j;
      }
    }
    labels[i] = best;
    counts[best]++;
    const v0 = x0 < lo0 ? lo0 : x0 > hi0 ? hi0 : x0;
    const v1 = x1 < lo1 ? lo1 : x1 > hi1 ? hi1 : x1;
    if (v0 !== x0) clipped++;
    if (v1 !== x1) clipped++;
    partial[2 * best] += u0 === 0 ? v0 : Math.floor(v0 * u0 + 0.5);
    partial[2 * best + 1] += u1 === 0 ? v1 : Math.floor(v1 * u1 + 0.5);
  }
  return clipped;
}

function passAny(
  x: Float64Array,
  from: number,
  to: number,
  d: number,
  c: Float64Array,
  k: number,
  lower: Float64Array,
  upper: Float64Array,
  toUnits: Float64Array,
  labels: Int32Array,
  counts: Float64Array,
  partial: Float64Array,
): number {
  let clipped = 0;
  for (let i = from; i < to; i++) {
    const base = i * d;
    let best = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      let dist = 0;
      for (let t = 0; t < d; t++) {
        const a = x[base + t]! - c[j * d + t]!;
        dist += a * a;
      }
      if (dist < bestDist) {
        bestDist = dist;
        best = j;
      }
    }
    labels[i] = best;
    counts[best]++;
    for (let t = 0; t < d; t++) {
      const v = x[base + t]!;
      const lo = lower[t]!;
      const hi = upper[t]!;
      const clamped = v < lo ? lo : v > hi ? hi : v;
      if (clamped !== v) clipped++;
      const u = toUnits[t]!;
      partial[best * d + t] += u === 0 ? clamped : Math.floor(clamped * u + 0.5);
    }
  }
  return clipped;
}

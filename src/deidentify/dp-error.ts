/**
 * How far a DP release typically lands from the truth: many seeded releases compared with the
 * non-private k-means release of the same k. For the data owner choosing ε (it reads the true values),
 * never part of a release.
 */
import { captureWarnings, InvalidInputError } from "../errors";
import type { TableRecord } from "./columns";
import type { Deidentification } from "./clustering";
import { sensitiveValues } from "./columns";
import { dpReleaseOfValues, type DpReleaseOptions } from "./dp-release";

/** Median absolute errors of one quantity over the simulated releases. */
export interface DpErrorRow {
  /** What was compared, e.g. "cluster 0 centroid" or "median". */
  quantity: string;
  /** The non-private value. */
  truth: number;
  /** Median |DP − truth| over the runs. */
  medianError: number;
  /** 90th percentile of |DP − truth| over the runs. */
  p90Error: number;
}

/** Options of {@link dpErrorSummary}: a DP release's options, plus the number of runs. */
export interface DpErrorOptions extends Omit<DpReleaseOptions, "seed" | "accountant"> {
  /** How many releases to simulate (each with its own seed). Default 50. */
  runs?: number;
  /** Seeds are `${seed}/run-${i}`. Default `"dp-error"`. */
  seed?: string | number;
}

function quantile(sorted: readonly number[], p: number): number {
  const position = p * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (position - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Simulate `runs` DP releases and summarise their errors against the non-private release `truth`
 * (clusters matched by their order, which both number by increasing centroid).
 *
 * @param records - the table
 * @param truth - the non-private release with the same column and k (from `deidentify`)
 * @param options - the DP release's options (ε, bounds, bins, …), `runs` (default 50), `seed`
 * @returns one row per cluster centroid, per cluster size, and per statistic (count, mean, std, quartiles)
 * @throws InvalidInputError when `truth` has another column or k, or runs is not a whole number ≥ 1
 * @example dpErrorSummary(records, release, { column: "weight_kg", k: 3, epsilon: 1, bounds: PUBLIC_BOUNDS.weight_kg })
 */
export function dpErrorSummary(
  records: readonly TableRecord[],
  truth: Deidentification,
  options: DpErrorOptions,
): DpErrorRow[] {
  const runs = options.runs ?? 50;
  if (!Number.isInteger(runs) || runs < 1) {
    throw new InvalidInputError("invalid-runs", `runs must be a whole number ≥ 1, got ${runs}. Fix: e.g. runs: 50.`);
  }
  if (truth.column !== options.column || truth.k !== options.k) {
    throw new InvalidInputError(
      "mismatched-truth",
      `truth is a release of ${truth.column} with k = ${truth.k}, but the DP release is of ${options.column} ` +
        `with k = ${options.k}. Fix: compare releases of the same column and k.`,
    );
  }
  const errors = new Map<string, { truth: number; values: number[] }>();
  const add = (quantity: string, value: number, exact: number): void => {
    const entry = errors.get(quantity) ?? { truth: exact, values: [] };
    entry.values.push(Math.abs(value - exact));
    errors.set(quantity, entry);
  };
  const seed = options.seed ?? "dp-error";
  const stats = truth.statistics;
  // Read the column once (not once per run: a million records × 50 runs).
  const values = Float64Array.from(sensitiveValues(records, options.column));
  for (let run = 0; run < runs; run++) {
    // Clipping warnings would repeat once per run: they are collected and dropped here.
    const { result: dp } = captureWarnings(() => dpReleaseOfValues(values, { ...options, seed: `${seed}/run-${run}` }));
    dp.clusters.forEach((c, i) => {
      add(`cluster ${i} centroid`, c.centroid, truth.clusters[i]!.centroid);
      add(`cluster ${i} size`, c.size, truth.clusters[i]!.size);
    });
    for (const key of ["count", "mean", "std", "q25", "median", "q75"] as const) {
      add(key, dp.statistics[key], stats[key]);
    }
  }
  return [...errors.entries()].map(([quantity, { truth: exact, values }]) => {
    const sorted = values.sort((a, b) => a - b);
    return { quantity, truth: exact, medianError: quantile(sorted, 0.5), p90Error: quantile(sorted, 0.9) };
  });
}

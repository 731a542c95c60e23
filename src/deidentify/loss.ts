/**
 * Information loss of a grouping: how much of the data's variance is lost when every value is replaced by
 * its group's mean. The standard utility measure of microaggregation (Domingo-Ferrer & Mateo-Sanz,
 * "Practical data-oriented microaggregation for statistical disclosure control", IEEE TKDE 14(1), 2002):
 *
 *     SSE = Σᵢ ‖xᵢ − mean of xᵢ's group‖²      (within-group sum of squares; k-means' inertia)
 *     SST = Σᵢ ‖xᵢ − overall mean‖²           (total sum of squares)
 *     loss = SSE / SST   (0 = nothing lost, 1 = only the overall mean is left)
 */
import { InvalidInputError } from "../errors";

/** The information loss of a grouping. */
export interface InformationLoss {
  /** Within-group sum of squares. */
  readonly sse: number;
  /** Total sum of squares. */
  readonly sst: number;
  /** SSE / SST in [0, 1] (0 when SST is 0: nothing to lose). */
  readonly share: number;
}

/**
 * The information loss SSE/SST of a grouping of rows.
 *
 * @param rows - n points, each d numbers (for one column pass `values.map((v) => [v])`)
 * @param labels - the group of each row, whole numbers ≥ 0
 * @returns SSE, SST and their ratio
 * @throws InvalidInputError when the lengths differ, rows are ragged or a label is not a whole number ≥ 0
 * @example informationLoss([[1], [2], [10], [11]], [0, 0, 1, 1]).share // 1/82 ≈ 0.0122
 */
export function informationLoss(rows: ReadonlyArray<ArrayLike<number>>, labels: ArrayLike<number>): InformationLoss {
  const n = rows.length;
  if (labels.length !== n) {
    throw new InvalidInputError(
      "invalid-labels",
      `There are ${labels.length} labels for ${n} rows. Fix: pass one group label per row.`,
    );
  }
  const d = n > 0 ? rows[0]!.length : 0;
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const g = labels[i]!;
    if (!Number.isInteger(g) || g < 0) {
      throw new InvalidInputError("invalid-labels", `labels[${i}] is ${g}; a group label is a whole number ≥ 0.`);
    }
    if (rows[i]!.length !== d) {
      throw new InvalidInputError("ragged-rows", `Row ${i} has ${rows[i]!.length} values but row 0 has ${d}.`);
    }
    groups = Math.max(groups, g + 1);
  }
  const sums = new Float64Array(groups * d);
  const sizes = new Float64Array(groups);
  const total = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const g = labels[i]!;
    sizes[g]!++;
    for (let j = 0; j < d; j++) {
      sums[g * d + j]! += rows[i]![j]!;
      total[j]! += rows[i]![j]!;
    }
  }
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const g = labels[i]!;
    for (let j = 0; j < d; j++) {
      const x = rows[i]![j]!;
      sse += (x - sums[g * d + j]! / sizes[g]!) ** 2;
      sst += (x - total[j]! / n) ** 2;
    }
  }
  return { sse, sst, share: sst > 0 ? sse / sst : 0 };
}

/**
 * {@link informationLoss} for one feature, without a row array per value (a million values stay one array).
 * The same sums in the same order, so the same result.
 *
 * @param values - the values
 * @param labels - a group label 0..G−1 per value
 */
export function informationLoss1d(values: ArrayLike<number>, labels: ArrayLike<number>): InformationLoss {
  const n = values.length;
  if (labels.length !== n) {
    throw new InvalidInputError("invalid-labels", `There are ${labels.length} labels for ${n} values. Fix: pass one group label per value.`);
  }
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const g = labels[i]!;
    if (!Number.isInteger(g) || g < 0) {
      throw new InvalidInputError("invalid-labels", `labels[${i}] is ${g}; a group label is a whole number ≥ 0.`);
    }
    if (g + 1 > groups) groups = g + 1;
  }
  const sums = new Float64Array(groups);
  const sizes = new Float64Array(groups);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sizes[labels[i]!]!++;
    sums[labels[i]!]! += values[i]!;
    total += values[i]!;
  }
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const g = labels[i]!;
    sse += (x - sums[g]! / sizes[g]!) ** 2;
    sst += (x - total / n) ** 2;
  }
  return { sse, sst, share: sst > 0 ? sse / sst : 0 };
}

/**
 * Vectorised releases over groups (clusters): one noisy count per group, and one noisy clamped sum per
 * group and feature, in a single call each. This is exactly what one DPLloyd iteration releases
 * (Su et al., CODASPY 2016), and what a grid histogram (EUGkM) releases with one group per cell.
 *
 * Parallel composition (McSherry, "Privacy integrated queries", SIGMOD 2009): when every record falls in
 * exactly one group, and which group depends only on that record and on public values (e.g. the nearest of
 * some already-released centres), adding or removing a record changes ONE group's count and ONE group's
 * sums. So releasing all k counts with discrete Laplace noise at ε costs ε in total, not k·ε; likewise
 * the k sums of feature j cost ε_j. The ledger records one row for the counts and one row per feature.
 * Every group gets noise, including empty ones: skipping empty groups would reveal that they are empty.
 */
import { InvalidInputError } from "../errors";
import { BudgetAccountant, getDefaultAccountant, type SpendRecord } from "./accountant";
import { ClampedSumMechanism, ExactGridAccumulator } from "./clamped-sum";
import { DiscreteLaplaceMechanism } from "./discrete-laplace";
import { chargeRelease, resolveRandom } from "./release";
import type { ReleaseOptions } from "./types";
import { checkEpsilon, checkFiniteValues, checkInteger } from "./validate";

/**
 * A matrix stored row-major in one array: row `i`, column `j` is `data[i * d + j]` (the shape of the
 * models' `FlatMatrix`).
 */
export interface RowMajorMatrix {
  /** The values, row after row; length `n * d`. */
  readonly data: ArrayLike<number>;
  /** Number of rows. */
  readonly n: number;
  /** Number of columns (features). */
  readonly d: number;
}

function checkLabels(labels: ArrayLike<number>, groups: number, n: number | undefined): void {
  if (n !== undefined && labels.length !== n) {
    throw new InvalidInputError(
      "invalid-labels",
      // Neither length is printed: both are the private number of records.
      "labels and the data have different lengths. Fix: pass one group label per row.",
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const g = labels[i]!;
    if (!Number.isInteger(g) || g < 0 || g >= groups) {
      throw new InvalidInputError(
        "invalid-labels",
        `a label is not a whole number in [0, ${groups - 1}]: every record needs one of the ${groups} groups ` +
          `(no position or value shown: labels come from private records). Fix: assign every record a group.`,
      );
    }
  }
}

/** Options of {@link noisyGroupCounts}. */
export interface NoisyGroupCountsOptions extends ReleaseOptions {
  /** ε for the whole vector of counts (parallel composition): > 0, or `Infinity` for exact counts. */
  epsilon: number;
}

/**
 * One noisy count per group, with discrete Laplace noise (sensitivity 1), costing `epsilon` in total by
 * parallel composition. One ledger row.
 *
 * @param labels - the group of each record, integers in [0, groups); each record counts once
 * @param groups - the number of groups k (≥ 1); empty groups get a noisy count too
 * @param options - `epsilon` (required); `rng`, `accountant`, `label` (default `"group counts"`)
 * @returns k noisy counts (integers, possibly negative)
 * @throws InvalidInputError for bad labels, k or ε; BudgetExceededError before the labels are counted
 * @example
 * noisyGroupCounts(Int32Array.of(0, 0, 1, 2, 2, 2), 3, { epsilon: 0.2, rng: createRandom(5) });
 * // Float64Array [2 ± noise, 1 ± noise, 3 ± noise]
 */
export function noisyGroupCounts(
  labels: ArrayLike<number>,
  groups: number,
  options: NoisyGroupCountsOptions,
): Float64Array {
  checkInteger(groups, "groups", 1);
  checkLabels(labels, groups, undefined);
  const mechanism = new DiscreteLaplaceMechanism({ epsilon: options.epsilon, sensitivity: 1 });
  const rng = chargeRelease(
    {
      mechanism: `${mechanism.mechanism}, ${groups} groups in parallel`,
      privacyCost: mechanism.privacyCost,
      sensitivity: mechanism.sensitivity,
    },
    options,
    "group counts",
  );
  const counts = new Float64Array(groups);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  for (let g = 0; g < groups; g++) counts[g] = mechanism.randomise(counts[g]!, rng);
  return counts;
}

/** Options of {@link noisyGroupSums}. */
export interface NoisyGroupSumsOptions extends ReleaseOptions {
  /**
   * ε for each feature's sums (all groups together, by parallel composition): one number per feature, or
   * one number used for every feature. The call costs the sum over features.
   */
  epsilonPerFeature: number | ArrayLike<number>;
  /** Public lower bound of each feature (one number for all, or one per feature). */
  lower: number | ArrayLike<number>;
  /** Public upper bound of each feature (one number for all, or one per feature). */
  upper: number | ArrayLike<number>;
}

/** The result of {@link noisyGroupSums}. */
export interface GroupSumsRelease {
  /** Noisy clamped sums, row-major groups × d: group g, feature j is `sums[g * d + j]`. */
  sums: Float64Array;
  // No clipped counts: exact statistics of the data, not releasable (see `countOutsideBounds`).
  /** The mechanism used for each feature (its grid, scale and sensitivity, for lessons). */
  mechanisms: ClampedSumMechanism[];
}

function perFeature(value: number | ArrayLike<number>, d: number, name: string): number[] {
  if (typeof value === "number") return new Array<number>(d).fill(value);
  if (value === null || typeof value !== "object" || typeof value.length !== "number") {
    throw new InvalidInputError(
      "invalid-options",
      `${name} must be a number or one number per feature, got ${String(value)}. Fix: e.g. ${name}: 0.1.`,
    );
  }
  if (value.length !== d) {
    throw new InvalidInputError(
      "bounds-dimension",
      `${name} has ${value.length} entries but the data has ${d} feature(s). Fix: give one per feature, or ` +
        `a single number for all.`,
    );
  }
  return Array.from(value);
}

function toRowMajor(data: RowMajorMatrix | ReadonlyArray<ArrayLike<number>>): RowMajorMatrix {
  if (Array.isArray(data)) {
    const rows = data as ReadonlyArray<ArrayLike<number>>;
    const d = rows.length > 0 ? rows[0]!.length : 0;
    const flat = new Float64Array(rows.length * d);
    rows.forEach((row, i) => {
      if (row.length !== d) {
        throw new InvalidInputError(
          "outside-record-domain",
          "the data has rows of different lengths (no position shown: the rows are private). Fix: every row " +
            "needs the same features.",
        );
      }
      for (let j = 0; j < d; j++) flat[i * d + j] = row[j]!;
    });
    return { data: flat, n: rows.length, d };
  }
  const m = data as RowMajorMatrix;
  if (typeof m !== "object" || m === null || typeof m.n !== "number" || typeof m.d !== "number" || !m.data) {
    throw new InvalidInputError(
      "invalid-data",
      "data must be rows of numbers (number[][]) or a flat matrix { data, n, d }. Fix: pass number[][].",
    );
  }
  if (m.data.length !== m.n * m.d) {
    throw new InvalidInputError(
      "invalid-data",
      `data has ${m.data.length} values but n × d = ${m.n} × ${m.d}. Fix: data.length must equal n * d.`,
    );
  }
  return m;
}

/**
 * Noisy clamped sums of every feature within every group: feature j is clamped to [lower_j, upper_j] and
 * its k group sums get grid Laplace noise with sensitivity max(|lower_j|, |upper_j|) at ε_j (parallel over
 * groups). One ledger row per feature, recorded all together (all or nothing) before the data is read.
 *
 * @param data - n × d values: `number[][]` or a row-major `{ data, n, d }` (finite numbers)
 * @param labels - the group of each row, integers in [0, groups)
 * @param groups - the number of groups k (≥ 1); empty groups get noisy sums too
 * @param options - `epsilonPerFeature`, `lower`, `upper` (required); `rng`, `accountant`,
 *   `label` (default `"group sums"`)
 * @returns the k × d noisy sums, clip counts, and the per-feature mechanisms
 * @throws InvalidInputError for bad data, labels, bounds or ε; BudgetExceededError before the data is read
 * @example
 * const X = [[1, 10], [2, 20], [9, 90]];
 * noisyGroupSums(X, [0, 0, 1], 2, {
 *   epsilonPerFeature: 0.1, lower: [0, 0], upper: [10, 100], rng: createRandom(1), label: "iteration 1 sums",
 * }).sums; // Float64Array [3 ± …, 30 ± …, 9 ± …, 90 ± …]
 */
export function noisyGroupSums(
  data: RowMajorMatrix | ReadonlyArray<ArrayLike<number>>,
  labels: ArrayLike<number>,
  groups: number,
  options: NoisyGroupSumsOptions,
): GroupSumsRelease {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError(
      "invalid-options",
      "noisyGroupSums needs options { epsilonPerFeature, lower, upper }. Fix: pass them.",
    );
  }
  const X = toRowMajor(data);
  const { n, d } = X;
  checkInteger(groups, "groups", 1);
  checkLabels(labels, groups, n);
  const epsilons = perFeature(options.epsilonPerFeature, d, "epsilonPerFeature");
  epsilons.forEach((e, j) => checkEpsilon(e, `epsilonPerFeature[${j}]`));
  const lower = perFeature(options.lower, d, "lower");
  const upper = perFeature(options.upper, d, "upper");
  const mechanisms = epsilons.map(
    (epsilon, j) => new ClampedSumMechanism({ epsilon, lower: lower[j]!, upper: upper[j]! }),
  );
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i]!)) checkFiniteValues([X.data[i]!], "data");
  }

  // Charge every feature's release, all or nothing, before reading the data.
  const label = options.label ?? "group sums";
  const accountant: BudgetAccountant = options.accountant ?? getDefaultAccountant();
  const records: SpendRecord[] = mechanisms.map((m, j) => ({
    label: d === 1 ? label : `${label}, feature ${j}`,
    epsilon: m.privacyCost.epsilon,
    delta: m.privacyCost.delta,
    sensitivity: m.sensitivity,
    mechanism: `${m.mechanism}, ${groups} groups in parallel`,
  }));
  const rng = resolveRandom(options);
  accountant.spendAll(records);

  const accumulators = Array.from({ length: groups * d }, () => new ExactGridAccumulator());
  const plainSums = new Float64Array(groups * d);
  for (let i = 0; i < n; i++) {
    const g = labels[i]!;
    for (let j = 0; j < d; j++) {
      const v = X.data[i * d + j]!;
      const lo = lower[j]!;
      const hi = upper[j]!;
      const c = v < lo ? lo : v > hi ? hi : v;
      plainSums[g * d + j]! += c;
      accumulators[g * d + j]!.add(mechanisms[j]!.subgridUnits(c));
    }
  }
  const sums = new Float64Array(groups * d);
  for (let g = 0; g < groups; g++) {
    for (let j = 0; j < d; j++) {
      sums[g * d + j] = mechanisms[j]!.noisyFromAccumulator(accumulators[g * d + j]!, plainSums[g * d + j]!, rng);
    }
  }
  return { sums, mechanisms };
}

/**
 * Descriptive statistics of the sensitive column: the third output of the Airflow example ("Weight
 * Statistics"), computed the way pandas' `describe()` does so the numbers match the Python original.
 */
import { InvalidInputError } from "../errors";

/**
 * The skew rule: the mean and the median "differ a lot" when they are more than this many standard
 * deviations apart, i.e. when the nonparametric skew |mean − median| / std exceeds 0.15 (Pearson's second
 * skewness coefficient, 3·(mean − median)/std, above 0.45). The nonparametric skew always lies in [−1, 1].
 * On the first 251 Pokémon it is 0.29 for weight (heavy right tail: a few very heavy species), 0.18 for
 * height, and 0.06 or less for the base stats.
 */
export const SKEW_THRESHOLD = 0.15;

/** The statistics of one numeric column. */
export interface ColumnStatistics {
  /** The column described. */
  readonly column: string;
  /** Number of values. */
  readonly count: number;
  /** Arithmetic mean. */
  readonly mean: number;
  /** Sample standard deviation (divides by n − 1, as pandas; 0 for a single value). */
  readonly std: number;
  /** Smallest value. */
  readonly min: number;
  /** First quartile (linear interpolation between order statistics, as pandas and NumPy's default). */
  readonly q25: number;
  /** Median. */
  readonly median: number;
  /** Third quartile. */
  readonly q75: number;
  /** Largest value. */
  readonly max: number;
  /** Nonparametric skew (mean − median) / std, in [−1, 1]; 0 when std is 0. */
  readonly skew: number;
  /** True when |skew| > {@link SKEW_THRESHOLD}: the mean is a poor summary of a typical value. */
  readonly skewed: boolean;
  /** One sentence for people, e.g. "The mean (47.21) is 17.71 above the median (29.5): …". */
  readonly note: string;
}

/**
 * The quantile at `p` of sorted values by linear interpolation between the order statistics at positions
 * `p·(n − 1)` (pandas' and NumPy's default, "type 7" in Hyndman & Fan 1996).
 *
 * @param sorted - values sorted ascending, at least one
 * @param p - a probability in [0, 1]
 * @returns the quantile
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const fraction = position - lower;
  return sorted[lower]! + fraction * (sorted[upper]! - sorted[lower]!);
}

/** Neumaier's compensated sum, so the mean of 1,025 weights is exact to the last bit or two. */
function compensatedSum(values: ArrayLike<number>, map: (x: number) => number = (x) => x): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const x = map(values[i]!);
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Round for messages: 4 significant digits at most, no trailing zeros. */
function short(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

/**
 * Describe a numeric column: count, mean, standard deviation, min, quartiles, max, and whether the data is
 * skewed (see {@link SKEW_THRESHOLD}).
 *
 * @param values - finite numbers, at least one
 * @param column - the column's name, for the note (default `"value"`)
 * @returns the statistics
 * @throws InvalidInputError for no values or a value that is not a finite number
 * @example
 * describeColumn(column(loadPokemon({ first: 251 }), "weight_kg"), "weight_kg");
 * // { count: 251, mean: 47.2…, median: 29.5, std: 61.7…, skewed: true, … }
 */
export function describeColumn(values: readonly number[], column = "value"): ColumnStatistics {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidInputError("empty-data", `There are no ${column} values to describe. Fix: pass at least one value.`);
  }
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidInputError(
        "non-finite-value",
        `${column} value ${i} is ${String(v)}, not a finite number. Fix: drop or repair that record first.`,
      );
    }
  });
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const mean = compensatedSum(values) / n;
  const std = n > 1 ? Math.sqrt(compensatedSum(values, (x) => (x - mean) ** 2) / (n - 1)) : 0;
  const median = quantileSorted(sorted, 0.5);
  const skew = std > 0 ? (mean - median) / std : 0;
  const skewed = Math.abs(skew) > SKEW_THRESHOLD;
  const gap = mean - median;
  const note = skewed
    ? `The mean (${short(mean)}) is ${short(Math.abs(gap))} ${gap > 0 ? "above" : "below"} the median ` +
      `(${short(median)}), ${short(Math.abs(skew))} standard deviations apart: the ${column} values are ` +
      `${gap > 0 ? "right" : "left"}-skewed (a few ${gap > 0 ? "very large" : "very small"} values pull the ` +
      `mean), so the median is the better "typical" value.`
    : `The mean (${short(mean)}) and the median (${short(median)}) are close (${short(Math.abs(skew))} ` +
      `standard deviations apart): the ${column} values are roughly symmetric.`;
  return {
    column,
    count: n,
    mean,
    std,
    min: sorted[0]!,
    q25: quantileSorted(sorted, 0.25),
    median,
    q75: quantileSorted(sorted, 0.75),
    max: sorted[n - 1]!,
    skew,
    skewed,
    note,
  };
}

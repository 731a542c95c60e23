/**
 * Median and quartiles of repeated runs (seeds), the spread every DP chart shows around its median line.
 */
import { InvalidInputError } from "../errors";

/** The middle of a set of runs: median and first/third quartiles. */
export interface Summary {
  median: number;
  q1: number;
  q3: number;
}

/**
 * Median and quartiles of a list of numbers, by linear interpolation between order statistics
 * (Hyndman & Fan 1996, definition 7 — the default of numpy, R and Excel's QUARTILE.INC).
 *
 * @param values - at least one finite number (for example one inertia per seed)
 * @returns `{ median, q1, q3 }`
 * @throws InvalidInputError when `values` is empty or holds a non-finite number
 * @example summarise([1, 2, 3, 4]) // { median: 2.5, q1: 1.75, q3: 3.25 }
 */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) {
    throw new InvalidInputError("empty-input", "Cannot summarise an empty list: pass at least one value per point.");
  }
  for (const v of values) {
    if (!Number.isFinite(v)) {
      throw new InvalidInputError(
        "non-finite-value",
        `Cannot summarise a non-finite value (${v}): remove failed runs or replace them before plotting.`,
      );
    }
  }
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (p: number): number => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  };
  return { median: quantile(0.5), q1: quantile(0.25), q3: quantile(0.75) };
}

/**
 * Accept either ready summaries or one array of run results per x value, and return summaries.
 *
 * @param input - `Summary[]`, or `number[][]` where `input[i]` holds the runs at the i-th x value
 * @param name - the parameter's name, for error messages
 * @returns one summary per x value
 * @throws InvalidInputError for an entry that is neither a summary nor a non-empty array of finite numbers
 */
export function toSummaries(input: readonly (Summary | readonly number[])[], name: string): Summary[] {
  return input.map((entry, i) => {
    if (Array.isArray(entry)) return summarise(entry as readonly number[]);
    const s = entry as Summary;
    if (
      s === null ||
      typeof s !== "object" ||
      !Number.isFinite(s.median) ||
      !Number.isFinite(s.q1) ||
      !Number.isFinite(s.q3)
    ) {
      throw new InvalidInputError(
        "invalid-summary",
        `${name}[${i}] must be { median, q1, q3 } with finite numbers or an array of run results; ` +
          `use summarise(values) to build one.`,
      );
    }
    return { median: s.median, q1: s.q1, q3: s.q3 };
  });
}

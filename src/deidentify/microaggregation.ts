/**
 * Fix (a): microaggregation with a minimum group size. The sensitive column is partitioned by MDAV
 * (`mdav.ts`) into groups of at least `minGroupSize` records, and each value is replaced by its group's
 * mean: the release sdcMicro's `microaggregation()` produces. No published value then describes fewer than
 * `minGroupSize` records, there is no deviation factor to invert, and the information lost is small
 * (the share of the variance lost, SSE/SST, is reported).
 *
 * What it does NOT fix: group means times group sizes still add up to the exact total, so two releases
 * that differ by one record still reveal that record's value by differencing. Only noise (the DP release
 * of `dp-release.ts`) stops that.
 */
import { sensitiveValues, type TableRecord } from "./columns";
import { relabelByCentroid, type ClusterDetail } from "./clustering";
import { informationLoss1d, type InformationLoss } from "./loss";
import { checkMinGroupSize, mdav } from "./mdav";

/** Options of {@link microaggregate}. */
export interface MicroaggregateOptions {
  /** The sensitive numeric column. Required. */
  column: string;
  /** The smallest group m (default 3, sdcMicro's default `aggr`): a whole number from 1 to n. */
  minGroupSize?: number;
}

/** The group columns added to each record of a microaggregated release. */
export interface GroupColumns {
  /** The record's MDAV group, numbered in increasing order of group mean. */
  group: number;
  /** The number of records in the group (≥ the minimum group size). */
  group_size: number;
}

/** The result of {@link microaggregate}. */
export interface Microaggregation<R extends TableRecord = TableRecord> {
  /** The sensitive column. */
  readonly column: string;
  /** The minimum group size m. */
  readonly minGroupSize: number;
  /** The original values, in record order. */
  readonly values: number[];
  /** The published values: each record's group mean, in record order. */
  readonly aggregated: number[];
  /** The group of each record (numbered by increasing mean). */
  readonly labels: number[];
  /** The groups (mean as `centroid`, and size), in increasing order of mean. Every size is ≥ m. */
  readonly groups: ClusterDetail[];
  /**
   * The released table: every record with its value replaced by the group mean, plus group and size.
   * Built on first use (a getter), so a large table written row by row never holds a second copy.
   */
  readonly released: (R & GroupColumns & Record<string, unknown>)[];
  /** Variance lost: SSE/SST of the grouping. */
  readonly loss: InformationLoss;
  /** The smallest group's size (≥ m by construction). */
  readonly smallestGroup: number;
}

/**
 * Microaggregate a numeric column with MDAV.
 *
 * @param records - the table; not modified
 * @param options - `column` (required), `minGroupSize` (default 3)
 * @returns the released table, the groups, the published values and the information loss
 * @throws InvalidInputError for no records, a bad column (listing the numeric ones) or a minimum group size
 *   that is not a whole number from 1 to n
 * @example
 * const fix = microaggregate(loadPokemon({ first: 251 }), { column: "weight_kg", minGroupSize: 3 });
 * fix.smallestGroup;  // 3
 * fix.loss.share;     // a fraction of a percent of the variance
 */
export function microaggregate<R extends TableRecord>(
  records: readonly R[],
  options: MicroaggregateOptions,
): Microaggregation<R> {
  const { column } = options;
  const values = sensitiveValues(records, column);
  const minGroupSize = checkMinGroupSize(options.minGroupSize ?? 3, values.length);
  const result = mdav(values, minGroupSize);
  const { labels, clusters } = relabelByCentroid(values, result.labels, result.groupCount);
  const aggregated = labels.map((g) => clusters[g]!.centroid);
  let released: (R & GroupColumns & Record<string, unknown>)[] | undefined;
  let smallestGroup = Infinity;
  for (const c of clusters) smallestGroup = Math.min(smallestGroup, c.size);
  return {
    column,
    minGroupSize,
    values,
    aggregated,
    labels,
    groups: clusters,
    get released(): (R & GroupColumns & Record<string, unknown>)[] {
      released ??= records.map((record, i) => ({
        ...record,
        [column]: aggregated[i]!,
        group: labels[i]!,
        group_size: clusters[labels[i]!]!.size,
      })) as (R & GroupColumns & Record<string, unknown>)[];
      return released;
    },
    loss: informationLoss1d(values, labels),
    smallestGroup,
  };
}

/**
 * De-identification by clustering, as in the Airflow example (source document 000): cluster the records
 * on ONE sensitive numeric column with k-means, then publish four tables instead of the raw values.
 *
 * 1. raw data with `parent_cluster`, `parent_centroid` and `deviation_factor` per record;
 * 2. clusters detail: each cluster's centroid and size;
 * 3. statistics of the sensitive column;
 * 4. anonymized information: the raw data (1.) without the sensitive column.
 *
 * The definitions, precisely:
 * - clusters come from k-means on the values of the column as 1-D points: by default k-means++ seeding,
 *   10 restarts and Lloyd (`src/cluster`, as the lesson describes), or with `method: "optimal"` the exact
 *   optimum by dynamic programming (`src/cluster/one-d.ts`: no seed, O(k·n·log n), what the command line
 *   uses for tables of any size); either way they are renumbered 0..k−1 in increasing order of their
 *   centroid, so the output does not depend on the arbitrary numbering k-means produces;
 * - `parent_centroid` is the mean value of the cluster's members (recomputed from the final labels);
 * - `deviation_factor` = value / parent_centroid: the "error factor of its weight vs the group center" of
 *   the source. 1 means "exactly at the centre", 2 "twice the centre", 0.5 "half". It is `NaN` when the
 *   centroid is 0 (no factor exists).
 *
 * The leak, stated up front: value = parent_centroid × deviation_factor, so any table that publishes both
 * columns (the anonymized information does) publishes every value, exact up to floating-point rounding
 * (a relative error of at most about 2⁻⁵², i.e. exact once rounded to the data's 0.1 kg resolution). See
 * `audit.ts` for this and the other leaks, and `microaggregation.ts` / `dp-release.ts` for the fixes.
 */
import { KMeans } from "../cluster/index";
import { optimalKMeans1d, stableOrder } from "../cluster/one-d";
import { CourseError, InvalidInputError } from "../errors";
import type { RandomInput } from "../dp/random";
import { distinctCount, sensitiveValues, type TableRecord } from "./columns";
import { describeColumn, type ColumnStatistics } from "./statistics";

/** The three columns the clustering adds to every record. */
export interface ClusterColumns {
  /** The record's cluster, 0..k−1, numbered in increasing order of centroid. */
  parent_cluster: number;
  /** The mean value of the record's cluster. */
  parent_centroid: number;
  /** value / parent_centroid (`NaN` when the centroid is 0). Reveals the value: see the module notes. */
  deviation_factor: number;
}

/**
 * A record of the "raw data" output: the input record plus {@link ClusterColumns}. The index signature
 * lets a table of them go straight to `showTable` (interfaces such as `Pokemon` have none of their own).
 */
export type RawRecord<R extends TableRecord> = R & ClusterColumns & Record<string, unknown>;

/** A record of the "anonymized information" output: the raw record without the sensitive column. */
export type AnonymizedRecord = Record<string, unknown> & ClusterColumns;

/** One row of the "clusters detail" output (a type alias, not an interface, so tables accept it as a row). */
export type ClusterDetail = {
  /** Cluster number, 0..k−1 in increasing order of centroid. */
  cluster: number;
  /** Mean value of the cluster's members. */
  centroid: number;
  /** Number of members. */
  size: number;
};

/** Options of {@link deidentify}. */
export interface DeidentifyOptions {
  /** The sensitive numeric column, e.g. `"weight_kg"`. Required. */
  column: string;
  /** Number of clusters: a whole number from 1 to the number of distinct values. Required. */
  k: number;
  /**
   * Seed of k-means++ (a number or string gives the same clusters every run; a `RandomSource` is consumed).
   * Default: secure randomness. k-means restarts 10 times and keeps the best, so on most data every seed
   * gives the same clusters anyway.
   */
  seed?: RandomInput;
  /**
   * How the clusters are found. `"kmeans++"` (default): k-means++ seeding, 10 restarts, Lloyd, as in the
   * Airflow example and the lesson. `"optimal"`: the exact optimum of the same objective in one dimension
   * (`optimalKMeans1d`), seed-free and fast on millions of records; it is never worse than `"kmeans++"`.
   */
  method?: "kmeans++" | "optimal";
}

/** The four outputs of the Airflow example, plus what they were computed from. */
export interface Deidentification<R extends TableRecord = TableRecord> {
  /** The sensitive column. */
  readonly column: string;
  /** Number of clusters. */
  readonly k: number;
  /** The sensitive values, in record order (the input, for audits and charts). */
  readonly values: number[];
  /** The cluster of each record, in record order (= `raw[i].parent_cluster`). */
  readonly labels: number[];
  /** The input records, in order (not copied). */
  readonly records: readonly R[];
  /**
   * Output 1: every input record with `parent_cluster`, `parent_centroid` and `deviation_factor`. Built on
   * first use (a getter), so a large table that is written row by row never holds a second copy.
   */
  readonly raw: RawRecord<R>[];
  /** Output 2: the clusters, in centroid order. */
  readonly clusters: ClusterDetail[];
  /** Output 3: statistics of the sensitive column. */
  readonly statistics: ColumnStatistics;
  /** Output 4: the raw data without the sensitive column. Built on first use, like `raw`. */
  readonly anonymized: AnonymizedRecord[];
  /** Within-cluster sum of squares, Σ (value − parent_centroid)² (k-means' inertia). */
  readonly inertia: number;
}

/**
 * Check `k` against the data.
 * @throws InvalidInputError `constant-column` when every value is the same and k > 1 (the message says so,
 *   instead of "k must be 1 to 1"); `invalid-k` unless k is a whole number from 1 to the number of distinct values
 */
export function checkK(k: unknown, values: readonly number[], column: string): number {
  // Enough distinct values for k is usually clear after a few records; count them all only for a message.
  if (typeof k === "number" && Number.isInteger(k) && k >= 1 && k <= 10_000) {
    const seen = new Set<number>();
    for (let i = 0; i < values.length && seen.size < k; i++) seen.add(values[i]!);
    if (seen.size >= k) return k;
  }
  const distinct = distinctCount(values);
  const valid = typeof k === "number" && Number.isInteger(k) && k >= 1 && k <= distinct;
  if (!valid && distinct === 1 && values.length > 1 && typeof k === "number" && Number.isInteger(k) && k > 1) {
    // One value for everyone: no clusters to find, and nothing about a record that the column could tell apart.
    throw new InvalidInputError(
      "constant-column",
      `Every one of the ${values.length} records has ${column} = ${values[0]}: a column of identical values has ` +
        `nothing to cluster (k-means can make only 1 cluster, you asked for ${k}) and nothing to de-identify ` +
        `(it tells no record apart). Fix: choose a column whose values vary, or k = 1 to run the pipeline anyway.`,
    );
  }
  if (!valid) {
    throw new InvalidInputError(
      "invalid-k",
      `k must be a whole number from 1 to ${distinct} (the number of distinct ${column} values among the ` +
        `${values.length} records), got ${typeof k === "number" ? k : JSON.stringify(k)}. Fix: pick a k in that ` +
        `range, e.g. k = ${Math.min(3, distinct)}${distinct >= 3 ? " as in the Airflow example" : ""}.`,
    );
  }
  return k as number;
}

/**
 * Cluster labels renumbered so that clusters are in increasing order of their mean value, with each
 * cluster's mean and size.
 *
 * @param values - the values
 * @param labels - any cluster numbering 0..k−1
 * @param k - number of clusters
 * @returns the new labels and the clusters detail
 * @throws CourseError `empty-cluster` when a cluster has no member (cannot happen with k ≤ distinct values)
 */
export function relabelByCentroid(
  values: readonly number[],
  labels: ArrayLike<number>,
  k: number,
): { labels: number[]; clusters: ClusterDetail[] } {
  const sums = new Float64Array(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    sums[labels[i]!]! += values[i]!;
    sizes[labels[i]!]!++;
  }
  const means = Array.from(sums, (s, c) => s / sizes[c]!);
  if (sizes.some((s) => s === 0)) {
    throw new CourseError("empty-cluster", "k-means left a cluster empty; choose a smaller k.");
  }
  // (mean, cluster number) ascending: a native-sort argsort (MDAV of a million records has 333,333 groups).
  const order = Array.from(stableOrder(means));
  const newLabel = new Int32Array(k);
  order.forEach((old, rank) => (newLabel[old] = rank));
  return {
    labels: Array.from(values, (_, i) => newLabel[labels[i]!]!),
    clusters: order.map((old, rank) => ({ cluster: rank, centroid: means[old]!, size: sizes[old]! })),
  };
}

/**
 * De-identify a numeric column by clustering: the four outputs of the Airflow example.
 *
 * NOT private: every output except the statistics can be turned back into the values (see `audit.ts`).
 * It is here to be audited and compared with the fixes.
 *
 * @param records - the table, e.g. `loadPokemon({ first: 251 })`; not modified
 * @param options - `column` and `k` (required), `seed` (default secure randomness)
 * @returns the four outputs (raw, clusters, statistics, anonymized) plus values, labels and inertia
 * @throws InvalidInputError for no records, an unknown or non-numeric column (the message lists the
 *   numeric ones) or k out of range
 * @example
 * const release = deidentify(loadPokemon({ first: 251 }), { column: "weight_kg", k: 3, seed: 42 });
 * release.clusters; // [{ cluster: 0, centroid: 18.68…, size: 176 }, { cluster: 1, … }, { cluster: 2, … }]
 */
export function deidentify<R extends TableRecord>(
  records: readonly R[],
  options: DeidentifyOptions,
): Deidentification<R> {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError(
      "invalid-options",
      'deidentify needs options { column, k }. Fix: deidentify(records, { column: "weight_kg", k: 3 }).',
    );
  }
  const { column } = options;
  const values = sensitiveValues(records, column);
  const k = checkK(options.k, values, column);
  const method = options.method ?? "kmeans++";
  if (method !== "kmeans++" && method !== "optimal") {
    throw new InvalidInputError(
      "invalid-method",
      `method must be "kmeans++" or "optimal", got ${JSON.stringify(method)}. Fix: leave it out for k-means++.`,
    );
  }
  const rawLabels =
    method === "optimal"
      ? optimalKMeans1d(values, k).labels
      : new KMeans({ nClusters: k, randomState: options.seed }).fit(values.map((v) => [v])).labels;
  const { labels, clusters } = relabelByCentroid(values, rawLabels, k);

  let inertia = 0;
  for (let i = 0; i < values.length; i++) inertia += (values[i]! - clusters[labels[i]!]!.centroid) ** 2;
  const rawRecord = (i: number): RawRecord<R> => {
    const centroid = clusters[labels[i]!]!.centroid;
    return {
      ...records[i]!,
      parent_cluster: labels[i]!,
      parent_centroid: centroid,
      deviation_factor: deviationFactor(values[i]!, centroid),
    } as RawRecord<R>;
  };
  let raw: RawRecord<R>[] | undefined;
  let anonymized: AnonymizedRecord[] | undefined;
  return {
    column,
    k,
    values,
    labels,
    records,
    get raw(): RawRecord<R>[] {
      raw ??= records.map((_, i) => rawRecord(i));
      return raw;
    },
    clusters,
    statistics: describeColumn(values, column),
    get anonymized(): AnonymizedRecord[] {
      anonymized ??= this.raw.map((record) => {
        const copy: Record<string, unknown> = { ...(record as object) };
        delete copy[column];
        return copy as AnonymizedRecord;
      });
      return anonymized;
    },
    inertia,
  };
}

/** value / centroid, the published deviation factor (`NaN` when the centroid is 0: no factor exists). */
export function deviationFactor(value: number, centroid: number): number {
  return centroid === 0 ? NaN : value / centroid;
}

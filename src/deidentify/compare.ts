/**
 * The original release and its two fixes side by side: what each publishes, whether the leaks of the
 * audit still work, and how much of the sensitive column's variance each keeps.
 *
 * "Variance kept" = 1 − SSE/SST (see `loss.ts`), where SSE sums each record's squared distance to the
 * value the release gives it: its cluster centroid (k-means clusters detail), its group mean (MDAV), or
 * the nearest released centroid (DP, which publishes no per-record value). It is measured against the
 * true values, so it is for the data owner's comparison, never part of a release.
 */
import { publishedTotal, recoverValues } from "./audit";
import type { ClusterDetail, Deidentification } from "./clustering";
import type { DpRelease } from "./dp-release";
import type { Microaggregation } from "./microaggregation";
import { dpGuarantee, epsilonText } from "./privacy-claim";

/** One row of the comparison. */
export interface ReleaseComparisonRow {
  /** Which release. */
  release: string;
  /** What it publishes. */
  publishes: string;
  /** The smallest group a published value describes (for DP: the smallest released size, noisy). */
  smallestGroup: number;
  /** How many values come back exactly (within 1e-9) from the published tables. */
  recoveredExactly: number;
  /** What differencing the releases over n and n − 1 records gives, minus the true value (undefined: not measured). */
  differencingError: number | undefined;
  /** 1 − SSE/SST, in [0, 1]. */
  varianceKept: number;
  /** The formal guarantee, if any. */
  guarantee: string;
}

/** Input of {@link compareReleases}: each release, and optionally the same release over n − 1 records. */
export interface ReleaseComparisonInput {
  /** The k-means de-identification (the Airflow example). */
  release: Deidentification;
  /** The same over the first n − 1 records (for differencing). Optional. */
  releaseNeighbour?: Deidentification;
  /** MDAV microaggregation(s); one row each. */
  microaggregations?: readonly Microaggregation[];
  /** The same over n − 1 records, in the same order. Optional. */
  microaggregationNeighbours?: readonly Microaggregation[];
  /** The DP release. Optional. */
  dp?: DpRelease;
  /** Another DP release over n − 1 records (fresh noise). Optional. */
  dpNeighbour?: DpRelease;
}

function sst(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0);
}

function keptNearest(values: readonly number[], centroids: readonly number[]): number {
  const total = sst(values);
  if (total === 0) return 1;
  let sse = 0;
  for (const v of values) {
    let best = Infinity;
    for (const c of centroids) best = Math.min(best, (v - c) ** 2);
    sse += best;
  }
  return 1 - sse / total;
}

function differencingError(
  after: readonly ClusterDetail[],
  before: readonly ClusterDetail[] | undefined,
  actual: number,
): number | undefined {
  return before === undefined ? undefined : publishedTotal(after) - publishedTotal(before) - actual;
}

/**
 * Compare the k-means release with its fixes.
 *
 * @param input - the releases (and optionally their n − 1 neighbours for the differencing column)
 * @returns one row per release, in the order k-means, MDAV (each), DP
 * @example
 * compareReleases({ release, releaseNeighbour, microaggregations: [mdav3], dp });
 */
export function compareReleases(input: ReleaseComparisonInput): ReleaseComparisonRow[] {
  const { release } = input;
  const values = release.values;
  const last = values[values.length - 1]!;
  const total = sst(values);
  const rows: ReleaseComparisonRow[] = [
    {
      release: `k-means clusters (k = ${release.k})`,
      publishes: "raw/anonymized tables with parent_cluster, parent_centroid, deviation_factor; clusters detail; statistics",
      smallestGroup: Math.min(...release.clusters.map((c) => c.size)),
      recoveredExactly: recoverValues(release).filter((r, i) => Math.abs(r - values[i]!) <= 1e-9).length,
      differencingError: differencingError(release.clusters, input.releaseNeighbour?.clusters, last),
      varianceKept: total === 0 ? 1 : 1 - release.inertia / total,
      guarantee: "none",
    },
  ];
  (input.microaggregations ?? []).forEach((m, i) => {
    rows.push({
      release: `MDAV microaggregation (m = ${m.minGroupSize})`,
      publishes: `each value replaced by its group's mean (${m.groups.length} groups); groups detail`,
      smallestGroup: m.smallestGroup,
      recoveredExactly: m.aggregated.filter((a, j) => Math.abs(a - values[j]!) <= 1e-9).length,
      differencingError: differencingError(m.groups, input.microaggregationNeighbours?.[i]?.groups, last),
      varianceKept: 1 - m.loss.share,
      guarantee: `every published value describes ≥ ${m.minGroupSize} records`,
    });
  });
  if (input.dp) {
    const dp = input.dp;
    rows.push({
      release: `DP release (ε = ${epsilonText(dp.epsilon)})`,
      publishes: `noisy centroids and sizes of ${dp.k} clusters; noisy count, mean, std, quartiles`,
      smallestGroup: Math.min(...dp.clusters.map((c) => c.size)),
      recoveredExactly: 0,
      differencingError: differencingError(dp.clusters, input.dpNeighbour?.clusters, last),
      varianceKept: keptNearest(
        values,
        dp.clusters.map((c) => c.centroid),
      ),
      guarantee: `${dpGuarantee(dp.epsilon)}${dp.seeded ? " (seeded noise: teaching only)" : ""}`,
    });
  }
  return rows;
}

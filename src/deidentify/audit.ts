/**
 * The disclosure audit of a de-identification by clustering: what the four outputs give away, measured on
 * the data.
 *
 * 1. Small clusters. A cluster of size 1 publishes its member's exact value as the centroid; a cluster
 *    below a minimum group size m narrows its members' values to an average of fewer than m records.
 *    The default m = 3 is sdcMicro's default group size for microaggregation (`aggr = 3`); 5 is a common
 *    stricter choice.
 * 2. Unique values: how many records have a value no other record shares. Any release that reveals a
 *    record's value (or narrows it enough) singles that record out.
 * 3. Exact recovery: value = parent_centroid × deviation_factor, from the anonymized table alone.
 * 4. Differencing: size × centroid = the cluster's sum, so the clusters detail gives the exact total; two
 *    releases over data differing by one record differ in total by exactly that record's value (the
 *    statistics give it too: count × mean). Shown with the release over n records against the one over
 *    the first n − 1.
 */
import { InvalidInputError } from "../errors";
import type { TableRecord } from "./columns";
import { deviationFactor, type ClusterDetail, type Deidentification } from "./clustering";

/** The default minimum group size of the audit and of microaggregation (sdcMicro's default). */
export const DEFAULT_MIN_GROUP_SIZE = 3;

/** The tolerance of "recovered exactly" in the audit: an absolute difference of at most 1e-9. */
export const RECOVERY_TOLERANCE = 1e-9;

/** A cluster the audit flags, with the records it describes. */
export interface FlaggedCluster {
  /** Cluster number. */
  cluster: number;
  /** Its size (below the minimum). */
  size: number;
  /** Its published centroid. For a singleton: the member's exact value. */
  centroid: number;
  /** The members, by the audit's `idColumn` (or record position). */
  members: string[];
}

/** How well the values come back from the anonymized table. */
export interface RecoveryCheck {
  /** Records checked (all of them). */
  records: number;
  /** Recovered values bit-for-bit equal to the true value. */
  exact: number;
  /** Recovered values within {@link RECOVERY_TOLERANCE} of the true value. */
  withinTolerance: number;
  /** Recovered values equal to the true value once rounded to `resolution` (the data's precision). */
  atResolution: number;
  /** The rounding used for `atResolution` (0.1 for weights in kg), or `undefined` when not given. */
  resolution: number | undefined;
  /** The largest absolute difference. */
  maxAbsError: number;
}

/** What a differencing attack on two releases found. */
export interface DifferencingResult {
  /** Records in the larger release. */
  recordsAfter: number;
  /** Records in the smaller release. */
  recordsBefore: number;
  /** Σ size × centroid of the larger release's clusters detail. */
  totalAfter: number;
  /** Σ size × centroid of the smaller release's clusters detail. */
  totalBefore: number;
  /** totalAfter − totalBefore: the attacker's reconstruction of the added record's value. */
  revealed: number;
  /** The same from the statistics: count × mean after minus before. */
  revealedFromStatistics: number;
  /** The added record, by the audit's `idColumn` (when exactly one record differs). */
  target: string | undefined;
  /** Its true value (when exactly one record differs). */
  actual: number | undefined;
  /** |revealed − actual| (when known). */
  error: number | undefined;
}

/** Options of {@link auditDisclosure}. */
export interface AuditOptions {
  /** The minimum acceptable group size m (default {@link DEFAULT_MIN_GROUP_SIZE}): whole number ≥ 1. */
  minGroupSize?: number;
  /** A release over the same data minus one record, for the differencing attack. Default: none (skipped). */
  neighbour?: Deidentification;
  /** The column that names a record in the findings, e.g. `"name"`. Default `"name"` when every record has one, else the record's position. */
  idColumn?: string;
  /** The data's resolution for the "recovered at resolution" count, e.g. 0.1 for kg. Default none. */
  resolution?: number;
}

/** The disclosure audit, as data (every number the audit table and the report show). */
export interface DisclosureAudit {
  /** The audited column. */
  column: string;
  /** Records. */
  records: number;
  /** Clusters. */
  k: number;
  /** The minimum group size used. */
  minGroupSize: number;
  /** Clusters smaller than the minimum group size (singletons included). */
  smallClusters: FlaggedCluster[];
  /** Clusters of exactly one record: their centroid is that record's value. */
  singletons: FlaggedCluster[];
  /** How many records have a value no other record shares. */
  uniqueValues: number;
  /** uniqueValues / records. */
  uniqueShare: number;
  /** Recovery of every value from parent_centroid × deviation_factor in the anonymized table. */
  recovery: RecoveryCheck;
  /** The differencing attack, when a neighbouring release was given. */
  differencing: DifferencingResult | undefined;
  /** The findings in plain sentences, most serious first. */
  findings: string[];
}

function idsOf(records: readonly TableRecord[], idColumn: string | undefined): string[] {
  const useColumn =
    idColumn ?? (records.every((r) => typeof (r as Record<string, unknown>).name === "string") ? "name" : undefined);
  return records.map((r, i) => {
    const id = useColumn === undefined ? undefined : (r as Record<string, unknown>)[useColumn];
    return id === undefined || id === null ? `record ${i}` : String(id);
  });
}

/**
 * The exact total a clusters detail publishes: Σ size × centroid (the attacker's first step).
 * @param clusters - a clusters detail
 */
export function publishedTotal(clusters: readonly ClusterDetail[]): number {
  return clusters.reduce((sum, c) => sum + c.size * c.centroid, 0);
}

/**
 * Recover each value from the anonymized table: parent_centroid × deviation_factor. The two columns are
 * taken from the cluster of each record (the very numbers the table publishes), so a million-row release
 * need not build its anonymized table to be audited.
 * @param release - a de-identification
 * @returns the recovered values, in record order
 */
export function recoverValues(release: Deidentification): number[] {
  return release.values.map((value, i) => {
    const centroid = release.clusters[release.labels[i]!]!.centroid;
    return centroid * deviationFactor(value, centroid);
  });
}

/** The records of a release (its input; a release built by hand may only have `raw`). */
function recordsOf(release: Deidentification): readonly TableRecord[] {
  return release.records ?? release.raw;
}

/**
 * The differencing attack: the value of the one record in `after` that is not in `before`, computed from
 * the two clusters details only (and, separately, from the two statistics).
 *
 * @param after - the release over the larger data
 * @param before - the release over the same data minus one record
 * @param idColumn - how records are named (default `"name"` when present, else position)
 * @returns the reconstruction and, when exactly one record differs, the true value and the error
 */
export function differencingAttack(
  after: Deidentification,
  before: Deidentification,
  idColumn?: string,
): DifferencingResult {
  const totalAfter = publishedTotal(after.clusters);
  const totalBefore = publishedTotal(before.clusters);
  const revealed = totalAfter - totalBefore;
  const revealedFromStatistics =
    after.statistics.count * after.statistics.mean - before.statistics.count * before.statistics.mean;
  const recordsAfter = recordsOf(after);
  const recordsBefore = recordsOf(before);
  const idsAfter = idsOf(recordsAfter, idColumn);
  let added: { id: string; i: number }[];
  if (recordsBefore.length === recordsAfter.length - 1 && recordsBefore.every((r, i) => r === recordsAfter[i])) {
    // The usual case (the same records minus the last): only the last record can be the added one (a scan
    // for its id, instead of a set of a million ids).
    const last = idsAfter[idsAfter.length - 1]!;
    added = idsOf(recordsBefore, idColumn).includes(last) ? [] : [{ id: last, i: idsAfter.length - 1 }];
  } else {
    const idsBefore = new Set(idsOf(recordsBefore, idColumn));
    added = idsAfter.map((id, i) => ({ id, i })).filter(({ id }) => !idsBefore.has(id));
  }
  const one = added.length === 1 && after.values.length === before.values.length + 1 ? added[0] : undefined;
  const actual = one === undefined ? undefined : after.values[one.i];
  return {
    recordsAfter: after.values.length,
    recordsBefore: before.values.length,
    totalAfter,
    totalBefore,
    revealed,
    revealedFromStatistics,
    target: one?.id,
    actual,
    error: actual === undefined ? undefined : Math.abs(revealed - actual),
  };
}

/** Numbers in findings: at most 6 significant digits. */
function show(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

/**
 * Audit a de-identification by clustering for disclosure.
 *
 * @param release - the release to audit (from `deidentify`)
 * @param options - `minGroupSize` (default 3), `neighbour` (for differencing; default none), `idColumn`,
 *   `resolution`
 * @returns every measurement and a list of findings in plain sentences
 * @throws InvalidInputError for a minimum group size that is not a whole number ≥ 1, or a bad resolution
 * @example
 * const records = loadPokemon({ first: 251 });
 * const release = deidentify(records, { column: "weight_kg", k: 10, seed: 42 });
 * const neighbour = deidentify(records.slice(0, -1), { column: "weight_kg", k: 10, seed: 42 });
 * auditDisclosure(release, { minGroupSize: 3, neighbour }).singletons; // the one-Pokémon clusters
 */
export function auditDisclosure(release: Deidentification, options: AuditOptions = {}): DisclosureAudit {
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  if (typeof minGroupSize !== "number" || !Number.isInteger(minGroupSize) || minGroupSize < 1) {
    throw new InvalidInputError(
      "invalid-min-group",
      `The minimum group size must be a whole number ≥ 1, got ${String(minGroupSize)}. Fix: use e.g. 3 or 5.`,
    );
  }
  const resolution = options.resolution;
  if (resolution !== undefined && !(typeof resolution === "number" && resolution > 0 && Number.isFinite(resolution))) {
    throw new InvalidInputError("invalid-resolution", `resolution must be a positive number such as 0.1, got ${resolution}.`);
  }
  const ids = idsOf(recordsOf(release), options.idColumn);
  const membersOf = (cluster: number): string[] => ids.filter((_, i) => release.labels[i] === cluster);
  const smallClusters: FlaggedCluster[] = release.clusters
    .filter((c) => c.size < minGroupSize)
    .map((c) => ({ ...c, members: membersOf(c.cluster) }));
  const singletons = smallClusters.filter((c) => c.size === 1);

  // Values no other record shares: runs of length 1 in sorted order (a sort beats a Map on a million values).
  const sorted = Float64Array.from(release.values).sort();
  let uniqueValues = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i - 1] && sorted[i] !== sorted[i + 1]) uniqueValues++;
  }

  const recovered = recoverValues(release);
  let exact = 0;
  let withinTolerance = 0;
  let atResolution = 0;
  let maxAbsError = 0;
  recovered.forEach((r, i) => {
    const v = release.values[i]!;
    const error = Math.abs(r - v);
    if (r === v) exact++;
    if (error <= RECOVERY_TOLERANCE) withinTolerance++;
    if (resolution !== undefined && Math.round(r / resolution) === Math.round(v / resolution)) atResolution++;
    if (!(error <= maxAbsError)) maxAbsError = error;
  });
  const recovery: RecoveryCheck = {
    records: recovered.length,
    exact,
    withinTolerance,
    atResolution,
    resolution,
    maxAbsError,
  };

  const differencing = options.neighbour ? differencingAttack(release, options.neighbour, options.idColumn) : undefined;
  const n = release.values.length;
  const column = release.column;
  const findings: string[] = [];
  findings.push(
    `${withinTolerance} of ${n} ${column} values come back from the anonymized table as parent_centroid × ` +
      `deviation_factor (within ${RECOVERY_TOLERANCE}; ${exact} bit-for-bit; largest error ${maxAbsError.toExponential(1)}).`,
  );
  for (const s of singletons) {
    findings.push(`Cluster ${s.cluster} has one member (${s.members[0]}): its centroid ${show(s.centroid)} is that record's exact ${column}.`);
  }
  const others = smallClusters.filter((c) => c.size > 1);
  if (others.length > 0) {
    findings.push(
      `${others.length} more cluster(s) below the minimum group size ${minGroupSize}: ` +
        others.map((c) => `cluster ${c.cluster} (${c.size}: ${c.members.join(", ")})`).join("; ") + ".",
    );
  }
  if (differencing) {
    const who = differencing.target ? ` of ${differencing.target}` : "";
    const truth = differencing.actual === undefined ? "" : ` (true value ${show(differencing.actual)}, error ${differencing.error!.toExponential(1)})`;
    findings.push(
      `Differencing the releases over ${differencing.recordsAfter} and ${differencing.recordsBefore} records ` +
        `(Σ size × centroid: ${show(differencing.totalAfter)} − ${show(differencing.totalBefore)}) reveals the ` +
        `${column}${who}: ${show(differencing.revealed)}${truth}.`,
    );
  }
  findings.push(
    `${uniqueValues} of ${n} records (${((100 * uniqueValues) / n).toFixed(1)}%) have a ${column} no other record shares.`,
  );
  return {
    column,
    records: n,
    k: release.k,
    minGroupSize,
    smallClusters,
    singletons,
    uniqueValues,
    uniqueShare: n > 0 ? uniqueValues / n : 0,
    recovery,
    differencing,
    findings,
  };
}

/**
 * The audit as table rows (check, result, verdict), for `showTable` or `tableHtml`.
 * @param audit - from {@link auditDisclosure}
 */
export function auditTable(audit: DisclosureAudit): { check: string; result: string; leaks: string }[] {
  const rows = [
    {
      check: `clusters below the minimum group size (${audit.minGroupSize})`,
      result: `${audit.smallClusters.length} of ${audit.k}` +
        (audit.smallClusters.length ? `: sizes ${audit.smallClusters.map((c) => c.size).join(", ")}` : ""),
      leaks: audit.smallClusters.length > 0 ? "yes" : "no",
    },
    {
      check: "singleton clusters (centroid = one record's value)",
      result: audit.singletons.length === 0 ? "none" : audit.singletons.map((s) => `${s.members[0]} = ${show(s.centroid)}`).join("; "),
      leaks: audit.singletons.length > 0 ? "yes" : "no",
    },
    {
      check: `values no other record shares`,
      result: `${audit.uniqueValues} of ${audit.records} (${(100 * audit.uniqueShare).toFixed(1)}%)`,
      leaks: audit.uniqueValues > 0 ? "risk" : "no",
    },
    {
      check: "values recovered as parent_centroid × deviation_factor",
      result:
        `${audit.recovery.withinTolerance} of ${audit.recovery.records} within ${RECOVERY_TOLERANCE} ` +
        `(${audit.recovery.exact} bit-for-bit)`,
      leaks: audit.recovery.withinTolerance > 0 ? "yes" : "no",
    },
  ];
  if (audit.differencing) {
    const d = audit.differencing;
    rows.push({
      check: `differencing: release over ${d.recordsAfter} minus release over ${d.recordsBefore}`,
      result:
        `reveals ${show(d.revealed)}` +
        (d.target ? ` = ${audit.column} of ${d.target}` : "") +
        (d.actual !== undefined ? ` (true ${show(d.actual)})` : ""),
      leaks: "yes",
    });
  }
  return rows;
}

/**
 * De-identification by clustering (lesson 1, from the Airflow example): the four outputs, the disclosure
 * audit that shows how they leak, and the two fixes (MDAV microaggregation with a minimum group size, and
 * a differentially private release), compared.
 *
 * In notebooks import it as `./src/deidentify/index` (tslab does not resolve a folder to its index).
 * The HTML report of the command line is not re-exported here (it pulls in every chart builder, which
 * costs a notebook most of a second to compile): import it from `./src/deidentify/report`.
 *
 * @example
 * import { loadPokemon, PUBLIC_BOUNDS } from "./src/data/index";
 * import { deidentify, auditDisclosure, microaggregate, dpRelease } from "./src/deidentify/index";
 * const records = loadPokemon({ first: 251 });
 * const release = deidentify(records, { column: "weight_kg", k: 3, seed: 42 });
 * const audit = auditDisclosure(release, { minGroupSize: 3 });
 * const mdav3 = microaggregate(records, { column: "weight_kg", minGroupSize: 3 });
 * const dp = dpRelease(records, { column: "weight_kg", k: 3, epsilon: 1, bounds: PUBLIC_BOUNDS.weight_kg, seed: 7 });
 */
export { distinctCount, numericColumns, sensitiveValues, type TableRecord } from "./columns";
export { SKEW_THRESHOLD, describeColumn, quantileSorted, type ColumnStatistics } from "./statistics";
export {
  checkK,
  deidentify,
  relabelByCentroid,
  type AnonymizedRecord,
  type ClusterColumns,
  type ClusterDetail,
  type Deidentification,
  type DeidentifyOptions,
  type RawRecord,
} from "./clustering";
export {
  DEFAULT_MIN_GROUP_SIZE,
  RECOVERY_TOLERANCE,
  auditDisclosure,
  auditTable,
  differencingAttack,
  publishedTotal,
  recoverValues,
  type AuditOptions,
  type DifferencingResult,
  type DisclosureAudit,
  type FlaggedCluster,
  type RecoveryCheck,
} from "./audit";
export { informationLoss, type InformationLoss } from "./loss";
export { checkMinGroupSize, mdav, type MdavResult } from "./mdav";
export {
  microaggregate,
  type GroupColumns,
  type Microaggregation,
  type MicroaggregateOptions,
} from "./microaggregation";
export {
  DEFAULT_BINS,
  DEFAULT_BUDGET_SHARES,
  DEFAULT_TAIL_THRESHOLD,
  DP_RELEASE_SCOPE,
  binEdges,
  dpRelease,
  histogramQuantile,
  type BudgetShares,
  type DpClusterDetail,
  type DpEpsilons,
  type DpRelease,
  type DpReleaseOptions,
  type DpStatistics,
} from "./dp-release";
export { dpErrorSummary, type DpErrorOptions, type DpErrorRow } from "./dp-error";
export { compareReleases, type ReleaseComparisonInput, type ReleaseComparisonRow } from "./compare";
export { releasedValuesFigure, type ReleasedSeries, type ReleasedValuesInput } from "./figures";
export { neutraliseFormula, recordsToCsv } from "./csv";

/**
 * The offline HTML report of a de-identification run (`npm run deidentify` writes it as `report.html`):
 * the four outputs, the disclosure audit, both fixes and their comparison, with charts drawn by the
 * plotly.js bundled in the page (no network needed). Built from the pure helpers of `src/viz`.
 *
 * The report is for the data owner: it shows raw values and compares releases with the truth. It is not
 * itself a release.
 */
import { escapeHtml } from "../viz/escape";
import {
  budgetReceiptFigure,
  clusterSizesFigure,
  statisticsFigure,
  weightsByClusterFigure,
} from "../viz/figures/index";
import { formatNumber, formatPercent } from "../viz/format";
import { chartHtml, plotlyLoaderHtml, tableHtml } from "../viz/html";
import type { Figure } from "../viz/plotly-types";
import { auditTable, type DisclosureAudit } from "./audit";
import { deviationFactor, type Deidentification } from "./clustering";
import type { ReleaseComparisonRow } from "./compare";
import type { DpErrorRow } from "./dp-error";
import { DP_RELEASE_SCOPE, type DpRelease } from "./dp-release";
import { releasedValuesFigure } from "./figures";
import { epsilonText, isDifferentiallyPrivate, NOT_DIFFERENTIALLY_PRIVATE } from "./privacy-claim";
import type { Microaggregation } from "./microaggregation";

/** Everything the report shows. */
export interface ReportInput {
  /** Page title. Default "De-identification by clustering: <column>". */
  title?: string;
  /** The run's settings, shown as a table (name → value). */
  settings: Record<string, string | number | boolean | undefined>;
  /** The k-means de-identification (the four outputs). */
  release: Deidentification;
  /** Its disclosure audit. */
  audit: DisclosureAudit;
  /** Fix (a): microaggregations (e.g. m = 3 and m = 5). */
  microaggregations: readonly Microaggregation[];
  /** Fix (b): the DP release. Optional. */
  dp?: DpRelease;
  /** Typical errors of the DP release at this ε (from `dpErrorSummary`). Optional. */
  dpErrors?: readonly DpErrorRow[];
  /** The comparison rows (from `compareReleases`). */
  comparison: readonly ReleaseComparisonRow[];
  /** Axis title of the column with units. Default the column name. */
  valueTitle?: string;
  /** Draw values on log axes (they must be > 0). Default true when every value is > 0. */
  log?: boolean;
  /** Columns of the raw data shown in the report's table (the CSV has them all). Default: a few + the cluster columns. */
  rawColumns?: readonly string[];
  /** The column naming records in charts. Default `"name"` when present. */
  nameColumn?: string;
  /**
   * Why the DP release is not private although ε is finite (e.g. "its bounds were taken from the data"):
   * the DP section then says so first, like an ε = ∞ release. Default: none.
   */
  dpNotPrivateReason?: string;
}

/** The most records a chart draws; past this, an even sample in record order (the CSVs have every record). */
export const REPORT_CHART_POINTS = 5000;

/** The first and last rows shown in the report's tables of records. */
const TABLE_END_ROWS = 10;

const style = `
body { font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; color: #222; max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.8em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
table.course-table { margin: .8em 0; font-size: .92em; }
table.course-table th, table.course-table td { border-bottom: 1px solid #e6e6e6; padding: 3px 10px; }
.note { background: #f4f8fb; border-left: 5px solid #0072B2; padding: 8px 12px; margin: 1em 0; }
.alert { background: #fdf1e8; border-left: 5px solid #D55E00; padding: 8px 12px; margin: 1em 0; }
`;

function section(title: string, ...parts: string[]): string {
  return `<section><h2>${escapeHtml(title)}</h2>\n${parts.join("\n")}</section>`;
}

function paragraph(text: string, cls?: string): string {
  return `<p${cls ? ` class="${cls}"` : ""}>${escapeHtml(text)}</p>`;
}

function fmt(value: number): string {
  return formatNumber(value, { digits: 5 });
}

/**
 * The report as a complete HTML document (about 5 MB: plotly.js is inlined once).
 *
 * @param input - see {@link ReportInput}
 * @returns the HTML text
 */
export function deidentificationReportHtml(input: ReportInput): string {
  const { release, audit, dp } = input;
  const column = release.column;
  const valueTitle = input.valueTitle ?? column;
  const log = input.log ?? release.values.every((v) => v > 0);
  // The record tables show the first and last rows only: build just those (a million-row release never
  // builds its raw table here).
  const shown = release.values.length <= 2 * TABLE_END_ROWS ? release.raw : [...headTail(release, TABLE_END_ROWS)];
  const first = shown[0] as unknown as Record<string, unknown> | undefined;
  const nameColumn = input.nameColumn ?? (first && typeof first.name === "string" ? "name" : undefined);
  const records = (release.records ?? release.raw) as readonly Record<string, unknown>[];
  const n = release.values.length;
  // Charts draw at most REPORT_CHART_POINTS records: every step-th one, deterministically.
  const step = Math.max(1, Math.ceil(n / REPORT_CHART_POINTS));
  const sample = Array.from({ length: Math.ceil(n / step) }, (_, j) => j * step);
  const pick = <T,>(xs: ArrayLike<T>): T[] => sample.map((i) => xs[i]!);
  const sampleNote =
    step > 1
      ? paragraph(
          `The charts draw ${sample.length} of the ${n} records (every ${step}th, in file order; the histogram's mean and ` +
            "median are the sample's); the tables above and the CSV files have all of them.",
          "note",
        )
      : "";
  const names = nameColumn ? sample.map((i) => String(records[i]![nameColumn])) : undefined;

  let chartNumber = 0;
  const chart = (figure: Figure): string => chartHtml(figure, { id: `report-chart-${++chartNumber}` });
  const defaultRaw = ["national_number", "name", column, "parent_cluster", "parent_centroid", "deviation_factor"];
  const rawColumns = (input.rawColumns ?? defaultRaw).filter((c) => first !== undefined && c in first);
  const anonymizedColumns = rawColumns.filter((c) => c !== column);
  const stats = release.statistics;
  const title = input.title ?? `De-identification by clustering: ${column}`;

  const settings = Object.entries(input.settings)
    .filter(([, v]) => v !== undefined)
    .map(([setting, value]) => ({ setting, value: String(value) }));

  const outputs = section(
    "The four outputs (as in the Airflow example)",
    paragraph(
      `deviation_factor = ${column} / parent_centroid, so ${column} = parent_centroid × deviation_factor: ` +
        "the anonymized table still holds every value (see the audit).",
      "alert",
    ),
    tableHtml(shown as unknown as Record<string, unknown>[], {
      columns: rawColumns,
      caption: `1. Raw data (${n} records; ${n <= 2 * TABLE_END_ROWS ? "first and last rows" : `the first and last ${TABLE_END_ROWS}`}; raw.csv has every column)`,
      digits: 6,
    }),
    tableHtml(release.clusters as unknown as Record<string, unknown>[], { caption: "2. Clusters detail", digits: 6 }),
    tableHtml(
      [
        { statistic: "count", value: stats.count },
        { statistic: "mean", value: stats.mean },
        { statistic: "std", value: stats.std },
        { statistic: "min", value: stats.min },
        { statistic: "25%", value: stats.q25 },
        { statistic: "50% (median)", value: stats.median },
        { statistic: "75%", value: stats.q75 },
        { statistic: "max", value: stats.max },
        { statistic: "skew (mean − median) / std", value: stats.skew },
      ],
      { caption: `3. Statistics of ${column}`, digits: 6 },
    ),
    paragraph(stats.note, stats.skewed ? "note" : undefined),
    tableHtml(shown as unknown as Record<string, unknown>[], {
      columns: anonymizedColumns,
      caption: `4. Anonymized information (raw data without ${column}${n <= 2 * TABLE_END_ROWS ? "" : `; the first and last ${TABLE_END_ROWS}`})`,
      digits: 6,
    }),
    sampleNote,
    chart(
      weightsByClusterFigure({
        values: pick(release.values),
        labels: pick(release.labels),
        names,
        valueTitle,
        title: `${valueTitle} by cluster (k = ${release.k})`,
        log,
      }),
    ),
    chart(
      statisticsFigure({ values: pick(release.values), valueTitle, title: `${valueTitle}: mean vs median`, log }),
    ),
  );

  const auditSection = section(
    "Disclosure audit",
    tableHtml(auditTable(audit), { caption: `How the release leaks (minimum group size ${audit.minGroupSize})` }),
    `<ul>${audit.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`,
    chart(
      clusterSizesFigure({
        sizes: release.clusters.map((c) => c.size),
        minGroupSize: audit.minGroupSize,
        title: `Cluster sizes (k = ${release.k}) against the minimum group size ${audit.minGroupSize}`,
      }),
    ),
  );

  const microSection = section(
    "Fix (a): microaggregation with a minimum group size (MDAV)",
    paragraph(
      "Each value is replaced by the mean of its MDAV group (Domingo-Ferrer & Mateo-Sanz 2002, as in sdcMicro); " +
        "every group has at least m records. No deviation factor is published. Group sums still add up to the " +
        "exact total, so differencing two releases still reveals an added record: only noise stops that.",
    ),
    tableHtml(
      input.microaggregations.map((m) => ({
        "minimum group size m": m.minGroupSize,
        groups: m.groups.length,
        "smallest group": m.smallestGroup,
        "variance lost (SSE/SST)": formatPercent(m.loss.share, 3),
      })),
      { caption: "MDAV on the same data" },
    ),
    input.microaggregations.length > 0
      ? chart(
          releasedValuesFigure({
            values: pick(release.values),
            names,
            series: [
              {
                name: `k-means centroid (k = ${release.k})`,
                released: sample.map((i) => release.clusters[release.labels[i]!]!.centroid),
              },
              ...input.microaggregations.map((m) => ({
                name: `MDAV group mean (m = ${m.minGroupSize})`,
                released: pick(m.aggregated),
              })),
            ],
            valueTitle,
            title: "What each release says about each record",
            log,
          }),
        )
      : "",
  );

  const dpParts: string[] = [];
  if (dp) {
    const eps = epsilonText(dp.epsilon);
    dpParts.push(
      input.dpNotPrivateReason !== undefined && isDifferentiallyPrivate(dp.epsilon)
        ? paragraph(
            `This release is NOT differentially private: ${input.dpNotPrivateReason}, which reveals the most ` +
              "extreme records. The noise below is added as usual, but the guarantee does not hold. Give public " +
              "bounds (--bounds L,U) for a real release.",
            "alert",
          )
        : isDifferentiallyPrivate(dp.epsilon)
        ? paragraph(
            `Released with ε = ${eps} (${dp.seeded ? "SEEDED noise: reproducible, for teaching only, not a real release" : "secure randomness"}). ` +
              `Differentially private: ${DP_RELEASE_SCOPE.private.join("; ")}. Not private / not released: ` +
              `${DP_RELEASE_SCOPE.notPrivate.join("; ")}.`,
            dp.seeded ? "alert" : "note",
          )
        : // ε = ∞ adds no noise: the "release" is the exact statistics, for comparison only. Say so first.
          paragraph(
            `This release is ${NOT_DIFFERENTIALLY_PRIVATE}: with ε = ∞ no noise is added, so every value below is ` +
              "exact and gives the data away like the non-private release. Use it only to compare with a real " +
              "DP release (a finite ε such as 1); never publish it.",
            "alert",
          ),
      tableHtml(
        dp.clusters.map((c) => ({
          cluster: c.cluster,
          interval: `${fmt(c.lower)}–${fmt(c.upper)}`,
          "DP centroid": c.centroid,
          "DP size": c.size,
          "k-means centroid": release.clusters[c.cluster]?.centroid,
          "k-means size": release.clusters[c.cluster]?.size,
        })),
        { caption: "DP clusters detail (next to the non-private one, for the data owner)", digits: 5 },
      ),
      tableHtml(
        (["count", "mean", "std", "q25", "median", "q75"] as const).map((key) => ({
          statistic: key,
          DP: dp.statistics[key],
          true: stats[key],
        })),
        { caption: "DP statistics (min and max are not released)", digits: 5 },
      ),
      input.dpErrors
        ? tableHtml(
            input.dpErrors.map((r) => ({
              quantity: r.quantity,
              "non-private": r.truth,
              "median |error|": r.medianError,
              "90th percentile |error|": r.p90Error,
            })),
            { caption: `Typical errors at ε = ${eps} (simulated releases, for the data owner)`, digits: 4 },
          )
        : "",
      tableHtml(
        dp.ledger.map((r) => ({
          "#": r.index,
          release: r.label,
          mechanism: r.mechanism,
          sensitivity: r.sensitivity,
          ε: r.epsilon,
        })),
        {
          caption: `Privacy ledger: total ε = ${
            Number.isFinite(dp.accountant.total.epsilon) ? formatNumber(dp.accountant.total.epsilon, { digits: 12 }) : epsilonText(dp.accountant.total.epsilon)
          }`,
          digits: 6,
        },
      ),
    );
    if (Number.isFinite(dp.epsilon)) {
      dpParts.push(
        chart(
          budgetReceiptFigure(
            dp.ledger.map((r) => ({ label: r.label, epsilon: r.epsilon })),
            dp.epsilon,
          ),
        ),
      );
    }
  }
  const dpSection = dp
    ? section(
        input.dpNotPrivateReason !== undefined
          ? "Fix (b) without public bounds: not a differentially private release"
          : isDifferentiallyPrivate(dp.epsilon)
          ? "Fix (b): a differentially private release"
          : "Fix (b) with ε = ∞: no noise, so not a differentially private release",
        ...dpParts,
      )
    : "";

  const comparison = section(
    "The release and its fixes compared",
    tableHtml(
      input.comparison.map((r) => ({
        release: r.release,
        "smallest group": r.smallestGroup,
        "values recovered exactly": r.recoveredExactly,
        "differencing error": r.differencingError === undefined ? "not measured" : fmt(r.differencingError),
        "variance kept": formatPercent(r.varianceKept, 2),
        guarantee: r.guarantee,
      })),
      { caption: "Information kept (1 − SSE/SST, against the true values) and what still leaks", digits: 5 },
    ),
  );

  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    plotlyLoaderHtml(),
    "</head><body>",
    `<h1>${escapeHtml(title)}</h1>`,
    paragraph(
      "For the data owner: this report shows raw values and compares every release with the truth. Publish " +
        "none of it as is.",
      "alert",
    ),
    tableHtml(settings, { caption: "Settings" }),
    outputs,
    auditSection,
    microSection,
    dpSection,
    comparison,
    "</body></html>",
    "",
  ].join("\n");
}

/** The raw records of the first and last `count` rows (built one by one, not the whole table). */
function* headTail(release: Deidentification, count: number): Generator<Record<string, unknown>> {
  const records = (release.records ?? release.raw) as readonly Record<string, unknown>[];
  const n = release.values.length;
  const indices = [...Array.from({ length: count }, (_, i) => i), ...Array.from({ length: count }, (_, i) => n - count + i)];
  for (const i of indices) {
    const centroid = release.clusters[release.labels[i]!]!.centroid;
    yield {
      ...records[i]!,
      parent_cluster: release.labels[i]!,
      parent_centroid: centroid,
      deviation_factor: deviationFactor(release.values[i]!, centroid),
    };
  }
}

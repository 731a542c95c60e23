/**
 * Charts and notebook display for the course.
 *
 * - `figures`: pure builders from data to plotly figure JSON (no plotly import, no notebook).
 * - `html`: pure HTML fragments for charts, tables, warnings and progress.
 * - `display`: the `show*` functions that send those fragments to a tslab notebook.
 * - `theme`: the shared look (colour-blind-safe palette, pink for "changed", fixed sizes).
 */
export * from "./figures/index";
export {
  cellText,
  chartFallbackHtml,
  chartHtml,
  nextChartId,
  PLOTLY_MIME,
  plotlyLoaderHtml,
  plotlyMimeData,
  plotlyPath,
  progressHtml,
  resetChartIds,
  tableData,
  tableHtml,
  warningHtml,
  type ChartHtmlOptions,
  type DataFrameLike,
  type TableData,
  type TableInput,
  type TableOptions,
  type WarningNote,
} from "./html";
export {
  chartMode,
  inNotebook,
  installNotebookWarnings,
  progress,
  resetPlotlyLoader,
  setDisplayTarget,
  showChart,
  showClaim,
  showHtml,
  showMarkdown,
  showPlotlyLoader,
  showTable,
  showWarnings,
  type DisplayTarget,
  type ProgressCallback,
  type ShowChartOptions,
} from "./display";
export { claimHtml, claimText, frequencyText, makeClaim, type Claim, type ClaimInput } from "./claims";
export { escapeHtml, escapePlotlyText, jsonForScript, scriptSafe } from "./escape";
export { formatNumber, formatPercent, type NumberFormatOptions } from "./format";
export { summarise, toSummaries, type Summary } from "./summary";
export { changedColour, chartSize, clusterColour, clusterPalette } from "./theme";
export type { Figure, Frame, Layout, Trace } from "./plotly-types";

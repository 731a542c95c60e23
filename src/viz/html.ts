/**
 * Pure functions that turn figures, tables, warnings and progress into self-contained HTML fragments.
 * They need no notebook: `display.ts` sends them to Jupyter, and page builders (tests, the exported
 * site) paste them into files.
 *
 * A chart is a sized `<div>` and a `<script>` that waits for `window.Plotly` and draws into it. plotly.js
 * itself is inlined once per page by {@link plotlyLoaderHtml} (no CDN: the course works offline), or the
 * page loads it (the course site). In JupyterLab the same chart goes out as {@link plotlyMimeData} too. Every
 * data string is escaped: a Pokémon named `<img src=x onerror=alert(1)>` shows as that text.
 */
import { readFileSync } from "node:fs";
import { InvalidInputError, type PrivacyWarning } from "../errors";
import { escapeHtml, jsonForScript, scriptSafe } from "./escape";
import { formatNumber } from "./format";
import type { Figure } from "./plotly-types";
import { chartSize } from "./theme";

let plotlySource: string | undefined;

/** The path of plotly.min.js in node_modules (the `plotly.js-dist-min` package). */
export function plotlyPath(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
}

/**
 * A `<script>` that defines `window.Plotly` from the plotly.js bundled with the project (about 4.9 MB),
 * escaped so it cannot close its own tag. It does nothing when plotly is already on the page, so showing
 * it twice costs bytes but not time. Put it once per page, before or after the charts (they wait for it).
 *
 * @returns the HTML fragment
 * @throws Error when `plotly.js-dist-min` is not installed (run `npm install`)
 */
export function plotlyLoaderHtml(): string {
  if (plotlySource === undefined) {
    let path: string;
    try {
      path = plotlyPath();
    } catch {
      throw new Error("plotly.js-dist-min is not installed: run `npm install` in the project folder.");
    }
    plotlySource = scriptSafe(readFileSync(path, "utf8"));
  }
  return (
    '<script type="text/javascript" data-course-viz="plotly-loader">\n' +
    'if (typeof window.Plotly === "undefined") {\n' +
    plotlySource +
    "\n}\n</script>"
  );
}

const idPattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Options of {@link chartHtml}. */
export interface ChartHtmlOptions {
  /**
   * The element id of the chart's `<div>`: letters, digits, `-`, `_`, starting with a letter. Must be unique
   * on the page. Default a fresh id from {@link nextChartId}.
   */
  id?: string;
}

let sessionToken: string = Math.floor(Math.random() * 0x100000000)
  .toString(16)
  .padStart(8, "0");
let chartCounter = 0;

/**
 * A fresh chart id, `course-chart-<session>-<n>`: the session part is random per process, so charts from
 * an earlier kernel session still on the page never share an id with new ones; `n` counts up.
 *
 * @returns the id
 */
export function nextChartId(): string {
  chartCounter += 1;
  return `course-chart-${sessionToken}-${chartCounter}`;
}

/**
 * Restart chart ids from 1 with a given session token, so generated HTML is reproducible (tests, builds).
 * @param token - letters, digits, `-`, `_`; default `"s"`
 */
export function resetChartIds(token = "s"): void {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new InvalidInputError("invalid-id", `The id token may hold letters, digits, - and _ only, got "${token}".`);
  }
  sessionToken = token;
  chartCounter = 0;
}

// The drawing script. Kept readable: it is what a learner sees when they inspect a chart. It
// - waits for the chart's <div> (Notebook 6 runs output scripts before attaching them to the page) and
//   for window.Plotly (the loader may come later on the page), giving up with a visible note after 30 s;
// - draws at once, even when hidden, so every chart on an exported page is drawn on load; a chart drawn
//   while hidden (a reveal.js slide not shown yet, a collapsed output) cannot measure its text, so it is
//   drawn again, from a fresh copy of the figure, the first time it gets a size (ResizeObserver). Sizes are
//   fixed, so window resizes and reveal.js's scaling need nothing more;
// - passes the whole figure, so slider frames come along.
const drawScript = `(function () {
  var started = Date.now();
  function visible(el) { return el.offsetWidth > 0 && el.offsetHeight > 0; }
  function draw(el) {
    var copy = JSON.parse(JSON.stringify(figure));
    return window.Plotly.newPlot(el, copy).then(function () { el.setAttribute("data-drawn", "yes"); });
  }
  function attempt() {
    var el = document.getElementById(id);
    if (el && window.Plotly) {
      var hidden = !visible(el);
      draw(el);
      if (hidden && typeof ResizeObserver !== "undefined") {
        var observer = new ResizeObserver(function () {
          if (visible(el)) { observer.disconnect(); draw(el); }
        });
        observer.observe(el);
      }
      return;
    }
    if (Date.now() - started > 30000) {
      if (el) el.textContent = "This chart needs plotly.js, which is not on this page. In a notebook: run " +
        "showPlotlyLoader() (JupyterLab draws charts itself with the jupyterlab-plotly extension that " +
        "npm install sets up). As a page: build the course site (npm run build), whose pages load it.";
      return;
    }
    setTimeout(attempt, 50);
  }
  attempt();
})();`;

/**
 * The HTML of one chart: a `<div>` of the figure's size and a script that draws it with plotly.js once
 * `window.Plotly` exists (see {@link plotlyLoaderHtml}). The figure JSON is escaped for the script
 * element, so no data can end it.
 *
 * @param figure - a plotly figure (from a builder in `src/viz/figures`)
 * @param options - `id` of the chart's `<div>` (default {@link nextChartId})
 * @returns the HTML fragment
 * @throws InvalidInputError for an id that is not letters, digits, `-`, `_` starting with a letter
 */
export function chartHtml(figure: Figure, options: ChartHtmlOptions = {}): string {
  const id = options.id ?? nextChartId();
  if (!idPattern.test(id)) {
    throw new InvalidInputError(
      "invalid-id",
      `Chart id "${id}" must start with a letter and hold only letters, digits, - and _.`,
    );
  }
  const width = figure.layout.width ?? chartSize.standard.width;
  const height = figure.layout.height ?? chartSize.standard.height;
  const spec = {
    data: figure.data,
    layout: figure.layout,
    config: figure.config ?? {},
    ...(figure.frames ? { frames: figure.frames } : {}),
  };
  return (
    `<div class="course-chart" style="max-width:100%;overflow-x:auto;">` +
    `<div id="${id}" class="course-chart-plot" style="width:${Number(width)}px;height:${Number(height)}px;"></div>` +
    `</div>\n` +
    `<script type="text/javascript" data-course-viz="chart">\n(function () {\n` +
    // One function scope per chart, so charts on a page never share variables.
    `var id = ${jsonForScript(id)};\nvar figure = ${jsonForScript(spec)};\n${drawScript}\n})();\n</script>`
  );
}

/** The MIME type of a plotly figure in a notebook output, drawn by JupyterLab's `jupyterlab-plotly`. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Numeric arrays at least this long go out packed (see {@link plotlyMimeData}); short ones stay JSON. */
const PACK_MIN_LENGTH = 32;

// A trace's arrays of finite numbers (x, y, …) as plotly's typed-array JSON, `{ dtype: "f4", bdata }`:
// about 5 characters a number on one line, where a saved notebook (nbformat writes JSON indented, one
// element per line) spends about 30. Single precision keeps 7 significant digits: the charts show 4.
function packTrace(trace: Record<string, unknown>): Record<string, unknown> {
  const packed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(trace)) {
    const numbers =
      Array.isArray(value) && value.length >= PACK_MIN_LENGTH && value.every((v) => typeof v === "number" && Number.isFinite(v));
    packed[key] = numbers
      ? { dtype: "f4", bdata: Buffer.from(new Float32Array(value as number[]).buffer).toString("base64") }
      : value;
  }
  return packed;
}

/**
 * A figure as the `application/vnd.plotly.v1+json` output data JupyterLab's plotly renderer reads:
 * `data`, `layout`, `config` (and `frames` when there are any), as plain JSON. It carries only the chart:
 * the renderer brings plotly.js, so a saved notebook stays small. Long numeric arrays of the traces are
 * packed as plotly's typed arrays (`{ dtype: "f4", bdata: <base64> }`, read by plotly.js ≥ 2.28), single
 * precision: enough for a chart (its hover labels show 4 significant digits), a sixth of the size on disk.
 *
 * @param figure - a plotly figure (from a builder in `src/viz/figures`)
 * @returns the JSON value of the output
 */
export function plotlyMimeData(figure: Figure): Record<string, unknown> {
  const spec = JSON.parse(
    JSON.stringify({
      data: figure.data,
      layout: figure.layout,
      config: figure.config ?? {},
      ...(figure.frames ? { frames: figure.frames } : {}),
    }),
  ) as { data: Record<string, unknown>[] } & Record<string, unknown>;
  return { ...spec, data: spec.data.map(packTrace) };
}

/**
 * The `text/html` that goes with a chart's {@link plotlyMimeData} in a notebook output, for a front end
 * without plotly's renderer: the chart's title and where to see it drawn. It carries neither plotly.js
 * nor the figure (the MIME data has it; a saved lesson would hold every chart twice). The course site
 * turns the MIME data into a drawn chart ({@link chartHtml}); the classic Notebook gets charts inlined.
 *
 * @param figure - the figure shown
 * @returns the HTML fragment
 */
export function chartFallbackHtml(figure: Figure): string {
  const title = figure.layout.title?.text ?? "chart";
  return (
    `<div class="course-chart-fallback" data-course-viz="chart-fallback" style="padding:8px 12px;` +
    `border:1px dashed #999;color:#444;font-family:sans-serif;">` +
    `<strong>${escapeHtml(title)}</strong> (interactive chart). It is drawn by JupyterLab's plotly extension ` +
    `(<code>npm start</code> opens JupyterLab with it); the course site (<code>npm run build</code>) shows it ` +
    `as a page.</div>`
  );
}

/** A table's content after normalisation: column names and rows of cells. */
export interface TableData {
  columns: string[];
  rows: unknown[][];
}

/** Something with columns and a 2-D `values` array, like a danfojs DataFrame. */
export interface DataFrameLike {
  columns: readonly string[];
  values: readonly unknown[];
}

/** What {@link tableHtml} accepts. */
// `object[]` rather than `Record<string, unknown>[]`: records typed by an interface (e.g. `Pokemon`) have no
// index signature and would not be accepted by the latter.
export type TableInput = readonly object[] | readonly (readonly unknown[])[] | DataFrameLike;

/** Options of {@link tableHtml}. */
export interface TableOptions {
  /**
   * Columns to show, in order (default all: object keys in order of first appearance, or the frame's).
   * For an array of arrays, the names of its columns.
   */
  columns?: readonly string[];
  /** A caption above the table. */
  caption?: string;
  /** Significant digits of non-integer numbers. Default 4. */
  digits?: number;
  /** Group thousands with commas. Default false. */
  grouping?: boolean;
  /** Most rows shown; beyond it the first and last halves are shown with a note between. Default 20. */
  maxRows?: number;
}

function isDataFrameLike(input: unknown): input is DataFrameLike {
  return (
    typeof input === "object" &&
    input !== null &&
    !Array.isArray(input) &&
    Array.isArray((input as DataFrameLike).columns) &&
    Array.isArray((input as DataFrameLike).values)
  );
}

/**
 * Normalise table input to column names and rows.
 *
 * @param input - an array of objects, an array of arrays, or a DataFrame-like object with `.columns` and
 *   `.values` (danfojs DataFrame or Series)
 * @param columns - optional columns to keep, in order; for an array of arrays, the column names instead
 *   (default 0, 1, ...)
 * @returns `{ columns, rows }`
 * @throws InvalidInputError for an unknown column name or input of another shape
 */
export function tableData(input: TableInput, columns?: readonly string[]): TableData {
  let names: string[];
  let rows: unknown[][];
  if (isDataFrameLike(input)) {
    names = input.columns.map(String);
    // A danfojs Series has one column and a flat `values`.
    rows = input.values.map((r) => (Array.isArray(r) ? [...r] : [r]));
  } else if (Array.isArray(input)) {
    if (input.length > 0 && Array.isArray(input[0])) {
      // Plain arrays have no names: `columns` names them (in order) instead of selecting.
      const arrays = input as readonly (readonly unknown[])[];
      const width = arrays.reduce((w, r) => Math.max(w, Array.isArray(r) ? r.length : 0), 0);
      const labels = columns ? [...columns] : range(width).map(String);
      return { columns: labels, rows: arrays.map((r) => [...r]) };
    } else {
      const objects = input as readonly Record<string, unknown>[];
      const seen = new Set<string>();
      for (const o of objects) {
        if (typeof o !== "object" || o === null) {
          throw new InvalidInputError(
            "invalid-table",
            "tableHtml needs an array of objects (one per row), an array of arrays, or a DataFrame.",
          );
        }
        for (const k of Object.keys(o)) seen.add(k);
      }
      names = [...seen];
      rows = objects.map((o) => names.map((k) => o[k]));
    }
  } else {
    throw new InvalidInputError(
      "invalid-table",
      "tableHtml needs an array of objects (one per row), an array of arrays, or a DataFrame.",
    );
  }
  if (!columns) return { columns: names, rows };
  const indices = columns.map((c) => {
    const i = names.indexOf(c);
    if (i < 0) {
      throw new InvalidInputError(
        "unknown-column",
        `No column "${c}" in the table; its columns are: ${names.join(", ")}.`,
      );
    }
    return i;
  });
  return { columns: [...columns], rows: rows.map((r) => indices.map((i) => r[i])) };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * The text of one table cell: numbers through {@link formatNumber}, arrays as `[a, b]`, dates in ISO form,
 * null and undefined as empty, other objects as JSON. Not yet HTML-escaped.
 */
export function cellText(value: unknown, digits = 4, grouping = false): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatNumber(value, { digits, grouping });
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>, (v) => cellText(v, digits, grouping));
    return `[${items.join(", ")}]`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * An HTML table. Numbers are formatted to `digits` significant digits and right-aligned; every string
 * (column names, cells, caption) is escaped. Long tables show their first and last rows with a note of
 * how many were left out.
 *
 * @param input - array of row objects, array of arrays, or a DataFrame-like object (`.columns`, `.values`)
 * @param options - see {@link TableOptions}
 * @returns the HTML fragment
 * @throws InvalidInputError for an unknown column or an input of another shape
 * @example tableHtml([{ name: "Pikachu", weight: 6 }], { caption: "Weights (kg)" })
 */
export function tableHtml(input: TableInput, options: TableOptions = {}): string {
  const { columns, rows } = tableData(input, options.columns);
  const digits = options.digits ?? 4;
  const grouping = options.grouping ?? false;
  const maxRows = options.maxRows ?? 20;
  if (!(maxRows >= 2)) {
    throw new InvalidInputError("invalid-max-rows", `maxRows must be at least 2, got ${maxRows}.`);
  }
  const cell = (v: unknown): string => {
    const numeric = typeof v === "number" || typeof v === "bigint";
    // Inline padding: Jupyter styles tables itself, a plain exported page does not.
    const style = numeric ? ' style="text-align:right;padding:2px 8px;"' : ' style="text-align:left;padding:2px 8px;"';
    return `<td${style}>${escapeHtml(cellText(v, digits, grouping))}</td>`;
  };
  const row = (r: unknown[]): string => `<tr>${r.map(cell).join("")}</tr>`;
  let body: string[];
  if (rows.length > maxRows) {
    const head = Math.ceil(maxRows / 2);
    const tail = maxRows - head;
    const hidden = rows.length - head - tail;
    body = [
      ...rows.slice(0, head).map(row),
      `<tr><td colspan="${Math.max(1, columns.length)}" style="text-align:center;font-style:italic;">` +
        `… ${hidden} more rows (${rows.length} in all) …</td></tr>`,
      ...rows.slice(rows.length - tail).map(row),
    ];
  } else if (rows.length === 0) {
    body = [`<tr><td colspan="${Math.max(1, columns.length)}" style="font-style:italic;">(no rows)</td></tr>`];
  } else {
    body = rows.map(row);
  }
  const caption = options.caption
    ? `<caption style="caption-side:top;text-align:left;font-weight:bold;">${escapeHtml(options.caption)}</caption>`
    : "";
  const header = columns
    .map((c) => `<th style="text-align:left;padding:2px 8px;border-bottom:1px solid #888;">${escapeHtml(c)}</th>`)
    .join("");
  return (
    `<table class="course-table" style="border-collapse:collapse;font-variant-numeric:tabular-nums;">` +
    caption +
    `<thead><tr>${header}</tr></thead><tbody>${body.join("")}</tbody></table>`
  );
}

/** What {@link warningHtml} shows: a privacy warning, optionally how many times it was raised. */
export interface WarningNote {
  code: string;
  message: string;
  count?: number;
  /** How many times the same warning was raised (shown as ×n when > 1). */
  times?: number;
}

/**
 * A visible note for a privacy warning: code, message, and the number of values it concerns.
 *
 * @param warning - a {@link PrivacyWarning} or `{ code, message, count?, times? }`
 * @returns the HTML fragment (all text escaped)
 */
export function warningHtml(warning: PrivacyWarning | WarningNote): string {
  const count = warning.count !== undefined ? ` · affects ${escapeHtml(formatNumber(warning.count))}` : "";
  const times = "times" in warning && warning.times && warning.times > 1 ? ` · raised ${warning.times}×` : "";
  return (
    `<div class="course-warning" role="note" style="border-left:5px solid #D55E00;background:#fdf1e8;` +
    `color:#222;padding:8px 12px;margin:6px 0;font-family:'Helvetica Neue',Arial,sans-serif;">` +
    `<strong>⚠ Privacy warning</strong> <code>${escapeHtml(warning.code)}</code>` +
    `<span style="color:#555;">${count}${times}</span><br>${escapeHtml(warning.message)}</div>`
  );
}

/**
 * A progress bar with a label and `done/total (percent)`.
 *
 * @param done - steps done
 * @param total - all steps (> 0)
 * @param label - what is running (escaped)
 * @returns the HTML fragment
 */
export function progressHtml(done: number, total: number, label: string): string {
  const safeTotal = total > 0 ? total : 1;
  const clamped = Math.min(Math.max(done, 0), safeTotal);
  const percent = Math.floor((100 * clamped) / safeTotal);
  return (
    `<div class="course-progress" style="font-family:'Helvetica Neue',Arial,sans-serif;">` +
    `${escapeHtml(label)} <progress value="${clamped}" max="${safeTotal}" style="width:260px;"></progress> ` +
    `${clamped}/${safeTotal} (${percent}%)${clamped >= safeTotal ? " ✓" : ""}</div>`
  );
}

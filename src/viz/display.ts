/**
 * Showing things in a Jupyter notebook (tslab kernel): charts, tables, privacy warnings, progress.
 *
 * This is the ONLY module that touches `tslab`, and only lazily inside functions, so the rest of the
 * library, the tests and the scripts run outside a kernel. Each `show*` function is a thin wrapper over a
 * pure HTML builder in `html.ts`. Outside a notebook they print a short text form instead (stdout for
 * content, stderr for warnings and progress), so the same lesson code runs in a plain script.
 */
import { PrivacyWarning, setWarningHandler, shouldShowWarning, type WarningHandler } from "../errors";
import {
  cellText,
  chartFallbackHtml,
  chartHtml,
  PLOTLY_MIME,
  plotlyLoaderHtml,
  plotlyMimeData,
  progressHtml,
  tableData,
  tableHtml,
  warningHtml,
  type TableInput,
  type TableOptions,
  type WarningNote,
} from "./html";
import type { Figure } from "./plotly-types";
import { claimHtml, claimText, makeClaim, type ClaimInput } from "./claims";

/** Where output goes: tslab's display API, or a stand-in (tests, another front end). */
export interface DisplayTarget {
  html(html: string): void;
  markdown(markdown: string): void;
  /** A display entry that can be overwritten in place (for progress bars). */
  newDisplay(): { html(html: string): void };
  /**
   * One output holding several MIME types, of which the front end shows the richest it can render.
   * Optional: a target without it gets charts as HTML with plotly.js inlined (see {@link showChart}).
   */
  bundle?(data: Record<string, unknown>): void;
}

let override: DisplayTarget | undefined;
let jupyterModuleKey: string | undefined;

/** tslab's kernel module (`tslab/dist/jupyter.js`) as loaded by the running kernel, if any. */
function kernelModule(): { lastWriteDisplayData?: unknown } | undefined {
  inNotebook(); // finds the module's cache key
  return jupyterModuleKey === undefined ? undefined : (require.cache[jupyterModuleKey]?.exports as { lastWriteDisplayData?: unknown });
}

/**
 * Whether this code runs inside a tslab kernel that is executing a cell. Detected from the kernel's own
 * module (`tslab/dist/jupyter.js`) in the module cache, without loading tslab when it is absent (loading
 * it pulls in a whole TypeScript compiler).
 */
export function inNotebook(): boolean {
  const cache = require.cache;
  if (jupyterModuleKey === undefined) {
    jupyterModuleKey = Object.keys(cache).find((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
  }
  if (jupyterModuleKey === undefined) return false;
  const exported = cache[jupyterModuleKey]?.exports as { lastWriteDisplayData?: unknown } | undefined;
  return exported?.lastWriteDisplayData != null;
}

/**
 * Send display output somewhere else than tslab (for tests, or a front end other than Jupyter).
 *
 * @param target - the stand-in, or `undefined` to go back to tslab
 * @returns the previous stand-in
 */
export function setDisplayTarget(target: DisplayTarget | undefined): DisplayTarget | undefined {
  const previous = override;
  override = target;
  return previous;
}

/** The current output target: the stand-in, tslab inside a kernel, or none (plain script). */
function currentTarget(): DisplayTarget | undefined {
  if (override) return override;
  if (!inNotebook()) return undefined;
  // Inside the kernel, tslab hooks require("tslab") to return the kernel's own instance.
  const tslab: typeof import("tslab") = require("tslab");
  return {
    html: (s) => tslab.display.html(s),
    markdown: (s) => tslab.display.markdown(s),
    newDisplay: () => {
      const d = tslab.newDisplay();
      return { html: (s: string) => d.html(s) };
    },
    // tslab's display API sends one MIME type per output; a chart needs two in one output (the front end
    // picks), so it goes through the kernel's own writer, as tslab's `raw` does.
    bundle: (data) => {
      const write = kernelModule()?.lastWriteDisplayData as ((content: unknown, update: boolean) => void) | undefined;
      if (!write) throw new Error("Not ready: display outside a running cell");
      write({ data, metadata: {}, transient: {} }, false);
    },
  };
}

/**
 * How charts go out in a notebook: `"mime"` (default) as plotly's own MIME type with an HTML fallback
 * that does not carry plotly.js; `"inline"` (`COURSE_CHARTS=inline`, set by `npm start` for the classic
 * Notebook, which has no plotly renderer) as HTML only, plotly.js inlined once per kernel session.
 */
export function chartMode(): "mime" | "inline" {
  return process.env.COURSE_CHARTS === "inline" ? "inline" : "mime";
}

let loaderShown = false;

/**
 * Forget that plotly.js was sent, so the next chart carries it again (e.g. after clearing all outputs).
 * Tests use it to start from a clean state.
 */
export function resetPlotlyLoader(): void {
  loaderShown = false;
}

/**
 * Send plotly.js to the notebook now (about 4.9 MB). {@link showChart} does this by itself once per
 * kernel session; call this if the cell that carried it was cleared and charts say plotly is missing.
 */
export function showPlotlyLoader(): void {
  const target = currentTarget();
  if (!target) return;
  target.html(plotlyLoaderHtml());
  loaderShown = true;
}

/** Options of {@link showChart}. */
export interface ShowChartOptions {
  /** Include plotly.js with this chart even if it was sent before. Default false. */
  withLoader?: boolean;
}

/**
 * Show a plotly figure in the notebook. Outside a notebook it prints one line naming the chart.
 *
 * In a kernel (see {@link chartMode}) the chart is one output with two MIME types:
 * `application/vnd.plotly.v1+json` (the figure's data, compact; JupyterLab and Notebook 7 draw it with
 * the `jupyterlab-plotly` extension that `npm install` sets up) and a short `text/html` fallback naming
 * the chart. The course site draws the MIME data on its pages and slides (`scripts/site/notebooks.ts`),
 * and the tests read it as chart HTML (`htmlOutputs` in `scripts/lib/notebook.ts`). No output carries
 * plotly.js itself, so a saved lesson holds chart data, not 4.9 MB of library. In `inline` mode, or for a display target without
 * `bundle`, the first chart of a kernel session carries plotly.js inlined (no network needed) and later
 * ones are only the `<div>` and script.
 *
 * @param figure - a figure from a builder in `src/viz/figures`, or any plotly figure JSON
 * @param options - see {@link ShowChartOptions}
 * @example showChart(clustersScatter({ points, labels, axisTitles: ["Weight (kg)", "Height (m)"], title: "k = 3" }))
 */
export function showChart(figure: Figure, options: ShowChartOptions = {}): void {
  const target = currentTarget();
  if (!target) {
    const title = figure.layout.title?.text ?? "untitled";
    console.log(`[chart: ${title}] (charts are drawn in the notebook; use chartHtml(figure) for a page)`);
    return;
  }
  if (target.bundle && chartMode() === "mime" && !options.withLoader) {
    target.bundle({ [PLOTLY_MIME]: plotlyMimeData(figure), "text/html": chartFallbackHtml(figure) });
    return;
  }
  const withLoader = options.withLoader || !loaderShown;
  target.html((withLoader ? plotlyLoaderHtml() + "\n" : "") + chartHtml(figure));
  if (withLoader) loaderShown = true;
}

/**
 * Show a table: numbers to a fixed number of significant digits, every string escaped, long tables cut
 * to their first and last rows. Outside a notebook it prints the same cells with `console.table`.
 *
 * @param input - array of row objects, array of arrays, or a danfojs DataFrame (anything with `.columns`
 *   and `.values`)
 * @param options - columns, caption, digits, grouping, maxRows (see `TableOptions` in html.ts)
 * @throws InvalidInputError for an unknown column or an input of another shape
 */
export function showTable(input: TableInput, options: TableOptions = {}): void {
  const target = currentTarget();
  if (target) {
    target.html(tableHtml(input, options));
    return;
  }
  const { columns, rows } = tableData(input, options.columns);
  if (options.caption) console.log(options.caption);
  console.table(
    rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, cellText(r[i], options.digits ?? 4, options.grouping)]))),
  );
}

/** Show Markdown (a note, a formula) in the notebook; outside it, print the source. */
export function showMarkdown(markdown: string): void {
  const target = currentTarget();
  if (target) target.markdown(markdown);
  else console.log(markdown);
}

/**
 * State a result of this run as a claim card: the claim, what was measured, and ✓ holds / ✗ does not hold
 * at these settings with the reason (see `claims.ts`). Outside a notebook it prints the card as one line.
 * Returns nothing on purpose, so a card as a cell's last line leaves no empty result under it.
 *
 * @param input - the claim, decided in code from the run's numbers
 * @example
 * showClaim({ id: "majority-in-common", central: true, claim: "Most Pokémon keep their cluster",
 *   measured: `${moved} of ${n} changed cluster`, holds: moved < n / 2 });
 */
export function showClaim(input: ClaimInput): void {
  const claim = makeClaim(input);
  const target = currentTarget();
  if (target) target.html(claimHtml(claim));
  else console.log(claimText(claim));
}

/** Show raw HTML in the notebook (trusted author HTML only: nothing is escaped); outside it, do nothing. */
export function showHtml(html: string): void {
  currentTarget()?.html(html);
}

function printWarning(w: WarningNote): void {
  const times = w.times && w.times > 1 ? ` (×${w.times})` : "";
  const count = w.count !== undefined ? ` [affects ${w.count}]` : "";
  console.warn(`PrivacyWarning [${w.code}]${count}${times}: ${w.message}`);
}

let uninstall: (() => void) | undefined;

/**
 * From now on, show every privacy warning the library raises as a visible note in the notebook (code,
 * message), once: as the note in a notebook, as a stderr line outside one. A seed's warning is shown once
 * per session. Calling it again changes nothing.
 *
 * @returns a function that puts the previous handler back
 */
export function installNotebookWarnings(): () => void {
  if (uninstall) return uninstall;
  const handler: WarningHandler = (warning) => {
    if (!shouldShowWarning(warning)) return;
    // Said once: as a card in a notebook, as a line on stderr outside one.
    const target = currentTarget();
    if (target) target.html(warningHtml(warning));
    else printWarning(warning);
  };
  const previous = setWarningHandler(handler);
  uninstall = () => {
    setWarningHandler(previous);
    uninstall = undefined;
  };
  return uninstall;
}

/**
 * Run `fn` and then show the privacy warnings it raised, identical ones grouped with their number
 * (a sweep over 50 seeds gives one note "raised 50×", not 50 notes), also printed to stderr. Works for
 * async functions too: the warnings are shown when the promise settles. If `fn` throws, the warnings
 * raised until then are shown and the error is rethrown.
 *
 * @param fn - the code to watch
 * @returns what `fn` returns
 */
export function showWarnings<T>(fn: () => T): T {
  const collected: PrivacyWarning[] = [];
  const previous = setWarningHandler((w) => collected.push(w));
  const finish = (): void => {
    setWarningHandler(previous);
    const groups = new Map<string, WarningNote>();
    for (const w of collected) {
      const key = `${w.code}\u0000${w.message}\u0000${w.count}`;
      const group = groups.get(key);
      if (group) group.times = (group.times ?? 1) + 1;
      else groups.set(key, { code: w.code, message: w.message, count: w.count, times: 1 });
    }
    const target = currentTarget();
    for (const note of groups.values()) {
      if (!shouldShowWarning(new PrivacyWarning(note.code, note.message, note.count))) continue;
      if (target) target.html(warningHtml(note));
      else printWarning(note);
    }
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    finish();
    throw error;
  }
  if (result && typeof (result as { then?: unknown }).then === "function") {
    return (result as unknown as Promise<unknown>).then(
      (value) => {
        finish();
        return value;
      },
      (error: unknown) => {
        finish();
        throw error;
      },
    ) as unknown as T;
  }
  finish();
  return result;
}

/**
 * A progress callback for long computations: call it with the steps done (and optionally a new total).
 * Pass it as `onProgress` to sweeps over ε, k and seeds.
 */
export type ProgressCallback = (done: number, total?: number) => void;

/**
 * A progress bar that updates in place in the notebook; outside it, a line on stderr at every tenth of
 * the way. Updates are sent only when the whole percentage changes, so a sweep of 10,000 steps sends at
 * most 101 messages, and the final state is always shown.
 *
 * @param total - the number of steps (> 0)
 * @param label - what is running, e.g. "DP k-means over 20 seeds × 8 ε"
 * @returns the callback `onProgress(done, total?)`
 * @example
 * ```ts
 * const onProgress = progress(epsilons.length * seeds.length, "ε sweep");
 * sweep({ epsilons, seeds, onProgress });
 * ```
 */
export function progress(total: number, label = "Progress"): ProgressCallback {
  let currentTotal = total;
  const target = currentTarget();
  const display = target?.newDisplay();
  let lastPercent = -1;
  let lastTenth = -1;
  const report = (done: number): void => {
    const t = currentTotal > 0 ? currentTotal : 1;
    const clamped = Math.min(Math.max(done, 0), t);
    const percent = Math.floor((100 * clamped) / t);
    if (display) {
      if (percent !== lastPercent) {
        lastPercent = percent;
        display.html(progressHtml(clamped, t, label));
      }
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      console.error(`${label}: ${clamped}/${t} (${percent}%)`);
    }
  };
  if (display) report(0);
  return (done, newTotal) => {
    if (newTotal !== undefined && newTotal !== currentTotal) {
      currentTotal = newTotal;
      lastPercent = -1;
    }
    report(done);
  };
}

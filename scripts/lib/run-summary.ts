/**
 * Where the time of a notebook run went: the wall time, how much of the notebooks' time was start-up
 * (nbconvert's Python plus the kernel, before the first cell runs), and the slowest cells.
 *
 * Start-up is a fixed cost per notebook (about 5–6 s of a 11 s lesson when the machine is idle), so the
 * share tells whether a slow run needs faster cells or fewer kernel starts. Cell times come from nbclient's
 * own timestamps in each executed cell's `metadata.execution` (nbclient's `record_timing`, on by default),
 * so no extra instrumentation runs in the kernel.
 */
import { availableParallelism } from "node:os";
import { cellSource, type Notebook } from "./notebook";

/** The parts of a notebook's run outcome the summary needs (structurally a `NotebookRun`). */
export interface TimedRun {
  /** `ok`, `cached` or `failed`; cached notebooks cost no kernel time and are left out of the sums. */
  status: string;
  /** Wall-clock time for the notebook, in milliseconds. */
  durationMs: number;
  /** Time from starting nbconvert to the first cell starting, in milliseconds, when known. */
  startupMs?: number;
}

/** The totals of a run, from {@link summarizeRun}. */
export interface RunSummary {
  /** Wall-clock time of the whole run, in milliseconds. */
  wallMs: number;
  /** How many notebooks ran at the same time. */
  jobs: number;
  /** How many notebooks were executed (not cached), failed ones included. */
  executed: number;
  /** How many were cached. */
  cached: number;
  /** The executed notebooks' times added up, in milliseconds (more than `wallMs` when jobs run in parallel). */
  notebookMs: number;
  /** Their start-up times added up, over the notebooks whose start-up is known, in milliseconds. */
  startupMs: number;
  /** `startupMs / notebookMs` over the notebooks whose start-up is known (0 to 1); undefined when none is. */
  startupShare: number | undefined;
}

/**
 * The default number of notebooks run at once: one per core Node may use. Each notebook is a Python
 * nbconvert process plus a Node kernel that is busy most of the time, so more than one per core only
 * makes them wait for each other (and adds about 270 MB of kernel memory each).
 */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Add up a run's times.
 *
 * @param runs - one entry per notebook
 * @param wallMs - the whole run's wall-clock time
 * @param jobs - how many notebooks ran at once
 */
export function summarizeRun(runs: readonly TimedRun[], wallMs: number, jobs: number): RunSummary {
  const executed = runs.filter((run) => run.status !== "cached");
  const timed = executed.filter((run) => run.startupMs !== undefined);
  const timedMs = timed.reduce((sum, run) => sum + run.durationMs, 0);
  const startupMs = timed.reduce((sum, run) => sum + (run.startupMs ?? 0), 0);
  return {
    wallMs,
    jobs,
    executed: executed.length,
    cached: runs.length - executed.length,
    notebookMs: executed.reduce((sum, run) => sum + run.durationMs, 0),
    startupMs,
    startupShare: timedMs > 0 ? startupMs / timedMs : undefined,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The summary as one line, e.g.
 * `run-notebooks: timing: 96.4 s wall, 2 at a time; 20 executed, 181.9 s of notebook time, start-up
 * (nbconvert + kernel) 104.2 s = 57%`.
 */
export function formatRunSummary(summary: RunSummary): string {
  const head = `run-notebooks: timing: ${seconds(summary.wallMs)} wall, ${summary.jobs} at a time`;
  if (summary.executed === 0) return `${head}; nothing executed${summary.cached ? " (all cached)" : ""}`;
  const share =
    summary.startupShare === undefined
      ? "start-up unknown"
      : `start-up (nbconvert + kernel) ${seconds(summary.startupMs)} = ${Math.round(100 * summary.startupShare)}%`;
  return `${head}; ${summary.executed} executed, ${seconds(summary.notebookMs)} of notebook time, ${share}`;
}

/** How long one executed cell took, from nbclient's timestamps. */
export interface CellTiming {
  /** The notebook's display name. */
  notebook: string;
  /** The cell's index in the executed notebook (0-based, all cell types). */
  index: number;
  /** Milliseconds the kernel was busy with the cell. */
  ms: number;
  /** The cell's first line, for recognising it. */
  firstLine: string;
}

/**
 * Every code cell's time in an executed notebook, from `metadata.execution`: the kernel's busy to idle
 * status (`iopub.status.busy` to `iopub.status.idle`), else `iopub.execute_input` to `shell.execute_reply`.
 * Busy to idle comes first because tslab sends no `execute_input` and dates its execute reply about when
 * the cell starts. Cells without both timestamps (skipped, or from a runner that did not record them) are
 * left out.
 *
 * @param nb - an executed notebook
 * @param name - the notebook's name to put in each entry
 */
export function cellTimings(nb: Notebook, name: string): CellTiming[] {
  return nb.cells.flatMap((cell, index) => {
    if (cell.cell_type !== "code") return [];
    const execution = cell.metadata.execution as Record<string, unknown> | undefined;
    const start = Date.parse(String(execution?.["iopub.status.busy"] ?? execution?.["iopub.execute_input"] ?? ""));
    const end = Date.parse(String(execution?.["iopub.status.idle"] ?? execution?.["shell.execute_reply"] ?? ""));
    if (!Number.isFinite(start) || !Number.isFinite(end)) return [];
    const firstLine = cellSource(cell).split("\n").find((line) => line.trim() !== "") ?? "";
    return [{ notebook: name, index, ms: Math.max(0, end - start), firstLine: firstLine.trim() }];
  });
}

/** The `count` slowest cells, slowest first. */
export function slowestCells(timings: readonly CellTiming[], count: number): CellTiming[] {
  return [...timings].sort((a, b) => b.ms - a.ms).slice(0, count);
}

/** One cell timing as a line: `  12.3 s  notebooks/x.ipynb cell 7: const sweep = ...`. */
export function formatCellTiming(timing: CellTiming): string {
  const line = timing.firstLine.length > 60 ? `${timing.firstLine.slice(0, 57)}...` : timing.firstLine;
  return `${seconds(timing.ms).padStart(8)}  ${timing.notebook} cell ${timing.index}: ${line}`;
}

/**
 * Shared by the lesson tests: execute a lesson headless (through the runner and its cache, so a lesson
 * already executed by `npm run notebooks` with unchanged inputs costs about a second) and return the
 * executed copy, with small readers for what the checks look at.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cellErrors,
  cellResult,
  cellStderr,
  cellStdout,
  countPlotlyCharts,
  htmlOutputs,
  readNotebook,
  type Notebook,
} from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { formatFailure, runNotebooks } from "../../scripts/run-notebooks";
import type { ParamValue } from "../../scripts/lib/notebook-parameters";

/** An executed lesson and readers over its outputs. */
export interface ExecutedLesson {
  notebook: Notebook;
  /** Everything the notebook printed to stdout, cell after cell. */
  stdout: string;
  /** Everything printed to stderr (warnings). */
  stderr: string;
  /** The error outputs of cells that failed (only `raises-exception` cells may), traceback text. */
  errors: string;
  /** The cells' values (`execute_result` text), in order, one per line. */
  results: string;
  /** All `text/html` outputs. */
  html: string[];
  /** How many plotly charts were drawn. */
  charts: number;
}

/**
 * Execute `notebooks/<name>.ipynb` (with optional parameter overrides) and read the executed copy.
 * Fails the calling test with the runner's report (cell source and real error) if the notebook fails.
 */
export async function executeLesson(name: string, params: Record<string, ParamValue> = {}): Promise<ExecutedLesson> {
  const paramTag = Object.entries(params)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",");
  // Overridden runs go to their own folder so they never replace the default executed copy.
  const outDir = join(projectRoot, "build", paramTag ? `executed-params/${name}-${paramTag.replace(/\W+/g, "_")}` : "executed");
  const result = await runNotebooks({
    files: [join(projectRoot, "notebooks", `${name}.ipynb`)],
    params,
    outDir,
    quiet: true,
    log: () => {},
    logError: () => {},
  });
  const run = result.results[0];
  assert.ok(run, `no run for ${name}`);
  assert.equal(run.status === "failed", false, run.status === "failed" ? formatFailure(run) : "");
  const notebook = readNotebook(run.outputPath);
  return {
    notebook,
    stdout: notebook.cells.map(cellStdout).join(""),
    stderr: notebook.cells.map(cellStderr).join(""),
    errors: notebook.cells.map(cellErrors).join(""),
    results: notebook.cells.map(cellResult).filter((text) => text !== "").join("\n"),
    html: htmlOutputs(notebook),
    charts: countPlotlyCharts(notebook),
  };
}

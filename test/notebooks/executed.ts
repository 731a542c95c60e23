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
  cellSource,
  cellStderr,
  cellStdout,
  countPlotlyCharts,
  htmlOutputs,
  readNotebook,
  type Notebook,
} from "../../scripts/lib/notebook";
import { claimCards, type ClaimCard } from "../../scripts/lib/notebook-claims";
import { projectRoot } from "../../scripts/lib/project";
import { formatFailure, runNotebooks } from "../../scripts/run-notebooks";
import type { ParamValue } from "../../scripts/lib/notebook-parameters";
import { drawSeed } from "../../scripts/lib/parameter-draw";
import type { Checkpoint } from "../../src/exercises/checkpoints";

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
  /** The claim cards the lesson showed, in order (see `src/viz/claims.ts`). */
  claims: ClaimCard[];
  /** The parameter overrides it ran with (`{}`: the defaults). */
  params: Record<string, ParamValue>;
  /** How to replay this run, for failure messages (see {@link replayCommand}). */
  replay: string;
}

/**
 * How a person replays one lesson run: the runner command with the same `--param`s (exact), and, for
 * drawn settings, the seed that draws them again in the lesson's test.
 */
export function replayCommand(name: string, params: Record<string, ParamValue>): string {
  const quote = (text: string) => (/^[\w.,:=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  const args = Object.entries(params).map(([k, v]) => ` --param ${quote(`${k}=${recordable(v)}`)}`);
  const run = `npm run notebooks -- notebooks/${name}.ipynb${args.join("")}`;
  if (Object.keys(params).length === 0) return `replay: ${run}`;
  return `replay: ${run}  (or the lesson test at the same drawn settings: COURSE_DRAW_SEED=${drawSeed()} npm run test:only -- test/notebooks/${name}.test.ts)`;
}

/** A value as `--param` reads it back: JSON, with ±Infinity by name and strings unquoted. */
function recordable(value: ParamValue): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value === "string" ? value : JSON.stringify(value);
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
  const replay = replayCommand(name, params);
  assert.equal(run.status === "failed", false, run.status === "failed" ? `${formatFailure(run)}\n${replay}` : "");
  const notebook = readNotebook(run.outputPath);
  return {
    notebook,
    stdout: notebook.cells.map(cellStdout).join(""),
    stderr: notebook.cells.map(cellStderr).join(""),
    errors: notebook.cells.map(cellErrors).join(""),
    results: notebook.cells.map(cellResult).filter((text) => text !== "").join("\n"),
    html: htmlOutputs(notebook),
    charts: countPlotlyCharts(notebook),
    claims: claimCards(htmlOutputs(notebook)),
    params,
    replay,
  };
}

/** One outcome card of an exercise or checkpoint check, as its `data-*` attributes give it. */
export interface OutcomeCard {
  /** The problem's id: `1.2` for exercise 2 of lesson 1, `1.cp2` for its checkpoint 2. */
  exercise: string;
  status: string;
  code: string;
}

/** The outcome cards in some HTML outputs, in order. */
export function outcomeCards(html: string[]): OutcomeCard[] {
  return html.flatMap((h) =>
    [...h.matchAll(/data-kind="outcome" data-exercise="([^"]+)" data-status="([^"]+)" data-code="([^"]+)"/g)].map((m) => ({
      exercise: m[1]!,
      status: m[2]!,
      code: m[3]!,
    })),
  );
}

/**
 * Check that an executed lesson asks exactly these checkpoints, in this order: each as a markdown cell with
 * its question and choices (the text of `cp.markdown()`, so the lesson cannot drift from the checkpoint's
 * source), directly followed by its check cell, whose card says "not attempted" (lessons are committed with
 * the blank answer `""`).
 */
export function assertCheckpointsNotAttempted(run: ExecutedLesson, checkpoints: readonly Checkpoint[]): void {
  const cells = run.notebook.cells;
  const shown = outcomeCards(htmlOutputs(run.notebook)).filter((c) => /^\d+\.cp\d+$/.test(c.exercise));
  assert.deepEqual(
    shown.map((c) => c.exercise),
    checkpoints.map((cp) => cp.id),
    "the lesson shows one card for each of its checkpoints, in order",
  );
  for (const cp of checkpoints) {
    const handle = `cp${cp.lesson}_${cp.number}`;
    const at = cells.findIndex((c) => c.cell_type === "code" && cellSource(c).startsWith(`${handle}.check(/* your answer */ "");`));
    assert.ok(at > 0, `a cell checking ${handle} with the blank answer`);
    const question = cells[at - 1]!;
    assert.equal(question.cell_type, "markdown", `${handle}: the question comes right before its check`);
    assert.ok(cellSource(question).includes(cp.markdown()), `${handle}: the question cell shows ${handle}.markdown()`);
    const cards = outcomeCards(htmlOutputs(cells[at]!));
    assert.deepEqual(
      cards.map((c) => [c.exercise, c.status, c.code]),
      [[cp.id, "not-attempted", "not-attempted"]],
      `${handle}: one "not attempted" card under its check`,
    );
  }
}

/** The rows (cell texts) of the table with the given caption in a lesson's HTML outputs, header excluded. */
export function tableRows(html: string[], caption: string): string[][] {
  const table = html.find((h) => h.includes(caption));
  assert.ok(table, `a table "${caption}"`);
  return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)]
    .map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!))
    .filter((cells) => cells.length > 0);
}

export { claimCards, type ClaimCard } from "../../scripts/lib/notebook-claims";

/** The card with this id (fails the test when the lesson did not show exactly one). */
export function claimCard(run: ExecutedLesson, id: string): ClaimCard {
  const found = run.claims.filter((c) => c.id === id);
  assert.equal(found.length, 1, `one claim card "${id}"; the lesson showed: ${run.claims.map((c) => c.id).join(", ")} (${run.replay})`);
  return found[0]!;
}

/**
 * Check that every central claim of a run holds, and that the lesson showed each of `expected` (its central
 * claims, by id). A failure names the claim, what was measured and why it did not hold.
 */
export function assertCentralClaimsHold(run: ExecutedLesson, expected: readonly string[]): void {
  const central = run.claims.filter((c) => c.central);
  const at = `at ${JSON.stringify(run.params)}; ${run.replay}`;
  assert.deepEqual(
    [...new Set(central.map((c) => c.id))].sort(),
    [...expected].sort(),
    `the lesson shows exactly its named central claims (${at})`,
  );
  for (const c of central) {
    assert.ok(c.holds, `central claim "${c.id}" does not hold: ${c.claim} — measured: ${c.measured} — why: ${c.reason} (${at})`);
  }
}

/**
 * Execute the course's notebooks headless, on the project's tslab kernel, the way CI and the site build do.
 *
 *   node --import tsx scripts/run-notebooks.ts [files or folders...] [options]     (npm run notebooks -- ...)
 *
 *   files...             notebooks (or folders of them) to run; default: every notebook under notebooks/
 *   --param name=value   override a default of the cell tagged `parameters` (repeatable; see below)
 *   --timeout SECONDS    time limit per notebook (default 120)
 *   --jobs N             notebooks run at the same time (default: one per core, os.availableParallelism())
 *   --out DIR            where executed copies go (default build/executed)
 *   --no-cache           run even the notebooks whose inputs have not changed
 *   --quiet              print only failures and the summary (no progress) line
 *
 * Executed copies mirror the source layout under the output folder (paths relative to notebooks/, or to
 * the project root for notebooks elsewhere); sources are never modified. A failed notebook leaves no
 * executed copy (a stale one is deleted), so a later export cannot publish old results.
 *
 * Errors: the execute config (scripts/nbconvert/execute_config.py) prints the failing cell's index, source,
 * stderr and error output (the course kernel sends a structured `error`; tslab alone, with
 * COURSE_KERNEL_PATCHES=0, only stderr text, which nbconvert turns into a bare `<Error>:`) as protocol
 * lines; this script shows them.
 *
 * Parameters: values are parsed as JSON-ish (`true`, `3`, `Infinity`, `[1,2]`, `{"a":1}`, `null`,
 * `'"quoted"'`; other text is a string), checked against the declarations of the `parameters` cell before
 * any kernel starts (a number's default fixes finite/whole numbers, a union of literals its allowed values,
 * `// allow: Infinity` on a line lets that parameter be infinite; null, 1e400, NaN, wrong kinds and unknown
 * names are refused with exit code 2), and injected in a cell tagged `injected-parameters` right after the
 * `parameters` cell, re-declaring each name with its original keyword and type (see
 * scripts/lib/notebook-parameters.ts). The values are recorded in the executed notebook's
 * `metadata.nbrunner.parameters` (±Infinity as the strings "Infinity", "-Infinity").
 *
 * Cache: a notebook is skipped ("cached") when the hash of its code cells, the parameters, the kernel,
 * and the files it can depend on (`src/**`, `data/**`, `package-lock.json`, the kernelspec and this
 * runner's nbconvert config) equals the one recorded in its executed copy. Its markdown is still refreshed
 * from the source, so prose edits never need a re-run.
 *
 * Timing: the run ends with the wall time, the start-up share (nbconvert + kernel, before the first cell) and
 * the three slowest cells (see scripts/lib/run-summary.ts).
 *
 * Progress: on stderr, a bar on a terminal (notebooks done, the cell each running one is at), plain lines
 * otherwise; `--quiet` turns it off.
 *
 * Stopping: SIGINT (Ctrl-C) or SIGTERM stops every running nbconvert and its kernel (process trees, see
 * scripts/lib/stop.ts), removes their partial outputs and temporary files, and exits 130 or 143.
 *
 * Exit codes: 0 all notebooks ran; 1 a notebook failed (or Jupyter is missing); 2 usage error;
 * 130/143 stopped by SIGINT/SIGTERM.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { CourseError } from "../src/errors";
import { nbconvert, nbconvertExecutable } from "./lib/nbconvert";
import { cellSource, hashCodeCells, readNotebook, serializeNotebook, writeNotebook, type Notebook } from "./lib/notebook";
import { injectParameters, parseParamArguments, ParameterError, recordableParams, type ParamValue } from "./lib/notebook-parameters";
import { buildDir, jupyterDataDir, projectRoot } from "./lib/project";
import { createProgress } from "./lib/progress";
import { exitCodeFor, InterruptedError, onStopSignal, type StopSignal } from "./lib/stop";
import { cellTimings, defaultJobs, formatCellTiming, formatRunSummary, slowestCells, summarizeRun } from "./lib/run-summary";

/** The nbconvert configuration that reports failing cells to this script (see the file's docstring). */
export const executeConfigPath: string = join(projectRoot, "scripts", "nbconvert", "execute_config.py");

/** Where the lessons live. */
export const notebooksDir: string = join(projectRoot, "notebooks");

/** Default folder for executed copies. */
export const defaultOutDir: string = join(buildDir, "executed");

/**
 * What a notebook's results may depend on besides its own cells, hashed for the cache: the library, the
 * data, the installed packages, the kernel and the runner's nbconvert config.
 */
export const defaultDependencies: readonly string[] = [
  join(projectRoot, "src"),
  join(projectRoot, "data"),
  join(projectRoot, "package-lock.json"),
  join(jupyterDataDir, "kernels"),
  join(projectRoot, "scripts", "nbconvert"),
];

/** Bump when the way executed copies are produced changes, to invalidate every cache entry. */
const CACHE_FORMAT = 1;

/** Marker of the execute config's protocol lines on nbconvert's stderr. */
const PROTOCOL_PREFIX = "[nbrunner] ";

/** Options for {@link runNotebooks}. */
export interface RunNotebooksOptions {
  /** Notebooks or folders to run (relative to the current directory). Default: everything under notebooks/. */
  files?: string[];
  /** Parameter overrides, by name. Default: none. */
  params?: Record<string, ParamValue>;
  /** Time limit per notebook, in seconds. Default 120. */
  timeoutSeconds?: number;
  /** How many notebooks run at once. Default: one per core (`os.availableParallelism()`). */
  jobs?: number;
  /** Folder for executed copies. Default `build/executed`. */
  outDir?: string;
  /** Skip notebooks whose inputs are unchanged. Default true. */
  cache?: boolean;
  /** Files and folders whose contents the cache key covers. Default {@link defaultDependencies}. */
  dependencies?: readonly string[];
  /** Print only failures and the summary line. Default false. */
  quiet?: boolean;
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
  /** Where failure reports go. Default `console.error`. */
  logError?: (text: string) => void;
  /**
   * Show progress on stderr: a bar on a terminal (notebooks done, the cell each running one is at),
   * plain lines otherwise. Default false (the command line turns it on unless `--quiet`).
   */
  progress?: boolean;
  /**
   * Stops the run when aborted (the command line aborts on SIGINT/SIGTERM, with the signal's name as the
   * reason): no new notebook starts, running ones are stopped with their kernels, their partial outputs and
   * temporary files are removed, and {@link runNotebooks} rejects with an `InterruptedError`.
   */
  signal?: AbortSignal;
}

/** Why a notebook failed, with what a person needs to fix it. */
export interface NotebookFailure {
  /**
   * `cell-error`: a cell raised; `aborted`: the kernel dropped a cell (tslab's 200 ms after an error);
   * `timeout`: the time limit; `nbconvert`: anything else (kernel died, kernelspec missing...).
   */
  reason: "cell-error" | "aborted" | "timeout" | "nbconvert";
  /** The failing cell's index in the SOURCE notebook (0-based, all cell types); undefined if unknown or injected. */
  cellIndex?: number;
  /** The failing cell's id. */
  cellId?: string;
  /** True when the failing cell is the injected-parameters cell (a bad `--param` value). */
  injected?: boolean;
  /** The failing cell's source. */
  source?: string;
  /** The real error: the cell's stderr then its error output (traceback), or nbconvert's message. */
  error: string;
}

/** The outcome for one notebook. */
export interface NotebookRun {
  /** The notebook's path relative to the project root (absolute when outside it). */
  notebook: string;
  /** The executed copy's path (absent after a failure). */
  outputPath: string;
  /** `ok`: executed now; `cached`: unchanged, previous results kept; `failed`. */
  status: "ok" | "cached" | "failed";
  /** Wall-clock time for this notebook, in milliseconds. */
  durationMs: number;
  /** Time from starting nbconvert to the first cell starting (Python + kernel start-up), when known. */
  startupMs?: number;
  /** Set when `status` is `failed`. */
  failure?: NotebookFailure;
}

/** The outcome of {@link runNotebooks}. */
export interface RunNotebooksResult {
  results: NotebookRun[];
  /** Total wall-clock time in milliseconds. */
  totalMs: number;
  /** True when no notebook failed. */
  ok: boolean;
}

/** A command-line or option mistake (exit code 2). */
export class UsageError extends CourseError {
  constructor(message: string) {
    super("usage", message);
  }
}

/** The metadata the runner writes into executed notebooks, under `metadata.nbrunner`. */
export interface RunnerMetadata {
  parameters: Record<string, ParamValue>;
  cache_key: string;
  source: string;
}

function listNotebooks(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => !entry.startsWith(".") && entry !== "node_modules")
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return listNotebooks(path);
      return entry.endsWith(".ipynb") ? [path] : [];
    });
}

/**
 * The notebooks to run, as absolute paths: the named files (folders expanded, recursively, sorted;
 * checkpoints skipped) or everything under notebooks/.
 * @throws UsageError for a missing path, a file that is not a notebook, or a folder holding none
 */
export function resolveNotebooks(files: string[] | undefined): string[] {
  if (!files || files.length === 0) {
    const all = existsSync(notebooksDir) ? listNotebooks(notebooksDir) : [];
    if (all.length === 0) throw new UsageError(`no notebooks (.ipynb) under ${displayName(notebooksDir)}/; name the notebooks to run`);
    return all;
  }
  const found = files.flatMap((file) => {
    const path = resolve(file);
    if (!existsSync(path)) throw new UsageError(`no such notebook or folder: ${file}`);
    if (statSync(path).isDirectory()) {
      const inside = listNotebooks(path);
      // Running nothing and saying "ok" would let a typo in CI pass: an empty folder is a mistake.
      if (inside.length === 0) throw new UsageError(`the folder ${file} holds no notebooks (.ipynb); name a folder or files that do`);
      return inside;
    }
    if (!path.endsWith(".ipynb")) throw new UsageError(`not a notebook (.ipynb): ${file}`);
    return [path];
  });
  return [...new Set(found)];
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/** The executed copy's path: the source's path relative to notebooks/ (else the project root) under `outDir`. */
export function executedPath(source: string, outDir: string): string {
  if (isInside(source, notebooksDir)) return join(outDir, relative(notebooksDir, source));
  if (isInside(source, projectRoot)) return join(outDir, relative(projectRoot, source));
  return join(outDir, basename(source));
}

function displayName(source: string): string {
  return isInside(source, projectRoot) ? relative(projectRoot, source).split(sep).join("/") : source;
}

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) {
    hash.update(`missing ${path}\n`);
    return;
  }
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (entry === "node_modules" || entry === ".ipynb_checkpoints") continue;
      hashTree(hash, join(path, entry));
    }
    return;
  }
  hash.update(`file ${relative(projectRoot, path)}\n`);
  hash.update(readFileSync(path));
  hash.update("\n");
}

/** A SHA-256 over the contents (and names) of files and folders, in a stable order, plus the Node version. */
export function hashDependencies(paths: readonly string[]): string {
  const hash = createHash("sha256");
  hash.update(`node ${process.version}\n`);
  for (const path of paths) hashTree(hash, path);
  return hash.digest("hex");
}

/** The cache key of a prepared (parameters injected) notebook. */
export function cacheKey(prepared: Notebook, params: Record<string, ParamValue>, dependenciesHash: string): string {
  const kernelspec = (prepared.metadata.kernelspec as { name?: string } | undefined)?.name ?? "";
  return createHash("sha256")
    .update(JSON.stringify([CACHE_FORMAT, hashCodeCells(prepared), params, kernelspec, dependenciesHash]))
    .digest("hex");
}

/**
 * The previous executed copy brought up to date with the source's non-code cells (markdown edits), or
 * undefined when its code cells do not line up with the source's (then it must run again).
 */
function refreshFromSource(prepared: Notebook, previous: Notebook): Notebook | undefined {
  const oldCode = previous.cells.filter((c) => c.cell_type === "code");
  const newCode = prepared.cells.filter((c) => c.cell_type === "code");
  if (oldCode.length !== newCode.length) return undefined;
  if (oldCode.some((cell, i) => cellSource(cell) !== cellSource(newCode[i]!))) return undefined;
  let next = 0;
  const cells = prepared.cells.map((cell) => {
    if (cell.cell_type !== "code") return cell;
    const old = oldCode[next++]!;
    const metadata = old.metadata.execution ? { ...cell.metadata, execution: old.metadata.execution } : cell.metadata;
    return { ...cell, metadata, outputs: old.outputs ?? [], execution_count: old.execution_count ?? null };
  });
  // What execution itself adds to the metadata (the kernel's language_info, widget state) is kept.
  const fromExecution = Object.fromEntries(
    ["language_info", "widgets"].filter((k) => k in previous.metadata).map((k) => [k, previous.metadata[k]]),
  );
  return { ...prepared, cells, metadata: { ...prepared.metadata, ...fromExecution } };
}

interface ProtocolEvent {
  event: "cell-start" | "cell-error" | "cell-aborted";
  index: number;
  t: number;
  id?: string;
  source?: string;
  stderr?: string;
  /** The cell's error outputs (traceback lines), when the kernel sent any. */
  error?: string;
  expected?: boolean;
}

function protocolEvents(stderr: string): ProtocolEvent[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith(PROTOCOL_PREFIX))
    .flatMap((line) => {
      try {
        return [JSON.parse(line.slice(PROTOCOL_PREFIX.length)) as ProtocolEvent];
      } catch {
        return [];
      }
    });
}

/** nbconvert's own last lines, without the protocol lines (for failures the protocol does not explain). */
function stderrTail(stderr: string, lines = 25): string {
  return stderr
    .split("\n")
    .filter((line) => !line.startsWith(PROTOCOL_PREFIX))
    .join("\n")
    .trimEnd()
    .split("\n")
    .slice(-lines)
    .join("\n");
}

/**
 * Work out why nbconvert failed from its stderr (the execute config's protocol lines first, then
 * nbclient's messages), mapping cell indexes back to the source notebook.
 *
 * @param stderr - everything nbconvert wrote to stderr
 * @param timedOut - true when the process was killed by the last-resort time limit
 * @param timeoutSeconds - the notebook's limit, for the message
 * @param prepared - the notebook as executed (parameters injected)
 * @param injectedIndex - the index of the injected-parameters cell in `prepared`, if any
 */
export function diagnoseFailure(
  stderr: string,
  timedOut: boolean,
  timeoutSeconds: number,
  prepared: Notebook,
  injectedIndex: number | undefined,
): NotebookFailure {
  const events = protocolEvents(stderr);
  const locate = (index: number): Pick<NotebookFailure, "cellIndex" | "cellId" | "injected" | "source"> => {
    const cell = prepared.cells[index];
    const injected = injectedIndex !== undefined && index === injectedIndex;
    const cellIndex = injected ? undefined : injectedIndex !== undefined && index > injectedIndex ? index - 1 : index;
    return { cellIndex, cellId: cell?.id, injected: injected || undefined, source: cell ? cellSource(cell) : undefined };
  };
  const timeout = timedOut || /CellTimeoutError|A cell timed out/.test(stderr);
  if (timeout) {
    const lastStart = events.filter((e) => e.event === "cell-start").pop();
    return {
      reason: "timeout",
      ...(lastStart ? locate(lastStart.index) : {}),
      error: `the notebook did not finish within its ${timeoutSeconds} s limit (raise it with --timeout SECONDS)`,
    };
  }
  const aborted = events.find((e) => e.event === "cell-aborted");
  if (aborted) {
    return {
      reason: "aborted",
      ...locate(aborted.index),
      error: "the kernel dropped this cell without running it (tslab ignores requests for 200 ms after an error); run again",
    };
  }
  const error = events.filter((e) => e.event === "cell-error" && !e.expected).pop();
  if (error) {
    return {
      reason: "cell-error",
      ...locate(error.index),
      // What the cell wrote to stderr first (warnings) may explain the error, so both are shown.
      error: [error.stderr?.trim(), error.error?.trim()].filter(Boolean).join("\n") || "(the kernel reported an error without any message)",
    };
  }
  return { reason: "nbconvert", error: stderrTail(stderr) || "nbconvert failed without a message" };
}

/** Node's and tslab's own stack frames, noise under a learner's error. */
function isInternalFrame(line: string): boolean {
  return /^\s+at .*(node:vm|node:internal|[\\/]node_modules[\\/]tslab[\\/]|sigintHandlersWrap|launch\.js)/.test(line);
}

function indent(text: string, prefix = "    "): string {
  return text
    .split("\n")
    .map((line) => (line ? prefix + line : line))
    .join("\n");
}

/**
 * A failure as a person reads it: the notebook, the cell, its source and the real error (internal stack
 * frames of Node and tslab dropped).
 */
export function formatFailure(run: NotebookRun): string {
  const f = run.failure;
  if (!f) return "";
  const where = f.injected
    ? "in the injected-parameters cell (check the --param values)"
    : f.cellIndex !== undefined
      ? `in cell ${f.cellIndex} (counting all cells from 0${f.cellId ? `; id "${f.cellId}"` : ""})`
      : "";
  const what = { "cell-error": "failed", aborted: "was cut short", timeout: "timed out", nbconvert: "could not be executed" }[f.reason];
  const parts = [`FAILED ${run.notebook}: ${what}${where ? " " + where : ""}`];
  if (f.source !== undefined) parts.push("  cell source:", indent(f.source.trimEnd()));
  const error = f.reason === "cell-error" ? f.error.split("\n").filter((line) => !isInternalFrame(line)).join("\n") : f.error;
  parts.push(f.reason === "cell-error" ? "  error (from the kernel):" : "  error:", indent(error.trimEnd()));
  return parts.join("\n");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function formatLine(run: NotebookRun): string {
  const label = { ok: "ok", cached: "cached", failed: "FAILED" }[run.status].padEnd(7);
  const startup = run.startupMs !== undefined ? `  (start-up ${seconds(run.startupMs)})` : "";
  return `${label}${seconds(run.durationMs).padStart(8)}  ${run.notebook}${startup}`;
}

/**
 * Run `worker` over `items`, at most `jobs` at a time; results in input order. Once `signal` is aborted no
 * new item starts; every lane is let finish (its worker cleans up) before the first error is thrown.
 */
export async function inPool<T, R>(items: T[], jobs: number, worker: (item: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      results[i] = await worker(items[i]!);
    }
  });
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return results;
}

/** The signal's reason as a stop signal (SIGINT unless the reason names SIGTERM). */
function stopSignalOf(signal: AbortSignal | undefined): StopSignal {
  return signal?.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
}

interface PreparedNotebook {
  source: string;
  prepared: Notebook;
  injectedIndex: number | undefined;
}

interface RunSettings {
  outDir: string;
  timeoutSeconds: number;
  cache: boolean;
  params: Record<string, ParamValue>;
  dependenciesHash: string;
  signal?: AbortSignal;
  /** Called when a cell starts, with its index among the prepared notebook's cells. */
  onCell?: (cellIndex: number) => void;
}

async function runOne(item: PreparedNotebook, settings: RunSettings): Promise<NotebookRun> {
  const started = Date.now();
  const notebook = displayName(item.source);
  const outputPath = executedPath(item.source, settings.outDir);
  const key = cacheKey(item.prepared, settings.params, settings.dependenciesHash);
  const metadata: RunnerMetadata = { parameters: recordableParams(settings.params), cache_key: key, source: notebook };
  const prepared: Notebook = { ...item.prepared, metadata: { ...item.prepared.metadata, nbrunner: metadata } };

  if (settings.cache && existsSync(outputPath)) {
    try {
      const previous = readNotebook(outputPath);
      const recorded = (previous.metadata.nbrunner as RunnerMetadata | undefined)?.cache_key;
      const refreshed = recorded === key ? refreshFromSource(prepared, previous) : undefined;
      if (refreshed) {
        writeNotebook(outputPath, refreshed);
        return { notebook, outputPath, status: "cached", durationMs: Date.now() - started };
      }
    } catch {
      // An unreadable previous copy is simply not a cache hit.
    }
  }

  // nbconvert reads the prepared notebook from a temporary file; the kernel's working directory is the
  // project root anyway (set by the kernel launcher), so where this file lives does not matter.
  const tempDir = mkdtempSync(join(tmpdir(), "nbrunner-"));
  const input = join(tempDir, basename(item.source));
  // nbconvert writes its result beside the executed copy under a private name, renamed into place once
  // complete: another run or reader of the same copy (two test files executing one lesson, `npm run build`
  // beside a lesson test) sees the old copy or the new one, never half a file.
  const partial = partialPath(outputPath);
  try {
    writeFileSync(input, serializeNotebook(prepared));
    const onCell = settings.onCell;
    const result = await nbconvert({
      input,
      to: "notebook",
      execute: true,
      output: partial,
      timeoutSeconds: settings.timeoutSeconds,
      config: executeConfigPath,
      signal: settings.signal,
      onStderrLine: onCell
        ? (line) => {
            if (!line.startsWith(PROTOCOL_PREFIX)) return;
            const event = protocolEvents(line)[0];
            if (event?.event === "cell-start") onCell(event.index);
          }
        : undefined,
    });
    if (settings.signal?.aborted) {
      // Stopped half-way: whatever nbconvert wrote (or a stale copy) must not pass for this run's result.
      rmSync(outputPath, { force: true });
      throw new InterruptedError(stopSignalOf(settings.signal));
    }
    const firstCell = protocolEvents(result.stderr).find((e) => e.event === "cell-start");
    const startupMs = firstCell ? Math.max(0, Math.round(firstCell.t * 1000 - started)) : undefined;
    if (result.ok) {
      renameSync(partial, outputPath);
      return { notebook, outputPath, status: "ok", durationMs: Date.now() - started, startupMs };
    }
    rmSync(outputPath, { force: true });
    return {
      notebook,
      outputPath,
      status: "failed",
      durationMs: Date.now() - started,
      startupMs,
      failure: diagnoseFailure(result.stderr, result.timedOut, settings.timeoutSeconds, prepared, item.injectedIndex),
    };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}

/** A private name beside `path` for a file being written (hidden, unique to this process and call). */
export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path, ".ipynb")}.partial-${process.pid}-${randomBytes(4).toString("hex")}.ipynb`);
}

/**
 * Execute notebooks headless and write executed copies, with caching, parameters and readable failures.
 * Every notebook is checked (readable, parameters applicable) before any kernel starts.
 *
 * @returns one result per notebook, in the order given (sorted when discovered)
 * @throws UsageError for bad options, missing files, or `--param`s a notebook cannot take
 * @throws NbconvertMissingError when Jupyter is not installed
 * @example
 * const { ok, results } = await runNotebooks({ files: ["notebooks/02-compare.ipynb"], params: { epsilon: 0.2 } });
 */
export async function runNotebooks(options: RunNotebooksOptions = {}): Promise<RunNotebooksResult> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((text: string) => console.error(text));
  const timeoutSeconds = options.timeoutSeconds ?? 120;
  const jobs = options.jobs ?? defaultJobs();
  if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got ${timeoutSeconds}`);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, got ${jobs}`);
  const params = options.params ?? {};
  const outDir = resolve(options.outDir ?? defaultOutDir);

  const signal = options.signal;
  const sources = resolveNotebooks(options.files);
  const prepared: PreparedNotebook[] = sources.map((source) => {
    try {
      const { notebook, injectedIndex } = injectParameters(readNotebook(source), params, displayName(source));
      return { source, prepared: notebook, injectedIndex };
    } catch (err) {
      if (err instanceof ParameterError) throw new UsageError(err.message);
      throw err;
    }
  });
  nbconvertExecutable(); // fail early and clearly when Jupyter is missing

  const dependenciesHash = hashDependencies(options.dependencies ?? defaultDependencies);
  const settings: RunSettings = { outDir, timeoutSeconds, cache: options.cache ?? true, params, dependenciesHash, signal };
  const tracker = options.progress ? trackProgress(prepared) : undefined;
  const results = await (async () => {
    try {
      return await inPool(
        prepared,
        jobs,
        async (item) => {
          tracker?.started(item);
          const run = await runOne(item, { ...settings, onCell: tracker ? (index) => tracker.cell(item, index) : undefined });
          const report = () => {
            if (!options.quiet || run.status === "failed") log(formatLine(run));
            if (run.failure) logError(formatFailure(run));
          };
          tracker ? tracker.finished(item, report) : report();
          return run;
        },
        signal,
      );
    } finally {
      tracker?.end();
    }
  })();
  if (signal?.aborted) throw new InterruptedError(stopSignalOf(signal));

  const totalMs = Date.now() - started;
  const failed = results.filter((r) => r.status === "failed").length;
  const cached = results.filter((r) => r.status === "cached").length;
  const ok = results.length - failed;
  log(
    `run-notebooks: ${results.length} notebook${results.length === 1 ? "" : "s"}, ${ok} ok` +
      `${cached ? ` (${cached} cached)` : ""}, ${failed} failed, ${seconds(totalMs)} total`,
  );
  log(formatRunSummary(summarizeRun(results, totalMs, jobs)));
  if (!options.quiet) logSlowestCells(results, log);
  return { results, totalMs, ok: failed === 0 };
}

/** Progress over a run: notebooks done, and the cell each running notebook is at. */
function trackProgress(prepared: PreparedNotebook[]) {
  const progress = createProgress({ label: "run-notebooks", total: prepared.length });
  const running = new Map<PreparedNotebook, number>(); // notebook → index of its running code cell
  let done = 0;
  const codeCells = (item: PreparedNotebook) => item.prepared.cells.filter((c) => c.cell_type === "code").length;
  const codeIndex = (item: PreparedNotebook, index: number) =>
    item.prepared.cells.slice(0, index + 1).filter((c) => c.cell_type === "code").length;
  const status = () =>
    [...running]
      .map(([item, cell]) => `${basename(item.source, ".ipynb")} ${cell > 0 ? `cell ${cell}/${codeCells(item)}` : "starting"}`)
      .join(", ");
  // On a terminal the clock on the bar moves even while a long cell runs; plain mode writes a heartbeat.
  const timer = setInterval(() => progress.update(done, status()), 1000);
  timer.unref();
  return {
    started(item: PreparedNotebook) {
      running.set(item, 0);
      progress.update(done, status());
    },
    cell(item: PreparedNotebook, index: number) {
      running.set(item, codeIndex(item, index));
      progress.update(done, status());
    },
    finished(item: PreparedNotebook, report: () => void) {
      running.delete(item);
      done++;
      progress.around(report);
      progress.update(done, status());
    },
    end() {
      clearInterval(timer);
      progress.end();
    },
  };
}

/** The three slowest cells of the notebooks executed in this run (cached ones were timed in an earlier run). */
function logSlowestCells(results: NotebookRun[], log: (line: string) => void): void {
  const timings = results
    .filter((run) => run.status === "ok")
    .flatMap((run) => {
      try {
        return cellTimings(readNotebook(run.outputPath), run.notebook);
      } catch {
        return []; // timing is a courtesy: an unreadable copy must not fail a run that succeeded
      }
    });
  const slowest = slowestCells(timings, 3);
  if (slowest.length > 0) log(["run-notebooks: slowest cells:", ...slowest.map(formatCellTiming)].join("\n"));
}

/** Parsed command line of {@link main}. */
export interface CliOptions extends RunNotebooksOptions {
  help: boolean;
}

const HELP = `usage: run-notebooks [notebooks or folders...] [--param name=value]... [--timeout SECONDS] [--jobs N] [--out DIR] [--no-cache] [--quiet]

Executes notebooks (default: every one under notebooks/) on the project kernel into build/executed/.
  --param name=value   override a default in the cell tagged "parameters" (repeatable); values:
                       true/false, numbers, Infinity, JSON ('[1,2]', '{"a":1}', '"quoted"'), else text;
                       each must fit its declaration (whole numbers where the default is one, except
                       epsilon; one of a union's strings; Infinity only on a line marked "// allow: Infinity")
  --timeout SECONDS    time limit per notebook (default 120)
  --jobs N             notebooks at a time (default: one per core)
  --out DIR            output folder (default build/executed)
  --no-cache           re-run notebooks whose code, parameters and dependencies are unchanged
  --quiet              print only failures and the summary
Progress goes to stderr (a bar on a terminal). Ctrl-C or SIGTERM stops the kernels and removes partial
outputs. Exit codes: 0 all ran, 1 a notebook failed, 2 usage error, 130/143 stopped by SIGINT/SIGTERM.`;

/** The options that take a value (`--timeout 5`). */
const VALUE_OPTIONS: ReadonlySet<string> = new Set(["--param", "--timeout", "--jobs", "--out"]);

/**
 * `--timeout -5` as `--timeout=-5`: node's parseArgs reads a value that starts with `-` as an option and
 * answers with its own "argument is ambiguous", where the user means a (bad) value that deserves a
 * message about the value itself.
 */
function joinOptionValues(argv: string[], options: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (options.has(arg) && next !== undefined && next.startsWith("-") && next !== "--" && !isKnownOption(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** True for `--name` or `--name=...` of an option this command knows (so `--out --quiet` stays an error). */
function isKnownOption(arg: string): boolean {
  const name = arg.split("=")[0]!;
  return VALUE_OPTIONS.has(name) || ["--no-cache", "--quiet", "--help", "-h"].includes(name);
}

/**
 * Parse the command line.
 * @throws UsageError with a one-line message
 */
export function parseCommandLine(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinOptionValues(argv, VALUE_OPTIONS),
      allowPositionals: true,
      strict: true,
      options: {
        param: { type: "string", multiple: true },
        timeout: { type: "string" },
        jobs: { type: "string" },
        out: { type: "string" },
        "no-cache": { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    const message = (err as Error).message.split(/\.\s|\n/)[0]!.replace(/\.$/, "");
    throw new UsageError(`${message}; see --help`);
  }
  const { values, positionals } = parsed;
  const number = (text: string | undefined, name: string): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${name} expects a number, got "${text}"`);
    return value;
  };
  let params: Record<string, ParamValue>;
  try {
    params = parseParamArguments(values.param ?? []);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return {
    help: values.help ?? false,
    files: positionals,
    params,
    timeoutSeconds: number(values.timeout, "timeout"),
    jobs: number(values.jobs, "jobs"),
    outDir: values.out,
    cache: !values["no-cache"],
    quiet: values.quiet ?? false,
    progress: !values.quiet,
  };
}

/**
 * The command: parse, run, report.
 * @param signal - aborting it stops the run (see {@link RunNotebooksOptions.signal})
 * @returns the exit code (0 all ok, 1 a notebook failed or Jupyter is missing, 2 usage error, 130/143
 *   stopped by SIGINT/SIGTERM)
 */
export async function main(argv: string[], signal?: AbortSignal): Promise<number> {
  try {
    const options = parseCommandLine(argv);
    if (options.help) {
      console.log(HELP);
      return 0;
    }
    const { ok } = await runNotebooks({ ...options, signal });
    return ok ? 0 : 1;
  } catch (err) {
    if (err instanceof InterruptedError) {
      console.error(`run-notebooks: ${err.message}; running notebooks and their kernels stopped, partial outputs removed`);
      return err.exitCode;
    }
    if (err instanceof UsageError) {
      console.error(`run-notebooks: ${err.message}`);
      return 2;
    }
    if (err instanceof CourseError) {
      console.error(`run-notebooks: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  // Piped into `head`, stdout closes early: keep running (the kernels finish cleanly) instead of crashing.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  // Ctrl-C or SIGTERM: stop the kernels and remove partial outputs (see scripts/lib/stop.ts), then exit
  // 130/143. The stop takes well under a second; the timer is a backstop should anything hang.
  const controller = new AbortController();
  onStopSignal((stopSignal) => {
    controller.abort(stopSignal);
    setTimeout(() => process.exit(exitCodeFor(stopSignal)), 3000).unref();
  });
  main(process.argv.slice(2), controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

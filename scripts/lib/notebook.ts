/**
 * Reading, writing and querying Jupyter notebooks (`.ipynb`, nbformat 4.5 with cell ids).
 *
 * In memory, every multi-line field (cell source, stream text, `text/*` output data) is one string; on disk
 * it is a list of lines, exactly as Jupyter writes it (`nbformat.write`: keys sorted, one-space indent,
 * non-ASCII kept, a final newline), so a notebook read and written back unchanged stays byte-identical and
 * diffs stay small.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CourseError } from "../../src/errors";
import { chartHtml, PLOTLY_MIME } from "../../src/viz/html";
import type { Figure } from "../../src/viz/plotly-types";

/** Text as nbformat stores it: one string, or a list of lines each ending in `\n` but the last. */
export type MultilineText = string | string[];

/** A MIME bundle: `{ "text/html": "...", "text/plain": "..." }`. JSON types hold parsed JSON. */
export type MimeBundle = Record<string, unknown>;

/** Text written to stdout or stderr while a cell ran (tslab alone also reports errors this way, on stderr). */
export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineText;
}

/** Rich output: HTML, images, markdown... (`display_data`), or a cell's value (`execute_result`). */
export interface DisplayOutput {
  output_type: "display_data" | "execute_result";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  execution_count?: number | null;
}

/** A structured error: what the course kernel sends for a failed cell (tslab alone only writes stderr). */
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any output of a code cell. */
export type NotebookOutput = StreamOutput | DisplayOutput | ErrorOutput;

/** Cell metadata; `tags` drive execution (`parameters`, `raises-exception`, `skip-execution`...). */
export interface CellMetadata {
  tags?: string[];
  [key: string]: unknown;
}

/** One cell. Code cells also carry `outputs` and `execution_count`. */
export interface NotebookCell {
  id: string;
  cell_type: "code" | "markdown" | "raw";
  source: MultilineText;
  metadata: CellMetadata;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, MimeBundle>;
}

/** A whole notebook (nbformat 4). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: number;
}

/** A cell together with its position in the notebook (0-based, counting every cell type). */
export interface LocatedCell {
  index: number;
  cell: NotebookCell;
}

/** The notebook is not valid JSON or not nbformat 4. */
export class InvalidNotebookError extends CourseError {
  constructor(message: string) {
    super("invalid-notebook", message);
  }
}

/** Join nbformat's list-of-lines form into one string (a string passes through). */
export function joinText(text: MultilineText | undefined): string {
  if (text === undefined) return "";
  return Array.isArray(text) ? text.join("") : text;
}

/** Split text into lines the way nbformat stores it (each line keeps its `\n`). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A fresh cell id like nbformat's own: 8 hex characters. */
export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

/** MIME types whose data is JSON, not text (nbformat never splits those into lines). */
function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

function mapBundle(bundle: MimeBundle, f: (text: MultilineText) => MultilineText): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(bundle)) {
    out[mime] = !isJsonMime(mime) && (typeof value === "string" || Array.isArray(value)) ? f(value as MultilineText) : value;
  }
  return out;
}

function mapCellText(cell: NotebookCell, f: (text: MultilineText) => MultilineText): NotebookCell {
  const out: NotebookCell = { ...cell, source: f(cell.source) };
  if (cell.outputs) {
    out.outputs = cell.outputs.map((o): NotebookOutput => {
      if (o.output_type === "stream") return { ...o, text: f(o.text) };
      if (o.output_type === "error") return { ...o };
      return { ...o, data: mapBundle(o.data, f) };
    });
  }
  if (cell.attachments) {
    out.attachments = Object.fromEntries(Object.entries(cell.attachments).map(([k, b]) => [k, mapBundle(b, f)]));
  }
  return out;
}

/**
 * Parse notebook JSON into the in-memory form (every multi-line field one string). Notebooks older than
 * nbformat 4.5 get cell ids, as `nbformat` itself does when it upgrades them.
 *
 * @param text - the file's contents
 * @param origin - a name for error messages (usually the path)
 * @throws InvalidNotebookError when the text is not JSON or not an nbformat 4 notebook
 */
export function parseNotebook(text: string, origin = "notebook"): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InvalidNotebookError(`${origin} is not valid JSON (${(err as Error).message}); repair it or restore it from git.`);
  }
  const nb = raw as Partial<Notebook> | null;
  if (!nb || typeof nb !== "object" || nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new InvalidNotebookError(
      `${origin} is not an nbformat 4 notebook (no "nbformat": 4 and "cells" list); open and save it in Jupyter to upgrade it.`,
    );
  }
  const seen = new Set<string>();
  const cells = nb.cells.map((cell) => {
    const normalized = mapCellText({ ...cell, metadata: cell.metadata ?? {} }, joinText);
    if (typeof normalized.id !== "string" || normalized.id === "" || seen.has(normalized.id)) normalized.id = newCellId();
    seen.add(normalized.id);
    return normalized;
  });
  return {
    cells,
    metadata: nb.metadata ?? {},
    nbformat: 4,
    nbformat_minor: Math.max(5, nb.nbformat_minor ?? 5),
  };
}

/**
 * Read a notebook file.
 * @throws InvalidNotebookError when it is not an nbformat 4 notebook; the file system's error if unreadable
 */
export function readNotebook(path: string): Notebook {
  return parseNotebook(readFileSync(path, "utf8"), path);
}

/** JSON with keys sorted at every level, as Python's `json.dumps(sort_keys=True)` writes it. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * The text Jupyter would write for this notebook: multi-line fields as lists of lines, keys sorted,
 * one-space indent, a final newline.
 */
export function serializeNotebook(nb: Notebook): string {
  const onDisk = { ...nb, cells: nb.cells.map((cell) => mapCellText(cell, (t) => splitLines(joinText(t)))) };
  return JSON.stringify(sortKeys(onDisk), null, 1) + "\n";
}

/**
 * Write a notebook (creating the folder), in Jupyter's own layout. The text goes to a private file beside
 * it first, renamed into place (atomic on one file system), so a process reading the notebook meanwhile
 * sees the old version or the new one, never half of one.
 * @returns true when the file changed (it is left untouched when the text is identical)
 */
export function writeNotebook(path: string, nb: Notebook): boolean {
  const text = serializeNotebook(nb);
  try {
    if (readFileSync(path, "utf8") === text) return false;
  } catch {
    // missing: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  const partial = join(dirname(path), `.${basename(path)}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    writeFileSync(partial, text);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
  return true;
}

/** Options for {@link codeCell} and {@link markdownCell}. */
export interface NewCellOptions {
  /** Cell tags, e.g. `["parameters"]`. Default: none. */
  tags?: string[];
  /** The cell id. Default: a fresh random one. */
  id?: string;
}

/** A new code cell with no outputs. */
export function codeCell(source: string, options: NewCellOptions = {}): NotebookCell {
  return {
    id: options.id ?? newCellId(),
    cell_type: "code",
    source,
    metadata: options.tags && options.tags.length > 0 ? { tags: [...options.tags] } : {},
    outputs: [],
    execution_count: null,
  };
}

/** A new markdown cell. */
export function markdownCell(source: string, options: NewCellOptions = {}): NotebookCell {
  return {
    id: options.id ?? newCellId(),
    cell_type: "markdown",
    source,
    metadata: options.tags && options.tags.length > 0 ? { tags: [...options.tags] } : {},
  };
}

/**
 * A new notebook for the given kernel (by default the course's own kernelspec).
 *
 * @example
 * const nb = createNotebook([markdownCell("# Hello"), codeCell('console.log("hi")')]);
 */
export function createNotebook(
  cells: NotebookCell[],
  kernel: { name: string; displayName: string } = {
    name: "private-clustering-ts",
    displayName: "TypeScript (private clustering course)",
  },
): Notebook {
  return {
    cells,
    metadata: {
      kernelspec: { name: kernel.name, display_name: kernel.displayName, language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** A cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return joinText(cell.source);
}

/** A cell's tags (empty when it has none). */
export function cellTags(cell: NotebookCell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** A summary of one cell, as {@link listCells} returns it. */
export interface CellSummary {
  index: number;
  id: string;
  type: NotebookCell["cell_type"];
  tags: string[];
  source: string;
}

/** Every cell with its index, id, type, tags and source. */
export function listCells(nb: Notebook): CellSummary[] {
  return nb.cells.map((cell, index) => ({
    index,
    id: cell.id,
    type: cell.cell_type,
    tags: cellTags(cell),
    source: cellSource(cell),
  }));
}

/** All cells carrying a tag, in order. */
export function findCellsByTag(nb: Notebook, tag: string): LocatedCell[] {
  return nb.cells.flatMap((cell, index) => (cellTags(cell).includes(tag) ? [{ index, cell }] : []));
}

/** The first cell carrying a tag, or undefined. */
export function findCellByTag(nb: Notebook, tag: string): LocatedCell | undefined {
  return findCellsByTag(nb, tag)[0];
}

/**
 * The first cell whose source contains a substring, or undefined.
 * @param type - restrict to one cell type (default: any)
 */
export function findCellBySource(nb: Notebook, substring: string, type?: NotebookCell["cell_type"]): LocatedCell | undefined {
  const index = nb.cells.findIndex((cell) => (!type || cell.cell_type === type) && cellSource(cell).includes(substring));
  return index >= 0 ? { index, cell: nb.cells[index]! } : undefined;
}

/** Everything a cell wrote to one stream, joined in order (`""` when nothing). */
export function streamText(cell: NotebookCell, name: "stdout" | "stderr"): string {
  return (cell.outputs ?? [])
    .filter((o): o is StreamOutput => o.output_type === "stream" && o.name === name)
    .map((o) => joinText(o.text))
    .join("");
}

/** Everything a cell printed to stdout. */
export function cellStdout(cell: NotebookCell): string {
  return streamText(cell, "stdout");
}

/** Everything a cell wrote to stderr (warnings; errors come as error outputs, see {@link cellErrors}). */
export function cellStderr(cell: NotebookCell): string {
  return streamText(cell, "stderr");
}

/** A cell's error outputs as text: each traceback's lines, one per line (`""` when the cell did not fail). */
export function cellErrors(cell: NotebookCell): string {
  return (cell.outputs ?? [])
    .filter((o): o is ErrorOutput => o.output_type === "error")
    .map((o) => (o.traceback.length > 0 ? o.traceback : [`${o.ename}: ${o.evalue}`]).join("\n") + "\n")
    .join("");
}

/** A cell's value (its `execute_result`, as `text/plain`): what the last expression evaluated to, or `""`. */
export function cellResult(cell: NotebookCell): string {
  return (cell.outputs ?? [])
    .filter((o): o is DisplayOutput => o.output_type === "execute_result")
    .map((o) => joinText(o.data["text/plain"] as MultilineText | undefined))
    .join("\n");
}

function cellsOf(target: Notebook | NotebookCell): NotebookCell[] {
  return "cells" in target ? target.cells : [target];
}

/** All outputs of one MIME type (as text) from a notebook or a single cell, in order. */
export function mimeOutputs(target: Notebook | NotebookCell, mime: string): string[] {
  return cellsOf(target).flatMap((cell) =>
    (cell.outputs ?? []).flatMap((o) => {
      if (o.output_type !== "display_data" && o.output_type !== "execute_result") return [];
      const value = o.data[mime];
      if (value === undefined) return [];
      return [typeof value === "string" || Array.isArray(value) ? joinText(value as MultilineText) : JSON.stringify(value)];
    }),
  );
}

/**
 * All `text/html` outputs of a notebook or a cell, in order, as a page shows them: a chart output
 * (plotly's MIME type, `application/vnd.plotly.v1+json`, with a short HTML fallback: see `showChart`)
 * gives the chart's HTML drawn from its data ({@link chartHtml}), as the course site exports it.
 */
export function htmlOutputs(target: Notebook | NotebookCell): string[] {
  return cellsOf(target).flatMap((cell) => mimeOutputs(withChartsAsHtml(cell), "text/html"));
}

/**
 * A cell whose chart outputs (plotly's MIME type) hold the chart's HTML (a `<div>` and the script that
 * draws it once the page has plotly.js) as `text/html` in place of their fallback, and no MIME data:
 * what nbconvert needs to show the chart on a page. Other outputs are unchanged.
 *
 * @param cell - a cell (not modified)
 * @returns the same cell when it has no chart output, else a copy
 */
export function withChartsAsHtml(cell: NotebookCell): NotebookCell {
  const outputs = cell.outputs ?? [];
  if (!outputs.some((o) => (o.output_type === "display_data" || o.output_type === "execute_result") && PLOTLY_MIME in o.data)) {
    return cell;
  }
  return {
    ...cell,
    outputs: outputs.map((o) => {
      if ((o.output_type !== "display_data" && o.output_type !== "execute_result") || !(PLOTLY_MIME in o.data)) return o;
      const { [PLOTLY_MIME]: spec, ...rest } = o.data;
      return { ...o, data: { ...rest, "text/html": chartHtml(spec as unknown as Figure) } };
    }),
  };
}

/**
 * How to recognise charts in an HTML output: a marker string or RegExp whose occurrences are counted, or a
 * function returning the number of charts in one HTML output.
 */
export type ChartMatcher = string | RegExp | ((html: string) => number);

/**
 * Script bodies longer than this are the inlined plotly.js library (about 4.8 MB minified), not a chart:
 * the library's own source mentions `Plotly.newPlot(` in an error message, which must not count.
 */
const LIBRARY_SCRIPT_MIN_LENGTH = 1_000_000;

/**
 * The default chart matcher: occurrences of `Plotly.newPlot(` in an HTML output, the call each chart's
 * script makes, ignoring any `<script>` body over 1 MB (the inlined plotly.js library itself).
 */
export function countPlotlyNewPlot(html: string): number {
  const withoutLibrary = html.replace(/<script\b[^>]*>([\s\S]*?)<\/script>/gi, (whole, body: string) =>
    body.length >= LIBRARY_SCRIPT_MIN_LENGTH ? "" : whole,
  );
  return countOccurrences(withoutLibrary, "Plotly.newPlot(");
}

function countOccurrences(text: string, marker: string | RegExp): number {
  if (typeof marker === "string") return marker === "" ? 0 : text.split(marker).length - 1;
  const flags = marker.flags.includes("g") ? marker.flags : marker.flags + "g";
  return [...text.matchAll(new RegExp(marker.source, flags))].length;
}

/**
 * Count the plotly charts a notebook (or one cell) displays, over its `text/html` outputs.
 *
 * @param matcher - how to recognise a chart; default {@link countPlotlyNewPlot} (`Plotly.newPlot(` calls,
 *   the inlined library excluded). Pass e.g. `'class="plotly-chart"'` to count chart divs instead.
 * @example
 * assert.equal(countPlotlyCharts(readNotebook("build/executed/02-compare.ipynb")), 2);
 */
export function countPlotlyCharts(target: Notebook | NotebookCell, matcher: ChartMatcher = countPlotlyNewPlot): number {
  const count = typeof matcher === "function" ? matcher : (html: string) => countOccurrences(html, matcher);
  return htmlOutputs(target).reduce((sum, html) => sum + count(html), 0);
}

/** True when a notebook has no outputs and no execution counts (the state notebooks are committed in). */
export function isClean(nb: Notebook): boolean {
  return nb.cells.every(
    (cell) => cell.cell_type !== "code" || ((cell.outputs ?? []).length === 0 && (cell.execution_count ?? null) === null),
  );
}

/**
 * A copy without outputs, execution counts, or per-cell execution timings (`metadata.execution`, which
 * nbconvert records). Everything else, cell ids included, is kept.
 */
export function stripOutputs(nb: Notebook): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((cell) => {
      if (cell.cell_type !== "code") return cell;
      const { execution: _timing, ...metadata } = cell.metadata;
      return { ...cell, metadata, outputs: [], execution_count: null };
    }),
  };
}

/**
 * A SHA-256 (hex) of what decides a notebook's execution: each code cell's source and tags, in order.
 * Markdown, outputs, ids and execution counts do not count, so running a notebook or editing its prose
 * leaves the hash unchanged.
 */
export function hashCodeCells(nb: Notebook): string {
  const hash = createHash("sha256");
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    hash.update(JSON.stringify([cellSource(cell), [...cellTags(cell)].sort()]));
    hash.update("\n");
  }
  return hash.digest("hex");
}

/**
 * Which notebooks the site publishes, what the index says about each, and the copy of each executed
 * notebook that nbconvert exports (site metadata added, the lesson title lifted into a title slide).
 *
 * - Lessons: `notebooks/NN-name.ipynb` (two digits, a dash). Exported as a page and as slides.
 * - Exercises: notebooks in any subfolder of `notebooks/` (e.g. `notebooks/exercises/`). Exported as a
 *   page. A notebook holding `BEGIN SOLUTION` markers is a solution SOURCE: never published (its
 *   generated learner copy is).
 * - Other notebooks at the top level (scratch work) are not published.
 *
 * Title and one-line summary of a notebook: `metadata.title` and `metadata.description` when set, else
 * the first markdown cell's `# heading` and the paragraph right under it (markdown removed, a leading
 * "Lesson N —" dropped since the index shows the number), else the file name.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { cellSource, cellTags, withChartsAsHtml, type Notebook, type NotebookCell } from "../lib/notebook";
import { excerptLongCode } from "./code-excerpts";

/** What kind of page a notebook becomes. */
export type SiteNotebookKind = "lesson" | "exercise";

/** A notebook the site publishes. */
export interface SiteNotebook {
  /** The source notebook (absolute path). */
  source: string;
  kind: SiteNotebookKind;
  /** Path relative to `notebooks/`, `/`-separated, without `.ipynb`: `00-welcome`, `exercises/01-k`. */
  name: string;
  /** The lesson number from the file name (`"00"`), for lessons. */
  number?: string;
  /** How many folders below the site root its pages are (0 for lessons). */
  depth: number;
}

/** The marker of a solution source notebook (see the course notes on exercises). */
export const solutionMarker = "BEGIN SOLUTION";

/** Cell tags whose cells never reach an exported page. */
export const removedCellTags: readonly string[] = ["solution", "remove-cell", "injected-parameters"];

/** Cell tags whose input (code) is hidden on exported pages, outputs kept. */
export const removedInputTags: readonly string[] = ["remove-input"];

/** Cell tags whose outputs are hidden on exported pages, code kept. */
export const removedOutputTags: readonly string[] = ["remove-output"];

const lessonFile = /^(\d{2})-[^/]+\.ipynb$/;

function listIpynb(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => !entry.startsWith(".") && entry !== "node_modules")
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return listIpynb(path);
      return entry.endsWith(".ipynb") ? [path] : [];
    });
}

/** True when any cell holds the solution marker: the notebook is a solution source, not for learners. */
export function isSolutionSource(nb: Notebook): boolean {
  return nb.cells.some((cell) => cellSource(cell).includes(solutionMarker));
}

/**
 * Find the notebooks to publish under a notebooks folder: lessons first (by name), then exercises.
 *
 * @param notebooksDir - usually `<project>/notebooks`
 * @param read - reads a notebook (used to leave solution sources out)
 * @returns the notebooks, lessons then exercises, each sorted by path
 */
export function discoverNotebooks(notebooksDir: string, read: (path: string) => Notebook): SiteNotebook[] {
  if (!existsSync(notebooksDir)) return [];
  const found = listIpynb(notebooksDir).flatMap((source): SiteNotebook[] => {
    const rel = relative(notebooksDir, source).split(sep).join("/");
    const name = rel.replace(/\.ipynb$/, "");
    const depth = rel.split("/").length - 1;
    if (depth === 0) {
      const match = lessonFile.exec(rel);
      return match ? [{ source, kind: "lesson", name, number: match[1], depth }] : [];
    }
    if (isSolutionSource(read(source))) return [];
    return [{ source, kind: "exercise", name, depth }];
  });
  return [...found.filter((n) => n.kind === "lesson"), ...found.filter((n) => n.kind === "exercise")];
}

/** Markdown to one line of plain text: emphasis, code, links, images and HTML tags removed. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(\*|_)(.+?)\1/g, "$2")
    .replace(/\s+/g, " ")
    .trim();
}

/** What the index and the title slide say about a notebook. */
export interface NotebookDescription {
  title: string;
  /** The line under the title, as written (plain text), or `""`. */
  subtitle: string;
  /** One line for the index: `metadata.description`, else the subtitle without "Lesson N —". */
  summary: string;
  /** The first plain paragraph after the title and subtitle (plain text, at most 200 characters), or `""`. */
  lead: string;
}

interface TitleParts {
  cellIndex: number;
  title: string;
  subtitle: string;
  /** The cell's source without the heading and the subtitle paragraph. */
  rest: string;
}

/** The first markdown cell's `# heading` and the paragraph under it, when the notebook starts that way. */
function titleParts(nb: Notebook): TitleParts | undefined {
  const cellIndex = nb.cells.findIndex((c) => c.cell_type === "markdown" && cellSource(c).trim() !== "");
  if (cellIndex < 0) return undefined;
  const source = cellSource(nb.cells[cellIndex]!);
  const heading = /^\s*#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(source);
  if (!heading) return undefined;
  const afterHeading = source.slice(heading[0].length).replace(/^\s*\n/, "");
  const paragraphs = afterHeading.split(/\n\s*\n/);
  const first = paragraphs[0]?.trim() ?? "";
  // The subtitle is a short single paragraph (not a table, list or heading).
  const isSubtitle = first !== "" && !/^(\||[-*+] |\d+\. |#)/.test(first) && first.length <= 160;
  return {
    cellIndex,
    title: markdownToText(heading[1]!),
    subtitle: isSubtitle ? markdownToText(first) : "",
    rest: (isSubtitle ? paragraphs.slice(1).join("\n\n") : afterHeading).trim(),
  };
}

function humanize(name: string): string {
  const base = name.split("/").pop()!.replace(/^\d+-/, "").replace(/[-_]+/g, " ");
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/**
 * Title, subtitle and index summary of a notebook (rules in this module's description).
 * @param nb - the notebook
 * @param name - its site name, for the fallback title
 */
export function describeNotebook(nb: Notebook, name: string): NotebookDescription {
  const parts = titleParts(nb);
  const metaTitle = typeof nb.metadata.title === "string" ? nb.metadata.title.trim() : "";
  const metaDescription = typeof nb.metadata.description === "string" ? nb.metadata.description.trim() : "";
  const title = metaTitle || parts?.title || humanize(name);
  const subtitle = parts?.subtitle ?? "";
  const firstMarkdown = nb.cells.find((c) => c.cell_type === "markdown");
  const text = parts ? parts.rest : firstMarkdown ? cellSource(firstMarkdown) : "";
  const paragraph = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => p !== "" && !/^(#|\||[-*+] |\d+\. )/.test(p));
  // A paragraph that introduces a table or list ends in ":"; alone on the index it ends in ".".
  const lead = shorten(paragraph ? markdownToText(paragraph).replace(/:$/, ".") : "");
  const summary = shorten(metaDescription || subtitle.replace(/^(Lesson|Exercises?|Part)\s+\d+(\s*\([^)]*\))?\s*[—–:-]\s*/i, "")) || lead;
  return { title, subtitle, summary, lead };
}

function shorten(text: string, max = 200): string {
  return text.length > max ? text.slice(0, max - 3).replace(/\s+\S*$/, "") + " …" : text;
}

/** What the templates read from `metadata.course_site` (scripts/site/templates). */
export interface CourseSiteMetadata {
  /** The course's name, shown above the title and in the page's navigation bar. */
  course: string;
  /** Title slide heading; when absent the slides get no title slide. */
  title?: string;
  subtitle?: string;
  /** Relative URLs from the page itself. */
  index_url: string;
  page_url?: string;
  slides_url?: string;
}

/** Options of {@link prepareForExport}. */
export interface PrepareOptions {
  /** `slides` lifts the title into a title slide; `html` keeps the notebook's own first cell. */
  format: "html" | "slides";
  /** What the templates show: course name and links. */
  site: Omit<CourseSiteMetadata, "title" | "subtitle">;
}

/**
 * The copy of an executed notebook that nbconvert exports: `metadata.title` (the page's `<title>`) and
 * `metadata.course_site` set; for slides, the first cell's `# heading` and subtitle move to the title
 * slide the template makes (the rest of that cell stays as the first content slide; an emptied cell is
 * dropped) and long code cells become excerpts (code-excerpts.ts: the page keeps the whole code). Cells are
 * NOT removed here: nbconvert's TagRemovePreprocessor does that (see export.ts).
 *
 * @param nb - the executed notebook (not modified)
 * @param description - from {@link describeNotebook}
 * @param options - format and site links
 * @returns a new notebook
 */
export function prepareForExport(nb: Notebook, description: NotebookDescription, options: PrepareOptions): Notebook {
  let cells: NotebookCell[] = nb.cells;
  const site: CourseSiteMetadata = { ...options.site };
  if (options.format === "slides") {
    site.title = description.title;
    if (description.subtitle) site.subtitle = description.subtitle;
    const parts = titleParts(nb);
    if (parts) {
      const cell = nb.cells[parts.cellIndex]!;
      cells =
        parts.rest === ""
          ? nb.cells.filter((_, i) => i !== parts.cellIndex)
          : nb.cells.map((c, i) => (i === parts.cellIndex ? { ...cell, source: parts.rest } : c));
    }
  }
  const prepared: Notebook = {
    ...nb,
    // Charts saved as plotly's MIME type (with a short fallback) become drawn charts: nbconvert renders
    // only the HTML, and the export gives the page plotly.js once (export.ts).
    cells: cells.map(withChartsAsHtml),
    metadata: { ...nb.metadata, title: description.title, course_site: site },
  };
  return options.format === "slides" ? excerptLongCode(prepared, removedInputTags) : prepared;
}

/**
 * Source lines of the cells an export must leave out (tagged with {@link removedCellTags}) that appear
 * in no kept cell: the build checks that none of them shows on an exported page. Short lines (under 16
 * characters once trimmed, like `}` or `q1.check();`) are ignored.
 *
 * @param nb - the notebook as exported
 * @returns the distinctive lines of removed cells
 */
export function removedCellLines(nb: Notebook): string[] {
  const removed = nb.cells.filter((c) => cellTags(c).some((t) => removedCellTags.includes(t)));
  const kept = nb.cells.filter((c) => !removed.includes(c)).map(cellSource).join("\n");
  const lines = removed.flatMap((c) => cellSource(c).split("\n").map((l) => l.trim()));
  return [...new Set(lines.filter((l) => l.length >= 16 && !kept.includes(l)))];
}

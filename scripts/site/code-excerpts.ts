/**
 * Long code cells shown as an excerpt on slides: the first lines and a closing comment that says how
 * many lines follow and where to read them (the lesson's page keeps the whole cell).
 *
 * Why at export time and not in the browser: the slide file then never carries code a reader cannot see,
 * and the measure is plain text (lines of the source), so the rule is the same for every notebook and
 * needs no layout. The slide layout in the browser (course-slides.js) handles everything else that can
 * be taller than a slide: outputs, tables, charts and long markdown.
 *
 * Lines are counted as they show on a slide: a source line longer than {@link CodeExcerptOptions.wrapAt}
 * characters wraps (course-slides.css wraps code at about 105 characters) and counts once per row.
 */
import { cellSource, cellTags, type Notebook, type NotebookCell } from "../lib/notebook";

/** Options of {@link codeExcerpt} and {@link excerptLongCode}. */
export interface CodeExcerptOptions {
  /** A cell of at most this many rows is shown whole. Default 18 (about 420 px of the 800 px slide). */
  maxRows: number;
  /** A longer cell shows this many rows, then the note. Default 12. */
  keepRows: number;
  /** Characters per row before a line wraps on a slide. Default 100. */
  wrapAt: number;
  /** The line comment of the notebook's language, for the note. Default `//`. */
  comment: string;
}

/** The defaults of {@link CodeExcerptOptions}. */
export const defaultExcerptOptions: CodeExcerptOptions = { maxRows: 18, keepRows: 12, wrapAt: 100, comment: "//" };

/** Line comment starts of the languages a course kernel may run; others get `//`. */
const lineComments: Record<string, string> = {
  typescript: "//",
  javascript: "//",
  python: "#",
  r: "#",
  julia: "#",
  ruby: "#",
  bash: "#",
  sql: "--",
};

/** The note that ends an excerpt (exported so tests and the README can name it). */
export function excerptNote(hiddenLines: number, comment: string): string {
  const lines = hiddenLines === 1 ? "1 more line" : `${hiddenLines} more lines`;
  return `${comment} … ${lines}: the full code is in the HTML page`;
}

/** Rows a source line takes on a slide (an empty line still takes one). */
export function rowsOf(line: string, wrapAt: number): number {
  return Math.max(1, Math.ceil(line.length / wrapAt));
}

/**
 * The source to show on a slide: unchanged when it fits in `maxRows` rows, else its first lines (up to
 * `keepRows` rows, at least one line, blank lines at the cut dropped) and {@link excerptNote}.
 *
 * @param source - a code cell's source
 * @param options - limits (defaults: {@link defaultExcerptOptions})
 * @returns the source for the slide
 */
export function codeExcerpt(source: string, options: Partial<CodeExcerptOptions> = {}): string {
  const o = { ...defaultExcerptOptions, ...options };
  const lines = source.replace(/\s+$/, "").split("\n");
  const total = lines.reduce((sum, line) => sum + rowsOf(line, o.wrapAt), 0);
  if (total <= o.maxRows) return source;
  let kept = 0;
  let rows = 0;
  while (kept < lines.length && rows + rowsOf(lines[kept]!, o.wrapAt) <= o.keepRows) {
    rows += rowsOf(lines[kept]!, o.wrapAt);
    kept += 1;
  }
  kept = Math.max(1, kept);
  while (kept > 1 && lines[kept - 1]!.trim() === "") kept -= 1;
  return [...lines.slice(0, kept), excerptNote(lines.length - kept, o.comment)].join("\n");
}

/** The line comment of a notebook's language (`metadata.language_info.name`, else the kernelspec's). */
export function notebookComment(nb: Notebook): string {
  const info = nb.metadata.language_info as { name?: unknown } | undefined;
  const spec = nb.metadata.kernelspec as { language?: unknown } | undefined;
  const name = typeof info?.name === "string" ? info.name : typeof spec?.language === "string" ? spec.language : "";
  return lineComments[name.toLowerCase()] ?? defaultExcerptOptions.comment;
}

/**
 * A copy of the notebook whose long code cells are excerpts ({@link codeExcerpt}); cells whose input is
 * hidden anyway (`remove-input`) and all other cells are unchanged. For slides only: the page shows the
 * whole code.
 *
 * @param nb - the notebook (not modified)
 * @param hiddenInputTags - tags of cells whose code no page shows (notebooks.ts: `removedInputTags`)
 * @param options - limits; the comment defaults to the notebook's language ({@link notebookComment})
 * @returns a new notebook (cells that changed are copies)
 */
export function excerptLongCode(
  nb: Notebook,
  hiddenInputTags: readonly string[],
  options: Partial<CodeExcerptOptions> = {},
): Notebook {
  const o = { comment: notebookComment(nb), ...options };
  const cells = nb.cells.map((cell): NotebookCell => {
    if (cell.cell_type !== "code" || cellTags(cell).some((t) => hiddenInputTags.includes(t))) return cell;
    const source = cellSource(cell);
    const shown = codeExcerpt(source, o);
    return shown === source ? cell : { ...cell, source: shown };
  });
  return { ...nb, cells };
}

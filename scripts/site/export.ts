/**
 * Export one prepared notebook to an offline HTML page or reveal.js slides with nbconvert, then check
 * and finish the file.
 *
 * nbconvert options (verified against nbconvert 6.5.3's exporters/html.py, exporters/slides.py and the
 * lab and reveal templates, and run with 7.17 from a project virtual environment, whose templates also
 * load mermaid.js from a CDN: the course templates empty that block):
 * - `--TemplateExporter.template_name=course-lab|course-reveal` with
 *   `--TemplateExporter.extra_template_basedirs=scripts/site/templates`: the stock lab and reveal
 *   templates with a navigation bar, a title slide, the course CSS and reveal.js settings.
 * - `--HTMLExporter.require_js_url`, `--HTMLExporter.jquery_url`, `--HTMLExporter.mathjax_url`,
 *   `--SlidesExporter.reveal_url_prefix`: RELATIVE urls into the site's `vendor/` (Debian's defaults are
 *   `file:///usr/share/javascript/...` paths and the reveal default is a CDN).
 * - `--SlidesExporter.reveal_theme=white`: the nbconvert default `simple` imports Google Fonts.
 * - `--TagRemovePreprocessor.*`: cells tagged `solution`, `remove-cell` or `injected-parameters` are left
 *   out; `remove-input` hides code, `remove-output` hides outputs.
 *
 * After nbconvert, plotly.js: in the notebook it is inlined once per kernel session, in the first chart's
 * output (4.85 MB). The page gets the site's shared `vendor/plotly/plotly.min.js` instead, in the place of
 * the first inline copy (so the order of scripts is unchanged); later copies (after a kernel restart) are
 * dropped, and a page with charts that lost the cell carrying plotly (removed or `skip`ped) gets the
 * script before `</body>`. Every page links the shipped fonts' stylesheet (`fonts.ts`). Then the page is
 * checked: no line of a removed cell may show.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CourseError } from "../../src/errors";
import { nbconvert } from "../lib/nbconvert";
import { projectRoot } from "../lib/project";
import { removedCellTags, removedInputTags, removedOutputTags } from "./notebooks";
import { revealTheme, vendorUrls } from "./vendor";

/** The folder holding the course's nbconvert templates (`course-lab`, `course-reveal`). */
export const templatesDir: string = join(projectRoot, "scripts", "site", "templates");

/** An export format: a page or slides. */
export type ExportFormat = "html" | "slides";

/** The file name suffix nbconvert gives each format. */
export const formatSuffix: Record<ExportFormat, string> = { html: ".html", slides: ".slides.html" };

/** An export failed or produced a page that must not be published. */
export class ExportError extends CourseError {
  constructor(message: string) {
    super("export-failed", message);
  }
}

/**
 * nbconvert's command-line options for one export (after input and output).
 *
 * @param format - `html` or `slides`
 * @param depth - how many folders below the site root the page is (for the relative vendor urls)
 * @returns the options
 */
export function exportArgs(format: ExportFormat, depth: number): string[] {
  const urls = vendorUrls(depth);
  const args = [
    `--TemplateExporter.extra_template_basedirs=${templatesDir}`,
    `--TemplateExporter.template_name=${format === "slides" ? "course-reveal" : "course-lab"}`,
    `--HTMLExporter.require_js_url=${urls.requireJs}`,
    `--HTMLExporter.jquery_url=${urls.jquery}`,
    `--HTMLExporter.mathjax_url=${urls.mathjax}`,
    ...removedCellTags.map((t) => `--TagRemovePreprocessor.remove_cell_tags=${t}`),
    ...removedInputTags.map((t) => `--TagRemovePreprocessor.remove_input_tags=${t}`),
    ...removedOutputTags.map((t) => `--TagRemovePreprocessor.remove_all_outputs_tags=${t}`),
  ];
  if (format === "slides") {
    args.push(`--SlidesExporter.reveal_url_prefix=${urls.revealPrefix}`, `--SlidesExporter.reveal_theme=${revealTheme}`);
  }
  return args;
}

const chartMarker = 'data-course-viz="chart"';
const loaderMarker = 'data-course-viz="plotly-loader"';

// An inline loader as `plotlyLoaderHtml` writes it, attributes in any order (nbconvert 7 re-serialises
// output HTML and puts `data-course-viz` first) and no `src`; its body is script-safe (no `</script>`).
const inlineLoader = /<script\b(?=[^>]*\bdata-course-viz="plotly-loader")(?![^>]*\bsrc=)[^>]*>[\s\S]*?<\/script>/g;

/**
 * The script tag that loads the site's shared plotly.js. It keeps the loader's `data-course-viz` marker.
 * @param url - the url of `plotly.min.js` relative to the page (from `vendorUrls(depth).plotly`)
 */
export function sharedPlotlyTag(url: string): string {
  return `<script type="text/javascript" src="${url}" ${loaderMarker}></script>`;
}

/**
 * Make a page load plotly.js once, from `url`: the first inline copy becomes a `<script src>`, later
 * inline copies go, and a page that draws charts but has no copy (its cell was removed or skipped) gets
 * the tag before `</body>`.
 * @param html - the exported page
 * @param url - the url of `plotly.min.js` relative to the page
 * @returns the page, unchanged when it has no charts and no inline copy
 */
export function ensurePlotlyLoader(html: string, url: string): string {
  const tag = sharedPlotlyTag(url);
  let seen = 0;
  const shared = html.replace(inlineLoader, () => (seen++ === 0 ? tag : ""));
  if (seen > 0 || !html.includes(chartMarker) || html.includes(tag)) return shared;
  const at = html.lastIndexOf("</body>");
  return at >= 0 ? `${html.slice(0, at)}\n${tag}\n${html.slice(at)}` : `${html}\n${tag}\n`;
}

/**
 * Link the site's shipped fonts (`vendor/fonts/fonts.css`) from a page, once, at the end of its `<head>`
 * (the course CSS that names the families may come before or after: `@font-face` rules apply anywhere).
 * @param html - the exported page
 * @param url - the url of `fonts.css` relative to the page (from `vendorUrls(depth).fonts`)
 */
export function linkShippedFonts(html: string, url: string): string {
  const tag = `<link rel="stylesheet" href="${url}" data-course-fonts>`;
  if (html.includes(tag)) return html;
  const at = html.indexOf("</head>");
  return at >= 0 ? `${html.slice(0, at)}${tag}\n${html.slice(at)}` : `${tag}\n${html}`;
}

const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&nbsp;": " " };

/**
 * The text a reader can see in a page, roughly: scripts and styles dropped, tags removed, common entities
 * decoded. Highlighted code (one `<span>` per token) reads as its source again.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<style\b[\s\S]*?<\/style>/gi, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&(lt|gt|quot|#39|#x27|nbsp);/g, (e) => entities[e] ?? e)
    .replace(/&amp;/g, "&");
}

/** Options of {@link exportNotebook}. */
export interface ExportOptions {
  /** The prepared notebook to export (see `prepareForExport`). */
  input: string;
  format: ExportFormat;
  /** The file to write, ending in `.html` (`.slides.html` for slides). */
  output: string;
  /** Folders below the site root (0 for the root). */
  depth: number;
  /** Lines that must not show on the page (from `removedCellLines`). Default none. */
  forbiddenLines?: readonly string[];
}

/** The outcome of {@link exportNotebook}. */
export interface ExportResult {
  output: string;
  bytes: number;
  durationMs: number;
  /** True when the page draws charts but had no plotly.js, which was added (see {@link ensurePlotlyLoader}). */
  loaderAdded: boolean;
}

/**
 * Export a prepared notebook, add plotly.js back if needed, and check that no removed cell shows.
 *
 * @throws ExportError when nbconvert fails (with its stderr) or when a removed cell's line shows on the
 *   page (the page is then overwritten with a notice, never published with a solution)
 * @throws NbconvertMissingError when Jupyter is not installed
 */
export async function exportNotebook(options: ExportOptions): Promise<ExportResult> {
  const started = Date.now();
  const result = await nbconvert({
    input: options.input,
    to: options.format,
    output: options.output,
    extraArgs: exportArgs(options.format, options.depth),
  });
  if (!result.ok) {
    throw new ExportError(`nbconvert could not export ${options.input} to ${options.format}:\n${result.stderr.trim()}`);
  }
  const original = readFileSync(result.outputPath, "utf8");
  const urls = vendorUrls(options.depth);
  const withPlotly = ensurePlotlyLoader(original, urls.plotly);
  const html = linkShippedFonts(withPlotly, urls.fonts);
  const text = options.forbiddenLines?.length ? visibleText(html) : "";
  const leaked = (options.forbiddenLines ?? []).filter((line) => text.includes(line));
  if (leaked.length > 0) {
    writeFileSync(result.outputPath, "<!DOCTYPE html><p>This page was withheld: it showed a removed cell.</p>\n");
    throw new ExportError(
      `${result.outputPath} shows lines of cells tagged ${removedCellTags.join("/")}, which must never be published: ` +
        `${leaked.map((l) => JSON.stringify(l)).join(", ")}. Check the cell tags and the TagRemovePreprocessor options.`,
    );
  }
  if (html !== original) writeFileSync(result.outputPath, html);
  return {
    output: result.outputPath,
    bytes: Buffer.byteLength(html),
    durationMs: Date.now() - started,
    loaderAdded: !original.includes(loaderMarker) && withPlotly !== original,
  };
}

/**
 * The site's `index.html`: the course's lessons (page and slides) and exercises, one line on each.
 * A plain static page: no script, no external resource, so it opens anywhere.
 */
import { escapeHtml } from "../../src/viz/escape";
import { vendorUrls } from "./vendor";

/** One row of the index. */
export interface IndexEntry {
  /** The lesson number (`"01"`), shown before the title; absent for exercises. */
  number?: string;
  title: string;
  /** One line on the notebook. */
  summary: string;
  /** Relative URL of the page. */
  page: string;
  /** Relative URL of the slides, for lessons. */
  slides?: string;
  /** Size of the page in bytes (shown, so nobody is surprised by a large page). */
  bytes?: number;
}

/** What {@link indexPageHtml} lists. */
export interface IndexPage {
  /** The course's name (the page's heading). */
  course: string;
  /** A sentence under the heading. */
  intro: string;
  lessons: IndexEntry[];
  exercises: IndexEntry[];
}

/** `5.2 MB`, `830 kB`: sizes in SI units, one decimal from 1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

function row(entry: IndexEntry): string {
  const number = entry.number !== undefined ? `<span class="number">${escapeHtml(String(Number(entry.number)))}</span>` : "";
  const links = [
    `<a href="${escapeHtml(entry.page)}">page</a>`,
    ...(entry.slides ? [`<a href="${escapeHtml(entry.slides)}">slides</a>`] : []),
  ].join(" · ");
  const size = entry.bytes !== undefined ? ` <span class="size">(${formatBytes(entry.bytes)})</span>` : "";
  return (
    `<li>${number}<div class="entry"><a class="title" href="${escapeHtml(entry.page)}">${escapeHtml(entry.title)}</a>` +
    `<span class="links">${links}${size}</span>` +
    (entry.summary ? `<p>${escapeHtml(entry.summary)}</p>` : "") +
    `</div></li>`
  );
}

const style = `
body { font-family: "Source Sans 3", Helvetica, Arial, sans-serif; color: #222; max-width: 860px;
  margin: 0 auto; padding: 32px 20px 64px; line-height: 1.5; }
h1 { font-size: 2em; margin: 0 0 0.2em; border-left: 10px solid #0072B2; padding-left: 16px; }
.intro { color: #444; margin: 0 0 2em 26px; }
h2 { font-size: 1.25em; margin: 2em 0 0.6em; color: #0072B2; }
ol { list-style: none; padding: 0; margin: 0; }
li { display: flex; gap: 16px; padding: 12px 0; border-bottom: 1px solid #e5e5e5; }
.number { flex: 0 0 2em; font-size: 1.5em; font-weight: 600; color: #0072B2; text-align: right; }
.entry { flex: 1; }
.title { font-weight: 600; font-size: 1.1em; color: #222; text-decoration: none; }
.title:hover { text-decoration: underline; }
.links { margin-left: 12px; font-size: 0.9em; }
.links a { color: #0072B2; }
.size { color: #888; }
.entry p { margin: 0.2em 0 0; color: #444; }
.empty { color: #777; font-style: italic; }
footer { margin-top: 3em; font-size: 0.85em; color: #777; }
`;

/**
 * The index page's HTML.
 * @param page - course name, intro, lessons and exercises (in the order to show)
 * @returns a complete HTML document
 */
export function indexPageHtml(page: IndexPage): string {
  const list = (entries: IndexEntry[], empty: string): string =>
    entries.length > 0 ? `<ol>\n${entries.map(row).join("\n")}\n</ol>` : `<p class="empty">${escapeHtml(empty)}</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.course)}</title>
<link rel="stylesheet" href="${vendorUrls(0).fonts}">
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(page.course)}</h1>
<p class="intro">${escapeHtml(page.intro)}</p>
<h2>Lessons</h2>
${list(page.lessons, "No lessons exported yet.")}
<h2>Exercises</h2>
${list(page.exercises, "No exercises exported yet.")}
<footer>Every page works offline: open it from this folder or serve the folder with any static server.
In the slides, press → or Space for the next slide, Esc for the overview, S for speaker notes.
Charts are interactive: hover for values, drag to zoom, double-click to reset.</footer>
</body>
</html>
`;
}

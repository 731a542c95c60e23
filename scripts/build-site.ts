/**
 * Build the course site: every lesson as an offline HTML page and reveal.js slides, every exercise as a
 * page, and an index, in `build/site/`.
 *
 *   node --import tsx scripts/build-site.ts [options]          (npm run build -- ...)
 *
 *   --no-execute   export the executed copies in build/executed as they are (do not run the notebooks)
 *   --force        export every notebook, even those whose export is up to date
 *   --jobs N       exports at the same time (default 2)
 *   --out DIR      the site folder (default build/site)
 *   --quiet        print only problems and the summary
 *
 * Steps: (1) execute the notebooks through the runner (scripts/run-notebooks.ts, with its cache: an
 * unchanged notebook costs about a second); (2) copy the vendored libraries into `vendor/`
 * (scripts/site/vendor.ts); (3) export each notebook with nbconvert (scripts/site/export.ts) unless the
 * same export was already made: the key is a hash of the prepared notebook (the executed copy plus the
 * site metadata), the nbconvert options and the site's templates and scripts, recorded in
 * `build/site-work/manifest.json`; (4) write `index.html`; (5) delete pages no longer produced.
 *
 * Site layout:
 *   index.html                          lessons and exercises, one line each, with page sizes
 *   NN-name.html, NN-name.slides.html   each lesson (plotly.js from vendor/, shared by every page)
 *   <subfolder>/name.html               each exercise (e.g. exercises/01-x.html)
 *   vendor/                             plotly.js, reveal.js, require.js, jQuery, trimmed MathJax (relative urls)
 * The folder works offline from file:// and from any static server; nothing is fetched from a network.
 *
 * Exit codes: 0 site built; 1 a notebook or an export failed (the others are still published, the failed
 * one is not), or Jupyter is missing; 2 usage error.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { CourseError } from "../src/errors";
import { parseNotebook, readNotebook, serializeNotebook, type Notebook } from "./lib/notebook";
import { buildDir, projectRoot } from "./lib/project";
import { defaultOutDir, formatFailure, hashDependencies, notebooksDir, runNotebooks, UsageError } from "./run-notebooks";
import { exportArgs, exportNotebook, formatSuffix, templatesDir, type ExportFormat } from "./site/export";
import { formatBytes, indexPageHtml, type IndexEntry } from "./site/index-page";
import {
  describeNotebook,
  discoverNotebooks,
  prepareForExport,
  removedCellLines,
  type NotebookDescription,
  type SiteNotebook,
} from "./site/notebooks";
import { copyVendor, vendorDirName } from "./site/vendor";

/** The course's name, on the index, the title slides and the page navigation. */
export const courseTitle = "Private clustering, hands on";

/** Default site folder. */
export const defaultSiteDir: string = join(buildDir, "site");

/** Where prepared notebooks and the export manifest live (never published). */
export const workDir: string = join(buildDir, "site-work");

/** Bump when the way pages are produced changes in a way the hashed files do not show. */
const EXPORT_FORMAT = 1;

/** Files whose contents decide how a page comes out, besides the notebook: hashed into every export key. */
const exportDependencies: readonly string[] = [
  templatesDir,
  join(projectRoot, "scripts", "site"),
  join(projectRoot, "scripts", "build-site.ts"),
  join(projectRoot, "scripts", "lib", "nbconvert.ts"),
  join(projectRoot, "src", "viz", "html.ts"),
  join(projectRoot, "node_modules", "plotly.js-dist-min", "package.json"),
];

/** Options of {@link buildSite}. */
export interface BuildSiteOptions {
  /** Run the notebooks first (through the runner's cache). Default true. */
  execute?: boolean;
  /** Export even when the recorded export key matches. Default false. */
  force?: boolean;
  /** Exports at once. Default 2. */
  jobs?: number;
  /** The site folder. Default `build/site`. */
  outDir?: string;
  /** Where the notebooks are. Default `notebooks/`. */
  notebooksDir?: string;
  /**
   * Where executed copies are. Default `build/executed`. With `execute: false` the copy of
   * `<notebooksDir>/<name>.ipynb` is read from `<executedDir>/<name>.ipynb` (the runner's layout).
   */
  executedDir?: string;
  /** Where prepared notebooks and the export manifest go. Default `build/site-work`. */
  workDir?: string;
  /** Print only problems and the summary. Default false. */
  quiet?: boolean;
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
  /** Where problems go. Default `console.error`. */
  logError?: (text: string) => void;
}

/** One exported (or reused) file. */
export interface PageResult {
  notebook: SiteNotebook;
  format: ExportFormat;
  /** Path relative to the site folder, `/`-separated. */
  file: string;
  /** `exported` now, `unchanged` (the previous export is up to date), or `failed`. */
  status: "exported" | "unchanged" | "failed";
  bytes: number;
  durationMs: number;
  error?: string;
}

/** What {@link buildSite} did. */
export interface BuildSiteResult {
  siteDir: string;
  notebooks: { notebook: SiteNotebook; description?: NotebookDescription; executed: boolean }[];
  pages: PageResult[];
  /** Notebooks that could not be executed or exported (by site name). */
  failed: string[];
  /** What index.html lists: lessons, then exercises. */
  index: IndexEntry[];
  vendorBytes: number;
  siteBytes: number;
  /** Time spent executing notebooks, exporting, and in total (ms). */
  executeMs: number;
  exportMs: number;
  totalMs: number;
  ok: boolean;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function folderBytes(dir: string): number {
  return listFiles(dir).reduce((sum, file) => sum + statSync(file).size, 0);
}

async function inPool<T>(items: T[], jobs: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) await worker(items[next++]!);
  });
  await Promise.all(lanes);
}

/** The page files of a notebook, relative to the site root. */
export function pageFiles(notebook: SiteNotebook): Partial<Record<ExportFormat, string>> {
  return notebook.kind === "lesson"
    ? { html: notebook.name + formatSuffix.html, slides: notebook.name + formatSuffix.slides }
    : { html: notebook.name + formatSuffix.html };
}

/** A URL from a page `depth` folders down to a file given relative to the site root. */
function fromPage(depth: number, file: string): string {
  return "../".repeat(depth) + file;
}

type Manifest = Record<string, string>;

function readManifest(path: string): Manifest {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    return {};
  }
}

/**
 * Build the site (see this module's description).
 *
 * @returns what was built, with sizes and timings; `ok` is false when a notebook or export failed
 * @throws NbconvertMissingError when Jupyter is not installed; VendorMissingError without node_modules
 */
export async function buildSite(options: BuildSiteOptions = {}): Promise<BuildSiteResult> {
  const started = Date.now();
  const print = options.log ?? ((line: string) => console.log(line));
  const log = options.quiet ? () => {} : print;
  const logError = options.logError ?? ((text: string) => console.error(text));
  const jobs = options.jobs ?? 2;
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, got ${jobs}`);
  const siteDir = resolve(options.outDir ?? defaultSiteDir);
  const executedDir = resolve(options.executedDir ?? defaultOutDir);
  const sourceDir = resolve(options.notebooksDir ?? notebooksDir);
  const work = resolve(options.workDir ?? workDir);
  const failed = new Set<string>();

  // 1. Execute (cached).
  const discovered = discoverNotebooks(sourceDir, readNotebook);
  const executedCopies = new Map(discovered.map((n) => [n.source, join(executedDir, `${n.name}.ipynb`)]));
  const executeStarted = Date.now();
  if ((options.execute ?? true) && discovered.length > 0) {
    const run = await runNotebooks({
      files: discovered.map((n) => n.source),
      outDir: executedDir,
      quiet: options.quiet,
      log: options.quiet ? () => {} : log,
      logError: () => {},
    });
    run.results.forEach((r, i) => {
      const notebook = discovered[i]!; // results come in the order of `files`
      executedCopies.set(notebook.source, r.outputPath);
      if (r.status !== "failed") return;
      failed.add(notebook.name);
      logError(formatFailure(r));
    });
  }
  const executeMs = Date.now() - executeStarted;

  // 2. Vendor.
  mkdirSync(siteDir, { recursive: true });
  const vendor = copyVendor(siteDir);

  // 3. Export.
  const exportStarted = Date.now();
  const manifestPath = join(work, "manifest.json");
  const manifest = readManifest(manifestPath);
  const settingsHash = hashDependencies(exportDependencies);
  const notebooks: BuildSiteResult["notebooks"] = [];
  type Task = { notebook: SiteNotebook; format: ExportFormat; file: string; description: NotebookDescription };
  const tasks: Task[] = [];
  // Each executed copy is read once (they are ~5 MB) and hashed as bytes for the export keys.
  const loaded = new Map<string, { nb: Notebook; hash: string }>();
  for (const notebook of discovered) {
    const executed = executedCopies.get(notebook.source)!;
    if (failed.has(notebook.name) || !existsSync(executed)) {
      if (!failed.has(notebook.name)) {
        logError(`build-site: no executed copy of ${notebook.name} (${toPosix(relative(projectRoot, executed))}); run without --no-execute`);
        failed.add(notebook.name);
      }
      notebooks.push({ notebook, executed: false });
      continue;
    }
    const bytes = readFileSync(executed);
    const nb = parseNotebook(bytes.toString("utf8"), executed);
    loaded.set(notebook.source, { nb, hash: createHash("sha256").update(bytes).digest("hex") });
    const description = describeNotebook(nb, notebook.name);
    notebooks.push({ notebook, description, executed: true });
    for (const [format, file] of Object.entries(pageFiles(notebook)) as [ExportFormat, string][]) {
      tasks.push({ notebook, format, file, description });
    }
  }
  const pages: PageResult[] = [];
  await inPool(tasks, jobs, async ({ notebook, format, file, description }) => {
    const files = pageFiles(notebook);
    const { nb: executed, hash } = loaded.get(notebook.source)!;
    const site = {
      course: courseTitle,
      index_url: fromPage(notebook.depth, "index.html"),
      page_url: files.html ? fromPage(notebook.depth, files.html) : undefined,
      slides_url: files.slides ? fromPage(notebook.depth, files.slides) : undefined,
    };
    // The prepared notebook is a function of these: hashing them avoids serializing 5 MB to compare.
    const key = createHash("sha256")
      .update(JSON.stringify([EXPORT_FORMAT, format, exportArgs(format, notebook.depth), settingsHash, site, description, hash]))
      .digest("hex");
    const output = join(siteDir, file);
    const pageStarted = Date.now();
    if (!options.force && manifest[file] === key && existsSync(output)) {
      pages.push({ notebook, format, file, status: "unchanged", bytes: statSync(output).size, durationMs: Date.now() - pageStarted });
      log(`unchanged       ${file}  ${formatBytes(statSync(output).size)}`);
      return;
    }
    const prepared = prepareForExport(executed, description, { format, site });
    const input = join(work, "prepared", `${file.replace(/\.html$/, "")}.ipynb`);
    mkdirSync(dirname(input), { recursive: true });
    writeFileSync(input, serializeNotebook(prepared));
    delete manifest[file];
    try {
      const result = await exportNotebook({
        input,
        format,
        output,
        depth: notebook.depth,
        forbiddenLines: removedCellLines(prepared),
      });
      manifest[file] = key;
      pages.push({ notebook, format, file, status: "exported", bytes: result.bytes, durationMs: result.durationMs });
      const note = result.loaderAdded ? "  (plotly.js added back: its cell was removed)" : "";
      log(`exported ${seconds(result.durationMs).padStart(6)}  ${file}  ${formatBytes(result.bytes)}${note}`);
    } catch (err) {
      if (!(err instanceof CourseError)) throw err;
      failed.add(notebook.name);
      pages.push({ notebook, format, file, status: "failed", bytes: 0, durationMs: Date.now() - pageStarted, error: err.message });
      logError(`build-site: FAILED ${file}: ${err.message}`);
    }
  });
  mkdirSync(work, { recursive: true });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + "\n");
  const exportMs = Date.now() - exportStarted;

  // 4. Index (only notebooks whose every page exported).
  const published = notebooks.filter((n) => n.description && !failed.has(n.notebook.name));
  const sizeOf = (file: string | undefined): number | undefined => pages.find((p) => p.file === file)?.bytes;
  const entry = (n: (typeof published)[number]): IndexEntry => {
    const files = pageFiles(n.notebook);
    const d = n.description!;
    // A notebook titled with the course's name (the welcome lesson) is listed by its subtitle instead.
    const byCourseName = d.title === courseTitle && d.summary !== "";
    return {
      number: n.notebook.number,
      title: byCourseName ? d.summary : d.title,
      summary: byCourseName ? d.lead : d.summary,
      page: files.html!,
      slides: files.slides,
      bytes: sizeOf(files.html),
    };
  };
  const packageJson = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { description?: string };
  const lessonEntries = published.filter((n) => n.notebook.kind === "lesson").map(entry);
  const exerciseEntries = published.filter((n) => n.notebook.kind === "exercise").map(entry);
  writeFileSync(
    join(siteDir, "index.html"),
    indexPageHtml({ course: courseTitle, intro: packageJson.description ?? "", lessons: lessonEntries, exercises: exerciseEntries }),
  );

  // 5. Pages no longer produced (deleted notebooks, failed ones) leave the site.
  const keep = new Set(["index.html", ...pages.filter((p) => p.status !== "failed" && !failed.has(p.notebook.name)).map((p) => p.file)]);
  for (const file of listFiles(siteDir)) {
    const rel = toPosix(relative(siteDir, file));
    if (rel.startsWith(`${vendorDirName}/`) || keep.has(rel)) continue;
    rmSync(file);
    log(`removed         ${rel}`);
  }

  const siteBytes = folderBytes(siteDir);
  const totalMs = Date.now() - started;
  const lessons = published.filter((n) => n.notebook.kind === "lesson").length;
  const exercises = published.filter((n) => n.notebook.kind === "exercise").length;
  const exported = pages.filter((p) => p.status === "exported");
  const biggest = pages.reduce((max, p) => Math.max(max, p.bytes), 0);
  print(
    [
      `build-site: ${lessons} lesson${lessons === 1 ? "" : "s"}, ${exercises} exercise${exercises === 1 ? "" : "s"}, ` +
        `${keep.size} pages (${exported.length} exported, ${pages.length - exported.length - pages.filter((p) => p.status === "failed").length} unchanged)` +
        (failed.size ? `, FAILED: ${[...failed].join(", ")}` : ""),
      `build-site: site ${formatBytes(siteBytes)} in ${toPosix(relative(process.cwd(), siteDir)) || "."}/ ` +
        `(vendor/ ${formatBytes(vendor.bytes)} in ${vendor.files} files; largest page ${formatBytes(biggest)}, ` +
        `plotly.js shared from vendor/)`,
      `build-site: ${seconds(totalMs)} total: notebooks ${seconds(executeMs)}, exports ${seconds(exportMs)} ` +
        `(${exported.length} × nbconvert, ${seconds(exported.reduce((s, p) => s + p.durationMs, 0))} summed)`,
    ].join("\n"),
  );
  return {
    siteDir,
    notebooks,
    pages,
    failed: [...failed],
    index: [...lessonEntries, ...exerciseEntries],
    vendorBytes: vendor.bytes,
    siteBytes,
    executeMs,
    exportMs,
    totalMs,
    ok: failed.size === 0,
  };
}

const HELP = `usage: build-site [--no-execute] [--force] [--jobs N] [--out DIR] [--quiet]

Builds the course site in build/site/: each lesson as NN-name.html and NN-name.slides.html, each exercise
as a page, index.html, and vendor/ (plotly.js, reveal.js, require.js, jQuery, MathJax), all offline, relative urls.
  --no-execute   export the executed copies as they are (default: run the notebooks, cached, first)
  --force        export every notebook even if its export is up to date
  --jobs N       exports at a time (default 2)
  --out DIR      the site folder (default build/site)
  --quiet        print only problems and the summary
Exit codes: 0 built, 1 a notebook or export failed (or Jupyter is missing), 2 usage error.`;

/**
 * The command: parse, build, report.
 * @returns the exit code
 */
export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        "no-execute": { type: "boolean" },
        force: { type: "boolean" },
        jobs: { type: "string" },
        out: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    console.error(`build-site: ${(err as Error).message.split(/\.\s|\n/)[0]}; see --help`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  try {
    const jobs = values.jobs !== undefined ? Number(values.jobs) : undefined;
    const result = await buildSite({
      execute: !values["no-execute"],
      force: values.force ?? false,
      jobs,
      outDir: values.out,
      quiet: values.quiet ?? false,
    });
    return result.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`build-site: ${err.message}`);
      return 2;
    }
    if (err instanceof CourseError) {
      console.error(`build-site: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

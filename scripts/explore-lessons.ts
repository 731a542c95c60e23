/**
 * Run lessons at many settings nobody picked and tabulate what their claim cards said.
 *
 *   npm run lessons:explore -- [--samples 30] [--lessons 02,04] [--seed S] [--jobs N] [--timeout S] [--out DIR]
 *                              [notebooks...]
 *
 * Each lesson (default: every `notebooks/NN-*.ipynb`; `--lessons 02,04` picks by number; notebook paths
 * may be given instead, e.g. a test fixture) runs at `--samples` settings drawn from the ranges its
 * `parameters` cell declares (`// range: LO..HI [log]`, see scripts/lib/parameter-draw.ts) with the seed
 * `--seed` (default: `COURSE_DRAW_SEED`, else the git commit), drawn exactly as the lesson tests draw theirs
 * (so the first two are the ones `npm test` ran). Identical settings run once. The runs go through the
 * notebook runner (its cache, `--jobs` at a time, default one per core) into `build/explore/runs/`.
 *
 * Each executed notebook's claim cards are read back (scripts/lib/notebook-claims.ts) and tabulated per
 * lesson and claim: central or not, settings tried, held, not held with the settings where it did not hold;
 * and the runs that STOPPED (a cell failed) with their settings and error. The table goes to stdout as
 * markdown and to `build/explore/report.md`, with the same data in `build/explore/report.json`.
 *
 * Progress goes to stderr; Ctrl-C or SIGTERM stops the running kernels and exits 130/143.
 * Exit codes: 0 no lesson stopped and every central claim held everywhere; 1 otherwise; 2 usage error.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { cellSource, findCellByTag, htmlOutputs, readNotebook } from "./lib/notebook";
import { claimCards, type ClaimCard } from "./lib/notebook-claims";
import { parameterDeclarations, PARAMETERS_TAG, type ParamValue } from "./lib/notebook-parameters";
import { drawSeed, drawSettings } from "./lib/parameter-draw";
import { buildDir, projectRoot } from "./lib/project";
import { createProgress } from "./lib/progress";
import { defaultJobs } from "./lib/run-summary";
import { exitCodeFor, InterruptedError, onStopSignal } from "./lib/stop";
import { formatFailure, inPool, notebooksDir, runNotebooks, UsageError, type NotebookRun } from "./run-notebooks";

/** Options of {@link exploreLessons}. */
export interface ExploreOptions {
  /** Notebooks to explore (absolute or relative paths). */
  notebooks: string[];
  /** Drawn settings per lesson (before identical ones are merged). */
  samples: number;
  /** The draw's seed; the lesson tests use the same derivation (`<seed>:<lesson>`). */
  seed: string;
  /** Notebook runs at a time. Default: one per core. */
  jobs?: number;
  /** Time limit per run, in seconds. Default 300. */
  timeoutSeconds?: number;
  /** Where runs and the report go. Default `build/explore`. */
  outDir?: string;
  /** Show progress on stderr. Default false. */
  progress?: boolean;
  /** Aborting stops the runs (see `runNotebooks`); `exploreLessons` then rejects with an InterruptedError. */
  signal?: AbortSignal;
}

/** What one claim did over a lesson's runs. */
export interface ClaimRow {
  lesson: string;
  id: string;
  /** True when the lesson marked the claim central in any run. */
  central: boolean;
  /** The claim's text (from its first card). */
  claim: string;
  /** Runs (that finished) in which the card was shown. */
  tried: number;
  held: number;
  /** The settings where it did not hold, with what was measured and why. */
  notHeld: { settings: Record<string, ParamValue>; measured: string; reason: string }[];
  /** Runs that finished without showing this card (a claim shown only sometimes is worth a look). */
  missing: number;
}

/** A run that stopped on a failed cell (or timed out). */
export interface StoppedRun {
  lesson: string;
  settings: Record<string, ParamValue>;
  /** The error, in one line: the kernel's message (e.g. `Error: ...`), or why the run did not finish. */
  error: string;
  /** The failing cell's index in the notebook (0-based, all cells), when known. */
  cell?: number;
  /** The runner's full report: cell, source and error. */
  report: string;
}

/** The outcome of {@link exploreLessons}. */
export interface ExploreReport {
  seed: string;
  samples: number;
  lessons: { lesson: string; settings: number; finished: number }[];
  claims: ClaimRow[];
  stopped: StoppedRun[];
  /** True when no run stopped and every central claim held in every finished run. */
  ok: boolean;
}

/** `02-comparing-models` for `notebooks/02-comparing-models.ipynb`. */
function lessonName(path: string): string {
  return basename(path, ".ipynb");
}

/** The lessons picked by number (`02`, `2`, `02-comparing-models`), or all of them. */
export function selectLessons(spec: string | undefined): string[] {
  const all = existsSync(notebooksDir)
    ? readdirSync(notebooksDir)
        .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
        .sort()
    : [];
  if (!spec) return all.map((f) => join(notebooksDir, f));
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((wanted) => {
      const number = /^\d+$/.test(wanted) ? wanted.padStart(2, "0") : undefined;
      const found = all.find((f) => (number ? f.startsWith(`${number}-`) : lessonName(f) === wanted));
      if (!found) throw new UsageError(`--lessons ${wanted}: no such lesson (there are: ${all.map((f) => f.slice(0, 2)).join(", ")})`);
      return join(notebooksDir, found);
    });
}

/** The distinct settings drawn for one notebook (`[{}]` when it declares nothing to draw). */
export function settingsFor(path: string, samples: number, seed: string): Record<string, ParamValue>[] {
  const cell = findCellByTag(readNotebook(path), PARAMETERS_TAG);
  if (!cell) return [{}];
  const drawn = drawSettings(parameterDeclarations(cellSource(cell.cell)), samples, `${seed}:${lessonName(path)}`);
  const seen = new Map(drawn.map((s) => [JSON.stringify(s), s]));
  return [...seen.values()];
}

function settingsKey(settings: Record<string, ParamValue>): string {
  return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 12);
}

/**
 * Run every notebook at its drawn settings and tabulate the claim cards.
 * @throws UsageError for bad options; InterruptedError when `signal` aborts
 */
export async function exploreLessons(options: ExploreOptions): Promise<ExploreReport> {
  if (!Number.isInteger(options.samples) || options.samples < 1) throw new UsageError(`--samples must be a whole number of at least 1, got ${options.samples}`);
  const outDir = resolve(options.outDir ?? join(buildDir, "explore"));
  const tasks = options.notebooks.flatMap((path) => settingsFor(path, options.samples, options.seed).map((settings) => ({ path, settings })));
  const progress = options.progress ? createProgress({ label: "lessons:explore", total: tasks.length }) : undefined;
  let done = 0;
  let stoppedCount = 0;
  const running = new Set<string>();
  const runs = await (async () => {
    try {
      return await inPool(
        tasks,
        options.jobs ?? defaultJobs(),
        async (task) => {
          const lesson = lessonName(task.path);
          const label = `${lesson} ${JSON.stringify(task.settings)}`;
          running.add(label);
          progress?.update(done, [...running].join(", "));
          const result = await runNotebooks({
            files: [task.path],
            params: task.settings,
            outDir: join(outDir, "runs", `${lesson}-${settingsKey(task.settings)}`),
            timeoutSeconds: options.timeoutSeconds ?? 300,
            jobs: 1,
            quiet: true,
            log: () => {},
            logError: () => {},
            signal: options.signal,
          });
          const run = result.results[0]!;
          running.delete(label);
          done++;
          if (run.status === "failed") stoppedCount++;
          progress?.update(done, `${stoppedCount} stopped; running: ${[...running].join(", ") || "–"}`);
          return { ...task, lesson, run };
        },
        options.signal,
      );
    } finally {
      progress?.end();
    }
  })();
  if (options.signal?.aborted) throw new InterruptedError(options.signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT");
  return tabulate(runs, options);
}

function tabulate(
  runs: { lesson: string; settings: Record<string, ParamValue>; run: NotebookRun }[],
  options: Pick<ExploreOptions, "seed" | "samples">,
): ExploreReport {
  const stopped: StoppedRun[] = [];
  const claims = new Map<string, ClaimRow>();
  const lessons = new Map<string, { lesson: string; settings: number; finished: number }>();
  for (const { lesson, settings, run } of runs) {
    const entry = lessons.get(lesson) ?? { lesson, settings: 0, finished: 0 };
    lessons.set(lesson, entry);
    entry.settings++;
    if (run.status === "failed") {
      const failure = run.failure!;
      // The error's own line ("TypeError: ..."), else its first line that is not a stack frame.
      const lines = failure.error.split("\n").filter((l) => l.trim() !== "" && !/^\s+at /.test(l));
      const message = (lines.find((l) => /^[A-Za-z_$][\w$]*: /.test(l)) ?? lines[0] ?? failure.reason).trim();
      stopped.push({ lesson, settings, error: message, cell: failure.cellIndex, report: formatFailure(run) });
      continue;
    }
    entry.finished++;
    const cards = claimCards(htmlOutputs(readNotebook(run.outputPath)));
    const byId = new Map<string, ClaimCard[]>();
    for (const card of cards) byId.set(card.id, [...(byId.get(card.id) ?? []), card]);
    for (const [id, shown] of byId) {
      const key = `${lesson}\0${id}`;
      const row = claims.get(key) ?? { lesson, id, central: false, claim: shown[0]!.claim, tried: 0, held: 0, notHeld: [], missing: 0 };
      claims.set(key, row);
      row.central ||= shown.some((c) => c.central);
      row.tried++;
      const failed = shown.find((c) => !c.holds);
      if (failed) row.notHeld.push({ settings, measured: failed.measured, reason: failed.reason });
      else row.held++;
    }
  }
  // A card missing from some finished runs of its lesson (shown only on some branch of the lesson).
  for (const row of claims.values()) row.missing = lessons.get(row.lesson)!.finished - row.tried;
  const rows = [...claims.values()];
  const ok = stopped.length === 0 && rows.every((r) => !r.central || r.notHeld.length === 0);
  return { seed: options.seed, samples: options.samples, lessons: [...lessons.values()], claims: rows, stopped, ok };
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function settingsText(settings: Record<string, ParamValue>): string {
  const entries = Object.entries(settings);
  return entries.length === 0 ? "defaults" : entries.map(([k, v]) => `${k}=${typeof v === "number" && !Number.isFinite(v) ? String(v) : JSON.stringify(v)}`).join(" ");
}

/** The report as markdown: a summary line, the claims table, the stopped runs. */
export function reportMarkdown(report: ExploreReport): string {
  const lines = [
    `# Lessons at drawn settings`,
    ``,
    `Seed \`${report.seed}\` (replay: \`--seed ${report.seed}\`), ${report.samples} settings drawn per lesson ` +
      `(identical ones run once). ${report.ok ? "**No lesson stopped; every central claim held.**" : "**Not clean: see below.**"}`,
    ``,
    `| lesson | settings | finished | stopped |`,
    `|---|---|---|---|`,
    ...report.lessons.map((l) => `| ${l.lesson} | ${l.settings} | ${l.finished} | ${l.settings - l.finished} |`),
    ``,
    `| lesson | claim | central | tried | held | not held | settings where not held |`,
    `|---|---|---|---|---|---|---|`,
  ];
  for (const r of report.claims) {
    const where = r.notHeld.slice(0, 5).map((n) => `\`${settingsText(n.settings)}\``);
    if (r.notHeld.length > 5) where.push(`and ${r.notHeld.length - 5} more (report.json)`);
    const missing = r.missing > 0 ? ` (not shown in ${r.missing})` : "";
    lines.push(
      `| ${r.lesson} | \`${r.id}\`${missing} | ${r.central ? "**central**" : "no"} | ${r.tried} | ${r.held} | ` +
        `${r.notHeld.length > 0 ? `${r.central ? "**" : ""}${r.notHeld.length}${r.central ? "**" : ""}` : "0"} | ${cell(where.join(", ")) || "–"} |`,
    );
  }
  if (report.claims.length === 0) lines.push(`| – | (no claim cards shown) | | | | | |`);
  lines.push(``);
  if (report.stopped.length > 0) {
    lines.push(`## STOPPED: runs that did not reach the end`, ``, `| lesson | settings | cell | error |`, `|---|---|---|---|`);
    for (const s of report.stopped) {
      lines.push(`| ${s.lesson} | \`${settingsText(s.settings)}\` | ${s.cell ?? "–"} | ${cell(s.error)} |`);
    }
    lines.push(``);
  }
  return lines.join("\n");
}

const HELP = `usage: npm run lessons:explore -- [--samples N] [--lessons 02,04] [--seed S] [--jobs N] [--timeout SECONDS] [--out DIR] [notebooks...]

Runs each lesson at N settings drawn from its declared ranges (default 30), reads its claim cards, and writes a
table (stdout, build/explore/report.md and report.json): claim, central?, settings tried, held / not held.
Exit codes: 0 clean, 1 a lesson stopped or a central claim did not hold, 2 usage error, 130/143 stopped.`;

/**
 * The command.
 * @returns the exit code
 */
export async function main(argv: string[], signal?: AbortSignal): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          samples: { type: "string" },
          lessons: { type: "string" },
          seed: { type: "string" },
          jobs: { type: "string" },
          timeout: { type: "string" },
          out: { type: "string" },
          help: { type: "boolean", short: "h" },
        },
      });
    } catch (err) {
      throw new UsageError(`${(err as Error).message.split(/\.\s|\n/)[0]!.replace(/\.$/, "")}; see --help`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const whole = (text: string | undefined, name: string, fallback: number): number => {
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!/^\d+$/.test(text.trim()) || value < 1) throw new UsageError(`--${name} must be a whole number of at least 1, got "${text}"`);
      return value;
    };
    if (values.lessons && positionals.length > 0) throw new UsageError("give --lessons or notebook paths, not both");
    const notebooks =
      positionals.length > 0
        ? positionals.map((p) => {
            const path = resolve(p);
            if (!existsSync(path) || !path.endsWith(".ipynb")) throw new UsageError(`not a notebook: ${p}`);
            return path;
          })
        : selectLessons(values.lessons);
    if (notebooks.length === 0) throw new UsageError(`no lessons found under ${relative(projectRoot, notebooksDir)}/`);
    const seed = values.seed ?? drawSeed();
    if (seed.trim() === "") throw new UsageError("--seed must not be empty");
    const outDir = resolve(values.out ?? join(buildDir, "explore"));
    const report = await exploreLessons({
      notebooks,
      samples: whole(values.samples, "samples", 30),
      seed,
      jobs: whole(values.jobs, "jobs", defaultJobs()),
      timeoutSeconds: whole(values.timeout, "timeout", 300),
      outDir,
      progress: true,
      signal,
    });
    const markdown = reportMarkdown(report);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "report.md"), markdown);
    writeFileSync(join(outDir, "report.json"), JSON.stringify(report, null, 1) + "\n");
    console.log(markdown);
    console.error(`lessons:explore: report in ${relative(process.cwd(), join(outDir, "report.md"))} and report.json`);
    return report.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`lessons:explore: ${err.message}`);
      return 2;
    }
    if (err instanceof InterruptedError) {
      console.error(`lessons:explore: ${err.message}; running notebooks and their kernels stopped`);
      return err.exitCode;
    }
    throw err;
  }
}

if (require.main === module) {
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

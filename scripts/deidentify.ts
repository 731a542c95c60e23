/**
 * De-identify a numeric column of a table by clustering, audit the result and apply both fixes: the
 * Airflow example of lesson 1 as one command, for the course's Pokémon table or a data owner's own table.
 *
 *   node --import tsx scripts/deidentify.ts [options]        (npm run deidentify -- [options])
 *
 *   --data PATH       the table: any CSV (or TSV: .tsv/.tab) with a header row (default data/pokemon.csv)
 *   --column NAME     the numeric column to protect (default weight_kg for the Pokémon table; required
 *                     for any other table)
 *   --id NAME         the column that names a record (default name for the Pokémon table, else the first)
 *   --k N             number of clusters (default 3)
 *   --first N         Pokémon table: national numbers 1..N (default 251, as in the Airflow example;
 *                     1025 = all); any other table: its first N data rows (default all)
 *   --min-group N     minimum group size of the audit and of MDAV (default 3)
 *   --epsilon E       privacy budget of the DP release (default 1)
 *   --bounds L,U      public bounds of the column for the DP release, known without looking at the data
 *                     (default: the Pokémon table's public bounds; for another table, without --bounds the
 *                     release takes them from the data and is NOT differentially private, and says so)
 *   --seed S          seed of the DP noise (default: secure randomness; a seeded DP release is
 *                     reproducible and therefore for teaching only)
 *   --out DIR         output folder (default build/deidentify)
 *
 * Writes, in DIR: raw.csv, clusters.csv, statistics.json, anonymized.csv (the four outputs), audit.json
 * (the disclosure audit, both fixes and their comparison) and report.html (all of it with charts, readable
 * offline: plotly.js is inlined). Every column other than the protected one passes through to raw.csv and
 * anonymized.csv as text, neutralised against spreadsheet formulas.
 *
 * Scale: every stage is linear or n log n in the records (streamed reading, optimal 1-D k-means by dynamic
 * programming, univariate MDAV by sorting, the DP release in linear passes), so a million rows take
 * seconds (`npm run bench` measures it). Clusters are the optimal k-means clusters of the column (the same
 * objective as the lesson's k-means++ with restarts, which usually reaches the same optimum).
 *
 * Progress and stopping: the pipeline runs in a worker thread; the main thread prints each stage's result
 * on stdout and progress on stderr (a bar on a terminal; otherwise a plain line at most once a second,
 * once a stage has run for a second). Ctrl-C (SIGINT) or SIGTERM stops the worker at once, removes the
 * partial output and exits with 130 or 143.
 *
 * Stages: each stage logs a line when it completes and its files are written at once, into a hidden
 * sibling folder `.<DIR name>.incomplete-<pid>`. Only when every stage has succeeded is that folder
 * renamed to DIR, so DIR never holds a half-written result presented as done. On an error or a stop the
 * temporary folder is removed; if the process is killed outright (SIGKILL), what remains is clearly named
 * `.incomplete`. An existing DIR is replaced only when it holds nothing but these six files (a previous
 * run); any other existing, non-empty folder is refused before anything is computed.
 *
 * Errors are one line on stderr. Exit codes: 0 done; 1 bad input (unknown column, k out of range, a column
 * of identical values, values outside the Pokémon table's domain, missing data file, a data file that is
 * not UTF-8 or holds a NUL or other control character, a malformed row, bad minimum group size or ε, an
 * --out folder that cannot be used, named with the file-system reason); 2 command-line usage (unknown
 * option, an option without a value, a value that is not a decimal number, an empty --seed, malformed
 * --bounds); 130 / 143 stopped by SIGINT / SIGTERM. Negative numbers are taken as values (`--epsilon -1`),
 * so the range check gives the real message.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { defaultPokemonCsvPath, PUBLIC_BOUNDS, SPECIES_COUNT, isNumericFeature } from "../src/data/index";
import { readTable } from "../src/data/table";
import {
  auditDisclosure,
  checkK,
  compareReleases,
  deidentify,
  distinctCount,
  dpErrorSummary,
  microaggregate,
  recordsToCsv,
  sensitiveValues,
  checkMinGroupSize,
  type Deidentification,
} from "../src/deidentify/index";
import { deviationFactor } from "../src/deidentify/clustering";
import { writeCsvFiles } from "../src/deidentify/csv";
import { dpReleaseOfValues } from "../src/deidentify/dp-release";
import { dpGuarantee, epsilonText, isDifferentiallyPrivate } from "../src/deidentify/privacy-claim";
import { deidentificationReportHtml } from "../src/deidentify/report";
import { checkEpsilon } from "../src/dp/validate";
import { CourseError, InvalidInputError, PrivacyWarning, setWarningHandler, warnPrivacy } from "../src/errors";
import { buildDir, projectRoot } from "./lib/project";
import { ProgressLine } from "./lib/progress-line";

/** The files a run writes, in the order they are written. */
export const OUTPUT_FILES = [
  "raw.csv",
  "clusters.csv",
  "statistics.json",
  "anonymized.csv",
  "audit.json",
  "report.html",
] as const;

/** A command-line mistake (exit code 2). */
export class UsageError extends CourseError {
  constructor(message: string) {
    super("usage", message);
  }
}

/** The parsed command line. */
export interface DeidentifyArgs {
  /** The protected column; undefined: weight_kg for the Pokémon table (required for any other). */
  column: string | undefined;
  /** The identifying column; undefined: name for the Pokémon table, else the first column. */
  id: string | undefined;
  k: number;
  /** undefined: 251 for the Pokémon table, every row for any other. */
  first: number | undefined;
  minGroup: number;
  epsilon: number;
  /** Public bounds of the column for the DP release; undefined: the Pokémon table's, or none. */
  bounds: { lower: number; upper: number } | undefined;
  seed: string | undefined;
  data: string;
  out: string;
  help: boolean;
}

/** The default --first of the Pokémon table (the Airflow example's first 251 species). */
const DEFAULT_POKEMON_FIRST = 251;

const HELP = `usage: npm run deidentify -- [--data PATH] [--column NAME] [--id NAME] [--k N] [--first N] [--min-group N] [--epsilon E] [--bounds L,U] [--seed S] [--out DIR]

De-identifies a numeric column of a table by k-means clustering (the Airflow example), audits the
release, and applies both fixes (MDAV microaggregation, a DP release). Writes raw.csv, clusters.csv,
statistics.json, anonymized.csv, audit.json and report.html into DIR.
  --data PATH      a CSV (or .tsv) with a header row (default data/pokemon.csv, the Pokémon table)
  --column NAME    numeric column to protect (default weight_kg for the Pokémon table; required otherwise)
  --id NAME        column naming a record (default name for the Pokémon table, else the first column)
  --k N            clusters (default 3)
  --first N        Pokémon: national numbers 1..N (default 251; ${SPECIES_COUNT} = all); other tables: first N rows
  --min-group N    minimum group size for the audit and MDAV (default 3)
  --epsilon E      privacy budget of the DP release (default 1)
  --bounds L,U     public bounds of the column for the DP release (default: the Pokémon table's; another
                   table without --bounds gets bounds from the data: NOT differentially private)
  --seed S         seed for the DP noise (default secure; seeded = teaching only)
  --out DIR        output folder (default build/deidentify)
Progress goes to stderr; Ctrl-C or SIGTERM stops at once and removes the partial output.
Exit codes: 0 done, 1 bad input, 2 usage error, 130 / 143 stopped by SIGINT / SIGTERM.`;

/** The options that take a value. */
const VALUE_OPTIONS = ["column", "id", "k", "first", "min-group", "epsilon", "bounds", "seed", "data", "out"] as const;

/**
 * `--epsilon -1` as `--epsilon=-1`: node's parseArgs calls a value starting with `-` ambiguous, which would
 * hide the real message (ε must be greater than 0) behind a usage error. Only values that read as negative
 * numbers are joined, so a forgotten value (`--seed --out x`) is still reported as one.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const takesValue = (VALUE_OPTIONS as readonly string[]).includes(arg.replace(/^--/, "")) && arg.startsWith("--");
    if (takesValue && next !== undefined && /^-(\d|\.\d|Infinity$)/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** Decimal digits only: `Number` would also read `0x10`, `0b1`, `1e3` and `" 3 "`. */
function wholeNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(text)) {
    throw new UsageError(`--${name} expects a whole number in decimal digits (e.g. --${name} 3), got "${text}"`);
  }
  return Number(text);
}

/** A decimal number (`0.5`, `-1`, `1e-3`) or `Infinity`; hexadecimal, blanks and overflow (`1e400`) refused. */
function epsilonValue(text: string | undefined): number {
  if (text === undefined) return 1;
  if (/^[+]?Infinity$/.test(text)) return Infinity;
  if (text === "-Infinity") return -Infinity; // refused by checkEpsilon, with its message
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw new UsageError(
      `--epsilon expects a number greater than 0 written in decimal (e.g. --epsilon 0.5), or Infinity for no privacy, got "${text}"`,
    );
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new UsageError(`--epsilon ${text} is too large for a number (it overflows to Infinity); write Infinity if you mean no privacy`);
  }
  return value;
}

/** `L,U`: two decimal numbers, L < U. */
function boundsValue(text: string | undefined): { lower: number; upper: number } | undefined {
  if (text === undefined) return undefined;
  const number = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
  const parts = text.split(",");
  if (parts.length !== 2 || !parts.every((p) => number.test(p))) {
    throw new UsageError(`--bounds expects two decimal numbers L,U (e.g. --bounds 0,1000000), got "${text}"`);
  }
  const [lower, upper] = parts.map(Number) as [number, number];
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !(lower < upper)) {
    throw new UsageError(`--bounds needs finite L < U, got "${text}"`);
  }
  return { lower, upper };
}

/**
 * Parse the command line (values are checked against the data later, by the library).
 * @throws UsageError with a one-line message
 */
export function parseCommandLine(argv: string[]): DeidentifyArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: false,
      strict: true,
      options: {
        column: { type: "string" },
        id: { type: "string" },
        k: { type: "string" },
        first: { type: "string" },
        "min-group": { type: "string" },
        epsilon: { type: "string" },
        bounds: { type: "string" },
        seed: { type: "string" },
        data: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    const message = (err as Error).message.split(/\.\s|\n/)[0]!.replace(/\.$/, "");
    throw new UsageError(`${message}; see --help`);
  }
  const { values } = parsed;
  const epsilon = epsilonValue(values.epsilon);
  if (values.seed !== undefined && values.seed.trim() === "") {
    // An empty seed would silently make every "seeded" run share one stream; leaving it out is the secure default.
    throw new UsageError(`--seed expects a non-empty seed (e.g. --seed 42), got "${values.seed}"; leave --seed out for secure randomness`);
  }
  for (const name of ["column", "id", "data", "out"] as const) {
    if (values[name]?.trim() === "") throw new UsageError(`--${name} expects a value, got ""`);
  }
  return {
    column: values.column,
    id: values.id,
    k: wholeNumber(values.k, "k", 3),
    first: values.first === undefined ? undefined : wholeNumber(values.first, "first", DEFAULT_POKEMON_FIRST),
    minGroup: wholeNumber(values["min-group"], "min-group", 3),
    epsilon,
    bounds: boundsValue(values.bounds),
    seed: values.seed,
    data: resolve(values.data ?? defaultPokemonCsvPath),
    out: resolve(values.out ?? join(buildDir, "deidentify")),
    help: values.help ?? false,
  };
}

/**
 * Check that `out` can receive a run: absent, empty, or holding only a previous run's files.
 * @throws InvalidInputError otherwise
 */
export function checkOutputFolder(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) {
    throw new InvalidInputError("bad-out", `--out ${out} is a file, not a folder. Fix: choose a folder path.`);
  }
  const foreign = readdirSync(out).filter((f) => !(OUTPUT_FILES as readonly string[]).includes(f));
  if (foreign.length > 0) {
    throw new InvalidInputError(
      "bad-out",
      `--out ${out} already holds other files (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}); ` +
        "it is replaced only when it holds nothing but a previous run's outputs. Fix: choose a new or empty folder.",
    );
  }
}

/** Why a file-system error code makes a folder unusable, and what to do instead. */
const FOLDER_ERRORS: Record<string, { reason: string; fix: string }> = {
  EEXIST: { reason: "a part of that path is a file, not a folder", fix: "choose a path whose parent folders are folders" },
  ENOTDIR: { reason: "a part of that path is a file, not a folder", fix: "choose a path whose parent folders are folders" },
  EACCES: { reason: "permission denied", fix: "choose a folder you can write to, e.g. --out build/deidentify" },
  EPERM: { reason: "the operation is not permitted there", fix: "choose a folder you can write to, e.g. --out build/deidentify" },
  EROFS: { reason: "the file system is read-only", fix: "choose a folder on a writable disk, e.g. --out build/deidentify" },
  ENOENT: { reason: "a folder cannot be created there", fix: "choose a folder you can write to, e.g. --out build/deidentify" },
  ENOSPC: { reason: "the disk is full", fix: "free some space or choose another disk" },
  EISDIR: { reason: "a folder stands where a file must go", fix: "choose a new or empty folder" },
  ENAMETOOLONG: { reason: "the path is too long", fix: "choose a shorter path" },
};

/**
 * A file-system error met while preparing or writing `out` (or its temporary sibling) as a one-line
 * InvalidInputError naming the path and the fix; undefined for any other error (left as it is).
 *
 * @param err - what was thrown
 * @param out - the resolved `--out` folder
 */
export function outputFolderError(err: unknown, out: string): InvalidInputError | undefined {
  const error = err as NodeJS.ErrnoException;
  if (typeof error?.code !== "string" || typeof error.path !== "string") return undefined;
  const path = resolve(error.path);
  const parent = dirname(out);
  const temp = join(parent, `.${basename(out)}.incomplete-`);
  const concernsOut =
    path === out ||
    path.startsWith(out + sep) ||
    (out.startsWith(path + sep) || path === sep) ||
    path.startsWith(temp);
  if (!concernsOut) return undefined;
  const known = FOLDER_ERRORS[error.code];
  const where = path === out ? "" : ` (at ${path})`;
  return new InvalidInputError(
    "bad-out",
    `--out ${out} cannot be used: ${known?.reason ?? error.message}${where} [${error.code}]. Fix: ${known?.fix ?? "choose another folder"}.`,
  );
}

/**
 * Replace `out` by the finished temporary folder (after checking again that `out` is ours to replace).
 *
 * Several runs may publish into the same folder at once (the default build/deidentify, e.g. runs started
 * together by a script): removing the old files one by one and then renaming raced, and a run could fail
 * on a file another run had just removed. Here every step is a rename, which is atomic: the previous
 * output is first moved aside under this run's own name (`.<out>.previous-<pid>`) and removed after the
 * new one is in place. A rename that loses a race (the folder was moved or filled meanwhile) is retried,
 * so concurrent runs all succeed and the last one to publish wins, whole.
 */
function publish(temp: string, out: string): void {
  const aside = previousFolder(out);
  for (let attempt = 0; ; attempt++) {
    checkOutputFolder(out);
    try {
      renameSync(temp, out); // succeeds when `out` is absent or an empty folder
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt >= 20) throw err;
    }
    try {
      renameSync(out, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // another run moved it first: retry
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * JSON text of an output. ±Infinity has no JSON form and JSON.stringify would write `null`, which a reader
 * takes for "not set" (an ε = ∞ release recorded as `"epsilon": null`): they are written as the strings
 * "Infinity" and "-Infinity" instead. NaN (no value) stays `null`.
 */
export function json(value: unknown): string {
  const replacer = (_: string, v: unknown): unknown =>
    typeof v === "number" && !Number.isFinite(v) ? (Number.isNaN(v) ? null : String(v)) : v;
  return JSON.stringify(value, replacer, 2) + "\n";
}

/** Log a stage as done, with its duration. */
function stageLogger(log: (line: string) => void): (name: string, detail: string) => void {
  let last = Date.now();
  let stage = 0;
  return (name, detail) => {
    const now = Date.now();
    stage++;
    log(`[${stage}/7] ${name}: ${detail} (${now - last} ms)`);
    last = now;
  };
}

/** Progress reports of a run: the stage under way and, when known, the share of it done (0..1). */
export type ProgressReport = (stage: string, fraction?: number) => void;

/** Where publish moves a previous run's output of this process while the new one takes its place. */
export function previousFolder(out: string, pid: number = process.pid): string {
  return join(dirname(out), `.${basename(out)}.previous-${pid}`);
}

/** The temporary folder a run in this process writes into, next to `out`. */
export function temporaryFolder(out: string, pid: number = process.pid): string {
  return join(dirname(out), `.${basename(out)}.incomplete-${pid}`);
}

/** Groups listed in full in audit.json; past this, the first ones and a count (the CSVs have every record). */
const AUDIT_GROUPS_LISTED = 1000;

/**
 * Simulated releases for the typical DP errors: 50, fewer on large tables (each one passes over every
 * value; the noise, and so the spread of the errors, shrinks as the table grows).
 */
function errorRuns(records: number): number {
  return records <= 100_000 ? 50 : records <= 300_000 ? 20 : 10;
}

/**
 * Run the whole pipeline into `args.out`.
 *
 * @param args - the parsed command line
 * @param log - where progress lines go (default `console.log`)
 * @param progress - where progress within stages goes (default: nowhere)
 * @throws CourseError for bad input (nothing is left in `args.out` or next to it)
 */
export function run(args: DeidentifyArgs, log: (line: string) => void = console.log, progress: ProgressReport = () => {}): void {
  checkEpsilon(args.epsilon, "--epsilon");
  const outError = (err: unknown): unknown => outputFolderError(err, args.out) ?? err;
  try {
    checkOutputFolder(args.out);
  } catch (err) {
    throw outError(err);
  }
  if (!existsSync(args.data)) {
    throw new InvalidInputError(
      "data-file-missing",
      `No data file at ${args.data}. Fix: pass --data with the path of a CSV table, or leave --data out ` +
        "to use data/pokemon.csv (regenerate it with npm run data).",
    );
  }

  const done = stageLogger(log);
  const warnings: string[] = [];
  const previousHandler = setWarningHandler((w) => {
    warnings.push(`${w.code}: ${w.message}`);
    log(`  PrivacyWarning [${w.code}]: ${w.message}`);
  });
  let temp: string | undefined;
  try {
    // 1. Load: the file is streamed and checked (UTF-8, control characters, row shape, numbers) as it is read.
    progress("read", 0);
    const table = readTable(args.data, {
      column: args.column,
      id: args.id,
      first: args.first,
      defaultPokemonFirst: DEFAULT_POKEMON_FIRST,
      onProgress: (read, total) => progress("read", total > 0 ? read / total : 1),
    });
    const { records, column, id } = table;
    const first = table.kind === "pokemon" ? (args.first ?? DEFAULT_POKEMON_FIRST) : args.first;
    // The Pokémon table's own checks and messages (an unknown column lists the numeric ones).
    const values = table.kind === "pokemon" ? sensitiveValues(records, column) : Array.from(table.values);
    let bounds = args.bounds;
    let boundsFromData = false;
    if (table.kind === "pokemon") {
      if (!isNumericFeature(column)) {
        throw new InvalidInputError(
          "no-public-bounds",
          `Column "${column}" has no public bounds, so it cannot be released with differential privacy. ` +
            "Fix: choose a numeric column of the Pokémon table, e.g. --column weight_kg.",
        );
      }
      checkDomain(table.kind, values, records, column, id, table.lines);
      bounds ??= { lower: PUBLIC_BOUNDS[column].lower, upper: PUBLIC_BOUNDS[column].upper };
    }
    checkK(args.k, values, column);
    checkMinGroupSize(args.minGroup, values.length);
    const duplicates = duplicatedIds(records, id);
    if (duplicates) warnPrivacy(new PrivacyWarning("duplicated-ids", duplicates));
    if (bounds === undefined) {
      // As the library does: bounds from the data, said out loud, and the guarantee withdrawn everywhere.
      let lower = Infinity;
      let upper = -Infinity;
      for (const v of values) {
        if (v < lower) lower = v;
        if (v > upper) upper = v;
      }
      bounds = { lower, upper };
      boundsFromData = true;
      warnPrivacy(
        new PrivacyWarning(
          "bounds-from-data",
          `No --bounds for ${column}, so the DP release takes its bounds from the data (the minimum and maximum). ` +
            "That reveals the most extreme records, so the release is NOT differentially private. Fix: --bounds L,U " +
            "with bounds you know without looking at the data (e.g. from the column's definition).",
        ),
      );
    }
    done("load", `${records.length} records from ${args.data}, column ${column}, id ${id}`);

    const folder = temporaryFolder(args.out);
    try {
      mkdirSync(dirname(args.out), { recursive: true });
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder);
    } catch (err) {
      throw outError(err);
    }
    temp = folder;
    const write = (file: (typeof OUTPUT_FILES)[number], text: string): void => writeFileSync(join(folder, file), text);
    const seed = args.seed;
    const n = records.length;

    // 2. De-identify: optimal 1-D k-means, then the four outputs, written row by row.
    progress("de-identify");
    const release = deidentify(records, { column, k: args.k, method: "optimal" });
    const recordColumns = table.header.filter((c) => c in (records[0] as object));
    const clusterColumns = ["parent_cluster", "parent_centroid", "deviation_factor"];
    // raw.csv and anonymized.csv share their rows: one pass formats each field once for both.
    const header = [...recordColumns, ...clusterColumns];
    const everything = header.map((_, c) => c);
    writeCsvFiles(
      [
        { path: join(folder, "raw.csv"), fields: everything },
        { path: join(folder, "anonymized.csv"), fields: everything.filter((c) => header[c] !== column) },
      ],
      header,
      n,
      (i, fields) => {
        const record = records[i]!;
        for (let c = 0; c < recordColumns.length; c++) fields[c] = record[recordColumns[c]!];
        const centroid = release.clusters[release.labels[i]!]!.centroid;
        fields[recordColumns.length] = release.labels[i]!;
        fields[recordColumns.length + 1] = centroid;
        fields[recordColumns.length + 2] = deviationFactor(values[i]!, centroid);
      },
      (written) => progress("de-identify: raw.csv, anonymized.csv", written / n),
    );
    write("clusters.csv", recordsToCsv(release.clusters, ["cluster", "centroid", "size"]));
    write("statistics.json", json(release.statistics));
    done(
      "de-identify",
      `optimal k-means k = ${args.k}, cluster sizes ${release.clusters.map((c) => c.size).join(", ")}; wrote raw.csv, ` +
        "clusters.csv, statistics.json, anonymized.csv",
    );

    // 3. Audit. The differencing attack needs the same release over the first n − 1 records.
    progress("audit");
    let neighbour: Deidentification | undefined;
    if (n >= 2) {
      const rest = records.slice(0, -1);
      const kRest = Math.min(args.k, distinctCount(values.slice(0, -1)));
      neighbour = deidentify(rest, { column, k: kRest, method: "optimal" });
    }
    const resolution = table.kind === "pokemon" ? 0.1 : undefined;
    const audit = auditDisclosure(release, { minGroupSize: args.minGroup, neighbour, resolution, idColumn: id });
    done(
      "audit",
      `${audit.smallClusters.length} cluster(s) below ${args.minGroup}, ${audit.singletons.length} singleton(s), ` +
        `${audit.recovery.withinTolerance}/${audit.recovery.records} values recovered`,
    );

    // 4. Fix (a): univariate MDAV, O(n log n).
    progress("fix (a) MDAV");
    const micro = microaggregate(records, { column, minGroupSize: args.minGroup });
    const microNeighbour =
      n - 1 >= args.minGroup ? microaggregate(records.slice(0, -1), { column, minGroupSize: args.minGroup }) : undefined;
    done(
      "fix (a) MDAV",
      `${micro.groups.length} groups, smallest ${micro.smallestGroup}, variance lost ${(100 * micro.loss.share).toFixed(3)}%`,
    );

    // 5. Fix (b): the DP release.
    progress("fix (b) DP release");
    const dpSeed = seed === undefined ? undefined : `${seed}/dp`;
    const dpOptions = { column, k: args.k, epsilon: args.epsilon, bounds };
    const dp = dpReleaseOfValues(values, { ...dpOptions, seed: dpSeed });
    // What an attacker gets from a second DP release over n − 1 records (fresh noise; another ε).
    const dpNeighbour =
      n >= 2
        ? dpReleaseOfValues(values.slice(0, -1), {
            ...dpOptions,
            seed: seed === undefined ? undefined : `${seed}/dp-neighbour`,
          })
        : undefined;
    const comparison = compareReleases({
      release,
      releaseNeighbour: neighbour,
      microaggregations: [micro],
      microaggregationNeighbours: microNeighbour ? [microNeighbour] : undefined,
      dp,
      dpNeighbour,
    });
    const runs = errorRuns(n);
    // Typical errors at this ε, from simulated releases (seeded by the run's seed when given).
    const dpErrors = dpErrorSummary(records, release, {
      ...dpOptions,
      runs,
      seed: seed === undefined ? `dp-error-${process.pid}-${Date.now()}` : `${seed}/dp-error`,
    });
    const privateRelease = isDifferentiallyPrivate(dp.epsilon) && !boundsFromData;
    const guarantee = boundsFromData ? "not differentially private (bounds taken from the data)" : dpGuarantee(dp.epsilon);
    const settings = {
      data: args.data.startsWith(projectRoot) ? args.data.slice(projectRoot.length + 1) : args.data,
      table: table.kind === "pokemon" ? "Pokémon" : "own table",
      first,
      records: n,
      column,
      id,
      k: args.k,
      minGroupSize: args.minGroup,
      epsilon: args.epsilon,
      bounds: `${bounds.lower}, ${bounds.upper}${boundsFromData ? " (from the data: NOT private)" : " (public)"}`,
      seed: seed ?? "(none: secure randomness)",
    };
    const groupsListed = micro.groups.length <= AUDIT_GROUPS_LISTED ? micro.groups : micro.groups.slice(0, AUDIT_GROUPS_LISTED);
    write(
      "audit.json",
      json({
        settings,
        audit,
        microaggregation: {
          minGroupSize: micro.minGroupSize,
          groupCount: micro.groups.length,
          groups: groupsListed,
          ...(groupsListed.length < micro.groups.length
            ? { groupsNote: `the first ${groupsListed.length} of ${micro.groups.length} groups (by mean)` }
            : {}),
          smallestGroup: micro.smallestGroup,
          loss: micro.loss,
        },
        dp: {
          epsilon: dp.epsilon,
          // Read this before any number below: ε = ∞ adds no noise, and bounds from the data void the guarantee.
          differentiallyPrivate: privateRelease,
          guarantee,
          bounds: { ...bounds, fromData: boundsFromData },
          epsilons: dp.epsilons,
          seeded: dp.seeded,
          clusters: dp.clusters,
          statistics: dp.statistics,
          range: dp.range,
          basis: dp.basis,
          histogram: dp.histogram,
          ledger: dp.ledger,
          ledgerTotal: dp.accountant.total.epsilon,
          typicalErrors: dpErrors,
          typicalErrorRuns: runs,
        },
        comparison: boundsFromData
          ? comparison.map((r) => (r.release.startsWith("DP release") ? { ...r, guarantee } : r))
          : comparison,
        warnings,
      }),
    );
    done(
      "fix (b) DP release",
      `ε = ${epsilonText(args.epsilon)}${isDifferentiallyPrivate(args.epsilon) ? "" : " (no noise: NOT differentially private)"}` +
        `${boundsFromData ? " (bounds from the data: NOT differentially private)" : ""} ` +
        `(ledger total ${epsilonText(dp.accountant.total.epsilon)}), centroids ` +
        `${dp.clusters.map((c) => c.centroid.toFixed(1)).join(", ")}; median |error| over ${runs} simulated releases: ` +
        dpErrors
          .filter((r) => r.quantity.endsWith("centroid") || r.quantity === "mean" || r.quantity === "median")
          .map((r) => `${r.quantity} ${r.medianError.toFixed(2)}`)
          .join(", ") +
        "; wrote audit.json",
    );

    // 6. Report.
    progress("report");
    write(
      "report.html",
      deidentificationReportHtml({
        settings,
        release,
        audit,
        microaggregations: [micro],
        dp,
        dpErrors,
        comparison,
        valueTitle: column === "weight_kg" ? "Weight (kg)" : column,
        nameColumn: id,
        dpNotPrivateReason: boundsFromData ? "its bounds were taken from the data (no --bounds)" : undefined,
      }),
    );
    done("report", "wrote report.html");

    publish(folder, args.out);
    temp = undefined;
    done("publish", `${OUTPUT_FILES.length} files in ${args.out}`);
  } catch (err) {
    if (temp !== undefined) {
      try {
        rmSync(temp, { recursive: true, force: true });
      } catch {
        // The error being reported matters more than a leftover folder, whose name says it is incomplete.
      }
    }
    throw outError(err);
  } finally {
    setWarningHandler(previousHandler);
  }
}

/**
 * Refuse values outside the Pokémon table's domain (a negative weight cannot be): they are errors in the
 * file, and clustering or releasing them would give wrong numbers without a word. Any other table has no
 * known domain; its --bounds only clip the DP release.
 */
function checkDomain(
  kind: "pokemon" | "table",
  values: readonly number[],
  records: readonly Record<string, unknown>[],
  column: string,
  id: string,
  lines: Int32Array,
): void {
  if (kind !== "pokemon" || !isNumericFeature(column)) return;
  const { lower, upper } = PUBLIC_BOUNDS[column];
  let outside = 0;
  let firstBad = -1;
  values.forEach((v, i) => {
    if (v < lower || v > upper) {
      outside++;
      if (firstBad === -1) firstBad = i;
    }
  });
  if (outside > 0) {
    throw new InvalidInputError(
      "outside-domain",
      `line ${lines[firstBad]}: ${column} = ${values[firstBad]} for ${String(records[firstBad]![id])} is outside the ` +
        `column's domain [${lower}, ${upper}] (from the games' rules, data/README.md)${outside > 1 ? `; ${outside} records in all` : ""}. ` +
        "Fix: correct or remove those rows.",
    );
  }
}

/** A warning text when the id column repeats a value (undefined when every id is unique). */
function duplicatedIds(records: readonly Record<string, unknown>[], id: string): string | undefined {
  const seen = new Map<string, number>();
  let repeated = 0;
  let example: { id: string; first: number; second: number } | undefined;
  records.forEach((record, i) => {
    const key = String(record[id]);
    const before = seen.get(key);
    if (before === undefined) seen.set(key, i);
    else {
      repeated++;
      example ??= { id: key, first: before, second: i };
    }
  });
  if (example === undefined) return undefined;
  return (
    `The id column "${id}" repeats values: ${repeated} record(s) share an id with an earlier one (e.g. ` +
    `${JSON.stringify(example.id)} in records ${example.first + 1} and ${example.second + 1}). Every guarantee here is ` +
    "per record: a person with r records is protected r times less (their group in MDAV may be their own rows; the DP " +
    "release's ε counts once per record), and the audit cannot tell the records apart by id. Fix: one record per " +
    "person (aggregate a person's rows first), or --id with a column that is unique."
  );
}

/** Messages between the worker that runs the pipeline and the main thread. */
type WorkerMessage =
  | { type: "log"; line: string }
  | { type: "progress"; stage: string; fraction?: number }
  | { type: "done" }
  | { type: "error"; kind: "usage" | "course" | "other"; message: string };

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ");

/** Report an error thrown by the pipeline as a one-line message; returns the exit code. */
function reportError(kind: "usage" | "course" | "other", message: string): number {
  if (kind === "other") {
    console.error(`deidentify: unexpected error: ${oneLine(message)}`);
    return 1;
  }
  console.error(`deidentify: ${oneLine(message)}`);
  return kind === "usage" ? 2 : 1;
}

function errorKind(err: unknown): "usage" | "course" | "other" {
  return err instanceof UsageError ? "usage" : err instanceof CourseError ? "course" : "other";
}

/**
 * The command: parse, run, report (in this thread; tests use it).
 * @returns the exit code (0 done, 1 bad input, 2 usage error)
 */
export function main(argv: string[]): number {
  try {
    const args = parseCommandLine(argv);
    if (args.help) {
      console.log(HELP);
      return 0;
    }
    run(args);
    return 0;
  } catch (err) {
    return reportError(errorKind(err), String((err as Error)?.message ?? err));
  }
}

/** Remove a folder, ignoring errors (a stop or a crash is being reported; the name says "incomplete"). */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing more to do
  }
}

/** Exit codes of a stop by signal: 128 + the signal's number. */
const SIGNAL_EXIT: Record<"SIGINT" | "SIGTERM", number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The command as a process: the pipeline runs in a worker thread so the main thread stays free to show
 * progress and to stop it at once on SIGINT or SIGTERM (terminating the worker interrupts even a long
 * loop), remove the partial output and exit 130 or 143.
 */
function mainProcess(argv: string[]): void {
  let args: DeidentifyArgs;
  try {
    args = parseCommandLine(argv);
  } catch (err) {
    process.exitCode = reportError(errorKind(err), String((err as Error)?.message ?? err));
    return;
  }
  if (args.help) {
    console.log(HELP);
    return;
  }
  const bar = new ProgressLine(process.stderr, "deidentify");
  // tsx compiles the worker's TypeScript as it does the main thread's.
  const worker = new Worker(`require("tsx/cjs"); require(${JSON.stringify(__filename)});`, {
    eval: true,
    workerData: { deidentifyArgs: args },
    // A larger young generation: the pipeline makes millions of short-lived strings (CSV fields), and
    // fewer, larger scavenges cost much less time than many small ones.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  let finished = false;
  const stop = (signal: "SIGINT" | "SIGTERM"): void => {
    if (finished) return;
    finished = true;
    bar.clear();
    void worker.terminate().finally(() => {
      removeQuietly(temporaryFolder(args.out));
      // Stopped between the two renames of publish: put the previous output back where it was.
      const aside = previousFolder(args.out);
      if (existsSync(aside) && !existsSync(args.out)) {
        try {
          renameSync(aside, args.out);
        } catch {
          // its name says what it is
        }
      } else removeQuietly(aside);
      console.error(`deidentify: stopped by ${signal}; the partial output was removed.`);
      process.exit(SIGNAL_EXIT[signal]);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  worker.on("message", (message: WorkerMessage) => {
    if (finished) return;
    if (message.type === "log") {
      bar.clear();
      console.log(message.line);
    } else if (message.type === "progress") {
      bar.update(message.stage, message.fraction);
    } else if (message.type === "done") {
      finished = true;
      bar.clear();
      process.exitCode = 0;
    } else {
      finished = true;
      bar.clear();
      process.exitCode = reportError(message.kind, message.message);
    }
  });
  worker.on("error", (err) => {
    if (finished) return;
    finished = true;
    bar.clear();
    removeQuietly(temporaryFolder(args.out));
    process.exitCode = reportError("other", String(err?.message ?? err));
  });
  worker.on("exit", () => {
    // Signal listeners would keep nothing alive, but remove them so the process ends with the worker.
    process.removeAllListeners("SIGINT");
    process.removeAllListeners("SIGTERM");
  });
}

/** The worker's side: run the pipeline and send its lines and progress to the main thread. */
function workerMain(args: DeidentifyArgs): void {
  const send = (message: WorkerMessage): void => parentPort!.postMessage(message);
  try {
    run(args, (line) => send({ type: "log", line }), (stage, fraction) => send({ type: "progress", stage, fraction }));
    send({ type: "done" });
  } catch (err) {
    send({ type: "error", kind: errorKind(err), message: String((err as Error)?.message ?? err) });
  }
}

if (require.main === module) {
  mainProcess(process.argv.slice(2));
} else if (!isMainThread && (workerData as { deidentifyArgs?: DeidentifyArgs } | null)?.deidentifyArgs) {
  workerMain((workerData as { deidentifyArgs: DeidentifyArgs }).deidentifyArgs);
}

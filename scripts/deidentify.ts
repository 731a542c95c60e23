/**
 * De-identify a column of the Pokémon table by clustering, audit the result and apply both fixes: the
 * Airflow example of lesson 1 as one command.
 *
 *   node --import tsx scripts/deidentify.ts [options]        (npm run deidentify -- [options])
 *
 *   --column NAME     the sensitive numeric column (default weight_kg)
 *   --k N             number of clusters (default 3)
 *   --first N         keep national numbers 1..N (default 251, as in the Airflow example; 1025 = all)
 *   --min-group N     minimum group size of the audit and of MDAV (default 3)
 *   --epsilon E       privacy budget of the DP release (default 1)
 *   --seed S          seed of k-means and of the DP noise (default: secure randomness; a seeded DP release
 *                     is reproducible and therefore for teaching only)
 *   --data PATH       the Pokémon table to read (default data/pokemon.csv)
 *   --out DIR         output folder (default build/deidentify)
 *
 * Writes, in DIR: raw.csv, clusters.csv, statistics.json, anonymized.csv (the four outputs), audit.json
 * (the disclosure audit, both fixes and their comparison) and report.html (all of it with charts, readable
 * offline: plotly.js is inlined).
 *
 * Stages: the data is loaded once; each stage logs a line when it completes and its files are written at
 * once, into a hidden sibling folder `.<DIR name>.incomplete-<pid>`. Only when every stage has succeeded is
 * that folder renamed to DIR, so DIR never holds a half-written result presented as done. On an error the
 * temporary folder is removed (also on Ctrl-C); if the process is killed outright, what remains is clearly
 * named `.incomplete`. An existing DIR is replaced only when it holds nothing but these six files (a previous
 * run); any other existing, non-empty folder is refused before anything is computed.
 *
 * Errors are one line on stderr. Exit codes: 0 done; 1 bad input (unknown column, k out of range, missing
 * data file, a data file that is not UTF-8 or holds a NUL or other control character, bad minimum group
 * size or ε, an --out folder that cannot be used, named with the file-system reason); 2 command-line usage
 * (unknown option, an option without a value, a value that is not a decimal number, an empty --seed).
 * Negative numbers are taken as values (`--epsilon -1`), so the range check gives the real message.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { defaultPokemonCsvPath, loadPokemon, PUBLIC_BOUNDS, SPECIES_COUNT, isNumericFeature } from "../src/data/index";
import {
  auditDisclosure,
  checkK,
  compareReleases,
  deidentify,
  distinctCount,
  dpErrorSummary,
  dpRelease,
  microaggregate,
  recordsToCsv,
  sensitiveValues,
  checkMinGroupSize,
  type Deidentification,
} from "../src/deidentify/index";
import { dpGuarantee, epsilonText, isDifferentiallyPrivate } from "../src/deidentify/privacy-claim";
import { deidentificationReportHtml } from "../src/deidentify/report";
import { checkEpsilon } from "../src/dp/validate";
import { CourseError, InvalidInputError, setWarningHandler } from "../src/errors";
import { buildDir, projectRoot } from "./lib/project";
import { readTextFile } from "./lib/text-file";

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
  column: string;
  k: number;
  first: number;
  minGroup: number;
  epsilon: number;
  seed: string | undefined;
  data: string;
  out: string;
  help: boolean;
}

const HELP = `usage: npm run deidentify -- [--column NAME] [--k N] [--first N] [--min-group N] [--epsilon E] [--seed S] [--data PATH] [--out DIR]

De-identifies a numeric column of the Pokémon table by k-means clustering (the Airflow example), audits the
release, and applies both fixes (MDAV microaggregation, a DP release). Writes raw.csv, clusters.csv,
statistics.json, anonymized.csv, audit.json and report.html into DIR.
  --column NAME    sensitive numeric column (default weight_kg)
  --k N            clusters (default 3)
  --first N        national numbers 1..N (default 251; ${SPECIES_COUNT} = all)
  --min-group N    minimum group size for the audit and MDAV (default 3)
  --epsilon E      privacy budget of the DP release (default 1)
  --seed S         seed for k-means and the DP noise (default secure; seeded = teaching only)
  --data PATH      Pokémon table (default data/pokemon.csv)
  --out DIR        output folder (default build/deidentify)
Exit codes: 0 done, 1 bad input, 2 usage error.`;

/** The options that take a value. */
const VALUE_OPTIONS = ["column", "k", "first", "min-group", "epsilon", "seed", "data", "out"] as const;

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
        k: { type: "string" },
        first: { type: "string" },
        "min-group": { type: "string" },
        epsilon: { type: "string" },
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
  for (const name of ["column", "data", "out"] as const) {
    if (values[name]?.trim() === "") throw new UsageError(`--${name} expects a value, got ""`);
  }
  return {
    column: values.column ?? "weight_kg",
    k: wholeNumber(values.k, "k", 3),
    first: wholeNumber(values.first, "first", 251),
    minGroup: wholeNumber(values["min-group"], "min-group", 3),
    epsilon,
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

/** Replace `out` by the finished temporary folder (after checking again that `out` is ours to replace). */
function publish(temp: string, out: string): void {
  checkOutputFolder(out);
  if (existsSync(out)) {
    for (const f of readdirSync(out)) rmSync(join(out, f));
    rmdirSync(out);
  }
  renameSync(temp, out);
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

/**
 * Run the whole pipeline into `args.out`.
 *
 * @param args - the parsed command line
 * @param log - where progress lines go (default `console.log`)
 * @throws CourseError for bad input (nothing is left in `args.out` or next to it)
 */
export function run(args: DeidentifyArgs, log: (line: string) => void = console.log): void {
  // Fail fast on arguments that need no data.
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > SPECIES_COUNT) {
    throw new InvalidInputError(
      "bad-first",
      `--first must be a whole number from 1 to ${SPECIES_COUNT}, got ${args.first}. Fix: e.g. --first 251.`,
    );
  }
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
      `No data file at ${args.data}. Fix: pass --data with the path of the Pokémon table, or leave --data out ` +
        "to use data/pokemon.csv (regenerate it with npm run data).",
    );
  }
  // loadPokemon reads with Node's lenient UTF-8 decoder: refuse what it would silently alter or copy.
  readTextFile(args.data);

  const done = stageLogger(log);
  const records = loadPokemon({ first: args.first, path: args.data });
  // Check the column and k before creating any folder.
  const values = sensitiveValues(records, args.column);
  if (!isNumericFeature(args.column)) {
    // Every numeric column of the Pokémon table has public bounds; this guards tables with other columns.
    throw new InvalidInputError(
      "no-public-bounds",
      `Column "${args.column}" has no public bounds, so it cannot be released with differential privacy. ` +
        "Fix: choose a numeric column of the Pokémon table, e.g. --column weight_kg.",
    );
  }
  checkK(args.k, values, args.column);
  checkMinGroupSize(args.minGroup, values.length);
  done("load", `${records.length} records from ${args.data}, column ${args.column}`);

  const temp = join(dirname(args.out), `.${basename(args.out)}.incomplete-${process.pid}`);
  try {
    mkdirSync(dirname(args.out), { recursive: true });
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp);
  } catch (err) {
    throw outError(err);
  }
  const cleanUp = (): void => rmSync(temp, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const warnings: string[] = [];
  const previousHandler = setWarningHandler((w) => {
    warnings.push(`${w.code}: ${w.message}`);
    log(`  PrivacyWarning [${w.code}]: ${w.message}`);
  });
  try {
    const write = (file: (typeof OUTPUT_FILES)[number], text: string): void => writeFileSync(join(temp, file), text);
    const seed = args.seed;

    const release = deidentify(records, { column: args.column, k: args.k, seed });
    write("raw.csv", recordsToCsv(release.raw));
    write("clusters.csv", recordsToCsv(release.clusters, ["cluster", "centroid", "size"]));
    write("statistics.json", json(release.statistics));
    write("anonymized.csv", recordsToCsv(release.anonymized));
    done(
      "de-identify",
      `k-means k = ${args.k}, cluster sizes ${release.clusters.map((c) => c.size).join(", ")}; wrote raw.csv, ` +
        "clusters.csv, statistics.json, anonymized.csv",
    );

    // The differencing attack needs the same release over the first n − 1 records.
    let neighbour: Deidentification | undefined;
    if (records.length >= 2) {
      const rest = records.slice(0, -1);
      const kRest = Math.min(args.k, distinctCount(values.slice(0, -1)));
      neighbour = deidentify(rest, { column: args.column, k: kRest, seed });
    }
    const audit = auditDisclosure(release, { minGroupSize: args.minGroup, neighbour, resolution: 0.1 });
    done(
      "audit",
      `${audit.smallClusters.length} cluster(s) below ${args.minGroup}, ${audit.singletons.length} singleton(s), ` +
        `${audit.recovery.withinTolerance}/${audit.recovery.records} values recovered`,
    );

    const micro = microaggregate(records, { column: args.column, minGroupSize: args.minGroup });
    const microNeighbour =
      records.length - 1 >= args.minGroup
        ? microaggregate(records.slice(0, -1), { column: args.column, minGroupSize: args.minGroup })
        : undefined;
    done(
      "fix (a) MDAV",
      `${micro.groups.length} groups, smallest ${micro.smallestGroup}, variance lost ${(100 * micro.loss.share).toFixed(3)}%`,
    );

    const bounds = PUBLIC_BOUNDS[args.column];
    const dpSeed = seed === undefined ? undefined : `${seed}/dp`;
    const dp = dpRelease(records, { column: args.column, k: args.k, epsilon: args.epsilon, bounds, seed: dpSeed });
    // What an attacker gets from a second DP release over n − 1 records (fresh noise; another ε).
    const dpNeighbour =
      records.length >= 2
        ? dpRelease(records.slice(0, -1), {
            column: args.column,
            k: args.k,
            epsilon: args.epsilon,
            bounds,
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
    // Typical errors at this ε, from simulated releases (seeded by the run's seed when given).
    const dpErrors = dpErrorSummary(records, release, {
      column: args.column,
      k: args.k,
      epsilon: args.epsilon,
      bounds,
      runs: 50,
      seed: seed === undefined ? `dp-error-${process.pid}-${Date.now()}` : `${seed}/dp-error`,
    });
    const settings = {
      data: args.data.startsWith(projectRoot) ? args.data.slice(projectRoot.length + 1) : args.data,
      first: args.first,
      records: records.length,
      column: args.column,
      k: args.k,
      minGroupSize: args.minGroup,
      epsilon: args.epsilon,
      seed: seed ?? "(none: secure randomness)",
    };
    write(
      "audit.json",
      json({
        settings,
        audit,
        microaggregation: {
          minGroupSize: micro.minGroupSize,
          groups: micro.groups,
          smallestGroup: micro.smallestGroup,
          loss: micro.loss,
        },
        dp: {
          epsilon: dp.epsilon,
          // Read this before any number below: ε = ∞ adds no noise.
          differentiallyPrivate: isDifferentiallyPrivate(dp.epsilon),
          guarantee: dpGuarantee(dp.epsilon),
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
        },
        comparison,
        warnings,
      }),
    );
    done(
      "fix (b) DP release",
      `ε = ${epsilonText(args.epsilon)}${isDifferentiallyPrivate(args.epsilon) ? "" : " (no noise: NOT differentially private)"} ` +
        `(ledger total ${epsilonText(dp.accountant.total.epsilon)}), centroids ` +
        `${dp.clusters.map((c) => c.centroid.toFixed(1)).join(", ")}; median |error| over 50 simulated releases: ` +
        dpErrors
          .filter((r) => r.quantity.endsWith("centroid") || r.quantity === "mean" || r.quantity === "median")
          .map((r) => `${r.quantity} ${r.medianError.toFixed(2)}`)
          .join(", ") +
        "; wrote audit.json",
    );

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
        valueTitle: args.column === "weight_kg" ? "Weight (kg)" : args.column,
      }),
    );
    done("report", "wrote report.html");

    publish(temp, args.out);
    done("publish", `${OUTPUT_FILES.length} files in ${args.out}`);
  } catch (err) {
    cleanUp();
    throw outError(err);
  } finally {
    setWarningHandler(previousHandler);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

/**
 * The command: parse, run, report.
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
    const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ");
    if (err instanceof UsageError) {
      console.error(`deidentify: ${oneLine(err.message)}`);
      return 2;
    }
    if (err instanceof CourseError) {
      console.error(`deidentify: ${oneLine(err.message)}`);
      return 1;
    }
    console.error(`deidentify: unexpected error: ${oneLine(String((err as Error)?.message ?? err))}`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

/**
 * Generate the learner's exercise notebooks from their sources, which hold the solutions.
 *
 *   node --import tsx scripts/make-exercises.ts            (npm run exercises)  write the learner notebooks
 *   node --import tsx scripts/make-exercises.ts --check    (npm run exercises -- --check)  change nothing;
 *                                                          exit 1 when a learner notebook is not what its
 *                                                          source generates (the sync test runs this)
 *   --sources DIR   the source notebooks (default notebooks/exercises/source)
 *   --out DIR       where learner notebooks go (default notebooks/exercises)
 *
 * Sources are `NN-name.solutions.ipynb`; each gives `NN-name.ipynb` in the output folder. In a source:
 *
 * - A solution is a block of lines in a code cell between `// BEGIN SOLUTION` and `// END SOLUTION`
 *   (each alone on its line, at any indentation). In the learner's copy the block becomes its stub: the
 *   block's `// STUB: <code>` lines with the `// STUB: ` removed and their indentation kept, or, when the
 *   block has none, `// your code here` at the marker's indentation. Stubs must keep the notebook
 *   type-checking and running: e.g. `// STUB: const largest = TODO; // your code here: one number`. An
 *   answer's stub declares no type (`test/exercises/layout.test.ts` checks it): a declared type would
 *   turn the typical mistakes into compiler errors instead of the check's feedback.
 * - Every cell that holds a solution is tagged `solution` (the site export strips cells with that tag
 *   from slides and pages). A tagged code cell WITH markers is kept, stubbed, without the tag; a tagged
 *   cell WITHOUT markers (a cell that is all solution, or notes for the teacher) is removed.
 * - The generator fails, naming the file, the cell (index and id) and the line, on: a BEGIN inside a
 *   block (blocks do not nest), an END or STUB outside a block, a block left open at the end of its
 *   cell, a line that looks like a marker but is not one (`//BEGIN SOLUTION:`, `# END SOLUTION`...),
 *   markers outside code cells, and markers in a cell not tagged `solution`.
 * - Outputs and execution counts are cleared; cell ids, other tags and slide metadata are kept; the
 *   notebook's metadata records its source (path from the project root) under `exercises.generated_from`.
 *
 * Exit codes: 0 done (or in sync); 1 a source is invalid or (with --check) a learner notebook is out of
 * date, missing or has no source; 2 usage error.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { CourseError } from "../src/errors";
import {
  cellSource,
  cellTags,
  readNotebook,
  serializeNotebook,
  stripOutputs,
  writeNotebook,
  type Notebook,
  type NotebookCell,
} from "./lib/notebook";
import { projectRoot } from "./lib/project";

/** The tag of every source cell that holds a solution. */
export const SOLUTION_TAG = "solution";

/** The file name ending of source notebooks. */
export const SOURCE_SUFFIX = ".solutions.ipynb";

/** Where learner notebooks go. */
export const exercisesDir: string = join(projectRoot, "notebooks", "exercises");

/** Where their sources are. */
export const sourcesDir: string = join(exercisesDir, "source");

/** What replaces a solution block that has no `// STUB:` lines (after the block's indentation). */
export const DEFAULT_STUB = "// your code here";

const BEGIN = /^(\s*)\/\/\s*BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/\s*END SOLUTION\s*$/;
const STUB = /^(\s*)\/\/\s*STUB:\s?(.*)$/;
/** Anything that mentions a marker but is not one of the exact forms above. */
const MARKER_LIKE = /\b(BEGIN|END)\s*SOLUTION\b|^\s*\/\/\s*STUB\b/i;

/** Where in a source notebook something is. */
export interface SourceLocation {
  /** The notebook's path, as shown in messages. */
  file: string;
  /** The cell's position, from 0, counting every cell. */
  cellIndex: number;
  /** The cell's id. */
  cellId: string;
}

/** A source notebook breaks the conventions; the message names the file, cell and line, and the fix. */
export class ExerciseSourceError extends CourseError {
  /** The notebook. */
  readonly file: string;
  /** The cell's index (from 0). */
  readonly cellIndex: number;
  /** The cell's id. */
  readonly cellId: string;
  /** The line in the cell (from 1), when the problem is on one line. */
  readonly line: number | undefined;

  constructor(code: string, where: SourceLocation, line: number | undefined, problem: string) {
    const at = `${where.file}, cell ${where.cellIndex} (id "${where.cellId}")${line === undefined ? "" : `, line ${line}`}`;
    super(code, `${at}: ${problem}`);
    this.file = where.file;
    this.cellIndex = where.cellIndex;
    this.cellId = where.cellId;
    this.line = line;
  }
}

/** The result of {@link stubSolutions}. */
export interface StubbedSource {
  /** The cell's source with every solution block replaced by its stub. */
  source: string;
  /** How many solution blocks there were. */
  blocks: number;
}

/**
 * Replace every solution block of a code cell's source by its stub (see the module notes).
 *
 * @param source - the cell's source
 * @param where - for error messages
 * @returns the stubbed source and the number of blocks
 * @throws ExerciseSourceError `nested-marker`, `unmatched-end`, `stub-outside-block`, `unclosed-block` or
 *   `malformed-marker`
 * @example
 * stubSolutions("  // BEGIN SOLUTION\n  // STUB: return TODO;\n  return 42;\n  // END SOLUTION", where).source
 * // "  return TODO;"
 */
export function stubSolutions(source: string, where: SourceLocation): StubbedSource {
  const out: string[] = [];
  let open: { line: number; indent: string; stubs: string[] } | undefined;
  let blocks = 0;
  source.split("\n").forEach((text, i) => {
    const line = i + 1;
    const begin = BEGIN.exec(text);
    if (begin) {
      if (open) {
        throw new ExerciseSourceError(
          "nested-marker",
          where,
          line,
          `"// BEGIN SOLUTION" inside the solution block opened on line ${open.line}; blocks cannot be nested. ` +
            `Fix: close the first block with "// END SOLUTION" before opening another.`,
        );
      }
      open = { line, indent: begin[1]!, stubs: [] };
      return;
    }
    if (END.test(text)) {
      if (!open) {
        throw new ExerciseSourceError(
          "unmatched-end",
          where,
          line,
          `"// END SOLUTION" without a "// BEGIN SOLUTION" before it. Fix: add the BEGIN marker above the solution, or remove this line.`,
        );
      }
      out.push(...(open.stubs.length > 0 ? open.stubs : [open.indent + DEFAULT_STUB]));
      open = undefined;
      blocks++;
      return;
    }
    const stub = STUB.exec(text);
    if (stub) {
      if (!open) {
        throw new ExerciseSourceError(
          "stub-outside-block",
          where,
          line,
          `"// STUB:" outside a solution block; a stub line belongs between "// BEGIN SOLUTION" and "// END SOLUTION".`,
        );
      }
      const code = stub[2]!.trimEnd();
      open.stubs.push(code === "" ? "" : stub[1]! + code);
      return;
    }
    if (MARKER_LIKE.test(text)) {
      throw new ExerciseSourceError(
        "malformed-marker",
        where,
        line,
        `this line looks like a marker but is not one: ${JSON.stringify(text.trim())}. The markers are ` +
          `"// BEGIN SOLUTION", "// END SOLUTION" and "// STUB: <code>", each alone on its line.`,
      );
    }
    if (!open) out.push(text);
  });
  if (open) {
    throw new ExerciseSourceError(
      "unclosed-block",
      where,
      open.line,
      `the solution block opened here is not closed before the end of the cell. Fix: add "// END SOLUTION" after the solution.`,
    );
  }
  return { source: out.join("\n"), blocks };
}

function withoutSolutionTag(cell: NotebookCell): NotebookCell {
  const tags = cellTags(cell).filter((t) => t !== SOLUTION_TAG);
  const { tags: _old, ...metadata } = cell.metadata;
  return { ...cell, metadata: tags.length > 0 ? { ...metadata, tags } : metadata };
}

/**
 * The learner's copy of a source notebook: solution blocks stubbed, solution-only cells removed, the
 * `solution` tag dropped, outputs cleared (see the module notes).
 *
 * @param source - the source notebook
 * @param file - its path, for messages and `metadata.exercises.generated_from`
 * @returns a new notebook (the source is not modified)
 * @throws ExerciseSourceError when the source breaks a convention
 */
export function learnerNotebook(source: Notebook, file: string): Notebook {
  const cells: NotebookCell[] = [];
  source.cells.forEach((cell, cellIndex) => {
    const where = { file, cellIndex, cellId: cell.id };
    const tagged = cellTags(cell).includes(SOLUTION_TAG);
    const text = cellSource(cell);
    if (cell.cell_type !== "code") {
      const marker = text.split("\n").findIndex((l) => MARKER_LIKE.test(l));
      if (marker >= 0) {
        throw new ExerciseSourceError(
          "marker-outside-code",
          where,
          marker + 1,
          `solution markers work only in code cells; this is a ${cell.cell_type} cell. Fix: tag the whole cell ` +
            `"${SOLUTION_TAG}" (and remove the markers) to leave it out of the learner's copy.`,
        );
      }
      if (!tagged) cells.push(cell);
      return;
    }
    const { source: stubbed, blocks } = stubSolutions(text, where);
    if (blocks > 0 && !tagged) {
      throw new ExerciseSourceError(
        "untagged-solution",
        where,
        undefined,
        `this cell holds a solution but is not tagged "${SOLUTION_TAG}", so an export would publish it. ` +
          `Fix: add the tag (Jupyter: View → Cell Toolbar → Tags).`,
      );
    }
    if (tagged && blocks === 0) return; // all solution: not in the learner's copy
    cells.push(blocks > 0 ? { ...withoutSolutionTag(cell), source: stubbed } : cell);
  });
  const stripped = stripOutputs({ ...source, cells });
  return {
    ...stripped,
    metadata: {
      ...source.metadata,
      exercises: {
        generated_from: file,
        note: "Generated by `npm run exercises` from the source notebook: edit the source, not this file.",
      },
    },
  };
}

/** The learner notebook a source gives: `NN-name.solutions.ipynb` → `<outDir>/NN-name.ipynb`. */
export function learnerPath(sourcePath: string, outDir: string = exercisesDir): string {
  const name = basename(sourcePath);
  if (!name.endsWith(SOURCE_SUFFIX)) {
    throw new CourseError("bad-source-name", `${sourcePath}: exercise sources are named NN-name${SOURCE_SUFFIX}.`);
  }
  return join(outDir, name.slice(0, -SOURCE_SUFFIX.length) + ".ipynb");
}

/** The source notebooks in a folder (`*.solutions.ipynb`, sorted), as absolute paths. */
export function listSources(dir: string = sourcesDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(SOURCE_SUFFIX) && !f.startsWith("."))
    .sort()
    .map((f) => join(dir, f));
}

/** Options of {@link makeExercises}. */
export interface MakeExercisesOptions {
  /** Compare instead of writing. Default false. */
  check?: boolean;
  /** The sources' folder. Default notebooks/exercises/source. */
  sources?: string;
  /** The learner notebooks' folder. Default notebooks/exercises. */
  out?: string;
}

/** What happened to one learner notebook. */
export interface ExerciseFileResult {
  /** The source's path. */
  source: string;
  /** The learner notebook's path. */
  output: string;
  /** `written` / `unchanged` (write mode); `in-sync` / `out-of-date` / `missing` (check mode). */
  status: "written" | "unchanged" | "in-sync" | "out-of-date" | "missing";
}

/** The result of {@link makeExercises}. */
export interface MakeExercisesResult {
  files: ExerciseFileResult[];
  /** Learner notebooks in the output folder that no source generates. */
  orphans: string[];
  /** True when nothing is out of date, missing or orphaned (always true after writing, orphans aside). */
  ok: boolean;
}

/**
 * Generate (or, with `check`, compare) every learner notebook.
 * @throws ExerciseSourceError when a source breaks a convention; InvalidNotebookError for a bad file
 */
export function makeExercises(options: MakeExercisesOptions = {}): MakeExercisesResult {
  const sources = options.sources ?? sourcesDir;
  const out = options.out ?? exercisesDir;
  const files = listSources(sources).map((source): ExerciseFileResult => {
    const output = learnerPath(source, out);
    const notebook = learnerNotebook(readNotebook(source), displayPath(source));
    if (options.check) {
      if (!existsSync(output)) return { source, output, status: "missing" };
      const inSync = readFileSync(output, "utf8") === serializeNotebook(notebook);
      return { source, output, status: inSync ? "in-sync" : "out-of-date" };
    }
    const changed = writeNotebook(output, notebook);
    return { source, output, status: changed ? "written" : "unchanged" };
  });
  const generated = new Set(files.map((f) => f.output));
  const orphans = existsSync(out)
    ? readdirSync(out)
        .filter((f) => f.endsWith(".ipynb") && !f.endsWith(SOURCE_SUFFIX))
        .map((f) => join(out, f))
        .filter((f) => !generated.has(f))
    : [];
  const ok = files.every((f) => f.status !== "out-of-date" && f.status !== "missing") && orphans.length === 0;
  return { files, orphans, ok };
}

function displayPath(path: string): string {
  const rel = relative(projectRoot, path);
  return rel.startsWith("..") ? path : rel.split(sep).join("/");
}

const HELP = `Usage: node --import tsx scripts/make-exercises.ts [--check] [--sources DIR] [--out DIR]

Generate the learner's exercise notebooks (notebooks/exercises/NN-name.ipynb) from their sources with
solutions (notebooks/exercises/source/NN-name.solutions.ipynb). With --check, write nothing and exit 1
when a learner notebook is out of date, missing, or has no source.`;

/**
 * The command.
 * @returns the exit code (0 ok, 1 invalid source or out of sync, 2 usage error)
 */
export function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        check: { type: "boolean" },
        sources: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    console.error(`make-exercises: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let result: MakeExercisesResult;
  try {
    result = makeExercises({
      check: values.check,
      sources: values.sources === undefined ? undefined : resolve(values.sources),
      out: values.out === undefined ? undefined : resolve(values.out),
    });
  } catch (err) {
    if (err instanceof CourseError) {
      console.error(`make-exercises: ${err.message}`);
      return 1;
    }
    throw err;
  }
  for (const f of result.files) {
    const line = `${f.status.padEnd(11)} ${displayPath(f.output)}  (from ${displayPath(f.source)})`;
    if (f.status === "out-of-date" || f.status === "missing") console.error(line);
    else console.log(line);
  }
  for (const orphan of result.orphans) {
    const text = `${displayPath(orphan)} has no source ${basename(orphan).replace(/\.ipynb$/, SOURCE_SUFFIX)}: delete it or add the source.`;
    if (values.check) console.error(`orphan      ${text}`);
    else console.warn(`warning: ${text}`);
  }
  if (values.check && !result.ok) {
    console.error("make-exercises: learner notebooks are out of sync with their sources; run `npm run exercises`.");
    return 1;
  }
  console.log(`make-exercises: ${result.files.length} notebook(s) ${values.check ? "checked" : "generated"}.`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

/**
 * Fail when a committed notebook carries outputs or execution counts.
 *
 *   node --import tsx scripts/check-notebooks-clean.ts     (npm run check:notebooks-clean)
 *
 * Notebooks are committed clean: outputs are large (each chart inlines plotly.js), noisy in diffs, and
 * executed notebooks are unsigned, so Jupyter would open them "Not Trusted" anyway. Executed copies and
 * exported pages are build products (`npm run notebooks`). Fix a failure with `npm run clear-outputs`.
 *
 * Exit codes: 0 clean; 1 some notebook has outputs (listed); 2 not a git checkout.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CourseError } from "../src/errors";
import { readNotebook } from "./lib/notebook";
import { projectRoot } from "./lib/project";

/** `git ls-files` failed (not a repository, or git missing). */
export class GitError extends CourseError {
  constructor(message: string) {
    super("git-failed", message);
  }
}

/**
 * The `.ipynb` files git knows in a working tree, relative to `root`, sorted; `build/` excluded.
 *
 * @param root - the working tree (default: this project)
 * @param includeUntracked - also list untracked files that are not ignored (default false: committed or
 *   staged files only)
 * @throws GitError when git fails
 */
export function listGitNotebooks(root: string = projectRoot, includeUntracked = false): string[] {
  const args = ["ls-files", "-z", "--cached", ...(includeUntracked ? ["--others", "--exclude-standard"] : []), "--", "*.ipynb"];
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    throw new GitError(`git ls-files failed in ${root}: ${(result.stderr || String(result.error ?? "")).trim()}`);
  }
  const files = result.stdout.split("\0").filter((f) => f && !f.startsWith("build/"));
  // A file deleted but not yet committed is still listed: nothing to check there.
  return [...new Set(files)].filter((f) => existsSync(join(root, f))).sort();
}

/** Why a notebook is not clean. */
export interface UncleanNotebook {
  /** The path, as given. */
  path: string;
  /** Code cells with at least one output. */
  cellsWithOutputs: number;
  /** Code cells with an execution count. */
  cellsWithCounts: number;
}

/**
 * The notebooks among `paths` that have outputs or execution counts (paths relative to `root`).
 * @throws InvalidNotebookError for a file that is not a notebook
 */
export function findUncleanNotebooks(paths: string[], root: string = projectRoot): UncleanNotebook[] {
  return paths.flatMap((path) => {
    const code = readNotebook(join(root, path)).cells.filter((cell) => cell.cell_type === "code");
    const cellsWithOutputs = code.filter((cell) => (cell.outputs ?? []).length > 0).length;
    const cellsWithCounts = code.filter((cell) => (cell.execution_count ?? null) !== null).length;
    return cellsWithOutputs + cellsWithCounts > 0 ? [{ path, cellsWithOutputs, cellsWithCounts }] : [];
  });
}

/**
 * Check every notebook git tracks under `root`.
 * @returns the unclean ones (empty when all are clean) and how many were checked
 */
export function checkNotebooksClean(root: string = projectRoot): { checked: number; unclean: UncleanNotebook[] } {
  const files = listGitNotebooks(root);
  return { checked: files.length, unclean: findUncleanNotebooks(files, root) };
}

function main(): number {
  let outcome;
  try {
    outcome = checkNotebooksClean();
  } catch (err) {
    if (err instanceof GitError) {
      console.error(`check-notebooks-clean: ${err.message}`);
      return 2;
    }
    throw err;
  }
  if (outcome.unclean.length === 0) {
    console.log(`check-notebooks-clean: ${outcome.checked} notebook${outcome.checked === 1 ? "" : "s"} clean`);
    return 0;
  }
  console.error(`check-notebooks-clean: ${outcome.unclean.length} committed notebook(s) have outputs:`);
  for (const u of outcome.unclean) {
    console.error(`  ${u.path}: ${u.cellsWithOutputs} cell(s) with outputs, ${u.cellsWithCounts} with execution counts`);
  }
  console.error("Strip them with `npm run clear-outputs` (executed copies belong in build/, see `npm run notebooks`).");
  return 1;
}

if (require.main === module) process.exitCode = main();

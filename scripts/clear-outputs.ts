/**
 * Strip outputs, execution counts and execution timings from notebooks, in place.
 *
 *   node --import tsx scripts/clear-outputs.ts [files or folders...]     (npm run clear-outputs -- ...)
 *
 * Without arguments: every notebook git lists in the project (tracked, plus untracked ones that are not
 * ignored, so a new lesson is covered before its first commit; `build/` excluded). Files already clean are
 * not rewritten. Everything else (cell ids, tags, metadata) is kept, and the file is written the way
 * Jupyter writes it, so the diff shows only the removed outputs.
 *
 * Exit codes: 0 done; 2 a named path is missing or not a notebook.
 */
import { relative, resolve } from "node:path";
import { isClean, readNotebook, stripOutputs, writeNotebook } from "./lib/notebook";
import { projectRoot } from "./lib/project";
import { listGitNotebooks } from "./check-notebooks-clean";
import { resolveNotebooks, UsageError } from "./run-notebooks";

/**
 * Clear the given notebooks (absolute or relative to the current directory).
 * @returns the paths that changed
 */
export function clearOutputs(paths: string[]): string[] {
  return paths.filter((path) => {
    const nb = readNotebook(path);
    return !isClean(nb) || nb.cells.some((c) => c.cell_type === "code" && c.metadata.execution !== undefined)
      ? writeNotebook(path, stripOutputs(nb))
      : false;
  });
}

function main(argv: string[]): number {
  let paths: string[];
  try {
    paths = argv.length > 0 ? resolveNotebooks(argv) : listGitNotebooks(projectRoot, true).map((f) => resolve(projectRoot, f));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`clear-outputs: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const changed = clearOutputs(paths);
  for (const path of changed) console.log(`cleared ${relative(process.cwd(), path)}`);
  console.log(`clear-outputs: ${changed.length} of ${paths.length} notebook${paths.length === 1 ? "" : "s"} changed`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

/**
 * Restore notebooks of your working copy (`my-notebooks/`) from the course's originals in `notebooks/`.
 *
 *   npm run reset -- 03               lesson 3 as shipped (your exercises are not touched)
 *   npm run reset -- exercises/03     the exercises of lesson 3
 *   npm run reset -- 01 02 exercises/02
 *   npm run reset -- --all            every lesson and exercise notebook (notebooks of your own are kept)
 *
 * Your previous version of each notebook goes to `my-notebooks/.reset-backup/` first. Close the notebook in
 * Jupyter (or reload its page) afterwards, or Jupyter may save the old version over the restored one.
 */
import { basename } from "node:path";
import { CourseError } from "../src/errors";
import {
  displayPath,
  learnerNotebooks,
  resetNotebooks,
  resolveNotebookNames,
  shortName,
  workingCopyDir,
} from "./lib/working-copy";

const usage = [
  "usage: npm run reset -- NAME... | --all",
  "  NAME: a lesson number (03), an exercise notebook (exercises/03) or a file name (03-building-dp-models.ipynb)",
].join("\n");

function main(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    return 0;
  }
  const all = args.includes("--all");
  const names = args.filter((a) => a !== "--all");
  const unknownOption = names.find((a) => a.startsWith("-"));
  if (unknownOption || (!all && names.length === 0) || (all && names.length > 0)) {
    console.error(unknownOption ? `reset: unknown option ${unknownOption}\n${usage}` : usage);
    return 2;
  }
  const workDir = workingCopyDir();
  const available = learnerNotebooks();
  const chosen = all ? available : resolveNotebookNames(names, available, basename(workDir));
  for (const { notebook, backup } of resetNotebooks(chosen, { to: workDir })) {
    const kept = backup ? ` (your previous version: ${displayPath(backup)})` : "";
    console.log(`reset: ${displayPath(workDir)}/${notebook} restored from notebooks/${kept}`);
  }
  const which = chosen.length === 1 ? `${shortName(chosen[0]!)} is` : "one of them is";
  console.log(`reset: if ${which} open in Jupyter, close it without saving (or reload its page).`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  // Our own errors say the problem and the fix: show the message alone, not a stack trace.
  if (err instanceof CourseError) {
    console.error(`reset: ${err.message}`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}

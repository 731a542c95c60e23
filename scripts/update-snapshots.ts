/**
 * Rewrite every stored test snapshot (figure JSON, HTML fragments) from the current code, then show
 * which changed. Run after an intended change to a chart, review the diff, commit it:
 *
 *   npm run snapshots:update        # or: node --import tsx scripts/update-snapshots.ts [test files...]
 *   git diff test/                   # review
 *
 * It runs the test files that use snapshots with UPDATE_SNAPSHOTS=1 (see test/viz/snapshot.ts).
 * Without arguments, those are the `*.test.ts` files under test/ that call matchSnapshot or
 * matchTextSnapshot.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "./lib/project";

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith(".test.ts") && /match(Text)?Snapshot\(/.test(readFileSync(path, "utf8"))) out.push(path);
  }
  return out.sort();
}

const files = process.argv.length > 2 ? process.argv.slice(2) : testFiles(join(projectRoot, "test"));
if (files.length === 0) {
  console.error("No test file uses snapshots.");
  process.exit(1);
}
console.log(`Updating snapshots from: ${files.map((f) => relative(projectRoot, f)).join(", ")}`);
const run = spawnSync(process.execPath, ["--import", "tsx", "--test", ...files], {
  cwd: projectRoot,
  env: { ...process.env, UPDATE_SNAPSHOTS: "1" },
  stdio: ["ignore", "ignore", "inherit"],
});
if (run.status !== 0) {
  console.error("Some tests failed while updating (assertions other than snapshots still run): fix them first.");
  console.error(`Re-run to see them: node --import tsx --test ${files.map((f) => relative(projectRoot, f)).join(" ")}`);
  process.exit(run.status ?? 1);
}
const git = spawnSync("git", ["status", "--short", "--", "test"], { cwd: projectRoot, encoding: "utf8" });
const changed = (git.stdout ?? "").split("\n").filter((l) => l.includes("__snapshots__"));
console.log(changed.length ? `Changed snapshots (review with git diff):\n${changed.join("\n")}` : "No snapshot changed.");

/**
 * Run the test suite with Node's built-in runner: every `test/**\/*.test.ts` file, or the ones named.
 *
 *   node --import tsx scripts/run-tests.ts                 all tests
 *   node --import tsx scripts/run-tests.ts test/dp         only the files under test/dp
 *
 * It prints the runner's own report and ends with one plain line, `tests: N passed, N failed`, so any
 * reader (a person or CI) sees the outcome at the bottom.
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { projectRoot } from "./lib/project";

function listTests(path: string): string[] {
  if (!statSync(path).isDirectory()) return path.endsWith(".test.ts") ? [path] : [];
  return readdirSync(path)
    .filter((entry) => entry !== "node_modules" && entry !== "fixtures" && !entry.startsWith("."))
    .sort()
    .flatMap((entry) => listTests(join(path, entry)));
}

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["test"];
const files = roots.flatMap((root) => listTests(resolve(projectRoot, root))).map((f) => relative(projectRoot, f));
if (files.length === 0) {
  console.error(`run-tests: no *.test.ts files under ${roots.join(", ")}`);
  process.exit(2);
}

const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  cwd: projectRoot,
  stdio: ["ignore", "pipe", "inherit"],
});
let output = "";
child.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  output += chunk.toString();
});
child.on("exit", (code) => {
  // The spec reporter's summary lines look like "ℹ pass 12"; take the last of each.
  const count = (label: string): number => {
    const matches = [...output.matchAll(new RegExp(`^\\S* ${label} (\\d+)$`, "gm"))];
    return matches.length > 0 ? Number(matches[matches.length - 1]![1]) : 0;
  };
  const failed = count("fail") + count("cancelled");
  console.log(`\ntests: ${count("pass")} passed, ${failed} failed`);
  process.exit(code ?? 1);
});

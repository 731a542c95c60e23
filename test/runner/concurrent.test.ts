/**
 * Runs at the same time (issue 25, finding 5: "CLI runs started while a notebook run was starting ended in
 * an uncaught exception"). Two runner processes execute the same notebook into the same folder at once,
 * as two test files (or `npm run build` beside a lesson test) do, while this process keeps reading the
 * executed copy the way the lesson tests and the cache check do: every read must be a whole notebook (the
 * runner renames complete files into place), both runs succeed, and no private partial file is left.
 *
 * The notebook prints a few megabytes so that a copy written in place would be seen half-written.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { codeCell, createNotebook, readNotebook, writeNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";

const scratch = mkdtempSync(join(tmpdir(), "concurrent-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function runner(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/run-notebooks.ts", ...args], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, output }));
  });
}

test("two runs of one notebook into one folder: every read sees a whole notebook, both succeed", async () => {
  const source = join(scratch, "big-output.ipynb");
  writeNotebook(
    source,
    createNotebook([
      codeCell('const line = "x".repeat(999);\nfor (let i = 0; i < 1500; i++) console.log(line);', { id: "big" }),
      codeCell('console.log("done");', { id: "last" }),
    ]),
  );
  const out = join(scratch, "executed");
  const executed = join(out, "big-output.ipynb");

  let reads = 0;
  const torn: string[] = [];
  let running = true;
  const reader = (async () => {
    while (running) {
      if (existsSync(executed)) {
        try {
          readNotebook(executed);
          reads++;
        } catch (err) {
          // A file that vanished between the check and the read is fine; half a notebook is not.
          if ((err as NodeJS.ErrnoException).code !== "ENOENT") torn.push((err as Error).message.slice(0, 120));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();

  // Two rounds of two simultaneous runs: the second also replaces an existing copy.
  const outcomes: { code: number | null; output: string }[] = [];
  try {
    for (let round = 0; round < 2; round++) {
      outcomes.push(...(await Promise.all([runner([source, "--out", out, "--no-cache", "--quiet"]), runner([source, "--out", out, "--no-cache", "--quiet"])])));
    }
  } finally {
    running = false;
    await reader;
  }
  for (const run of outcomes) assert.equal(run.code, 0, run.output);

  assert.deepEqual(torn, [], `reads that saw half a notebook (of ${reads + torn.length})`);
  assert.ok(reads > 0, "the reader saw the executed copy");
  assert.match(JSON.stringify(readNotebook(executed).cells[1]!.outputs), /done/);
  assert.deepEqual(readdirSync(out).filter((f) => f.startsWith(".")), [], "no partial file left");
});

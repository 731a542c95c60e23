import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { writeSyntheticTable } from "../../scripts/bench/deidentify";
import { projectRoot } from "../../scripts/lib/project";

const root = mkdtempSync(join(tmpdir(), "deidentify-stop-"));
const data = join(root, "large.csv");
before(() => writeSyntheticTable(data, 1_000_000));
after(() => rmSync(root, { recursive: true, force: true }));

/**
 * Start a large run, wait until it is writing its outputs (the temporary folder holds raw.csv), send a
 * real signal, and time how long the process takes to end.
 */
async function stopDuringRun(signal: "SIGTERM" | "SIGINT"): Promise<{ code: number | null; ms: number; stderr: string; parent: string }> {
  const parent = join(root, signal);
  mkdirSync(parent);
  const out = join(parent, "out");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/deidentify.ts", "--data", data, "--column", "income", "--bounds", "0,10000000", "--out", out],
    { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const temp = join(parent, `.out.incomplete-${child.pid}`);
  const deadline = Date.now() + 600_000;
  while (!existsSync(join(temp, "raw.csv"))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the run never started writing: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const sent = Date.now();
  child.kill(signal);
  const code = await exited;
  return { code, ms: Date.now() - sent, stderr, parent };
}

describe("a large run stopped by a signal", { concurrency: 1 }, () => {
  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    test(`${signal} while writing 10⁶ rows: exits ${code} within a second and leaves no partial output`, async () => {
      const result = await stopDuringRun(signal);
      assert.equal(result.code, code, result.stderr);
      assert.ok(result.ms < 1000, `stopped in ${result.ms} ms`);
      assert.deepEqual(readdirSync(result.parent), [], "neither the output folder nor a .incomplete folder is left");
      assert.match(result.stderr, new RegExp(`deidentify: stopped by ${signal}; the partial output was removed\\.`));
    });
  }
});

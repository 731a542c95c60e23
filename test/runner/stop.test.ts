/**
 * A clean stop, with real signals: the notebook runner is started on a notebook that waits two minutes
 * (test/runner/fixtures/slow.ipynb), signalled once its kernel runs the slow cell, and must exit 130/143
 * within a second with no process of its tree left (nbconvert, and the kernel, which runs in a session of
 * its own), no executed copy, no temporary notebook, no kernel connection file.
 *
 * The bench and the audits compute in one synchronous loop and start nothing: they keep the default
 * disposition of SIGINT/SIGTERM, which ends them at once (the shell reports 130/143); that is checked too.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { projectRoot } from "../../scripts/lib/project";
import { descendants, isAlive } from "../../scripts/lib/stop";

const scratch = mkdtempSync(join(tmpdir(), "stop-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exited: Promise<Exit>; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { child, exited, output: () => output };
}

describe("the notebook runner stops cleanly on a signal", () => {
  for (const [signal, expectedCode] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    test(`${signal}: exit ${expectedCode} within a second; kernel and nbconvert gone; no partial files`, async () => {
      const dir = join(scratch, signal);
      const out = join(dir, "executed");
      const temp = join(dir, "tmp");
      const runtime = join(dir, "runtime");
      const marker = join(dir, "kernel-started");
      for (const d of [out, temp, runtime]) mkdirSync(d, { recursive: true });
      // A stale executed copy from an earlier run must not survive as if it were this run's result.
      const stale = join(out, "test", "runner", "fixtures", "slow.ipynb");
      mkdirSync(join(out, "test", "runner", "fixtures"), { recursive: true });
      writeFileSync(stale, "{}");

      const run = start(["scripts/run-notebooks.ts", "test/runner/fixtures/slow.ipynb", "--out", out, "--no-cache"], {
        NBRUNNER_TEST_MARKER: marker,
        TMPDIR: temp,
        JUPYTER_RUNTIME_DIR: runtime,
      });
      try {
        await waitFor("the slow cell to start", () => existsSync(marker), 90_000);
      } catch (err) {
        run.child.kill("SIGKILL");
        throw new Error(`${(err as Error).message}; runner output:\n${run.output()}`);
      }
      const tree = descendants(run.child.pid!);
      assert.ok(tree.length >= 2, `nbconvert and the kernel run under the runner (found ${tree.length} processes)`);
      assert.ok(readdirSync(temp).some((f) => f.startsWith("nbrunner-")), "the runner's temporary notebook exists while it runs");

      const sent = Date.now();
      run.child.kill(signal);
      const exit = await run.exited;
      const tookMs = exit.at - sent;

      assert.equal(exit.code, expectedCode, run.output());
      assert.ok(tookMs < 1000, `stopped in ${tookMs} ms`);
      assert.match(run.output(), new RegExp(`run-notebooks: stopped by ${signal}; running notebooks and their kernels stopped`));
      await sleep(100); // let init reap what it adopted
      assert.deepEqual(tree.filter(isAlive), [], "no process of the run is left (nbconvert, kernel)");
      assert.equal(existsSync(stale), false, "no executed copy, stale or partial");
      // (tsx keeps its own compile cache in TMPDIR too: tsx-<uid>, not the runner's.)
      assert.deepEqual(readdirSync(temp).filter((f) => f.startsWith("nbrunner-")), [], "no temporary notebook left");
      assert.deepEqual(readdirSync(runtime).filter((f) => f.startsWith("kernel-")), [], "no kernel connection file left");
    });
  }
});

describe("bench and audits end at once on a signal (no children, nothing written but stdout)", () => {
  const commands: Array<[string, string[]]> = [
    ["bench", ["scripts/bench.ts", "--quick"]],
    ["audit:models", ["scripts/audit-models.ts", "--fast"]],
    ["audit:privacy", ["scripts/audit-privacy.ts", "--quick"]],
  ];
  for (const [name, args] of commands) {
    test(`${name}: SIGTERM after its first progress line`, async () => {
      const run = start(args);
      await waitFor(`${name}'s first progress line`, () => /\b1 done|\[#*\.*\] 1\//.test(run.output()), 60_000).catch((err) => {
        run.child.kill("SIGKILL");
        throw new Error(`${(err as Error).message}; output:\n${run.output()}`);
      });
      const sent = Date.now();
      run.child.kill("SIGTERM");
      const exit = await run.exited;
      assert.ok(exit.signal === "SIGTERM" || exit.code === 143, `ended by SIGTERM (code ${exit.code}, signal ${exit.signal})`);
      assert.ok(exit.at - sent < 1000, `stopped in ${exit.at - sent} ms`);
    });
  }
});

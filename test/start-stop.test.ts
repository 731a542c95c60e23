/**
 * Clean stops: `npm start` with a kernel running, then one signal, the way a learner (or a system) stops
 * it — Ctrl-C in the terminal (SIGINT to the whole foreground process group), or SIGINT/SIGTERM to one of
 * its processes (npm, the start script, Jupyter). Every process counted before (npm, the shell, the start
 * script, JupyterLab, the kernel) must be gone within a few seconds. Needs Jupyter (`npm install`).
 *
 * The count has power: the same server with its kernel, left alone for as long, keeps every process
 * (the first test), so "all gone" is the signal's doing and not the harness's.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import type { ProcessInfo } from "../scripts/lib/processes";
import { kernelName } from "../scripts/lib/project";
import { kernelProcesses, startCourseServer, stillRunning, type CourseServer } from "./start-server";

/** "A few seconds": Jupyter gives each kernel 2 s to shut down (jupyter/config), then kills it. */
const STOP_LIMIT_MS = 6_000;

const servers: CourseServer[] = [];
after(() => servers.forEach((s) => s.cleanUp()));

/** A server with one course kernel started through the REST API, and its processes once it runs. */
async function serverWithKernel(): Promise<{ server: CourseServer; before: ProcessInfo[] }> {
  const server = await startCourseServer();
  servers.push(server);
  await server.api("/api/kernels", { method: "POST", body: JSON.stringify({ name: kernelName }) });
  const deadline = Date.now() + 60_000;
  while (kernelProcesses(server.processes()).length === 0) {
    assert.ok(Date.now() < deadline, `the kernel did not start:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // The server reports "starting" until a client connects; give tslab its few seconds to be up, so the
  // stop meets a kernel that answers (the harder case: a booting one is simply killed).
  await new Promise((r) => setTimeout(r, 4_000));
  // npm's own short-lived helpers aside: the shell, the start script, Jupyter and the kernel.
  return { server, before: server.processes().filter((p) => !/^npm( |$)/.test(p.command)) };
}

/** Poll until none of `processes` runs, or the limit; returns the time taken and what is left. */
async function waitUntilGone(processes: ProcessInfo[], limitMs: number): Promise<{ ms: number; left: ProcessInfo[] }> {
  const started = Date.now();
  let left = stillRunning(processes);
  while (left.length > 0 && Date.now() - started < limitMs) {
    await new Promise((r) => setTimeout(r, 100));
    left = stillRunning(processes);
  }
  return { ms: Date.now() - started, left };
}

function describeProcesses(processes: ProcessInfo[]): string {
  return processes.map((p) => `${p.pid} ${p.command.slice(0, 100)}`).join("\n  ");
}

type Target = "group" | "npm" | "start script" | "jupyter";

function pidOf(target: Target, server: CourseServer, before: ProcessInfo[]): number {
  const npmPid = server.npm.pid!;
  if (target === "group") return -npmPid;
  if (target === "npm") return npmPid;
  const pattern = target === "start script" ? /scripts\/start\.ts/ : /jupyter-(lab|notebook)/;
  const found = before.find((p) => pattern.test(p.command));
  assert.ok(found, `no ${target} process among:\n  ${describeProcesses(before)}`);
  return found.pid;
}

describe("npm start stops cleanly", { timeout: 600_000 }, () => {
  test("left alone, npm start keeps serving with its kernel (the count below has power)", async () => {
    const { server, before } = await serverWithKernel();
    assert.equal(kernelProcesses(before).length, 1, describeProcesses(before));
    assert.ok(before.some((p) => /jupyter-(lab|notebook)/.test(p.command)), describeProcesses(before));
    const { left } = await waitUntilGone(before, 3_000);
    assert.deepEqual(left.map((p) => p.pid), before.map((p) => p.pid), "nothing ended by itself");
    server.cleanUp();
  });

  const cases: [string, Target, NodeJS.Signals][] = [
    ["Ctrl-C in the terminal (SIGINT to the process group)", "group", "SIGINT"],
    ["SIGTERM to npm", "npm", "SIGTERM"],
    ["SIGINT to npm", "npm", "SIGINT"],
    ["SIGTERM to the start script", "start script", "SIGTERM"],
    ["SIGINT to JupyterLab", "jupyter", "SIGINT"],
    ["SIGTERM to JupyterLab", "jupyter", "SIGTERM"],
  ];
  for (const [name, target, signal] of cases) {
    test(`${name}: JupyterLab and every kernel end within ${STOP_LIMIT_MS / 1000} s`, async () => {
      const { server, before } = await serverWithKernel();
      process.kill(pidOf(target, server, before), signal);
      const { ms, left } = await waitUntilGone(before, STOP_LIMIT_MS + 4_000);
      assert.deepEqual(left, [], `still running ${ms} ms after ${signal}:\n  ${describeProcesses(left)}\n${server.output().slice(-2000)}`);
      assert.ok(ms <= STOP_LIMIT_MS, `all ${before.length} processes ended, but after ${ms} ms`);
      server.cleanUp();
    });
  }
});

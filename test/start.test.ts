/**
 * `npm start -- --no-browser` serves the course: the printed URL answers, lists the learner's working copy
 * (here a temporary folder through COURSE_WORK_DIR), the course kernel is the server's default, and a
 * lesson run and saved through the server changes the working copy, never the committed `notebooks/`.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { nbconvert } from "../scripts/lib/nbconvert";
import { kernelName, projectRoot } from "../scripts/lib/project";
import { learnerNotebooks, lessonsDir } from "../scripts/lib/working-copy";

async function waitForUrl(output: () => string, timeoutMs: number): Promise<URL> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /The course is open at: (\S+)/.exec(output());
    if (match) return new URL(match[1]!);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no URL printed within ${timeoutMs} ms; output:\n${output()}`);
}

/** Code-cell outputs of a notebook file, all cells together. */
function outputCount(path: string): number {
  const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: { cell_type: string; outputs?: unknown[] }[] };
  return nb.cells.reduce((n, cell) => n + (cell.outputs?.length ?? 0), 0);
}

const gitStatus = (): string =>
  spawnSync("git", ["status", "--porcelain", "--", "notebooks/"], { cwd: projectRoot, encoding: "utf8" }).stdout;

const scratch = mkdtempSync(join(tmpdir(), "course-start-"));
const workDir = join(scratch, "my-notebooks");
const LEARNER_EDIT = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "learner": "kept"}\n';
let child: ChildProcess | undefined;
let output = "";
let url: URL;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let api: (path: string, init?: RequestInit) => Promise<any>;

before(async () => {
  // A learner's copy that exists before the first start: the start must not overwrite it.
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, "01-deidentification.ipynb"), LEARNER_EDIT);
  const port = 20000 + Math.floor(Math.random() * 20000);
  child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-browser", `--port=${port}`], {
    cwd: projectRoot,
    env: { ...process.env, COURSE_WORK_DIR: workDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  url = await waitForUrl(() => output, 60_000);
  const token = url.searchParams.get("token") ?? "";
  api = async (path, init = {}) => {
    const response = await fetch(new URL(path, url.origin), {
      ...init,
      headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
    });
    assert.ok(response.ok, `${init.method ?? "GET"} ${path}: HTTP ${response.status}`);
    return response.json();
  };
});

after(() => {
  // The server runs in its own process group: stop it and its kernels.
  if (child?.pid) process.kill(-child.pid, "SIGTERM");
  rmSync(scratch, { recursive: true, force: true });
});

test("npm start serves the working copy on the project kernel", { timeout: 90_000 }, async () => {
  const page = await fetch(url);
  assert.equal(page.status, 200, "the printed URL answers");

  const listing = await api("/api/contents/");
  const names: string[] = listing.content.map((entry: { name: string }) => entry.name);
  const lessons = learnerNotebooks().filter((n) => !n.includes("/"));
  assert.deepEqual(names.filter((n) => n.endsWith(".ipynb")).sort(), lessons, "every lesson, from the working copy");
  const exercises = await api("/api/contents/exercises");
  const exerciseNames: string[] = exercises.content.map((entry: { name: string }) => entry.name);
  assert.ok(exerciseNames.includes("03-building-dp-models.ipynb"), exerciseNames.join(", "));
  assert.ok(!exerciseNames.includes("source"), "solution sources are not served to learners");

  assert.equal(readFileSync(join(workDir, "01-deidentification.ipynb"), "utf8"), LEARNER_EDIT, "the learner's copy was kept");

  const specs = await api("/api/kernelspecs");
  const ours = specs.kernelspecs[kernelName];
  assert.ok(ours, "the project kernelspec is visible to the server");
  assert.equal(ours.spec.display_name, "TypeScript (private clustering course)");

  const welcome = await api("/api/contents/00-welcome.ipynb");
  assert.equal(welcome.content.metadata.kernelspec.name, kernelName);

  // Opening the notebook starts the project's kernel.
  const session = await api("/api/sessions", {
    method: "POST",
    body: JSON.stringify({ path: "00-welcome.ipynb", type: "notebook", kernel: { name: kernelName } }),
  });
  assert.equal(session.kernel.name, kernelName);
  await api(`/api/sessions/${session.id}`, { method: "DELETE" }).catch(() => undefined);
});

test("the course kernel is the default for new notebooks", { timeout: 60_000 }, async () => {
  const specs = await api("/api/kernelspecs");
  assert.equal(specs.default, kernelName, `the server's default kernel, among ${Object.keys(specs.kernelspecs).join(", ")}`);

  // A new notebook that names no kernel gets the server's default.
  const created = await api("/api/contents/", { method: "POST", body: JSON.stringify({ type: "notebook" }) });
  const session = await api("/api/sessions", {
    method: "POST",
    body: JSON.stringify({ path: created.path, type: "notebook", name: "" }),
  });
  assert.equal(session.kernel.name, kernelName);
  await api(`/api/sessions/${session.id}`, { method: "DELETE" }).catch(() => undefined);
});

test("the start says which Jupyter it opened, and how to get JupyterLab when it is missing", () => {
  if (/start: JupyterLab on the course kernel/.test(output)) return;
  assert.match(output, /start: Jupyter Notebook on the course kernel/);
  assert.match(output, /JupyterLab is not installed.*pip install jupyterlab/);
});

test("running and saving a lesson changes the working copy, not the committed notebook", { timeout: 300_000 }, async () => {
  const lesson = "00-welcome.ipynb";
  const committed = join(lessonsDir, lesson);
  const committedBefore = readFileSync(committed);
  const statusBefore = gitStatus();

  // Run it as Jupyter does (from the working copy's folder, so the kernel launcher must find the project
  // root for `./src/...` imports), then save it through the server, as the browser's Save does.
  const executed = join(scratch, "executed", lesson);
  const run = await nbconvert({ input: join(workDir, lesson), to: "notebook", output: executed, execute: true, timeoutSeconds: 240 });
  assert.ok(run.ok, `the lesson runs from the working copy:\n${run.stderr.slice(-3000)}`);
  const content = JSON.parse(readFileSync(run.outputPath, "utf8"));
  await api(`/api/contents/${lesson}`, { method: "PUT", body: JSON.stringify({ type: "notebook", format: "json", content }) });

  assert.ok(outputCount(join(workDir, lesson)) > 0, "the saved working copy holds the outputs");
  const served = await api(`/api/contents/${lesson}`);
  assert.ok(served.content.cells.some((c: { outputs?: unknown[] }) => (c.outputs?.length ?? 0) > 0), "and the server serves them");
  assert.ok(readFileSync(committed).equals(committedBefore), "the committed lesson is byte for byte unchanged");
  assert.equal(outputCount(committed), 0);
  assert.equal(gitStatus(), statusBefore, "git status of notebooks/ is as before the run");
});

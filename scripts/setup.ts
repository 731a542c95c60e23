/**
 * Make sure this machine can run the course, installing what is missing without questions where it can.
 *
 *   tsx scripts/setup.ts            Jupyter: nbconvert for headless runs and a server for learners
 *   tsx scripts/setup.ts --browser  also Chromium, for the real-browser tests
 *
 * Order of preference for Jupyter: what is already installed (project venv, then PATH); else JupyterLab and
 * nbconvert from pip into `.venv/` when pip can reach its index; else Debian's `jupyter-nbconvert` and
 * `jupyter-notebook` through apt when running as root; else stop with the exact command to run.
 * It is idempotent: when everything is there it only looks at a few files.
 * Set COURSE_SKIP_SETUP=1 to skip it entirely (e.g. when packaging).
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findExecutable, projectRoot, venvDir } from "./lib/project";

/** Run a command with inherited output; returns true on exit code 0. */
function run(command: string, args: string[], options: SpawnSyncOptions = {}): boolean {
  console.log(`setup: $ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: projectRoot, ...options });
  return result.status === 0;
}

/** True when a command exits 0 within the time limit, with its output swallowed. */
function succeeds(command: string, args: string[], timeoutMs: number): boolean {
  const result = spawnSync(command, args, { stdio: "ignore", timeout: timeoutMs });
  return result.status === 0;
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function aptAvailable(): boolean {
  return isRoot() && findExecutable("apt-get") !== undefined;
}

let aptUpdated = false;
/** apt-get install as root, refreshing the package lists once per run (a fresh machine has none). */
function aptInstall(packages: string[]): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    aptUpdated = run("apt-get", ["update", "-qq"], { env });
  }
  return run("apt-get", ["install", "-y", "-qq", ...packages], { env });
}

function jupyterStatus(): { nbconvert?: string; server?: string } {
  return {
    nbconvert: findExecutable("jupyter-nbconvert"),
    server: findExecutable("jupyter-lab") ?? findExecutable("jupyter-notebook"),
  };
}

/** Where pip can reach its package index, JupyterLab goes into a project-local virtual environment. */
function installJupyterWithPip(): boolean {
  const python = findExecutable("python3");
  if (!python) return false;
  if (!succeeds(python, ["-m", "pip", "index", "versions", "jupyterlab"], 20_000)) return false;
  if (!existsSync(join(venvDir, "bin", "python")) && !run(python, ["-m", "venv", venvDir])) return false;
  return run(join(venvDir, "bin", "python"), ["-m", "pip", "install", "--quiet", "jupyterlab", "nbconvert"]);
}

function ensureJupyter(): void {
  let status = jupyterStatus();
  if (status.nbconvert && status.server) {
    console.log(`setup: Jupyter ready (${status.server})`);
    return;
  }
  console.log("setup: Jupyter is missing; installing it (JupyterLab via pip if reachable, else Debian's packages).");
  if (!installJupyterWithPip() && aptAvailable()) {
    aptInstall(["jupyter-nbconvert", "jupyter-notebook"]);
  }
  status = jupyterStatus();
  if (status.nbconvert && status.server) {
    console.log(`setup: Jupyter ready (${status.server})`);
    return;
  }
  console.error(
    [
      "setup: could not install Jupyter automatically. Run one of these, then `npm install` again:",
      "  python3 -m venv .venv && .venv/bin/pip install jupyterlab nbconvert     (with internet access to PyPI)",
      "  sudo apt-get install jupyter-nbconvert jupyter-notebook                 (Debian or Ubuntu)",
    ].join("\n"),
  );
  process.exit(1);
}

function ensureChromium(): void {
  const found = process.env.CHROMIUM_PATH ?? findExecutable("chromium") ?? findExecutable("chromium-browser");
  if (found) {
    console.log(`setup: Chromium ready (${found})`);
    return;
  }
  if (aptAvailable() && aptInstall(["chromium"]) && findExecutable("chromium")) {
    console.log("setup: Chromium ready");
    return;
  }
  console.error(
    "setup: the browser tests need Chromium. Run `sudo apt-get install chromium` (Debian/Ubuntu), " +
      "or set CHROMIUM_PATH to a Chromium or Chrome executable, then run the tests again.",
  );
  process.exit(1);
}

if (process.env.COURSE_SKIP_SETUP === "1") {
  console.log("setup: skipped (COURSE_SKIP_SETUP=1)");
} else {
  ensureJupyter();
  if (process.argv.includes("--browser")) ensureChromium();
}

/**
 * Open the course: JupyterLab where it is installed, else the classic Notebook, on the project's kernel.
 *
 *   npm start                     opens a browser tab at the lessons
 *   npm start -- --no-browser     for a headless machine: prints the URL and keeps serving
 *   npm start -- --port 9000      any other option is passed on to Jupyter
 *
 * The server lists the learner's working copy, `my-notebooks/` (git-ignored; `COURSE_WORK_DIR` moves it):
 * on every start the lessons and exercise notebooks missing there are copied from `notebooks/`, and a
 * learner's existing file is never overwritten (`npm run reset` restores one on request). So running and
 * saving a lesson leaves the committed notebooks as they are. The kernel itself runs from the project
 * root (see the kernel launcher), so the copies import `./src/...` as the originals do.
 *
 * `jupyter/config/` goes on `JUPYTER_CONFIG_PATH` (the course kernel as the only and default kernel,
 * JupyterLab's settings for the course in `jupyter/lab/settings/`); the learner's own Jupyter config is
 * still read and outranks it.
 *
 * Stopping is clean whichever process is told: Ctrl-C in the terminal, or SIGINT/SIGTERM/SIGHUP to npm,
 * to this script or to Jupyter, ends Jupyter and every kernel it started within a few seconds.
 * - Jupyter gets no terminal on stdin, so Ctrl-C stops it at once instead of asking "Shutdown this
 *   Jupyter server (y/[n])?" and waiting.
 * - A signal here is passed on to Jupyter as SIGTERM: it asks each kernel to shut down and kills what
 *   does not within `KernelManager.shutdown_wait_time` (jupyter/config).
 * - npm runs this script through a shell; when npm or that shell ends (a signal to npm), this script is
 *   orphaned and would keep serving, so it watches its parents and stops when one goes.
 * - Backstop: the kernels seen running are ended if they outlive Jupyter (Jupyter killed hard), and
 *   Jupyter is killed if it has not stopped after {@link STOP_GRACE_MS}.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { CourseError } from "../src/errors";
import { descendants, isAlive, parentOf, type ProcessInfo } from "./lib/processes";
import { findExecutable, jupyterDataDir, jupyterEnv, projectRoot } from "./lib/project";
import { displayPath, syncWorkingCopy, workingCopyDir, type SyncResult } from "./lib/working-copy";

const passThrough = process.argv.slice(2);
const lab = findExecutable("jupyter-lab");
const notebook = findExecutable("jupyter-notebook");
const server = lab ?? notebook;
if (!server) {
  console.error("start: Jupyter is not installed. Run `npm install` (it sets Jupyter up), then `npm start` again.");
  process.exit(1);
}

let copy: SyncResult;
try {
  copy = syncWorkingCopy({ to: workingCopyDir() });
} catch (err) {
  if (!(err instanceof CourseError)) throw err;
  console.error(`start: ${err.message}`);
  process.exit(1);
}
const where = displayPath(copy.dir);
if (copy.added.length > 0 && copy.kept.length === 0) {
  console.log(`start: copied the lessons into ${where}/, your own copies to run, change and save; notebooks/ stays as shipped.`);
} else if (copy.added.length > 0) {
  console.log(`start: copied into ${where}/ (missing there): ${copy.added.join(", ")}`);
}
console.log(`start: serving ${where}/ (\`npm run reset -- 03\` restores lesson 3 as shipped, \`-- --all\` every notebook)`);

const args = lab
  ? [`--ServerApp.root_dir=${copy.dir}`, ...passThrough]
  : [`--NotebookApp.notebook_dir=${copy.dir}`, ...passThrough];
// Jupyter refuses to run as root unless told; root is the normal user on containers and CI machines.
if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");

const baseEnv = jupyterEnv();
const configDir = join(jupyterDataDir, "config");
const env = {
  ...baseEnv,
  JUPYTER_CONFIG_PATH: [configDir, baseEnv.JUPYTER_CONFIG_PATH].filter(Boolean).join(delimiter),
  // The classic Notebook has no renderer for plotly's MIME type: its kernels inline plotly.js into the
  // first chart instead (src/viz/display.ts, chartMode). JupyterLab draws charts with jupyterlab-plotly.
  ...(lab ? {} : { COURSE_CHARTS: baseEnv.COURSE_CHARTS ?? "inline" }),
};

console.log(`start: ${lab ? "JupyterLab" : "Jupyter Notebook"} on the course kernel "TypeScript (private clustering course)"`);
if (!lab) {
  console.log(
    "start: JupyterLab is not installed, so this is the classic Notebook. For JupyterLab: " +
      "`python3 -m venv .venv && .venv/bin/pip install jupyterlab` here (npm start then uses it), or `pip install jupyterlab`.",
  );
}
// stdin is not the terminal: Jupyter then stops on the first Ctrl-C instead of prompting (see above).
const child = spawn(server, args, { cwd: projectRoot, env, stdio: ["ignore", "inherit", "pipe"] });

// Jupyter logs its URL (with the access token) on stderr among many lines; echo everything, and repeat the
// first URL on a line of its own so a learner can spot it.
let announced = false;
child.stderr?.on("data", (chunk: Buffer) => {
  const text = chunk.toString();
  process.stderr.write(text);
  const url = /(https?:\/\/(?:localhost|127\.0\.0\.1)[^\s]*)/.exec(text)?.[1];
  if (!announced && url) {
    announced = true;
    console.log(`\nThe course is open at: ${url}\nStart with 00-welcome.ipynb. Press Ctrl-C to stop.\n`);
  }
});

/** How long Jupyter has to stop (its kernels get 2 s each, in parallel) before it is killed. */
const STOP_GRACE_MS = 8_000;
/** How long the kernels have to end through Jupyter's shutdown before they are ended here. */
const KERNEL_GRACE_MS = 3_000;
const serverName = lab ? "JupyterLab" : "Jupyter Notebook";

// The processes Jupyter started (kernels), as last seen: ended here should they outlive Jupyter.
let seen: ProcessInfo[] = [];
const watchKernels = setInterval(() => {
  if (child.pid !== undefined && child.exitCode === null) seen = descendants(child.pid);
}, 1_000);
watchKernels.unref();

let stopping = false;
function stop(why: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`\nstart: stopping ${serverName} and its kernels (${why})`);
  if (child.pid !== undefined) seen = [...seen, ...descendants(child.pid)];
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  // A kernel still starting (seconds on a loaded machine) cannot answer Jupyter's shutdown request, and
  // Jupyter may wait on it: end the kernels ourselves once they had their grace, whether Jupyter has
  // exited or not, looking again for any started since the signal.
  setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) seen = [...seen, ...descendants(child.pid)];
    endLeftovers();
  }, KERNEL_GRACE_MS).unref();
  setTimeout(() => {
    console.error(`start: ${serverName} did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
    child.kill("SIGKILL");
  }, STOP_GRACE_MS).unref();
}

/** End the processes Jupyter started that are still running (the same command: not a reused pid). */
function endLeftovers(): void {
  for (const p of seen) {
    if (!isAlive(p.pid)) continue;
    let command = "";
    try {
      command = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    } catch {
      continue;
    }
    if (command !== p.command) continue;
    try {
      process.kill(p.pid, "SIGKILL");
      console.error(`start: ended a leftover process of ${serverName}: ${p.command}`);
    } catch {
      // it ended meanwhile
    }
  }
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => stop(signal));
}

// npm runs this script through `sh -c`; npm and that shell are the parents to watch. A parent that goes
// (npm ended by a signal) leaves this script orphaned, serving with nobody to stop it.
const parents = [process.ppid, parentOf(process.ppid)].filter((pid): pid is number => pid !== undefined && pid > 1);
const firstParent = process.ppid;
const watchParents = setInterval(() => {
  if (process.ppid !== firstParent || parents.some((pid) => !isAlive(pid))) stop("npm ended");
}, 300);
watchParents.unref();

child.on("exit", (code, signal) => {
  endLeftovers();
  process.exit(stopping ? 0 : code ?? (signal ? 1 : 0));
});

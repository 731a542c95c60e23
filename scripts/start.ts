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
 * `jupyter/config/` goes on `JUPYTER_CONFIG_PATH` so that the course kernel is the server's default (for
 * new notebooks); the learner's own Jupyter config is still read and outranks it. Ctrl-C stops it.
 */
import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";
import { CourseError } from "../src/errors";
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
};

console.log(`start: ${lab ? "JupyterLab" : "Jupyter Notebook"} on the course kernel "TypeScript (private clustering course)"`);
if (!lab) {
  console.log(
    "start: JupyterLab is not installed, so this is the classic Notebook. For JupyterLab: " +
      "`python3 -m venv .venv && .venv/bin/pip install jupyterlab` here (npm start then uses it), or `pip install jupyterlab`.",
  );
}
const child = spawn(server, args, { cwd: projectRoot, env, stdio: ["inherit", "inherit", "pipe"] });

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

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

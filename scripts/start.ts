/**
 * Open the course: JupyterLab where it is installed, else the classic Notebook, on the project's kernel.
 *
 *   npm start                     opens a browser tab at the lessons
 *   npm start -- --no-browser     for a headless machine: prints the URL and keeps serving
 *   npm start -- --port 9000      any other option is passed on to Jupyter
 *
 * The server lists `notebooks/`; the kernel itself runs from the project root (see the kernel launcher).
 * Ctrl-C stops it.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { findExecutable, jupyterEnv, projectRoot } from "./lib/project";

const passThrough = process.argv.slice(2);
const lab = findExecutable("jupyter-lab");
const notebook = findExecutable("jupyter-notebook");
const server = lab ?? notebook;
if (!server) {
  console.error("start: Jupyter is not installed. Run `npm install` (it sets Jupyter up), then `npm start` again.");
  process.exit(1);
}

const notebooksDir = join(projectRoot, "notebooks");
const args = lab
  ? [`--ServerApp.root_dir=${notebooksDir}`, ...passThrough]
  : [`--NotebookApp.notebook_dir=${notebooksDir}`, ...passThrough];
// Jupyter refuses to run as root unless told; root is the normal user on containers and CI machines.
if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");

console.log(`start: ${lab ? "JupyterLab" : "Jupyter Notebook"} on the course kernel "TypeScript (private clustering course)"`);
const child = spawn(server, args, { cwd: projectRoot, env: jupyterEnv(), stdio: ["inherit", "inherit", "pipe"] });

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

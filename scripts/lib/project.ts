/**
 * Where things are in this project, and the environment every Jupyter command runs in.
 *
 * Scripts never write absolute paths into files: they compute them here at run time from this file's
 * location, so a clone works wherever it lives.
 */
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";

/** The project root (the folder holding package.json). */
export const projectRoot: string = resolve(__dirname, "..", "..");

/** The folder holding the project's own kernelspec, made visible to Jupyter through `JUPYTER_PATH`. */
export const jupyterDataDir: string = join(projectRoot, "jupyter");

/** The name of the project's kernelspec (`jupyter/kernels/<name>/kernel.json`). */
export const kernelName = "private-clustering-ts";

/** The project-local Python virtual environment used when Jupyter comes from pip. */
export const venvDir: string = join(projectRoot, ".venv");

/** Build products: executed notebooks, the site, screenshots, caches. Never committed. */
export const buildDir: string = join(projectRoot, "build");

/**
 * Find an executable: first in the project's virtual environment, then on PATH.
 *
 * @param name - the executable's file name, e.g. `jupyter-nbconvert`
 * @returns its path, or `undefined` when it is nowhere
 */
export function findExecutable(name: string): string | undefined {
  const venvCandidate = join(venvDir, "bin", name);
  if (existsSync(venvCandidate)) return venvCandidate;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The environment for every Jupyter process: the project's kernelspec first on `JUPYTER_PATH` (it
 * outranks any user-wide spec), and the virtual environment's `bin` first on PATH when there is one.
 */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const jupyterPath = [jupyterDataDir, base.JUPYTER_PATH].filter(Boolean).join(delimiter);
  const venvBin = join(venvDir, "bin");
  const path = existsSync(venvBin) ? [venvBin, base.PATH].filter(Boolean).join(delimiter) : base.PATH;
  return { ...base, JUPYTER_PATH: jupyterPath, PATH: path };
}

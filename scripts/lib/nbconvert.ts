/**
 * A thin wrapper around the `jupyter-nbconvert` command: execute a notebook, or export one to HTML or
 * reveal.js slides, always in the project's Jupyter environment (its own kernelspec first on
 * `JUPYTER_PATH`, see `jupyterEnv`).
 *
 * The command line is used rather than a Python API so that any Jupyter works: the project's `.venv`,
 * Debian's packages, or a learner's own installation.
 */
import { basename, dirname, extname, join, resolve } from "node:path";
import { CourseError } from "../../src/errors";
import { findExecutable, jupyterEnv, projectRoot } from "./project";
import { stopProcessTree } from "./stop";

/** nbconvert's output formats used in this project; any other exporter name nbconvert knows also works. */
export type NbconvertFormat = "notebook" | "html" | "slides" | (string & {});

/** Options for {@link nbconvert}. */
export interface NbconvertOptions {
  /** The notebook to read. */
  input: string;
  /** The exporter: `notebook` (with `execute` to run it), `html`, `slides`... */
  to: NbconvertFormat;
  /**
   * The file to write. nbconvert appends its own extension (`.ipynb`, `.html`, `.slides.html`), so it is
   * stripped here first when present: `build/x.slides.html` and `build/x` both give `build/x.slides.html`.
   */
  output: string;
  /** Run the notebook's cells first (`--execute`). Default false. */
  execute?: boolean;
  /**
   * Time limit in seconds. With `execute`, it is exported as `NBRUNNER_NOTEBOOK_TIMEOUT` (the whole
   * notebook's budget, honoured by `scripts/nbconvert/execute_config.py`) and as nbclient's per-cell
   * `--ExecutePreprocessor.timeout`. In every case nbconvert itself is stopped (SIGTERM, then SIGKILL)
   * 30 s after the limit, as a last resort. Default: no limit.
   */
  timeoutSeconds?: number;
  /** A Python configuration file for nbconvert (`--config`). Default: none. */
  config?: string;
  /** More command-line arguments, e.g. `["--SlidesExporter.reveal_url_prefix=reveal.js"]`. */
  extraArgs?: string[];
  /** Extra environment variables for nbconvert and the kernel it starts. */
  env?: Record<string, string>;
  /** Working directory. Default: the project root. */
  cwd?: string;
  /** Called with each line nbconvert writes to stderr, as it comes (for progress or protocol lines). */
  onStderrLine?: (line: string) => void;
  /**
   * Stops the conversion when aborted: nbconvert and every process it started (the kernel runs in a
   * session of its own, out of reach of a terminal's Ctrl-C) get SIGTERM, then SIGKILL (see
   * `scripts/lib/stop.ts`). The result then says `ok: false`. Default: none.
   */
  signal?: AbortSignal;
}

/** What {@link nbconvert} returns, successful or not. */
export interface NbconvertResult {
  /** True when nbconvert exited with code 0. */
  ok: boolean;
  /** nbconvert's exit code (undefined when it was killed by a signal). */
  exitCode: number | undefined;
  /** True when the last-resort time limit killed it. */
  timedOut: boolean;
  /** The file written (from nbconvert's "Writing N bytes to" line, else computed). */
  outputPath: string;
  /** Everything nbconvert wrote to stderr (its log, tracebacks, protocol lines). */
  stderr: string;
  /** Wall-clock duration in milliseconds. */
  durationMs: number;
  /** The full command line, for messages. */
  command: string;
}

/** Jupyter's nbconvert is not installed where the project looks for it. */
export class NbconvertMissingError extends CourseError {
  constructor() {
    super(
      "nbconvert-missing",
      "jupyter-nbconvert was not found (neither in .venv/bin nor on PATH): run `npm install`, which sets up Jupyter " +
        "(or `node --import tsx scripts/setup.ts`).",
    );
  }
}

/** The extension nbconvert adds for an exporter. */
function extensionFor(to: NbconvertFormat): string | undefined {
  const extensions: Record<string, string> = { notebook: ".ipynb", html: ".html", slides: ".slides.html" };
  return extensions[to];
}

/** Split the wanted output file into nbconvert's `--output-dir` and extension-less `--output`. */
function outputArgs(output: string, to: NbconvertFormat): { dir: string; base: string; expected: string } {
  const absolute = resolve(output);
  const ext = extensionFor(to);
  let name = basename(absolute);
  if (ext && name.endsWith(ext)) name = name.slice(0, -ext.length);
  else if (to === "slides" && name.endsWith(".html")) name = name.slice(0, -".html".length);
  else if (!ext && extname(name)) name = name.slice(0, -extname(name).length);
  return { dir: dirname(absolute), base: name, expected: join(dirname(absolute), name + (ext ?? extname(absolute))) };
}

/** Locate `jupyter-nbconvert` (project `.venv/bin` first, then PATH). @throws NbconvertMissingError */
export function nbconvertExecutable(): string {
  const found = findExecutable("jupyter-nbconvert");
  if (!found) throw new NbconvertMissingError();
  return found;
}

/**
 * Run `jupyter-nbconvert` once. It never throws for a failed conversion: check `ok` and read `stderr`.
 *
 * @returns the outcome, with nbconvert's stderr and the written file's path
 * @throws NbconvertMissingError when nbconvert is not installed
 * @example
 * const r = await nbconvert({ input: "notebooks/00-welcome.ipynb", to: "html", output: "build/site/00-welcome.html" });
 * if (!r.ok) console.error(r.stderr);
 */
export async function nbconvert(options: NbconvertOptions): Promise<NbconvertResult> {
  const executable = nbconvertExecutable();
  const { execa } = await import("execa");
  const { dir, base, expected } = outputArgs(options.output, options.to);
  const args = [resolve(options.input), "--to", options.to, "--output-dir", dir, "--output", base];
  if (options.execute) args.push("--execute");
  if (options.config) args.push("--config", resolve(options.config));
  const env: Record<string, string> = { ...options.env };
  if (options.timeoutSeconds !== undefined && options.execute) {
    env.NBRUNNER_NOTEBOOK_TIMEOUT = String(options.timeoutSeconds);
    args.push(`--ExecutePreprocessor.timeout=${Math.ceil(options.timeoutSeconds)}`);
  }
  args.push(...(options.extraArgs ?? []));

  const started = Date.now();
  const subprocess = execa(executable, args, {
    cwd: options.cwd ?? projectRoot,
    env: { ...jupyterEnv(), ...env },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    // Only a backstop: the per-notebook budget normally ends a run cleanly inside nbclient. SIGTERM lets
    // the execute config shut the kernel down; SIGKILL follows if that hangs.
    timeout: options.timeoutSeconds !== undefined ? (options.timeoutSeconds + 30) * 1000 : undefined,
    killSignal: "SIGTERM",
    forceKillAfterDelay: 15_000,
  });
  if (options.onStderrLine) {
    let pending = "";
    const onLine = options.onStderrLine;
    subprocess.stderr?.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
    subprocess.stderr?.on("end", () => {
      if (pending) onLine(pending);
    });
  }
  const pid = subprocess.pid;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    if (pid !== undefined) stopping ??= stopProcessTree(pid);
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", stop, { once: true });
  const result = await subprocess;
  options.signal?.removeEventListener("abort", stop);
  await stopping; // the kernel may outlive nbconvert by a moment: the stop is over when it is gone too
  const stderr = String(result.stderr ?? "");
  const written = [...stderr.matchAll(/^\[NbConvertApp\] Writing \d+ bytes to (.+)$/gm)].pop()?.[1];
  return {
    ok: result.exitCode === 0,
    exitCode: result.exitCode,
    timedOut: Boolean(result.timedOut),
    outputPath: written ? resolve(options.cwd ?? projectRoot, written.trim()) : expected,
    stderr,
    durationMs: Date.now() - started,
    command: [executable, ...args].join(" "),
  };
}

/**
 * Helpers for the tests that run `npm start` for real: start it the way a learner does (through npm, in
 * a process group of its own like a terminal's foreground job), wait for the URL it prints, talk to the
 * server's REST API, and see the processes it runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { descendants, isAlive, listProcesses, type ProcessInfo } from "../scripts/lib/processes";
import { projectRoot } from "../scripts/lib/project";

/** A running `npm start`. */
export interface CourseServer {
  /** The `npm` process (also the id of its process group). */
  npm: ChildProcess;
  /** The learner's working copy the server lists (`COURSE_WORK_DIR`). */
  workDir: string;
  url: URL;
  /** Everything printed so far, stdout and stderr. */
  output: () => string;
  /** A REST call with the server's token; rejects on an HTTP error. */
  api: (path: string, init?: RequestInit) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The processes below npm now (shell, start.ts, Jupyter, kernels). */
  processes: () => ProcessInfo[];
  /** Stop whatever is left (the whole process group, then each process seen) and remove the work folder. */
  cleanUp: () => void;
}

/**
 * Run `npm start -- --no-browser` on a random port with a fresh working copy, and wait for its URL.
 * @param timeoutMs - how long the server may take to print its URL
 */
export async function startCourseServer(timeoutMs = 90_000): Promise<CourseServer> {
  const scratch = mkdtempSync(join(tmpdir(), "course-start-"));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const workDir = join(scratch, "my-notebooks");
  const npm = spawn("npm", ["start", "--", "--no-browser", `--port=${port}`], {
    cwd: projectRoot,
    env: { ...process.env, COURSE_WORK_DIR: workDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, as a terminal's foreground job (Ctrl-C goes to the group)
  });
  let text = "";
  npm.stdout!.on("data", (c: Buffer) => (text += c.toString()));
  npm.stderr!.on("data", (c: Buffer) => (text += c.toString()));
  const seen = new Map<number, ProcessInfo>();
  const processes = (): ProcessInfo[] => {
    const now = npm.pid === undefined ? [] : descendants(npm.pid);
    for (const p of now) seen.set(p.pid, p);
    return now;
  };
  const cleanUp = (): void => {
    processes();
    try {
      if (npm.pid) process.kill(-npm.pid, "SIGKILL");
    } catch {
      // the group is gone already
    }
    for (const p of seen.values()) {
      try {
        if (isAlive(p.pid)) process.kill(p.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  let match: RegExpExecArray | null = null;
  while (!(match = /The course is open at: (\S+)/.exec(text))) {
    if (Date.now() > deadline || npm.exitCode !== null) {
      cleanUp();
      throw new Error(`npm start printed no URL within ${timeoutMs} ms; output:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = new URL(match[1]!);
  const token = url.searchParams.get("token") ?? "";
  const api = async (path: string, init: RequestInit = {}): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const response = await fetch(new URL(path, url.origin), {
      ...init,
      headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
    });
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  };
  return { npm, workDir, url, output: () => text, api, processes, cleanUp };
}

/** The course kernels among some processes (the launcher in `jupyter/kernels/…/launch.js`). */
export function kernelProcesses(processes: ProcessInfo[]): ProcessInfo[] {
  return processes.filter((p) => /private-clustering-ts\/launch\.js/.test(p.command));
}

/** The processes of a list still running, looked up now. */
export function stillRunning(processes: ProcessInfo[]): ProcessInfo[] {
  const table = new Map(listProcesses().map((p) => [p.pid, p]));
  return processes.filter((p) => table.get(p.pid)?.command === p.command && isAlive(p.pid));
}

/**
 * A clean stop on Ctrl-C (SIGINT) or SIGTERM for commands that start other processes.
 *
 * Killing only the direct child is not enough here: nbconvert (Python) starts the kernel (Node) in a new
 * session of its own (jupyter_client's `start_new_session`), so a terminal's Ctrl-C never reaches it and a
 * killed nbconvert leaves it running. {@link stopProcessTree} therefore snapshots every descendant of a
 * child first (their parents die during the stop, and orphans lose their ancestry), sends each one and its
 * process group SIGTERM, and SIGKILLs whatever is still alive after a short grace.
 *
 * The exit codes follow the shell's convention, 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { CourseError } from "../../src/errors";

/** The signals a command stops on. */
export type StopSignal = "SIGINT" | "SIGTERM";

/** A run was stopped by a signal; `exitCode` is what the command exits with (130, 143). */
export class InterruptedError extends CourseError {
  readonly signal: StopSignal;
  readonly exitCode: number;
  constructor(signal: StopSignal) {
    super("interrupted", `stopped by ${signal}`);
    this.signal = signal;
    this.exitCode = exitCodeFor(signal);
  }
}

/** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM. */
export function exitCodeFor(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  zombie: boolean;
}

/** Every process on the machine with its parent, from /proc (Linux), else from `ps`. */
function listProcesses(): ProcessInfo[] {
  try {
    return readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((entry) => {
        try {
          // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
          const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
          const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          return [{ pid: Number(entry), ppid: Number(ppid), zombie: state === "Z" }];
        } catch {
          return []; // it ended while we looked
        }
      });
  } catch {
    const out = execFileSync("ps", ["-A", "-o", "pid=,ppid=,stat="], { encoding: "utf8" });
    return out
      .trim()
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .map(([pid, ppid, stat]) => ({ pid: Number(pid), ppid: Number(ppid), zombie: (stat ?? "").startsWith("Z") }));
  }
}

/** The live (non-zombie) descendants of a process, children first. */
export function descendants(pid: number): number[] {
  const processes = listProcesses();
  const children = new Map<number, number[]>();
  for (const p of processes) {
    if (p.zombie) continue;
    children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** True while a process exists and is not a zombie (a zombie has ended; it only waits to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  // The process group first: a process that leads one (the kernel, a session leader) takes its own
  // children with it. Either call fails harmlessly when the target is gone or is no group leader.
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // gone already, or not a group
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stop a process and everything it started: SIGTERM to each (and its process group), then SIGKILL to what
 * is still alive after `graceMs`. Resolves when all are gone (or after the SIGKILL, which cannot be refused).
 *
 * @param pid - the direct child to stop
 * @param graceMs - how long SIGTERM gets before SIGKILL (default 400 ms, so a stop takes under a second)
 */
export async function stopProcessTree(pid: number, graceMs = 400): Promise<void> {
  const tree = [pid, ...descendants(pid)];
  for (const p of tree) signalProcess(p, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && tree.some(isAlive)) await sleep(25);
  // Anything started during the stop is a descendant of a survivor: look again before the last word.
  const survivors = [...new Set([...tree, ...tree.filter(isAlive).flatMap(descendants)])].filter(isAlive);
  for (const p of survivors) signalProcess(p, "SIGKILL");
  const killDeadline = Date.now() + 500;
  while (Date.now() < killDeadline && survivors.some(isAlive)) await sleep(10);
}

/**
 * Call `handler` on the first SIGINT or SIGTERM (instead of dying at once, so the command can stop its
 * children and remove partial files). A second signal exits at once with the code for that signal.
 *
 * @returns a function that removes the handlers
 */
export function onStopSignal(handler: (signal: StopSignal) => void): () => void {
  let stopping = false;
  const listener = (signal: StopSignal) => {
    if (stopping) process.exit(exitCodeFor(signal));
    stopping = true;
    handler(signal);
  };
  const onInt = () => listener("SIGINT");
  const onTerm = () => listener("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return () => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  };
}

/**
 * The process tree, read from Linux's /proc: which processes a server started (its kernels included), so
 * that `npm start` can make sure none outlives it and the tests can count them. Elsewhere (no /proc) the
 * functions see no processes, and start.ts relies on Jupyter's own shutdown alone.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** One process: its id, its parent's, and its command line. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last `)`.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return { pid, ppid: Number(fields[1]), command };
  } catch {
    return undefined; // it ended while we looked
  }
}

/** Every process this user can see, or none where there is no /proc. */
export function listProcesses(): ProcessInfo[] {
  if (!existsSync("/proc/self/stat")) return [];
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((p): p is ProcessInfo => p !== undefined);
}

/**
 * The processes below `pid` (children, their children, …), not `pid` itself.
 * @param pid - the root of the tree
 * @param table - a snapshot from {@link listProcesses} (taken now by default)
 */
export function descendants(pid: number, table: ProcessInfo[] = listProcesses()): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = table.filter((p) => frontier.includes(p.ppid));
    found.push(...children);
    frontier = children.map((p) => p.pid);
  }
  return found;
}

/** The parent of a process, or undefined when it is gone (or there is no /proc). */
export function parentOf(pid: number): number | undefined {
  return readProcess(pid)?.ppid;
}

/**
 * True while a process runs. A zombie (ended, not yet reaped by its parent) counts as ended: it holds no
 * memory and runs nothing, and an orphan's zombie waits for whatever reaps orphans here.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return existsSync("/proc/self/stat") ? false : true;
  }
}

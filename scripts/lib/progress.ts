/**
 * Progress for long commands, on stderr so stdout stays the command's result (tables, JSON lines):
 * on a terminal, one bar redrawn in place; otherwise (CI logs, a pipe, a file) plain lines, at most one
 * per change of the count or per heartbeat, so a log shows the command is alive without flooding.
 */

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** The command's name, at the start of every line, e.g. `run-notebooks`. */
  label: string;
  /** How many steps make the whole job, when known (a bar needs it; without it a count is shown). */
  total?: number;
  /** Where to write. Default `process.stderr`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Draw a bar in place (true) or write plain lines (false). Default: whether `stream` is a terminal. */
  tty?: boolean;
  /** Plain mode: write a line at least this often while the count does not change, in ms. Default 15 000. */
  heartbeatMs?: number;
  /** The clock (for tests). Default `Date.now`. */
  now?: () => number;
}

/** A progress display; every method is cheap enough to call from a tight loop. */
export interface Progress {
  /**
   * The job has reached `done` steps; `status` says what is going on (e.g. the notebooks running).
   * Terminal: the bar is redrawn (at most 10 times a second). Plain: a line when `done` changed, or when
   * the heartbeat is due.
   */
  update(done: number, status?: string): void;
  /** A line that must be seen (a step started or finished), printed in both modes above the bar. */
  note(line: string): void;
  /**
   * Write something else to the terminal (e.g. a result line on stdout) without tearing the bar: the bar is
   * taken away, `write` runs, the bar comes back. In plain mode `write` just runs.
   */
  around(write: () => void): void;
  /** Remove the bar (terminal) so what follows starts on a clean line. Safe to call twice. */
  end(): void;
}

/** `1m05s`, `42s`. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** A bar of `width` cells, `done` of `total` full: `[#####.....]`. */
export function progressBar(done: number, total: number, width = 20): string {
  const full = total > 0 ? Math.min(width, Math.round((width * Math.max(0, done)) / total)) : 0;
  return `[${"#".repeat(full)}${".".repeat(width - full)}]`;
}

/**
 * A progress display for one command.
 *
 * @example
 * const progress = createProgress({ label: "bench", total: rows.length });
 * rows.forEach((row, i) => { run(row); progress.update(i + 1, row.name); });
 * progress.end();
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean((stream as { isTTY?: boolean }).isTTY);
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const started = now();
  let lastDone = -1;
  let lastWrite = 0;
  let shown = false; // a bar is on screen (terminal)
  let current = { done: 0, status: "" };

  const counted = (done: number): string => (options.total !== undefined ? `${done}/${options.total}` : `${done} done`);
  const text = (): string => {
    const bar = options.total !== undefined ? `${progressBar(current.done, options.total, 10)} ` : "";
    const line = `${options.label} ${bar}${counted(current.done)} ${formatElapsed(now() - started)}${current.status ? `  ${current.status}` : ""}`;
    const columns = (stream as { columns?: number }).columns ?? 100;
    return line.length >= columns ? line.slice(0, Math.max(10, columns - 2)) + "…" : line;
  };
  const draw = (): void => {
    stream.write(`\r\x1b[2K${text()}`);
    shown = true;
    lastWrite = now();
  };
  const clear = (): void => {
    if (shown) stream.write("\r\x1b[2K");
    shown = false;
  };

  return {
    update(done, status = "") {
      current = { done, status };
      const t = now();
      if (tty) {
        if (done !== lastDone || t - lastWrite >= 100) draw();
      } else if (done !== lastDone || t - lastWrite >= heartbeatMs) {
        stream.write(`${options.label}: ${counted(done)} after ${formatElapsed(t - started)}${status ? `; ${status}` : ""}\n`);
        lastWrite = t;
      }
      lastDone = done;
    },
    note(line) {
      if (tty) {
        clear();
        stream.write(`${line}\n`);
        draw();
      } else {
        stream.write(`${line}\n`);
        lastWrite = now();
      }
    },
    around(write) {
      if (!tty) return write();
      const wasShown = shown;
      clear();
      write();
      if (wasShown) draw();
    },
    end() {
      if (tty) clear();
    },
  };
}

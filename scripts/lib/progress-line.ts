/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal, plain lines otherwise.
 *
 * Plain lines (a log file, CI, a pipe) are rate-limited: nothing until the current stage has run for a
 * second (so a quick run, or one that fails at once, prints only its result or its one-line error), then
 * at most one line a second.
 */

/** Where the bar is drawn: a stream with `write`, and `isTTY` / `columns` when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A progress display for one command. */
export class ProgressLine {
  private stage = "";
  private stageStarted = 0;
  private lastDrawn = 0;
  private drawn = false;
  private readonly tty: boolean;

  /**
   * @param stream - where to draw (usually `process.stderr`)
   * @param name - the command's name, at the start of each plain line
   * @param now - the clock (tests pass their own)
   */
  constructor(
    private readonly stream: ProgressStream,
    private readonly name: string,
    private readonly now: () => number = Date.now,
  ) {
    this.tty = stream.isTTY === true;
  }

  /**
   * Report progress.
   * @param stage - what is under way, e.g. "read"
   * @param fraction - the share of it done (0..1), when known
   */
  update(stage: string, fraction?: number): void {
    const now = this.now();
    if (stage !== this.stage) {
      this.stage = stage;
      this.stageStarted = now;
    }
    const percent = fraction === undefined ? "" : ` ${Math.round(100 * Math.min(1, Math.max(0, fraction)))}%`;
    if (this.tty) {
      if (now - this.lastDrawn < 100 && this.drawn) return;
      const width = 24;
      const filled = fraction === undefined ? 0 : Math.round(width * Math.min(1, Math.max(0, fraction)));
      const bar = fraction === undefined ? "" : ` [${"#".repeat(filled)}${".".repeat(width - filled)}]`;
      const text = `${this.name}: ${stage}${bar}${percent}`.slice(0, Math.max(20, (this.stream.columns ?? 80) - 1));
      this.stream.write(`\r\x1b[K${text}`);
      this.drawn = true;
      this.lastDrawn = now;
      return;
    }
    if (now - this.stageStarted < 1000 || now - this.lastDrawn < 1000) return;
    this.stream.write(`${this.name}: ${stage}${percent || " …"}\n`);
    this.lastDrawn = now;
  }

  /** Remove the bar (before other output, and at the end). Plain lines stay. */
  clear(): void {
    if (this.tty && this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}

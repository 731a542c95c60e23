/** Progress on stderr: a bar redrawn in place on a terminal, plain lines (count changes, heartbeat) otherwise. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgress, formatElapsed, progressBar } from "../../scripts/lib/progress";

function sink(): { stream: NodeJS.WritableStream & { columns?: number }; text: () => string } {
  let text = "";
  const stream = { write: (chunk: string) => ((text += chunk), true), columns: 120 } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}

test("bars and clocks", () => {
  assert.equal(progressBar(0, 4, 8), "[........]");
  assert.equal(progressBar(1, 4, 8), "[##......]");
  assert.equal(progressBar(9, 4, 8), "[########]", "never past full");
  assert.equal(formatElapsed(42_900), "42s");
  assert.equal(formatElapsed(65_000), "1m05s");
});

test("plain mode: one line per change of the count, a heartbeat while it does not change, notes as they come", () => {
  let clock = 0;
  const out = sink();
  const progress = createProgress({ label: "job", total: 3, stream: out.stream, tty: false, heartbeatMs: 10_000, now: () => clock });
  progress.update(0, "a cell 1/5");
  clock = 2_000;
  progress.update(0, "a cell 2/5"); // same count, heartbeat not due: nothing
  clock = 12_000;
  progress.update(0, "a cell 3/5"); // heartbeat due
  progress.note("started b");
  clock = 13_000;
  progress.update(1, "b cell 1/4");
  progress.around(() => out.stream.write("result line\n"));
  progress.end();
  assert.equal(
    out.text(),
    ["job: 0/3 after 0s; a cell 1/5", "job: 0/3 after 12s; a cell 3/5", "started b", "job: 1/3 after 13s; b cell 1/4", "result line", ""].join("\n"),
  );
  assert.doesNotMatch(out.text(), /\r|\x1b/, "no terminal control codes in a log");
});

test("terminal mode: the bar is redrawn in place, taken away around other output and at the end", () => {
  let clock = 0;
  const out = sink();
  const progress = createProgress({ label: "job", total: 2, stream: out.stream, tty: true, now: () => clock });
  progress.update(0, "a");
  clock = 50;
  progress.update(0, "a again"); // under 100 ms and same count: not redrawn
  clock = 1_000;
  progress.update(1, "b");
  progress.around(() => out.stream.write("result line\n"));
  progress.end();
  const clearLine = "\r\x1b[2K";
  assert.equal(
    out.text(),
    `${clearLine}job [..........] 0/2 0s  a` +
      `${clearLine}job [#####.....] 1/2 1s  b` +
      `${clearLine}result line\n` +
      `${clearLine}job [#####.....] 1/2 1s  b` +
      clearLine,
  );
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ProgressLine } from "../../scripts/lib/progress-line";

function stream(isTTY: boolean): { text: string; isTTY: boolean; columns: number; write(t: string): void } {
  return { text: "", isTTY, columns: 80, write(t: string) { this.text += t; } };
}

describe("progress on stderr", () => {
  test("not a terminal: nothing in a stage's first second, then plain lines at most once a second", () => {
    let now = 0;
    const out = stream(false);
    const bar = new ProgressLine(out, "deidentify", () => now);
    bar.update("read", 0.1);
    now = 900;
    bar.update("read", 0.4);
    assert.equal(out.text, "", "a quick stage prints nothing");
    now = 1100;
    bar.update("read", 0.5);
    now = 1500;
    bar.update("read", 0.7);
    now = 2200;
    bar.update("read", 0.9);
    assert.equal(out.text, "deidentify: read 50%\ndeidentify: read 90%\n");
    now = 2300;
    bar.update("audit");
    now = 3400;
    bar.update("audit");
    const text: string = (out as { text: string }).text; // re-read: assert.equal narrowed out.text above
    assert.ok(text.endsWith("deidentify: audit …\n"));
    assert.doesNotMatch(text, /\r|\x1b/, "no terminal codes in a log");
  });

  test("a terminal: a bar redrawn in place, and cleared", () => {
    let now = 0;
    const out = stream(true);
    const bar = new ProgressLine(out, "deidentify", () => now);
    bar.update("read", 0.5);
    assert.equal(out.text, "\r\x1b[Kdeidentify: read [############............] 50%");
    now = 50;
    bar.update("read", 0.6);
    assert.equal(out.text.split("\r").length, 2, "redrawn at most every 100 ms");
    bar.clear();
    assert.ok((out as { text: string }).text.endsWith("\r\x1b[K"));
  });
});

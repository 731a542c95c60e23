/**
 * The timing summary at the end of a notebook run: its sums, its line format, and cell times read from
 * nbclient's timestamps. Pure functions, no kernel.
 */
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { describe, test } from "node:test";
import { codeCell, createNotebook, markdownCell } from "../../scripts/lib/notebook";
import {
  cellTimings,
  defaultJobs,
  formatCellTiming,
  formatRunSummary,
  slowestCells,
  summarizeRun,
} from "../../scripts/lib/run-summary";

describe("run summary", () => {
  test("sums executed notebooks only; the start-up share counts notebooks whose start-up is known", () => {
    const summary = summarizeRun(
      [
        { status: "ok", durationMs: 10_000, startupMs: 6_000 },
        { status: "failed", durationMs: 5_000, startupMs: 4_000 },
        { status: "ok", durationMs: 7_000 }, // start-up unknown: in the notebook time, not in the share
        { status: "cached", durationMs: 30 },
      ],
      14_000,
      2,
    );
    assert.equal(summary.executed, 3);
    assert.equal(summary.cached, 1);
    assert.equal(summary.notebookMs, 22_000);
    assert.equal(summary.startupMs, 10_000);
    assert.equal(summary.startupShare, 10_000 / 15_000);
    assert.equal(
      formatRunSummary(summary),
      "run-notebooks: timing: 14.0 s wall, 2 at a time; 3 executed, 22.0 s of notebook time, " +
        "start-up (nbconvert + kernel) 10.0 s = 67%",
    );
  });

  test("a run with everything cached says so instead of a share", () => {
    const summary = summarizeRun([{ status: "cached", durationMs: 12 }], 800, 4);
    assert.equal(summary.startupShare, undefined);
    assert.equal(formatRunSummary(summary), "run-notebooks: timing: 0.8 s wall, 4 at a time; nothing executed (all cached)");
  });

  test("no start-up measured at all reads 'start-up unknown'", () => {
    const line = formatRunSummary(summarizeRun([{ status: "failed", durationMs: 1_500 }], 1_600, 1));
    assert.equal(line, "run-notebooks: timing: 1.6 s wall, 1 at a time; 1 executed, 1.5 s of notebook time, start-up unknown");
  });

  test("the default parallelism is one notebook per core Node may use", () => {
    assert.equal(defaultJobs(), availableParallelism());
  });
});

describe("cell timings", () => {
  // As tslab leaves them: no execute_input, and an execute reply dated about when the cell starts.
  const timed = (source: string, start: string, end: string) => {
    const cell = codeCell(source);
    cell.metadata.execution = { "iopub.status.busy": start, "shell.execute_reply": start, "iopub.status.idle": end };
    return cell;
  };
  const nb = createNotebook([
    markdownCell("# title"),
    timed("\n// load\nconst x = 1;", "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:01.250Z"),
    codeCell("untimed()"),
    timed("sweep()", "2024-01-01T00:00:02.000Z", "2024-01-01T00:00:14.300Z"),
    timed("tiny()", "2024-01-01T00:00:15.000Z", "2024-01-01T00:00:15.020Z"),
  ]);

  test("read from nbclient's timestamps (busy to idle); untimed cells left out; indexes count every cell", () => {
    const timings = cellTimings(nb, "nb.ipynb");
    assert.deepEqual(
      timings.map((t) => [t.index, t.ms, t.firstLine]),
      [
        [1, 1250, "// load"],
        [3, 12300, "sweep()"],
        [4, 20, "tiny()"],
      ],
    );
  });

  test("a kernel that reports execute_input and no status times the cell from input to reply", () => {
    const cell = codeCell("x()");
    cell.metadata.execution = { "iopub.execute_input": "2024-01-01T00:00:00.000Z", "shell.execute_reply": "2024-01-01T00:00:02.500Z" };
    assert.deepEqual(cellTimings(createNotebook([cell]), "k.ipynb").map((t) => t.ms), [2500]);
  });

  test("slowest first, as many as asked, and one readable line each", () => {
    const slowest = slowestCells(cellTimings(nb, "nb.ipynb"), 2);
    assert.deepEqual(slowest.map((t) => t.index), [3, 1]);
    assert.equal(formatCellTiming(slowest[0]!), "  12.3 s  nb.ipynb cell 3: sweep()");
  });
});

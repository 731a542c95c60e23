/** Reading nbconvert's stderr after a failed run (no kernel needed: the stderr is synthetic). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { codeCell, createNotebook } from "../../scripts/lib/notebook";
import { diagnoseFailure, formatFailure } from "../../scripts/run-notebooks";

// As executed: cell 1 is the injected-parameters cell, so source indexes after it are one less.
const prepared = createNotebook([
  codeCell("const epsilon = 1;", { id: "defaults", tags: ["parameters"] }),
  codeCell("const epsilon: number = 0.5;", { id: "injected-parameters", tags: ["injected-parameters"] }),
  codeCell('throw new Error("expected");', { id: "expected", tags: ["raises-exception"] }),
  codeCell('throw new Error("boom");', { id: "boom" }),
]);

const line = (event: object) => `[nbrunner] ${JSON.stringify({ t: 0, ...event })}`;
const tslabError = [
  "evalmachine.<anonymous>:2",
  'throw new Error("boom");',
  "^",
  "",
  "Error: boom",
  "    at evalmachine.<anonymous>:2:7",
  "    at sigintHandlersWrap (node:vm:280:12)",
  "    at Object.execute (/work/main/node_modules/tslab/dist/executor.js:160:38)",
].join("\n");
const nbconvertTail = "nbclient.exceptions.CellExecutionError: An error occurred while executing the following cell:\n<Error>: ";

describe("diagnosing a failed run", () => {
  test("the last unexpected cell error wins, mapped back to the source notebook's index", () => {
    const stderr = [
      "[NbConvertApp] Converting notebook x.ipynb to notebook",
      line({ event: "cell-start", index: 2 }),
      line({ event: "cell-error", index: 2, stderr: "Error: expected", expected: true }),
      line({ event: "cell-start", index: 3 }),
      line({ event: "cell-error", index: 3, stderr: tslabError, expected: false }),
      nbconvertTail,
    ].join("\n");
    const failure = diagnoseFailure(stderr, false, 120, prepared, 1);
    assert.deepEqual(
      { ...failure, error: undefined },
      { reason: "cell-error", cellIndex: 2, cellId: "boom", injected: undefined, source: 'throw new Error("boom");', error: undefined },
    );
    assert.equal(failure.error, tslabError);

    const text = formatFailure({ notebook: "notebooks/x.ipynb", outputPath: "", status: "failed", durationMs: 1, failure });
    assert.match(text, /^FAILED notebooks\/x\.ipynb: failed in cell 2 \(counting all cells from 0; id "boom"\)$/m);
    assert.match(text, /^ {4}Error: boom$/m);
    assert.doesNotMatch(text, /node:vm|node_modules\/tslab/);
  });

  test("the kernel's error output is shown after what the cell wrote to stderr", () => {
    const traceback = ["BudgetExceededError: needs ε = 0.5", "    at evalmachine.<anonymous>:3:9", "    at Object.execute (/x/node_modules/tslab/dist/executor.js:1:1)"].join("\n");
    const stderr = line({ event: "cell-error", index: 3, stderr: "PrivacyWarning [bounds-from-data] ...\n", error: traceback, expected: false });
    const failure = diagnoseFailure(stderr, false, 120, prepared, 1);
    assert.equal(failure.reason, "cell-error");
    assert.equal(failure.error, `PrivacyWarning [bounds-from-data] ...\n${traceback}`);
    const text = formatFailure({ notebook: "x", outputPath: "", status: "failed", durationMs: 1, failure });
    assert.match(text, /PrivacyWarning \[bounds-from-data\] \.\.\.\n {4}BudgetExceededError: needs ε = 0\.5\n {4} {4}at evalmachine/);
    assert.doesNotMatch(text, /node_modules\/tslab/);
  });

  test("an error in the injected cell points at the --param values", () => {
    const stderr = line({ event: "cell-error", index: 1, stderr: "1:7 - Type 'string' is not assignable to type 'number'." });
    const failure = diagnoseFailure(stderr, false, 120, prepared, 1);
    assert.equal(failure.injected, true);
    assert.equal(failure.cellIndex, undefined);
    assert.match(formatFailure({ notebook: "x", outputPath: "", status: "failed", durationMs: 1, failure }), /injected-parameters cell \(check the --param values\)/);
  });

  test("timeouts name the running cell; aborted cells and other failures are told apart", () => {
    const timeout = diagnoseFailure(
      [line({ event: "cell-start", index: 0 }), line({ event: "cell-start", index: 3 }), "nbclient.exceptions.CellTimeoutError: A cell timed out"].join("\n"),
      false,
      30,
      prepared,
      1,
    );
    assert.equal(timeout.reason, "timeout");
    assert.equal(timeout.cellIndex, 2);
    assert.match(timeout.error, /within its 30 s limit/);
    assert.equal(diagnoseFailure("", true, 30, prepared, undefined).reason, "timeout", "killed by the backstop");

    const aborted = diagnoseFailure(line({ event: "cell-aborted", index: 3 }), false, 30, prepared, 1);
    assert.equal(aborted.reason, "aborted");
    assert.equal(aborted.cellId, "boom");

    const other = diagnoseFailure("[NbConvertApp] Converting\njupyter_client.kernelspec.NoSuchKernel: No such kernel named nope", false, 30, prepared, 1);
    assert.equal(other.reason, "nbconvert");
    assert.match(other.error, /NoSuchKernel/);
  });
});

/**
 * The tslab path of the display module, without starting a kernel: a stand-in for tslab's internal
 * `jupyter` module (the one the kernel sets up, holding `lastWriteDisplayData`) is placed in the module
 * cache, so the real `tslab` package's display API runs and its Jupyter messages are captured.
 */
import assert from "node:assert/strict";
import Module from "node:module";
import { describe, test } from "node:test";
import { PrivacyWarning, warnPrivacy } from "../../src/errors";
import { inNotebook, installNotebookWarnings, progress, resetPlotlyLoader, showChart, showTable } from "../../src/viz/display";
import { clustersScatter } from "../../src/viz/figures/index";

interface Message {
  data: Record<string, string>;
  transient: { display_id?: string };
  update: boolean;
}

describe("inside a (simulated) tslab kernel", () => {
  const messages: Message[] = [];
  const jupyterPath = require.resolve("tslab/dist/jupyter.js");
  const stub = new Module(jupyterPath);
  stub.filename = jupyterPath;
  stub.loaded = true;
  stub.exports = {
    lastWriteDisplayData: (content: Omit<Message, "update">, update: boolean) => messages.push({ ...content, update }),
  };
  require.cache[jupyterPath] = stub;

  test("is detected as a notebook", () => {
    assert.equal(inNotebook(), true);
  });

  test("charts and tables go out as text/html display data", () => {
    resetPlotlyLoader();
    showChart(clustersScatter({ points: [[1, 2]], labels: [0], axisTitles: ["x", "y"], title: "t" }));
    showTable([{ a: 1 }]);
    assert.equal(messages.length, 2);
    assert.deepEqual(Object.keys(messages[0].data), ["text/html"]);
    assert.ok(messages[0].data["text/html"].includes('data-course-viz="plotly-loader"'));
    assert.ok(messages[1].data["text/html"].startsWith('<table class="course-table"'));
    assert.equal(Boolean(messages[0].update), false);
  });

  test("warnings become notes; progress updates one display in place", () => {
    messages.length = 0;
    const uninstall = installNotebookWarnings();
    const saved = console.warn;
    console.warn = () => {};
    try {
      warnPrivacy(new PrivacyWarning("bounds-from-data", "Bounds came from the data."));
    } finally {
      console.warn = saved;
      uninstall();
    }
    assert.match(messages[0].data["text/html"], /course-warning/);
    messages.length = 0;
    const onProgress = progress(2, "steps");
    onProgress(1);
    onProgress(2);
    assert.equal(messages.length, 3);
    const ids = new Set(messages.map((m) => m.transient.display_id));
    assert.equal(ids.size, 1, "all updates target one display id");
    assert.ok([...ids][0]);
    assert.deepEqual(messages.map((m) => Boolean(m.update)), [false, true, true]);
    assert.match(messages[2].data["text/html"], /2\/2 \(100%\)/);
  });
});

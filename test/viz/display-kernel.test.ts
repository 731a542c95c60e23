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
import { chartFallbackHtml, PLOTLY_MIME, plotlyMimeData } from "../../src/viz/html";
import { countPlotlyCharts, htmlOutputs, withChartsAsHtml, type NotebookCell } from "../../scripts/lib/notebook";

interface Message {
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
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

  test("a chart is one output with plotly's MIME type and an HTML fallback, neither carrying plotly.js", () => {
    resetPlotlyLoader();
    const figure = clustersScatter({ points: [[1, 2]], labels: [0], axisTitles: ["x", "y"], title: "t" });
    showChart(figure);
    showTable([{ a: 1 }]);
    assert.equal(messages.length, 2);
    assert.deepEqual(Object.keys(messages[0].data).sort(), ["application/vnd.plotly.v1+json", "text/html"]);
    const spec = messages[0].data["application/vnd.plotly.v1+json"];
    assert.deepEqual(spec.data, JSON.parse(JSON.stringify(figure.data)), "short arrays stay plain JSON");
    assert.equal(spec.layout.title.text, "t");
    const html: string = messages[0].data["text/html"];
    assert.ok(html.includes('data-course-viz="chart-fallback"') && html.includes("<strong>t</strong>"), html);
    assert.ok(!html.includes("Plotly.newPlot(") && !html.includes('data-course-viz="plotly-loader"'), "no figure, no plotly.js");
    assert.ok(JSON.stringify(messages[0].data).length < 20_000, `${JSON.stringify(messages[0].data).length} bytes`);
    assert.ok(messages[1].data["text/html"].startsWith('<table class="course-table"'));
    assert.equal(Boolean(messages[0].update), false);
  });

  test("COURSE_CHARTS=inline (the classic Notebook): HTML only, plotly.js inlined in the first chart", () => {
    messages.length = 0;
    resetPlotlyLoader();
    const saved = process.env.COURSE_CHARTS;
    process.env.COURSE_CHARTS = "inline";
    try {
      const figure = clustersScatter({ points: [[1, 2]], labels: [0], axisTitles: ["x", "y"], title: "t" });
      showChart(figure);
      showChart(figure);
    } finally {
      if (saved === undefined) delete process.env.COURSE_CHARTS;
      else process.env.COURSE_CHARTS = saved;
    }
    assert.deepEqual(messages.map((m) => Object.keys(m.data)), [["text/html"], ["text/html"]]);
    assert.deepEqual(messages.map((m) => m.data["text/html"].includes('data-course-viz="plotly-loader"')), [true, false]);
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

describe("plotly MIME data of a chart", () => {
  test("long numeric arrays are packed as float32 and read back to 7 significant digits", () => {
    const points = Array.from({ length: 100 }, (_, i) => [Math.log10(i + 2), Math.sqrt(i) / 3]);
    const figure = clustersScatter({ points, labels: points.map((_, i) => i % 2), axisTitles: ["x", "y"], title: "many" });
    const spec = plotlyMimeData(figure) as { data: Record<string, unknown>[] };
    for (const [i, trace] of figure.data.entries()) {
      const packed = spec.data[i]!;
      for (const key of ["x", "y"] as const) {
        const original = (trace as Record<string, unknown>)[key] as number[];
        if (original.length < 32) {
          assert.deepEqual(packed[key], original);
          continue;
        }
        const { dtype, bdata } = packed[key] as { dtype: string; bdata: string };
        assert.equal(dtype, "f4");
        const bytes = Buffer.from(bdata, "base64");
        const back = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
        assert.equal(back.length, original.length);
        back.forEach((v, j) => assert.ok(Math.abs(v - original[j]!) <= 1e-7 * Math.max(1, Math.abs(original[j]!)), `${key}[${j}]`));
      }
      assert.deepEqual(packed.text, (trace as Record<string, unknown>).text, "names stay as they are");
    }
    assert.ok(JSON.stringify(spec).length < JSON.stringify(figure).length / 1.5);
  });

  test("a notebook's chart output reads back as the chart's HTML (tests, site export)", () => {
    const figure = clustersScatter({ points: [[1, 2]], labels: [0], axisTitles: ["x", "y"], title: "back" });
    const cell = {
      cell_type: "code" as const,
      source: "",
      metadata: {},
      execution_count: 1,
      outputs: [{ output_type: "display_data" as const, metadata: {}, data: { [PLOTLY_MIME]: plotlyMimeData(figure), "text/html": chartFallbackHtml(figure) } }],
    };
    const [html] = htmlOutputs(cell as unknown as NotebookCell);
    assert.ok(html!.includes("Plotly.newPlot(") && html!.includes('"back"'), html);
    assert.equal(countPlotlyCharts(cell as unknown as NotebookCell), 1);
    assert.equal(withChartsAsHtml(cell as unknown as NotebookCell).outputs![0]!.output_type, "display_data");
  });
});

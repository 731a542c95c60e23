/**
 * The notebook display wrappers, outside a kernel: with a stand-in display target (what a notebook
 * would receive), and with none (the text fallbacks of a plain script). tslab must never be loaded.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { PrivacyWarning, setWarningHandler, shouldShowWarning, warnPrivacy } from "../../src/errors";
import {
  inNotebook,
  installNotebookWarnings,
  progress,
  resetPlotlyLoader,
  setDisplayTarget,
  showChart,
  showMarkdown,
  showPlotlyLoader,
  showTable,
  showWarnings,
  type DisplayTarget,
} from "../../src/viz/display";
import { clustersScatter } from "../../src/viz/figures/index";
import { resetChartIds } from "../../src/viz/html";

const figure = clustersScatter({ points: [[1, 2]], labels: [0], axisTitles: ["x", "y"], title: "One point" });

interface Capture extends DisplayTarget {
  outputs: string[];
  /** One list of successive contents per in-place display. */
  displays: string[][];
}

function capture(): Capture {
  const outputs: string[] = [];
  const displays: string[][] = [];
  return {
    outputs,
    displays,
    html: (s) => outputs.push(s),
    markdown: (s) => outputs.push(`md:${s}`),
    newDisplay: () => {
      const updates: string[] = [];
      displays.push(updates);
      return { html: (s) => updates.push(s) };
    },
  };
}

/** Run fn with console.log/console.warn/console.error captured. */
function withConsole<T>(fn: () => T): { result: T; log: string[]; err: string[] } {
  const log: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error, table: console.table };
  console.log = (...a: unknown[]) => log.push(a.map(String).join(" "));
  console.warn = console.error = (...a: unknown[]) => err.push(a.map(String).join(" "));
  console.table = (rows: unknown) => log.push(`table:${JSON.stringify(rows)}`);
  try {
    return { result: fn(), log, err };
  } finally {
    Object.assign(console, saved);
  }
}

const loaderMark = 'data-course-viz="plotly-loader"';

describe("with a display target (as in a notebook)", () => {
  let target: Capture;
  beforeEach(() => {
    target = capture();
    setDisplayTarget(target);
    resetPlotlyLoader();
    resetChartIds("d");
  });
  afterEach(() => setDisplayTarget(undefined));

  test("the first chart carries plotly.js, later ones do not", () => {
    showChart(figure);
    showChart(figure);
    showChart(figure, { withLoader: true });
    assert.equal(target.outputs.length, 3);
    assert.deepEqual(
      target.outputs.map((o) => o.includes(loaderMark)),
      [true, false, true],
    );
    assert.ok(target.outputs[1].includes('id="course-chart-d-2"'));
    resetPlotlyLoader();
    showChart(figure);
    assert.ok(target.outputs[3].includes(loaderMark));
  });

  test("showPlotlyLoader sends the library alone and counts as sent", () => {
    showPlotlyLoader();
    showChart(figure);
    assert.ok(target.outputs[0].startsWith("<script"));
    assert.ok(!target.outputs[0].includes("course-chart-plot"));
    assert.ok(!target.outputs[1].includes(loaderMark));
  });

  test("showTable and showMarkdown", () => {
    showTable([{ name: "<b>x</b>", w: 1 }], { caption: "c" });
    showMarkdown("**hi**");
    assert.ok(target.outputs[0].startsWith('<table class="course-table"'));
    assert.ok(target.outputs[0].includes("&lt;b&gt;x&lt;/b&gt;"));
    assert.equal(target.outputs[1], "md:**hi**");
  });

  test("installNotebookWarnings shows each warning once, as a note (not on stderr too), until uninstalled", () => {
    const { err } = withConsole(() => {
      const uninstall = installNotebookWarnings();
      assert.equal(installNotebookWarnings(), uninstall, "installing twice changes nothing");
      warnPrivacy(new PrivacyWarning("bounds-from-data", "Bounds came from the data.", 2));
      uninstall();
      warnPrivacy(new PrivacyWarning("after", "not shown as a note"));
    });
    assert.equal(target.outputs.length, 1);
    assert.match(target.outputs[0], /class="course-warning".*<code>bounds-from-data<\/code>.*affects 2.*Bounds came from the data\./s);
    // Said once: the note only. After uninstalling, the default handler (stderr only) is back.
    assert.equal(err.length, 1);
    assert.match(err[0], /after/);
  });

  test("showWarnings groups identical warnings and returns the result", () => {
    const { result, err } = withConsole(() =>
      showWarnings(() => {
        for (let i = 0; i < 3; i++) warnPrivacy(new PrivacyWarning("values-clipped", "Clipped.", 1));
        warnPrivacy(new PrivacyWarning("bounds-from-data", "Bounds."));
        return 42;
      }),
    );
    assert.equal(result, 42);
    assert.equal(target.outputs.length, 2);
    assert.match(target.outputs[0], /values-clipped.*raised 3×/s);
    assert.deepEqual(err, [], "in a notebook the notes are the only copy");
  });

  test("showWarnings shows what was raised before an error, and waits for promises", async () => {
    withConsole(() =>
      assert.throws(() =>
        showWarnings(() => {
          warnPrivacy(new PrivacyWarning("w1", "first"));
          throw new Error("boom");
        }),
      ),
    );
    assert.equal(target.outputs.length, 1);
    const saved = console.warn;
    console.warn = () => {};
    try {
      const value = await showWarnings(async () => {
        await new Promise((r) => setTimeout(r, 5));
        warnPrivacy(new PrivacyWarning("w2", "late"));
        return "done";
      });
      assert.equal(value, "done");
    } finally {
      console.warn = saved;
    }
    assert.equal(target.outputs.length, 2);
    assert.match(target.outputs[1], /w2/);
  });

  test("progress updates one display in place, once per whole percent, ending at 100%", () => {
    const onProgress = progress(1000, "sweep");
    for (let i = 1; i <= 1000; i++) onProgress(i);
    assert.equal(target.displays.length, 1);
    const updates = target.displays[0];
    assert.equal(updates.length, 101);
    assert.match(updates[0], /0\/1000 \(0%\)/);
    assert.match(updates[100], /1000\/1000 \(100%\) ✓/);
  });

  test("progress accepts a new total", () => {
    const onProgress = progress(10, "grow");
    onProgress(5);
    onProgress(10, 20);
    assert.match(target.displays[0].at(-1)!, /10\/20 \(50%\)/);
  });
});

describe("without a notebook", () => {
  test("inNotebook is false and tslab is never loaded", () => {
    assert.equal(inNotebook(), false);
    withConsole(() => {
      showChart(figure);
      showTable([{ a: 1 }]);
      progress(2, "p")(2);
    });
    const loaded = Object.keys(require.cache).filter((k) => /[\\/]tslab[\\/]/.test(k));
    assert.deepEqual(loaded, []);
  });

  test("charts and tables fall back to text on stdout", () => {
    const { log } = withConsole(() => {
      showChart(figure);
      showTable([{ name: "Pikachu", weight: 6.01234 }], { caption: "Weights" });
      showMarkdown("# Title");
    });
    assert.match(log[0], /^\[chart: One point\]/);
    assert.equal(log[1], "Weights");
    assert.equal(log[2], 'table:[{"name":"Pikachu","weight":"6.012"}]');
    assert.equal(log[3], "# Title");
  });

  test("progress prints a line to stderr at every tenth", () => {
    const { err } = withConsole(() => {
      const onProgress = progress(100, "seeds");
      for (let i = 1; i <= 100; i++) onProgress(i);
    });
    assert.equal(err.length, 11);
    assert.equal(err[0], "seeds: 1/100 (1%)");
    assert.equal(err[10], "seeds: 100/100 (100%)");
  });
});

describe("warnings about a repeated setting are shown once per session", () => {
  test("seeded-noise: every fit raises it, the notebook shows it once", () => {
    const shown: string[] = [];
    const previous = setWarningHandler((w) => { if (shouldShowWarning(w)) shown.push(w.code); });
    try {
      for (let i = 0; i < 3; i++) warnPrivacy(new PrivacyWarning("seeded-noise", "The noise comes from a seed (test)."));
      warnPrivacy(new PrivacyWarning("bounds-from-data", "Bounds (test)."));
      warnPrivacy(new PrivacyWarning("bounds-from-data", "Bounds (test)."));
    } finally {
      setWarningHandler(previous);
    }
    assert.deepEqual(shown, ["seeded-noise", "bounds-from-data", "bounds-from-data"]);
  });
});

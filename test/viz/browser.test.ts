/**
 * The real-browser check of the notebook display outputs: a page assembled from what `showChart`,
 * `showTable` and the warning handler send to Jupyter is opened in headless Chromium with the network
 * blocked. Every chart must draw, nothing may be fetched, and a hostile Pokémon name must stay text.
 *
 * Needs Chromium (never downloaded): without it this test FAILS with install instructions.
 * Outputs: build/viz-test/gallery.html, gallery.png (whole page) and charts/<name>.png (one per chart).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { buildDir } from "../../scripts/lib/project";
import {
  chromiumPath,
  ensureDir,
  launchBrowser,
  openOffline,
  pageProblems,
  waitForCharts,
  type OfflinePage,
} from "../../scripts/lib/browser";
import { PrivacyWarning, warnPrivacy } from "../../src/errors";
import {
  installNotebookWarnings,
  resetPlotlyLoader,
  setDisplayTarget,
  showChart,
  showTable,
  type DisplayTarget,
} from "../../src/viz/display";
import { chartHtml, resetChartIds } from "../../src/viz/html";
import * as f from "./fixtures";
import { galleryFigures } from "./gallery";

const outDir = join(buildDir, "viz-test");
const pageFile = join(outDir, "gallery.html");

/** Build the page from display outputs captured as a notebook would receive them. */
function buildPage(): { html: string; charts: { name: string; id: string }[] } {
  const outputs: string[] = [];
  const capture: DisplayTarget = {
    html: (s) => outputs.push(s),
    markdown: (s) => outputs.push(`<pre>${s}</pre>`),
    newDisplay: () => ({ html: (s) => outputs.push(s) }),
  };
  const previous = setDisplayTarget(capture);
  resetPlotlyLoader();
  resetChartIds("gallery");
  const restoreWarnings = installNotebookWarnings();
  const originalWarn = console.warn;
  console.warn = () => {}; // the handler also prints to stderr; keep the test output clean
  try {
    // A chart placed before plotly.js arrives must wait for it (Notebook 6 can run outputs in any order).
    outputs.push(chartHtml(galleryFigures()["clusters-2d"], { id: "early-chart" }));
    const figures = galleryFigures();
    const charts = [{ name: "early-chart", id: "early-chart" }];
    for (const name of Object.keys(figures)) {
      outputs.push(`<h2>${name}</h2>`);
      showChart(figures[name]);
      const id = /<div id="([^"]+)" class="course-chart-plot"/.exec(outputs[outputs.length - 1])?.[1];
      assert.ok(id, `no chart div in the output for ${name}`);
      charts.push({ name, id });
    }
    charts.push({ name: "hidden-chart", id: "hidden-chart" });
    showTable(
      f.points.slice(0, 6).map((p, i) => ({ name: f.names[i], weight: p[0], height: p[1], cluster: f.labelsA[i] })),
      { caption: "First six Pokémon (weight in kg, height in m)" },
    );
    warnPrivacy(new PrivacyWarning("bounds-from-data", "Bounds were computed from the data <b>leak</b>.", 2));
    // A chart inside a hidden block, as on a reveal.js slide not shown yet.
    outputs.push(`<div id="hidden-slide" style="display:none">${chartHtml(figures.elbow, { id: "hidden-chart" })}</div>`);
    const html =
      `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Course charts gallery</title></head>\n` +
      `<body style="font-family:sans-serif;background:#fff;">\n${outputs.join("\n")}\n</body></html>\n`;
    return { html, charts };
  } finally {
    console.warn = originalWarn;
    restoreWarnings();
    setDisplayTarget(previous);
  }
}

// Counted as a failure of its own (with the install instructions) when Chromium is missing.
test("Chromium is installed", () => {
  chromiumPath();
});

describe("charts in a real browser, offline", () => {
  let browser: Browser;
  let opened: OfflinePage;
  let charts: { name: string; id: string }[];

  before(async () => {
    ensureDir(join(outDir, "charts"));
    const page = buildPage();
    charts = page.charts;
    const html = page.html;
    writeFileSync(pageFile, html);
    browser = await launchBrowser();
    opened = await openOffline(browser, pageFile, { viewport: { width: 1000, height: 900 } });
  });

  after(async () => {
    await browser?.close();
  });

  test("the page carries plotly.js exactly once", () => {
    const { html } = buildPage();
    assert.equal(html.split('data-course-viz="plotly-loader"').length - 1, 1);
  });

  test("every chart draws, with no network request and no error", async () => {
    const drawn = await waitForCharts(opened.page);
    assert.deepEqual(
      drawn.map((c) => c.id),
      charts.map((c) => c.id),
    );
    for (const c of drawn) assert.ok(c.svgs >= 1, `chart ${c.id} has no svg.main-svg`);
    assert.equal(pageProblems(opened), "");
    assert.deepEqual(opened.failed, []);
  });

  test("a hostile name stays text: in the table, in the warning, in the hover", async () => {
    const page = opened.page;
    await waitForCharts(page);
    const cellTexts: string[] = await page.evaluate(
      `Array.from(document.querySelectorAll("table.course-table td")).map((td) => td.textContent)`,
    );
    assert.ok(cellTexts.includes(f.hostileName), "the hostile name is not shown as text in the table");
    const warningText: string = await page.evaluate(`document.querySelector(".course-warning").textContent`);
    assert.match(warningText, /Bounds were computed from the data <b>leak<\/b>\./);
    // Hover the hostile point in the first chart (its names include the hostile one, escaped for plotly).
    const escaped = JSON.stringify("&lt;img src=x onerror=alert(1)&gt;");
    const hoverText: string = await page.evaluate(`(() => {
      const gd = document.getElementById("early-chart");
      const trace = gd.data.findIndex((t) => Array.isArray(t.text) && t.text.includes(${escaped}));
      const point = gd.data[trace].text.indexOf(${escaped});
      Plotly.Fx.hover(gd, [{ curveNumber: trace, pointNumber: point }]);
      const label = gd.querySelector(".hoverlayer");
      return label ? label.textContent : "";
    })()`);
    assert.ok(hoverText.includes(f.hostileName), `hover label shows "${hoverText}"`);
    assert.equal(await page.evaluate(`document.querySelectorAll("img").length`), 0, "an <img> element was created");
    await page.waitForTimeout(200); // let an onerror handler fire if one had been created
    assert.deepEqual(opened.dialogs, []);
  });

  test("the ε slider switches frames without a kernel", async () => {
    const page = opened.page;
    await waitForCharts(page);
    const lengths: number[] = await page.evaluate(`(async () => {
      const gd = Array.from(document.querySelectorAll(".course-chart-plot")).find((el) => el._transitionData && el._transitionData._frames && el._transitionData._frames.length);
      const before = gd.data[0].x.length;
      await Plotly.animate(gd, ["0.2"], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } });
      return [before, gd.data[0].x.length];
    })()`);
    const count = (labels: number[]) => labels.filter((l) => l === 0).length;
    assert.deepEqual(lengths, [count(f.labelsA), count(f.labelsB)]);
  });

  test("a chart drawn while hidden is drawn again, at full size, once shown", async () => {
    const page = opened.page;
    await waitForCharts(page);
    await page.evaluate(`document.getElementById("hidden-slide").style.display = "block"`);
    await page.waitForFunction(
      `(() => { const l = document.querySelector("#hidden-chart .legend"); return l && l.getBoundingClientRect().width > 50; })()`,
      undefined,
      { timeout: 10_000 },
    );
    assert.equal(pageProblems(opened), "");
  });

  test("screenshots", async () => {
    const page = opened.page;
    await waitForCharts(page);
    await page.evaluate(`window.scrollTo(0, 0)`);
    await page.screenshot({ path: join(outDir, "gallery.png"), fullPage: true });
    for (const { name, id } of charts) {
      await page.locator(`#${id}`).screenshot({ path: join(outDir, "charts", `${name}.png`) });
    }
  });
});

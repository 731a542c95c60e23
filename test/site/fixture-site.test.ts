/**
 * The whole site pipeline on fixture notebooks (no kernel: their outputs are written here), exported with
 * the real nbconvert and opened in Chromium with the network blocked:
 * - cells tagged `solution`, `remove-cell`, `injected-parameters` never reach a page or slide (checked in
 *   the file's text and in the browser); `remove-input` keeps the output only; a solution SOURCE notebook
 *   (BEGIN SOLUTION markers) is not published at all;
 * - plotly.js lives in the output of a removed cell (as when the first chart's cell is a solution): the
 *   build adds it back and every chart still draws;
 * - math is typeset by the vendored MathJax, on a page at the root and on one a folder down;
 * - a second build exports nothing (the export keys match);
 * - slides that fit (scripts/site/README.md): a lesson written to run past the slide's bottom (long
 *   markdown, long code, long text output, a table, charts after tall content) overflows when the deck
 *   is opened as exported (`?fit=off`), and the overflow check names those slides; the real deck splits
 *   and scales until no slide overflows, and loses no content on the way.
 *
 * Needs Jupyter's nbconvert and Chromium (never downloaded): without them this test FAILS with the fix.
 * Outputs: build/site-test/fixture/ (site, screenshots).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../../scripts/lib/browser";
import { codeCell, createNotebook, markdownCell, serializeNotebook, type Notebook, type NotebookCell } from "../../scripts/lib/notebook";
import { buildDir } from "../../scripts/lib/project";
import { buildSite, type BuildSiteResult } from "../../scripts/build-site";
import { visibleText } from "../../scripts/site/export";
import { codeFont, textFont } from "../../scripts/site/fonts";
import { chartHtml, plotlyLoaderHtml, tableHtml } from "../../src/viz/html";
import { clusterSizesFigure, statisticsFigure } from "../../src/viz/index";
import { checkPage, checkSlides, formatOverflows, type PageReport, type SlidesReport } from "./pages";

const root = join(buildDir, "site-test", "fixture");
const notebooks = join(root, "notebooks");
const site = join(root, "site");
const work = join(root, "work");

/** Strings that must never be published: each sits only in a removed cell or a solution source. */
const secrets = {
  solution: 'const answer = "SOLUTION-SECRET-4711";',
  setup: 'const helper = "REMOVED-SETUP-0815";',
  injected: "const k: number = 7; // INJECTED-VALUE-42",
  hiddenInput: 'printHiddenInput("HIDDEN-INPUT-1234");',
  exerciseSolution: 'const guess = "EXERCISE-SOLUTION-9999";',
  sourceNotebook: 'const k = 3; // SOLUTION-SOURCE-2468',
};

function html(data: string): NonNullable<NotebookCell["outputs"]>[number] {
  return { output_type: "display_data", data: { "text/html": data }, metadata: {} };
}

function stdout(text: string): NonNullable<NotebookCell["outputs"]>[number] {
  return { output_type: "stream", name: "stdout", text };
}

function slide(cell: NotebookCell, type: string): NotebookCell {
  cell.metadata.slideshow = { slide_type: type };
  return cell;
}

function withOutputs(cell: NotebookCell, outputs: NonNullable<NotebookCell["outputs"]>): NotebookCell {
  cell.outputs = outputs;
  return cell;
}

const histogram = statisticsFigure({ values: [1, 2, 2, 3, 5, 8, 13, 40, 90, 200], valueTitle: "Weight (kg)", title: "Fixture histogram", log: true });
const bars = clusterSizesFigure({ sizes: [5, 3, 1], minGroupSize: 2, title: "Fixture cluster sizes" });

function lesson(): Notebook {
  return createNotebook([
    slide(markdownCell("# Fixture lesson\n\n**Lesson 9 — a test of the export**\n\nInline math $\\varepsilon = 1$ and a display:\n\n$$\\Pr[M(D) \\in S] \\le e^{\\varepsilon} \\Pr[M(D') \\in S]$$"), "slide"),
    slide(codeCell("const k: number = 3;", { tags: ["parameters"] }), "-"),
    slide(codeCell(secrets.injected, { tags: ["injected-parameters"] }), "-"),
    // The solution cell carries plotly.js, as the first chart of a session does.
    slide(
      withOutputs(codeCell(`${secrets.solution}\nshowChart(answerFigure);`, { tags: ["solution"] }), [
        html(plotlyLoaderHtml()),
        html(chartHtml(histogram, { id: "solution-chart" })),
      ]),
      "-",
    ),
    slide(codeCell(secrets.setup, { tags: ["remove-cell"] }), "-"),
    slide(markdownCell("## Charts on slides\n\nThe histogram again, for everyone:"), "slide"),
    slide(withOutputs(codeCell("showChart(histogramFigure);"), [html(chartHtml(histogram, { id: "fixture-chart-1" }))]), "-"),
    slide(withOutputs(codeCell(secrets.hiddenInput, { tags: ["remove-input"] }), [stdout("the output of a hidden input stays\n")]), "subslide"),
    slide(withOutputs(codeCell("showChart(barsFigure);"), [html(chartHtml(bars, { id: "fixture-chart-2" }))]), "fragment"),
    slide(markdownCell("Skipped on slides, shown on the page."), "skip"),
    slide(markdownCell("## The end\n\nMore math: \\(k \\ge 2\\)."), "slide"),
  ]);
}

const tallBars = { ...bars, layout: { ...bars.layout, title: { text: "Tall bars" }, height: 520 } };
const wideHistogram = { ...histogram, layout: { ...histogram.layout, width: 900, height: 460 } };

/** Items of the long markdown list: each must still show somewhere in the fitted deck. */
const listItems = Array.from({ length: 34 }, (_, i) => `List item number ${i + 1} of the long slide`);

/** Slides made to run past the bottom edge of an 800 px slide, each in a different way. */
function overflowLesson(): Notebook {
  const longCode = Array.from({ length: 40 }, (_, i) => `const value${i + 1} = ${i + 1}; // line ${i + 1} of a long cell`).join("\n");
  const longOutput = Array.from({ length: 70 }, (_, i) => `output line ${i + 1}`).join("\n") + "\n";
  const rows = Array.from({ length: 60 }, (_, i) => ({ name: `row ${i + 1}`, value: i * 1.5 }));
  return createNotebook([
    slide(markdownCell("# Overflow fixture\n\n**Lesson 10 — slides that run long**"), "slide"),
    slide(markdownCell("## A long list\n\n" + listItems.map((t) => `- ${t}`).join("\n")), "slide"),
    slide(withOutputs(codeCell(longCode + "\nconsole.log(values);"), [stdout(longOutput)]), "slide"),
    slide(markdownCell("## Two charts under some code"), "slide"),
    slide(
      withOutputs(codeCell("showChart(tall);\nshowChart(wide);"), [
        html(chartHtml(tallBars, { id: "overflow-chart-1" })),
        html(chartHtml(wideHistogram, { id: "overflow-chart-2" })),
      ]),
      "-",
    ),
    slide(withOutputs(codeCell("showTable(rows);"), [html(tableHtml(rows, { maxRows: 60 }))]), "slide"),
    slide(markdownCell("## A chart after a tall paragraph\n\n" + "A sentence that fills the slide. ".repeat(60)), "slide"),
    slide(withOutputs(codeCell("showChart(again);"), [html(chartHtml(bars, { id: "overflow-chart-3" }))]), "fragment"),
  ]);
}

function exercise(): Notebook {
  return createNotebook([
    markdownCell("# Practice: choose k\n\nPick the number of clusters with $k \\ge 2$."),
    codeCell("let guess = 0; // your answer here\nq1.check();"),
    codeCell(secrets.exerciseSolution, { tags: ["solution"] }),
  ]);
}

function solutionSource(): Notebook {
  return createNotebook([markdownCell("# Practice: choose k (solutions)"), codeCell(`// BEGIN SOLUTION\n${secrets.sourceNotebook}\n// END SOLUTION`)]);
}

function write(rel: string, nb: Notebook): void {
  const path = join(notebooks, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, serializeNotebook(nb));
}

const quiet = { log: () => {}, logError: (text: string) => console.error(text) };

describe("site pipeline on fixture notebooks", () => {
  let first: BuildSiteResult;
  let second: BuildSiteResult;
  let browser: Browser;

  before(async () => {
    rmSync(root, { recursive: true, force: true });
    write("09-fixture.ipynb", lesson());
    write("10-overflow.ipynb", overflowLesson());
    write("exercises/09-practice.ipynb", exercise());
    write("exercises/source/09-practice.ipynb", solutionSource());
    const options = { notebooksDir: notebooks, executedDir: notebooks, execute: false, outDir: site, workDir: work, ...quiet };
    first = await buildSite(options);
    second = await buildSite(options);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("the build publishes the lesson (page + slides), the exercise page and the index, nothing else", () => {
    assert.equal(first.ok, true, `failed: ${first.failed.join(", ")}`);
    assert.deepEqual(first.pages.map((p) => [p.file, p.status]).sort(), [
      ["09-fixture.html", "exported"],
      ["09-fixture.slides.html", "exported"],
      ["10-overflow.html", "exported"],
      ["10-overflow.slides.html", "exported"],
      ["exercises/09-practice.html", "exported"],
    ]);
    assert.ok(existsSync(join(site, "index.html")));
    assert.ok(!existsSync(join(site, "exercises", "source")), "the solution source is not published");
    const index = readFileSync(join(site, "index.html"), "utf8");
    assert.ok(index.includes('href="09-fixture.slides.html"') && index.includes('href="exercises/09-practice.html"'));
    assert.ok(index.includes("Fixture lesson") && index.includes("a test of the export"));
  });

  test("a second build finds every export up to date", () => {
    assert.deepEqual(
      second.pages.map((p) => p.status),
      second.pages.map(() => "unchanged"),
    );
  });

  test("no removed cell and no solution source shows in any exported file; remove-input keeps the output", () => {
    for (const file of ["09-fixture.html", "09-fixture.slides.html", "exercises/09-practice.html", "index.html"]) {
      const text = visibleText(readFileSync(join(site, file), "utf8"));
      for (const [what, secret] of Object.entries(secrets)) {
        const marker = /[A-Z]+(?:-[A-Z]+)+-\d+/.exec(secret)![0];
        assert.ok(!text.includes(marker), `${file} shows the ${what} cell (${marker})`);
      }
    }
    const page = visibleText(readFileSync(join(site, "09-fixture.html"), "utf8"));
    assert.ok(page.includes("the output of a hidden input stays"));
    assert.ok(page.includes("showChart(histogramFigure);"), "kept code is there (the check is not vacuous)");
  });

  test("pages load only relative, vendored files", () => {
    for (const [file, prefix] of [
      ["09-fixture.slides.html", "vendor/"],
      ["exercises/09-practice.html", "../vendor/"],
    ] as const) {
      const text = readFileSync(join(site, file), "utf8");
      const sources = [...text.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(sources.length >= 2, `${file}: ${sources.join(", ")}`);
      for (const src of sources) assert.ok(src.startsWith(prefix), `${file} loads ${src}`);
      // (plotly.js itself mentions a CDN for map icons, which course charts never use: the browser test
      // below would catch any request.)
      assert.ok(!/file:\/\/\/usr\/share|fonts\.googleapis|cdnjs\.cloudflare/.test(text), `${file} points outside the site`);
    }
    // plotly.js: one shared copy in vendor/ and none inline, whether the page had the inline copy or lost
    // the cell that carried it.
    for (const [file, src] of [
      ["09-fixture.html", "vendor/plotly/plotly.min.js"],
      ["09-fixture.slides.html", "vendor/plotly/plotly.min.js"],
    ] as const) {
      const text = readFileSync(join(site, file), "utf8");
      assert.equal(text.split(`src="${src}"`).length - 1, 1, `${file} loads plotly.js once from ${src}`);
      assert.ok(text.length < 1_500_000, `${file}: ${text.length} bytes, plotly.js still inline?`);
    }
    assert.ok(existsSync(join(site, "vendor", "plotly", "plotly.min.js")));
  });

  test("in Chromium, offline: every chart draws (plotly.js added back), math typesets, slides navigate", async () => {
    const [page, exercisePage, slides] = (await Promise.all([
      checkPage(browser, join(site, "09-fixture.html")),
      checkPage(browser, join(site, "exercises", "09-practice.html")),
      checkSlides(browser, join(site, "09-fixture.slides.html"), { screenshotDir: root, name: "09-fixture" }),
    ])) as [PageReport, PageReport, SlidesReport];

    for (const [name, report] of [["page", page], ["exercise", exercisePage], ["slides", slides]] as const) {
      assert.equal(report.problems, "", `${name}: ${report.problems}`);
      assert.ok(report.math >= 1, `${name}: math typeset (${report.math})`);
      assert.equal(report.mathErrors, 0, `${name}: MathJax errors`);
      for (const secret of Object.values(secrets)) {
        assert.ok(!report.text.includes(/[A-Z]+(?:-[A-Z]+)+-\d+/.exec(secret)![0]), `${name} shows ${secret}`);
      }
    }
    // The shipped fonts (vendor/fonts/, scripts/site/fonts.ts) are what the text and the code use: a face
    // loads only when text on the page asks for it, so a page that fell back to the machine's fonts fails.
    for (const [name, report] of [["page", page], ["exercise", exercisePage], ["slides", slides]] as const) {
      for (const family of [textFont.family, codeFont.family]) {
        assert.ok(report.fonts.includes(family), `${name} uses ${family} (loaded: ${report.fonts.join(", ") || "none"})`);
      }
    }
    assert.deepEqual(page.charts.map((c) => c.id), ["fixture-chart-1", "fixture-chart-2"]);
    assert.ok(page.charts.every((c) => c.svgs >= 1), JSON.stringify(page.charts));
    assert.ok(page.text.includes("Skipped on slides, shown on the page."));

    assert.equal(slides.titleSlide, "Fixture lesson");
    assert.ok(!slides.text.includes("Skipped on slides"), "skip cells stay off the slides");
    assert.deepEqual(slides.chartSlides.map((c) => [c.id, c.slide]), [
      ["fixture-chart-1", "2/0"],
      ["fixture-chart-2", "2/1/0"],
    ]);
    for (const chart of slides.chartSlides) {
      assert.ok(chart.visible && chart.svgs >= 1, JSON.stringify(chart));
      assert.ok(chart.widthRatio <= 1, `${chart.id} is wider than its slide (${chart.widthRatio})`);
    }
    assert.equal(slides.reachedLast, true);
    assert.equal(slides.totalSlides, 5, "title, first cell, two chart slides, the end");
  });

  test("slides that fit: the deck as exported overflows (the check names the slides), the course deck does not", async () => {
    const deck = join(site, "10-overflow.slides.html");
    const [raw, fitted] = (await Promise.all([
      checkSlides(browser, deck, { fit: false, screenshotDir: root, name: "10-overflow-raw" }),
      checkSlides(browser, deck, { screenshotDir: root, name: "10-overflow" }),
    ])) as [SlidesReport, SlidesReport];
    for (const report of [raw, fitted]) assert.equal(report.problems, "", report.problems);

    // As exported: the list, the code with its output, the two charts, the table and the late chart run long.
    assert.ok(raw.overflows.length >= 4, `overflows without the layout: ${formatOverflows(raw.overflows)}`);
    assert.equal(raw.slidesMeasured, raw.totalSlides, "every slide measured");
    for (const o of raw.overflows) assert.ok(o.bottom > o.height && o.number >= 2, JSON.stringify(o));
    assert.match(formatOverflows(raw.overflows), /^slide \d+ \(\d+\/\d+\): content ends at [\d.]+ px of 800/);

    // With the layout: every slide fits, more (sub)slides, the same content.
    assert.deepEqual(fitted.overflows, [], formatOverflows(fitted.overflows));
    assert.equal(fitted.slidesMeasured, fitted.totalSlides, "every slide measured");
    assert.ok(fitted.totalSlides > raw.totalSlides, `${fitted.totalSlides} slides, as exported ${raw.totalSlides}`);
    for (const item of listItems) assert.ok(fitted.text.includes(item), `${item} is still in the deck`);
    assert.ok(fitted.text.includes("more lines: the full code is in the HTML page"), "the long code cell is an excerpt");
    assert.ok(!fitted.text.includes("line 40 of a long cell"), "the excerpt leaves the end of the code to the page");
    assert.ok(fitted.text.includes("output line 70") && fitted.text.includes("row 60"), "long outputs kept (they scroll)");
    const page = visibleText(readFileSync(join(site, "10-overflow.html"), "utf8"));
    assert.ok(page.includes("line 40 of a long cell"), "the page keeps the whole code");

    // Every chart drawn on a slide of its own part of the deck, none below the bottom edge.
    assert.deepEqual(fitted.chartSlides.map((c) => c.id).sort(), ["overflow-chart-1", "overflow-chart-2", "overflow-chart-3"]);
    for (const chart of fitted.chartSlides) assert.ok(chart.visible && chart.svgs >= 1 && chart.widthRatio <= 1, JSON.stringify(chart));
    const slideOf = (id: string): string => fitted.chartSlides.find((c) => c.id === id)!.slide.split("/").slice(0, 2).join("/");
    assert.notEqual(slideOf("overflow-chart-1"), slideOf("overflow-chart-2"), "the two tall charts do not share a slide");
  });
});

/**
 * The real course site: `buildSite()` (the notebooks through the runner's cache, exports skipped when up
 * to date: tested on fixtures in fixture-site.test.ts, where nothing else writes), then `index.html` and every lesson's page and slides opened in Chromium with every non-file
 * request blocked. Each page: no blocked or failed request, no page or console error, every chart drawn,
 * math typeset where the lesson has math. Each deck: the title slide, every chart visited on its slide
 * (drawn, visible, no wider than the slide), every slide visited and its content measured against the slide's
 * height (none may run below the bottom edge: the failure names the lesson and the slide numbers), the last
 * slide reached, screenshots of the title, first
 * code and first chart slides in build/site-test/<lesson>.{title,code,chart}.png.
 *
 * Pages are checked two at a time in parallel tabs of one browser (Chromium parses plotly.js,
 * about 5 MB, for several seconds per page). New lessons are picked up without touching this file.
 * Needs Jupyter and Chromium: without them this test FAILS with install instructions.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../../scripts/lib/browser";
import { readNotebook } from "../../scripts/lib/notebook";
import { buildDir } from "../../scripts/lib/project";
import { buildSite, defaultSiteDir, pageFiles, type BuildSiteResult } from "../../scripts/build-site";
import { notebooksDir } from "../../scripts/run-notebooks";
import { visibleText } from "../../scripts/site/export";
import { discoverNotebooks, removedCellLines } from "../../scripts/site/notebooks";
import { vendorUrls } from "../../scripts/site/vendor";
import {
  checkPage,
  checkSlides,
  createLimiter,
  expectedCharts,
  formatOverflows,
  hasMath,
  type PageReport,
  type SlidesReport,
} from "./pages";

const screenshotDir = join(buildDir, "site-test");
const published = discoverNotebooks(notebooksDir, readNotebook);
const lessons = published.filter((n) => n.kind === "lesson");

type Job = { name: string; file: string; format: "index" | "html" | "slides" };
const jobs: Job[] = [
  { name: "index", file: "index.html", format: "index" },
  ...published.flatMap((n) =>
    Object.entries(pageFiles(n)).map(([format, file]) => ({ name: n.name, file: file!, format: format as "html" | "slides" })),
  ),
];

describe("course site", () => {
  let build: BuildSiteResult;
  let browser: Browser;
  const reports = new Map<string, Promise<PageReport | SlidesReport>>();

  before(async () => {
    build = await buildSite({ quiet: true, log: () => {} });
    browser = await launchBrowser();
    // Open every page now, two tabs at a time; each test awaits its own page's report.
    const limit = createLimiter(2);
    for (const job of jobs) {
      const path = join(defaultSiteDir, job.file);
      const report = limit(() =>
        job.format === "slides"
          ? checkSlides(browser, path, { screenshotDir, name: job.name.replace(/\//g, "-") })
          : checkPage(browser, path),
      );
      report.catch(() => {}); // reported by the test that awaits it
      reports.set(job.file, report);
    }
  });
  after(async () => {
    await browser?.close();
  });

  test("the build succeeds and publishes every lesson as a page and slides", () => {
    assert.ok(lessons.length >= 1, "at least the welcome lesson");
    assert.equal(build.ok, true, `failed: ${build.failed.join(", ")}`);
    for (const job of jobs) assert.ok(existsSync(join(defaultSiteDir, job.file)), job.file);
    const index = readFileSync(join(defaultSiteDir, "index.html"), "utf8");
    for (const n of published) {
      for (const file of Object.values(pageFiles(n))) assert.ok(index.includes(`href="${file}"`), `index links ${file}`);
    }
  });

  test("index.html opens offline without a problem", async () => {
    const report = await reports.get("index.html")!;
    assert.equal(report.problems, "", report.problems);
    assert.equal(build.index.length, published.length, "one entry per published notebook");
    for (const entry of build.index) assert.ok(report.text.includes(entry.title), `index shows "${entry.title}"`);
  });

  for (const notebook of published) {
    const files = pageFiles(notebook);
    const executed = (): ReturnType<typeof readNotebook> => readNotebook(join(buildDir, "executed", `${notebook.name}.ipynb`));

    test(`${notebook.name}: no removed cell shows on its pages`, () => {
      const forbidden = removedCellLines(executed());
      for (const file of Object.values(files)) {
        const text = visibleText(readFileSync(join(defaultSiteDir, file!), "utf8"));
        for (const line of forbidden) assert.ok(!text.includes(line), `${file} shows ${JSON.stringify(line)}`);
      }
    });

    test(`${notebook.name}: its pages load plotly.js once, from vendor/, and carry no copy of their own`, () => {
      for (const file of Object.values(files)) {
        const html = readFileSync(join(defaultSiteDir, file!), "utf8");
        const url = vendorUrls(file!.split("/").length - 1).plotly;
        if (expectedCharts(executed(), "html") > 0) assert.equal(html.split(`src="${url}"`).length - 1, 1, `${file} loads ${url} once`);
        assert.ok(!/\* plotly\.js v\d/.test(html), `${file} still has plotly.js inline`);
      }
    });

    test(`${notebook.name}: the page works offline, every chart drawn`, async () => {
      const nb = executed();
      const report = await reports.get(files.html!)!;
      assert.equal(report.problems, "", report.problems);
      assert.equal(report.charts.length, expectedCharts(nb, "html"), "charts on the page");
      for (const chart of report.charts) assert.ok(chart.svgs >= 1, `${chart.id} not drawn`);
      if (hasMath(nb)) assert.ok(report.math > 0, "the lesson has math: MathJax typeset it");
      assert.equal(report.mathErrors, 0, "MathJax errors");
    });

    if (files.slides) {
      test(`${notebook.name}: the slides work offline: title slide, each chart on its slide, every slide fits its height, the last slide`, async () => {
        const nb = executed();
        const report = (await reports.get(files.slides!)!) as SlidesReport;
        assert.equal(report.problems, "", report.problems);
        const title = build.notebooks.find((n) => n.notebook.name === notebook.name)?.description?.title;
        assert.equal(report.titleSlide, title, "the first slide is the lesson's title slide");
        assert.ok(report.totalSlides >= 2, `slides: ${report.totalSlides}`);
        assert.equal(report.chartSlides.length, expectedCharts(nb, "slides"), "charts in the slides");
        for (const chart of report.chartSlides) {
          assert.ok(chart.visible && chart.svgs >= 1, `${chart.id} on slide ${chart.slide}: ${JSON.stringify(chart)}`);
          assert.ok(chart.widthRatio <= 1, `${chart.id} on slide ${chart.slide} is wider than the slide`);
        }
        if (hasMath(nb)) assert.ok(report.math > 0, "the lesson has math: MathJax typeset it");
        assert.equal(report.mathErrors, 0, "MathJax errors");
        assert.equal(report.reachedLast, true, "Reveal.isLastSlide() after going to the last slide");
        assert.equal(report.slidesMeasured, report.totalSlides, "every slide measured");
        assert.deepEqual(report.overflows, [], `${notebook.name}: slides run below the bottom edge: ${formatOverflows(report.overflows)}`);
        if (report.chartSlides.length > 0) {
          assert.ok(report.screenshots.some((s) => s.endsWith(".chart.png")), "a screenshot of the first chart slide");
        }
      });
    }
  }
});

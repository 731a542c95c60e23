/**
 * Shared by the site tests: open an exported page or slide deck in Chromium with every non-file request
 * blocked (scripts/lib/browser.ts) and report what a reader would meet: problems (blocked or failed
 * requests, page errors, console errors, dialogs), charts and whether they drew, math and MathJax
 * errors, and for slides the title slide, each chart on its own slide, and the last slide.
 *
 * Page scripts are passed as strings: the project compiles without the DOM library.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { ensureDir, openOffline, pageProblems, waitForCharts } from "../../scripts/lib/browser";
import { cellSource, cellTags, countPlotlyCharts, type Notebook } from "../../scripts/lib/notebook";
import { removedCellTags } from "../../scripts/site/notebooks";

/** What {@link checkPage} found on a page. */
export interface PageReport {
  /** `""` when nothing went wrong, else a summary (see `pageProblems`). */
  problems: string;
  /** Every `.course-chart-plot` with its number of `svg.main-svg` (0 = not drawn). */
  charts: { id: string; svgs: number }[];
  /** Typeset formulas (MathJax CommonHTML elements). */
  math: number;
  /** Formulas MathJax could not typeset. */
  mathErrors: number;
  /** The page's visible text (`document.body.innerText`). */
  text: string;
  /** Families of the web fonts the page loaded (a face loads only when some text on the page uses it). */
  fonts: string[];
}

/** One chart visited on its slide. */
export interface ChartSlide {
  id: string;
  /** `h/v` (and `/f` inside a fragment) of its slide. */
  slide: string;
  svgs: number;
  /** True when the chart is on the slide in view and has a size. */
  visible: boolean;
  /** The chart's drawn width over the slide's width (≤ 1 when it fits across). */
  widthRatio: number;
}

/** A slide whose content runs below its bottom edge (see {@link measureSlides}). */
export interface SlideOverflow {
  /** The slide's number as the deck shows it (1 = the title slide), and its reveal.js `h/v` indices. */
  number: number;
  indices: string;
  /** The lowest edge of its content and the slide's height, in canvas px. */
  bottom: number;
  height: number;
}

/** What {@link checkSlides} found in a deck. */
export interface SlidesReport extends PageReport {
  totalSlides: number;
  /** Slides visited by {@link measureSlides}. */
  slidesMeasured: number;
  /** Slides whose content runs below the slide's bottom edge. */
  overflows: SlideOverflow[];
  /** The first slide's `h1` when it is the course title slide, else `null`. */
  titleSlide: string | null;
  chartSlides: ChartSlide[];
  /** `Reveal.isLastSlide()` after going to the last slide. */
  reachedLast: boolean;
  /** Screenshots written. */
  screenshots: string[];
}

/** How many charts an exported page should draw: kept cells only; slides also drop `skip` cells. */
export function expectedCharts(nb: Notebook, format: "html" | "slides"): number {
  return nb.cells
    .filter((cell) => !cellTags(cell).some((t) => removedCellTags.includes(t)))
    .filter((cell) => format === "html" || (cell.metadata.slideshow as { slide_type?: string } | undefined)?.slide_type !== "skip")
    .reduce((sum, cell) => sum + countPlotlyCharts(cell, 'class="course-chart-plot"'), 0);
}

/** True when a markdown cell (code spans and fences aside) holds `$…$`, `$$…$$`, `\(…\)` or `\[…\]`. */
export function hasMath(nb: Notebook): boolean {
  return nb.cells.some((cell) => {
    if (cell.cell_type !== "markdown") return false;
    const text = cellSource(cell).replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
    return /\$\$[\s\S]+?\$\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]|\$[^$\s][^$]*?\$/.test(text);
  });
}

/** The families of the web fonts a page has loaded so far (after `document.fonts.ready`). */
async function loadedFonts(page: Page): Promise<string[]> {
  return page.evaluate(`document.fonts.ready.then(() => Array.from(new Set(Array.from(document.fonts)
    .filter((f) => f.status === "loaded").map((f) => f.family.replace(/["']/g, "")))).sort())`) as Promise<string[]>;
}

async function mathReport(page: Page): Promise<{ math: number; mathErrors: number }> {
  const loadsMathJax = await page.evaluate(`document.querySelector('script[src*="MathJax.js"]') !== null`);
  if (!loadsMathJax) return { math: 0, mathErrors: 0 };
  // MathJax 2 typesets through its queue: once startup is over, a callback queued now runs after it.
  await page.waitForFunction("window.MathJax !== undefined && MathJax.isReady === true", undefined, { timeout: 60_000 });
  await page.evaluate("new Promise((resolve) => MathJax.Hub.Queue(() => resolve(true)))");
  return page.evaluate(
    `({ math: document.querySelectorAll(".MathJax_CHTML").length,
        mathErrors: document.querySelectorAll(".mjx-merror, .MathJax_Error").length })`,
  );
}

/**
 * Open an HTML page offline, wait for its charts and math, and report.
 * @param browser - from `launchBrowser()`
 * @param file - the page
 */
export async function checkPage(browser: Browser, file: string): Promise<PageReport> {
  const opened = await openOffline(browser, file);
  try {
    const charts = await waitForCharts(opened.page, 60_000);
    const math = await mathReport(opened.page);
    const text = (await opened.page.evaluate("document.body.innerText")) as string;
    const fonts = await loadedFonts(opened.page);
    return { problems: pageProblems(opened), charts, ...math, text, fonts };
  } finally {
    await opened.context.close();
  }
}

/**
 * Tolerance of the overflow check, canvas px: sub-pixel rounding and the 1 px borders at a slide's edge.
 */
export const overflowTolerance = 2;

// The lowest edge of what the current slide shows, in canvas px from its top. Written for this test, not
// taken from the deck's own layout code: every rendered element counts (hidden fragments too: they take
// their place), except inside a scroll box (the box counts, not its contents) and what takes no space.
const measureCurrentSlide = `(() => {
  const slide = Reveal.getCurrentSlide();
  const box = slide.getBoundingClientRect();
  const scale = box.height / slide.offsetHeight;
  let bottom = 0;
  const walk = (el) => {
    for (const child of el.children) {
      const style = getComputedStyle(child);
      if (style.display === "none" || style.position === "fixed") continue;
      const rect = child.getBoundingClientRect();
      if (rect.width > 0 || rect.height > 0) bottom = Math.max(bottom, (rect.bottom - box.top) / scale);
      if (style.overflowY === "visible") walk(child);
    }
  };
  walk(slide);
  return { bottom: Math.round(bottom * 10) / 10, height: Reveal.getConfig().height,
    number: Reveal.getSlidePastCount() + 1, indices: [Reveal.getIndices().h, Reveal.getIndices().v || 0].join("/") };
})()`;

// The current slide is ready to measure: its charts drawn and fitted (the drawing no taller than its
// box), math typeset, two frames painted.
const currentSlideSettled = `(() => {
  const slide = Reveal.getCurrentSlide();
  const charts = Array.from(slide.querySelectorAll(".course-chart-plot"));
  return charts.every((c) => {
    const svg = c.querySelector("svg.main-svg");
    return c.getAttribute("data-drawn") === "yes" && svg !== null && svg.getBoundingClientRect().height <= c.getBoundingClientRect().height + 1;
  });
})()`;

/**
 * Visit every slide of a deck (every vertical subslide of every horizontal slide, counted again after
 * each visit since a deck may add subslides) and measure its content against the slide's height.
 *
 * @param page - a deck opened offline, reveal.js ready
 * @returns how many slides were visited and those whose content runs below their bottom edge
 */
export async function measureSlides(page: Page): Promise<{ measured: number; overflows: SlideOverflow[] }> {
  const overflows: SlideOverflow[] = [];
  let measured = 0;
  const verticalCount = (h: number): Promise<number> =>
    page.evaluate(`Math.max(1, Reveal.getHorizontalSlides()[${h}].querySelectorAll(":scope > section").length)`) as Promise<number>;
  for (let h = 0; h < ((await page.evaluate("Reveal.getHorizontalSlides().length")) as number); h++) {
    for (let v = 0; v < (await verticalCount(h)); v++) {
      await page.evaluate(`Reveal.slide(${h}, ${v})`);
      await page.waitForFunction(currentSlideSettled, undefined, { timeout: 30_000 });
      await page.evaluate(
        `new Promise((resolve) => { const M = window.MathJax; if (M && M.Hub && M.Hub.Queue) M.Hub.Queue(() => resolve(true)); else resolve(true); })`,
      );
      await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
      await page.waitForFunction(currentSlideSettled, undefined, { timeout: 30_000 });
      const m = (await page.evaluate(measureCurrentSlide)) as SlideOverflow;
      measured++;
      if (m.bottom > m.height + overflowTolerance) overflows.push(m);
    }
  }
  return { measured, overflows };
}

/** One line per overflowing slide, for assertion messages. */
export function formatOverflows(overflows: readonly SlideOverflow[]): string {
  return overflows.map((o) => `slide ${o.number} (${o.indices}): content ends at ${o.bottom} px of ${o.height}`).join("; ");
}

/** Options of {@link checkSlides}. */
export interface CheckSlidesOptions {
  /** False: open the deck with `?fit=off` (as exported, no slide layout), to show what the layout fixes. Default true. */
  fit?: boolean;
  /** Folder for the screenshots (title slide, first code slide, first chart slide). Default: none taken. */
  screenshotDir?: string;
  /** File name prefix of the screenshots. */
  name?: string;
}

/**
 * Open a slide deck offline, wait for reveal.js, visit every chart's slide, go to the last slide, report.
 * Transitions are switched off first so screenshots never catch a slide half-way.
 */
export async function checkSlides(browser: Browser, file: string, options: CheckSlidesOptions = {}): Promise<SlidesReport> {
  const url = pathToFileURL(file).href + (options.fit === false ? "?fit=off" : "");
  const opened = await openOffline(browser, url);
  const { page } = opened;
  const screenshots: string[] = [];
  const shoot = async (what: string): Promise<void> => {
    if (!options.screenshotDir) return;
    const path = join(ensureDir(options.screenshotDir), `${options.name ?? "slides"}.${what}.png`);
    await page.waitForTimeout(300); // let a chart fitted to the slide finish its redraw
    await page.screenshot({ path });
    screenshots.push(path);
  };
  try {
    await page.waitForFunction("window.Reveal !== undefined && Reveal.isReady()", undefined, { timeout: 60_000 });
    await page.evaluate(`Reveal.configure({ transition: "none", backgroundTransition: "none" })`);
    await page.waitForFunction(`["done", "off"].includes(document.body.getAttribute("data-course-fit"))`, undefined, { timeout: 60_000 });
    const charts = await waitForCharts(page, 60_000);
    const math = await mathReport(page);
    const totalSlides = (await page.evaluate("Reveal.getTotalSlides()")) as number;
    const titleSlide = (await page.evaluate(
      `(() => { const s = document.querySelector(".reveal .slides > section");
        return s && s.classList.contains("course-title-slide") ? s.querySelector("h1").textContent : null; })()`,
    )) as string | null;
    await page.evaluate("Reveal.slide(0, 0)");
    await shoot("title");

    // The first slide with code and no chart.
    const codeSlide = (await page.evaluate(
      `(() => { const s = Array.from(document.querySelectorAll(".reveal .slides section"))
          .filter((x) => !x.querySelector("section") && x.querySelector(".jp-CodeCell") && !x.querySelector(".course-chart-plot"))[0];
        if (!s) return null; const i = Reveal.getIndices(s); return [i.h, i.v || 0]; })()`,
    )) as [number, number] | null;
    if (codeSlide) {
      await page.evaluate(`Reveal.slide(${codeSlide[0]}, ${codeSlide[1]})`);
      await shoot("code");
    }

    const chartSlides: ChartSlide[] = [];
    let current = "";
    for (const chart of charts) {
      const where = (await page.evaluate(
        `(() => { const c = document.getElementById(${JSON.stringify(chart.id)});
          const i = Reveal.getIndices(c.closest("section"));
          const f = c.closest(".fragment");
          return [i.h, i.v || 0, f ? Number(f.getAttribute("data-fragment-index")) : null]; })()`,
      )) as [number, number, number | null];
      const target = where.map((x) => (x === null ? "undefined" : x)).join(", ");
      if (target !== current) await page.evaluate(`Reveal.slide(${target})`); // charts sharing a slide: one visit
      current = target;
      const selector = JSON.stringify(chart.id);
      await page.waitForFunction(
        `(() => { const c = document.getElementById(${selector});
          return Reveal.getCurrentSlide().contains(c) && c.offsetWidth > 0 && c.getAttribute("data-drawn") === "yes"
            && c.querySelector("svg.main-svg") !== null; })()`,
        undefined,
        { timeout: 30_000 },
      );
      if (chartSlides.length === 0) await shoot("chart");
      chartSlides.push(
        (await page.evaluate(
          `(() => { const c = document.getElementById(${selector}); const slide = Reveal.getCurrentSlide();
            const svg = c.querySelector("svg.main-svg");
            return { id: c.id, slide: ${JSON.stringify(where.filter((x) => x !== null).join("/"))},
              svgs: c.querySelectorAll("svg.main-svg").length,
              visible: slide.contains(c) && c.offsetWidth > 0 && c.offsetHeight > 0,
              widthRatio: svg.getBoundingClientRect().width / slide.getBoundingClientRect().width }; })()`,
        )) as ChartSlide,
      );
    }

    const measuredSlides = await measureSlides(page);
    await page.evaluate(
      `(() => { const slides = Reveal.getHorizontalSlides(); const h = slides.length - 1;
        const v = Math.max(0, slides[h].querySelectorAll(":scope > section").length - 1); Reveal.slide(h, v); })()`,
    );
    const reachedLast = (await page.evaluate("Reveal.isLastSlide()")) as boolean;
    // Every slide's text, shown or not (innerText would skip the slides reveal.js hides), scripts aside.
    const text = (await page.evaluate(
      `(() => { const copy = document.querySelector(".reveal .slides").cloneNode(true);
        copy.querySelectorAll("script, style").forEach((e) => e.remove()); return copy.textContent; })()`,
    )) as string;
    return {
      problems: pageProblems(opened),
      charts,
      ...math,
      text,
      fonts: await loadedFonts(page),
      totalSlides,
      slidesMeasured: measuredSlides.measured,
      overflows: measuredSlides.overflows,
      titleSlide,
      chartSlides,
      reachedLast,
      screenshots,
    };
  } finally {
    await opened.context.close();
  }
}

/**
 * A limit on how many tasks run at once (parallel browser tabs): `limit(task)` starts the task when a lane
 * is free and settles with its result. Tasks fail independently.
 */
export function createLimiter(lanes: number): <R>(task: () => Promise<R>) => Promise<R> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (active >= lanes) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

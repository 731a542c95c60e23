/**
 * Opening pages in a real, offline browser: headless Chromium driven by playwright-core, with every
 * request that is not a local file blocked and recorded. Used by the chart tests and the site tests to
 * prove a page works without the network (no CDN, no fonts, no telemetry).
 *
 * Chromium is never downloaded: it comes from the system (`apt-get install chromium` on Debian/Ubuntu) or
 * from the path in `CHROMIUM_PATH`.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Where Chromium is looked for when `CHROMIUM_PATH` is not set, in order. */
export const chromiumCandidates: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/**
 * Flags for a quiet, reproducible headless run: no sandbox (containers, CI), no GPU, and none of the
 * background traffic (updates, sync, field trials, QUIC probing) that would show up as blocked requests.
 */
export const chromiumArgs: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** How to get a browser, for error messages. */
export const installHint =
  "Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Chromium or Chrome) " +
  "or set CHROMIUM_PATH to a Chromium/Chrome executable. The tests never download a browser.";

/**
 * The Chromium executable: `CHROMIUM_PATH` if set, else the first of {@link chromiumCandidates} present.
 *
 * @returns the path
 * @throws Error naming how to install Chromium when none is found (so a test fails loudly, never skips)
 */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist. ${installHint}`);
    return fromEnv;
  }
  const found = chromiumCandidates.find((p) => existsSync(p));
  if (!found) throw new Error(`No Chromium found (looked in ${chromiumCandidates.join(", ")}). ${installHint}`);
  return found;
}

/**
 * Start headless Chromium with {@link chromiumArgs}. Playwright gives it a fresh, throw-away profile
 * (and sets headless mode itself).
 *
 * @returns the browser; close it with `browser.close()`
 * @throws Error with install instructions when Chromium is missing
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  return chromium.launch({
    executablePath,
    headless: true,
    args: chromiumArgs.filter((a) => a !== "--headless"),
  });
}

/**
 * The command line for a screenshot with the Chromium CLI (no playwright), for scripts that want one:
 * a fresh profile folder and a virtual time budget so scripts on the page finish before the capture.
 *
 * @param url - the page's URL
 * @param png - where to write the screenshot
 * @param size - window size, default 1280 × 900
 * @returns `[executable, ...args]`
 */
export function chromiumScreenshotCommand(
  url: string,
  png: string,
  size: { width: number; height: number } = { width: 1280, height: 900 },
): string[] {
  const profile = mkdtempSync(join(tmpdir(), "course-chromium-"));
  return [
    chromiumPath(),
    ...chromiumArgs,
    `--user-data-dir=${profile}`,
    "--virtual-time-budget=8000",
    `--window-size=${size.width},${size.height}`,
    `--screenshot=${png}`,
    url,
  ];
}

/** A page opened by {@link openOffline}, with everything that went wrong on it. */
export interface OfflinePage {
  page: Page;
  context: BrowserContext;
  /** URLs the page tried to fetch from the network (all blocked). */
  blocked: string[];
  /** Requests that failed, blocked ones included: `url — reason`. */
  failed: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** `console.error` messages. */
  consoleErrors: string[];
  /** Messages of `alert`/`confirm`/`prompt` dialogs (dismissed at once). */
  dialogs: string[];
}

/** Options of {@link openOffline}. */
export interface OpenOfflineOptions {
  /** Viewport size. Default 1280 × 900. */
  viewport?: { width: number; height: number };
  /** When `goto` returns. Default `"load"`. */
  waitUntil?: "load" | "domcontentloaded" | "networkidle";
}

/**
 * Open a local HTML file in a new context where only `file:`, `data:` and `blob:` URLs load; any other
 * request is aborted and recorded, as are failed requests, page errors, console errors and dialogs.
 *
 * @param browser - from {@link launchBrowser}
 * @param file - path of the HTML file (or a `file:` URL)
 * @param options - viewport, load state
 * @returns the page and its problem lists (the lists keep filling while the page runs)
 */
export async function openOffline(
  browser: Browser,
  file: string,
  options: OpenOfflineOptions = {},
): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const result: Omit<OfflinePage, "page"> = {
    context,
    blocked: [],
    failed: [],
    pageErrors: [],
    consoleErrors: [],
    dialogs: [],
  };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    result.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("requestfailed", (r) => result.failed.push(`${r.url()} — ${r.failure()?.errorText ?? "failed"}`));
  page.on("pageerror", (e) => result.pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") result.consoleErrors.push(m.text());
  });
  page.on("dialog", (d) => {
    result.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const url = file.startsWith("file:") ? file : pathToFileURL(file).href;
  await page.goto(url, { waitUntil: options.waitUntil ?? "load" });
  return { page, ...result };
}

/**
 * A one-line summary of everything that went wrong on a page, or `""` when nothing did. Handy as an
 * assertion message.
 */
export function pageProblems(p: Omit<OfflinePage, "page" | "context">): string {
  const parts: string[] = [];
  if (p.blocked.length) parts.push(`blocked network requests: ${p.blocked.join(", ")}`);
  if (p.failed.length) parts.push(`failed requests: ${p.failed.join(", ")}`);
  if (p.pageErrors.length) parts.push(`page errors: ${p.pageErrors.join(" | ")}`);
  if (p.consoleErrors.length) parts.push(`console errors: ${p.consoleErrors.join(" | ")}`);
  if (p.dialogs.length) parts.push(`dialogs: ${p.dialogs.join(" | ")}`);
  return parts.join("; ");
}

/**
 * Wait until every course chart on the page (`.course-chart-plot`) has drawn, then count plotly's
 * `svg.main-svg` in each (plotly 3 makes two or three per chart: plot, hover layer, ...). Call it after
 * the page has loaded; a page without charts gives `[]` at once, so assert the count you expect.
 *
 * @param page - the page
 * @param timeoutMs - how long to wait, default 30 s
 * @returns for each chart div, in page order, its id and number of `svg.main-svg`
 */
export async function waitForCharts(page: Page, timeoutMs = 30_000): Promise<{ id: string; svgs: number }[]> {
  // Strings, not functions: this project compiles without the DOM library.
  await page.waitForFunction(
    `(() => {
      const charts = Array.from(document.querySelectorAll(".course-chart-plot"));
      return charts.every((c) => c.getAttribute("data-drawn") === "yes");
    })()`,
    undefined,
    { timeout: timeoutMs },
  );
  return page.evaluate(
    `Array.from(document.querySelectorAll(".course-chart-plot")).map((c) => ({
      id: c.id,
      svgs: c.querySelectorAll("svg.main-svg").length,
    }))`,
  );
}

/** Create a folder (and its parents) if needed; returns it. */
export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

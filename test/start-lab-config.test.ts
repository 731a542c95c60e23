/**
 * JupyterLab as `npm start` serves it is set up for the course through the project's own configuration
 * (jupyter/config/, jupyter/lab/settings/overrides.json), checked on a real server:
 * - the course kernel is the only kernel and the default: in the REST API (`/api/kernelspecs`), and in a
 *   real browser in every place a learner starts a notebook — the launcher, File → New → Notebook, and
 *   the kernel dialog's preselection;
 * - no news pop-up and no update check: the settings say so, and in the browser no request leaves the
 *   server and no notification is shown;
 * - light notebooks: lesson 2 executed (charts as plotly's MIME type, src/viz/display.ts) opens in
 *   JupyterLab with every chart drawn by the jupyterlab-plotly extension, and saved from there it weighs
 *   at most 300 kB (it was about 5 MB with plotly.js inlined).
 * Needs Jupyter (`npm install`) and Chromium (`npm test`'s pretest installs it).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../scripts/lib/browser";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readNotebook } from "../scripts/lib/notebook";
import { kernelName, projectRoot } from "../scripts/lib/project";
import { formatFailure, runNotebooks } from "../scripts/run-notebooks";
import { PLOTLY_MIME } from "../src/viz/html";
import { startCourseServer, type CourseServer } from "./start-server";

const COURSE_KERNEL = "TypeScript (private clustering course)";
const LESSON = "02-comparing-models";

let server: CourseServer;
before(async () => {
  server = await startCourseServer();
});
after(() => server?.cleanUp());

describe("JupyterLab set up for the course", { timeout: 300_000 }, () => {
  test("REST: the course kernel is the only kernelspec and the default", async () => {
    const specs = await server.api("/api/kernelspecs");
    assert.equal(specs.default, kernelName);
    assert.deepEqual(Object.keys(specs.kernelspecs), [kernelName], "Python is not offered next to the course kernel");
    assert.equal(specs.kernelspecs[kernelName].spec.display_name, COURSE_KERNEL);
  });

  test("REST: JupyterLab's settings: no news, no update check, new notebooks start the default kernel", async () => {
    // Overrides become the schema's defaults; the learner's own settings (none on a fresh machine) win.
    const effective = async (plugin: string, key: string): Promise<unknown> => {
      const answer = await server.api(`/lab/api/settings/${plugin}`);
      return key in answer.settings ? answer.settings[key] : answer.schema.properties[key].default;
    };
    assert.equal(await effective("@jupyterlab/apputils-extension:notification", "fetchNews"), "false");
    assert.equal(await effective("@jupyterlab/apputils-extension:notification", "checkForUpdates"), false);
    assert.equal(await effective("@jupyterlab/notebook-extension:tracker", "autoStartDefaultKernel"), true);
  });

  describe("in Chromium", () => {
    let browser: Browser;
    let page: Page;
    const outside: string[] = [];
    before(async () => {
      browser = await launchBrowser();
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      // Only the server may be asked: a news feed or an update check would show up here.
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith(server.url.origin) || /^(data|blob):/.test(url)) return route.continue();
        outside.push(url);
        return route.abort("blockedbyclient");
      });
      page = await context.newPage();
      await page.goto(server.url.href);
      await page.waitForSelector(".jp-LauncherCard", { timeout: 120_000 });
    });
    after(async () => browser?.close());

    const waitForKernelName = (name: string): Promise<unknown> =>
      page.waitForFunction(
        `Array.from(document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName"))
          .some((e) => e.textContent.trim() === ${JSON.stringify(name)})`,
        undefined,
        { timeout: 60_000 },
      );

    const menu = async (...path: string[]): Promise<void> => {
      await page.click(`.lm-MenuBar-itemLabel:text-is("${path[0]}")`);
      for (const item of path.slice(1, -1)) await page.hover(`.lm-Menu-itemLabel:text-is("${item}")`);
      await page.click(`.lm-Menu-itemLabel:text-is("${path[path.length - 1]}")`);
    };

    test("the launcher offers the course kernel, and only it, for a notebook", async () => {
      const cards = (await page.evaluate(`Array.from(document.querySelectorAll(".jp-Launcher-section"))
        .filter((s) => s.querySelector(".jp-Launcher-sectionTitle")?.textContent.trim() === "Notebook")
        .flatMap((s) => Array.from(s.querySelectorAll(".jp-LauncherCard")).map((c) => c.getAttribute("title") || c.textContent))`)) as string[];
      assert.deepEqual(cards.map((c) => c.trim()), [COURSE_KERNEL]);
    });

    test("File → New → Notebook starts the course kernel (Enter on any dialog keeps it)", async () => {
      await menu("File", "New", "Notebook");
      // No dialog is expected (autoStartDefaultKernel); should one come, its preselection is what Enter takes.
      const dialog = await page.waitForSelector(".jp-Dialog", { timeout: 3_000 }).catch(() => null);
      if (dialog) {
        const chosen = (await page.evaluate(`document.querySelector(".jp-Dialog select").selectedOptions[0]?.textContent ?? ""`)) as string;
        assert.equal(chosen.trim(), COURSE_KERNEL, "the kernel dialog preselects the course kernel");
        await page.keyboard.press("Enter");
      }
      await waitForKernelName(COURSE_KERNEL);
      const sessions = await server.api("/api/sessions");
      assert.ok(sessions.length >= 1 && sessions.every((s: { kernel: { name: string } }) => s.kernel.name === kernelName), JSON.stringify(sessions));
    });

    test("the kernel dialog of a notebook without a kernel preselects the course kernel", async () => {
      // With a kernel running the dialog preselects that kernel; without one, it shows its own choice.
      await menu("Kernel", "Shut Down Kernel");
      await waitForKernelName("No Kernel");
      await menu("Kernel", "Change Kernel…");
      await page.waitForSelector(".jp-Dialog select", { timeout: 30_000 });
      const options = (await page.evaluate(`(() => { const s = document.querySelector(".jp-Dialog select");
        return { chosen: (s.selectedOptions[0]?.textContent ?? "").trim(),
          all: Array.from(s.options).map((o) => o.textContent.trim()) }; })()`)) as { chosen: string; all: string[] };
      assert.equal(options.chosen, COURSE_KERNEL, `options: ${options.all.join(", ")}`);
      assert.ok(!options.all.some((o) => /python/i.test(o)), `no Python kernel offered: ${options.all.join(", ")}`);
      await page.keyboard.press("Escape");
    });

    test("lesson 2, executed: every chart drawn by JupyterLab's plotly renderer; saved, at most 300 kB", async () => {
      const run = await runNotebooks({
        files: [join(projectRoot, "notebooks", `${LESSON}.ipynb`)],
        outDir: join(projectRoot, "build", "executed"),
        quiet: true,
        log: () => {},
        logError: () => {},
      });
      const result = run.results[0]!;
      assert.notEqual(result.status, "failed", result.status === "failed" ? formatFailure(result) : "");
      const executed = readNotebook(result.outputPath);
      const charts = executed.cells.flatMap((c) => c.outputs ?? []).filter((o) => "data" in o && PLOTLY_MIME in o.data).length;
      assert.ok(charts >= 3, `${charts} chart outputs`);
      const name = `${LESSON}-executed.ipynb`;
      await server.api(`/api/contents/${name}`, { method: "PUT", body: JSON.stringify({ type: "notebook", format: "json", content: executed }) });

      await page.goto(new URL(`lab/tree/${name}`, server.url.origin + "/").href + server.url.search);
      const drawn = `document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .js-plotly-plot .main-svg").length`;
      await page.waitForFunction(
        `new Set(Array.from(document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .js-plotly-plot .main-svg"))
          .map((svg) => svg.closest(".js-plotly-plot"))).size >= ${charts}`,
        undefined,
        { timeout: 120_000 },
      ).catch(async () => assert.fail(`${await page.evaluate(drawn)} plotly drawings for ${charts} charts`));
      const fallbacks = (await page.evaluate(`document.querySelectorAll(".course-chart-fallback").length`)) as number;
      assert.equal(fallbacks, 0, "the HTML fallback is not what JupyterLab shows");

      // Save from JupyterLab (as a learner does) and weigh the file it writes.
      const path = join(server.workDir, name);
      const before = statSync(path).mtimeMs;
      await page.click(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
      await page.keyboard.press("Control+s");
      const deadline = Date.now() + 30_000;
      while (statSync(path).mtimeMs === before) {
        assert.ok(Date.now() < deadline, "JupyterLab did not save the notebook");
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 500)); // the write may still be going on
      const bytes = statSync(join(server.workDir, name)).size;
      assert.ok(bytes <= 300_000, `${name} saved from JupyterLab: ${bytes} bytes`);
      assert.ok(!readFileSync(join(server.workDir, name), "utf8").includes("plotly-loader"), "no plotly.js inside");
    });

    test("no news pop-up and no request outside the server", async () => {
      await page.waitForTimeout(2_000);
      const toasts = (await page.evaluate(
        `Array.from(document.querySelectorAll(".Toastify__toast, .jp-Notification-Toast")).map((t) => t.textContent)`,
      )) as string[];
      assert.deepEqual(toasts.filter((t) => /news|update/i.test(t)), [], toasts.join(" | "));
      assert.deepEqual(outside, []);
    });
  });
});

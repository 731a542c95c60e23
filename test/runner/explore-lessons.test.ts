/**
 * `npm run lessons:explore` on a fixture (test/runner/fixtures/explore.ipynb) whose claims depend on its
 * parameters: a central claim that fails at k = 6, an observation that fails for ε < 1, a cell that stops
 * the lesson at k = 2. What the report must say is worked out here from the same draw, not written down.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { projectRoot } from "../../scripts/lib/project";
import { main, settingsFor, type ExploreReport } from "../../scripts/explore-lessons";
import type { ParamValue } from "../../scripts/lib/notebook-parameters";

const fixture = join(projectRoot, "test", "runner", "fixtures", "explore.ipynb");
const scratch = mkdtempSync(join(tmpdir(), "explore-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

type Settings = Record<string, ParamValue>;
const SAMPLES = 4;

/** The first seed whose draw holds a stopping setting (k = 2), a failing central claim (k = 6) and a clean run. */
function usefulSeed(): { seed: string; settings: Settings[] } {
  for (let i = 0; i < 500; i++) {
    const seed = `explore-test-${i}`;
    const settings = settingsFor(fixture, SAMPLES, seed);
    const ks = settings.map((s) => s.k as number);
    if (ks.includes(2) && ks.includes(6) && ks.some((k) => k > 2 && k < 6)) return { seed, settings };
  }
  throw new Error("no seed in 500 draws gives every case");
}

describe("lessons:explore on a fixture", () => {
  const { seed, settings } = usefulSeed();
  const out = join(scratch, "explore");
  let result: { code: number | null; stdout: string; stderr: string };
  before(async () => {
    result = await new Promise((resolvePromise, reject) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "scripts/explore-lessons.ts", "test/runner/fixtures/explore.ipynb", "--samples", String(SAMPLES), "--seed", seed, "--out", out],
        { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
    });
  });

  test("exit 1: a run stopped and a central claim did not hold", () => {
    assert.equal(result.code, 1, result.stdout + result.stderr);
  });

  test("the JSON report: settings tried, held / not held with the settings, the stopped runs with their error", () => {
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ExploreReport;
    const finished = settings.filter((s) => s.k !== 2);
    assert.equal(report.seed, seed);
    assert.deepEqual(report.lessons, [{ lesson: "explore", settings: settings.length, finished: finished.length }]);
    assert.deepEqual(
      report.stopped.map((s) => s.settings),
      settings.filter((s) => s.k === 2),
    );
    for (const s of report.stopped) {
      assert.equal(s.error, "Error: k = 2 stops this lesson (on purpose)");
      assert.equal(s.cell, 2);
      assert.match(s.report, /failed in cell 2 .*id "stop"/);
    }

    const row = (id: string) => report.claims.find((c) => c.id === id)!;
    assert.deepEqual(
      report.claims.map((c) => [c.id, c.central, c.tried]),
      [
        ["few-clusters", true, finished.length],
        ["large-budget", false, finished.length],
      ],
    );
    assert.deepEqual(row("few-clusters").notHeld.map((n) => n.settings), finished.filter((s) => (s.k as number) > 5));
    assert.equal(row("few-clusters").held, finished.filter((s) => (s.k as number) <= 5).length);
    assert.deepEqual(row("large-budget").notHeld.map((n) => n.settings), finished.filter((s) => (s.epsilon as number) < 1));
    assert.match(row("few-clusters").notHeld[0]!.reason, /^k = 6 is above 5$/);
    assert.equal(report.ok, false);
  });

  test("the markdown table on stdout and in report.md; progress on stderr", () => {
    const markdown = readFileSync(join(out, "report.md"), "utf8");
    assert.ok(result.stdout.includes(markdown), "stdout carries the report");
    assert.match(markdown, /\| lesson \| claim \| central \| tried \| held \| not held \| settings where not held \|/);
    assert.match(markdown, /\| explore \| `few-clusters` \| \*\*central\*\* \| \d \| \d \| \*\*\d\*\* \| `epsilon=[\d.]+ k=6`/);
    assert.match(markdown, /## STOPPED[\s\S]*\| explore \| `epsilon=[\d.]+ k=2` \| 2 \| Error: k = 2 stops this lesson \(on purpose\) \|/);
    assert.match(result.stderr, new RegExp(`lessons:explore: ${settings.length}/${settings.length} after`));
  });
});

describe("lessons:explore usage errors (exit 2, nothing runs)", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--lessons", "99"], /--lessons 99: no such lesson/],
    [["--samples", "0", "test/runner/fixtures/explore.ipynb"], /--samples must be a whole number of at least 1, got "0"/],
    [["--lessons", "02", "test/runner/fixtures/explore.ipynb"], /give --lessons or notebook paths, not both/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
  ];
  for (const [args, expected] of cases) {
    test(args.join(" "), async (t) => {
      const errors: string[] = [];
      t.mock.method(console, "error", (text: string) => errors.push(text));
      t.mock.method(console, "log", () => assert.fail("nothing runs"));
      const previous = process.cwd();
      process.chdir(projectRoot);
      try {
        assert.equal(await main([...args, "--out", join(scratch, "usage")]), 2);
      } finally {
        process.chdir(previous);
      }
      assert.match(errors.join("\n"), expected);
    });
  }
});

/**
 * Run the test suite with Node's built-in runner: every `test/**\/*.test.ts` file, or the ones named.
 *
 *   node --import tsx scripts/run-tests.ts                 all tests
 *   node --import tsx scripts/run-tests.ts test/dp         only the files under test/dp
 *
 * It prints, first, the seed of the lesson settings drawn for this run (`COURSE_DRAW_SEED`, see
 * scripts/lib/parameter-draw.ts; every test file gets the same one), then the runner's own report, and
 * ends with one plain line, `tests: N passed, N failed`, so any reader (a person or CI) sees the outcome at
 * the bottom; after a failure, how to replay it with the same drawn settings.
 *
 * Test files run `COURSE_TEST_CONCURRENCY` at a time (default: one per core, at least 2): a lesson test
 * spends most of its time waiting on a kernel, and Node's own default (cores − 1) would run them one by
 * one on a 2-core machine.
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { drawSeed } from "./lib/parameter-draw";
import { projectRoot } from "./lib/project";

function listTests(path: string): string[] {
  if (!statSync(path).isDirectory()) return path.endsWith(".test.ts") ? [path] : [];
  return readdirSync(path)
    .filter((entry) => entry !== "node_modules" && entry !== "fixtures" && !entry.startsWith("."))
    .sort()
    .flatMap((entry) => listTests(join(path, entry)));
}

/** How many test files run at once: `COURSE_TEST_CONCURRENCY`, else one per core and at least 2. */
export function testConcurrency(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const asked = Number(env.COURSE_TEST_CONCURRENCY);
  return Number.isInteger(asked) && asked >= 1 ? asked : Math.max(2, cores);
}

/** The lines that tell how to replay a run's drawn lesson settings. */
export function replayHint(seed: string): string {
  return (
    `a lesson test that failed at drawn settings replays with the same ones: ` +
    `COURSE_DRAW_SEED=${seed} npm run test:only -- test/notebooks/<lesson>.test.ts`
  );
}

if (require.main === module) {
  const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["test"];
  const files = roots.flatMap((root) => listTests(resolve(projectRoot, root))).map((f) => relative(projectRoot, f));
  if (files.length === 0) {
    console.error(`run-tests: no *.test.ts files under ${roots.join(", ")}`);
    process.exit(2);
  }

  // One seed for the whole run, decided here and handed to every test file, printed once at the top.
  const seed = drawSeed();
  const concurrency = testConcurrency();
  console.log(
    `run-tests: ${files.length} test file${files.length === 1 ? "" : "s"}, ${concurrency} at a time; ` +
      `lesson settings drawn with COURSE_DRAW_SEED=${seed}` +
      `${process.env.COURSE_DRAW_SEED ? " (given)" : " (from the git commit; set COURSE_DRAW_SEED to replay)"}`,
  );

  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=spec", `--test-concurrency=${concurrency}`, ...files],
    { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, COURSE_DRAW_SEED: seed, COURSE_DRAW_SEED_PRINTED: "1" } },
  );
  // Ctrl-C reaches the test files (same process group); SIGTERM is passed on so they can stop their kernels.
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  process.on("SIGINT", () => {});
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output += chunk.toString();
  });
  child.on("exit", (code, signal) => {
    // The spec reporter's summary lines look like "ℹ pass 12"; take the last of each.
    const count = (label: string): number => {
      const matches = [...output.matchAll(new RegExp(`^\\S* ${label} (\\d+)$`, "gm"))];
      return matches.length > 0 ? Number(matches[matches.length - 1]![1]) : 0;
    };
    const failed = count("fail") + count("cancelled");
    console.log(`\ntests: ${count("pass")} passed, ${failed} failed`);
    if (failed > 0 || code !== 0) console.log(replayHint(seed));
    process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1));
  });
}

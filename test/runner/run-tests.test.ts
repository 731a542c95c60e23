/**
 * `npm test`'s runner (scripts/run-tests.ts): the draw seed printed once at the top and handed to every
 * test file, the replay line after a failure, the concurrency; and the lesson helpers' replay message.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { projectRoot } from "../../scripts/lib/project";
import { replayHint, testConcurrency } from "../../scripts/run-tests";
import { replayCommand } from "../notebooks/executed";

/** This process's environment as a shell's would be: without the marker that makes a nested `node --test` report to us. */
function outerEnv(): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _marker, COURSE_DRAW_SEED: _seed, ...env } = process.env;
  return env;
}

function runTests(env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/run-tests.ts", "test/runner/fixtures/seed-echo.test.ts"], {
    cwd: projectRoot,
    env: { ...outerEnv(), ...env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout };
}

test("the seed is printed once, first, and every test file gets it; a failure ends with how to replay", () => {
  const ok = runTests({ COURSE_DRAW_SEED: "seed-a1", EXPECTED_DRAW_SEED: "seed-a1" });
  assert.equal(ok.code, 0, ok.stdout);
  const lines = ok.stdout.split("\n");
  assert.match(lines[0]!, /^run-tests: 1 test file, \d+ at a time; lesson settings drawn with COURSE_DRAW_SEED=seed-a1 \(given\)$/);
  assert.equal(ok.stdout.split("COURSE_DRAW_SEED=seed-a1").length - 1, 1, "printed once");
  assert.match(ok.stdout, /\ntests: 2 passed, 0 failed\n$/);

  const failed = runTests({ COURSE_DRAW_SEED: "seed-b2", EXPECTED_DRAW_SEED: "seed-b2", FAIL_ON_PURPOSE: "1" });
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /tests: 1 passed, 1 failed\n/);
  assert.ok(failed.stdout.trimEnd().endsWith(replayHint("seed-b2")), failed.stdout.slice(-400));
  assert.match(replayHint("seed-b2"), /COURSE_DRAW_SEED=seed-b2 npm run test:only -- test\/notebooks\/<lesson>\.test\.ts/);
});

test("without COURSE_DRAW_SEED the seed is the commit's, the same in the test files", () => {
  const env = outerEnv();
  const head = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: projectRoot, encoding: "utf8" }).stdout.trim();
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/run-tests.ts", "test/runner/fixtures/seed-echo.test.ts"], {
    cwd: projectRoot,
    env: { ...env, EXPECTED_DRAW_SEED: head },
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, new RegExp(`COURSE_DRAW_SEED=${head} \\(from the git commit; set COURSE_DRAW_SEED to replay\\)`));
});

test("test files run at least two at a time (Node's default, cores − 1, is one on 2 cores)", () => {
  assert.equal(testConcurrency({}, 2), 2);
  assert.equal(testConcurrency({}, 1), 2);
  assert.equal(testConcurrency({}, 8), 8);
  assert.equal(testConcurrency({ COURSE_TEST_CONCURRENCY: "1" }, 8), 1);
  assert.equal(testConcurrency({ COURSE_TEST_CONCURRENCY: "x" }, 4), 4);
});

test("a lesson failure says how to replay it: the exact runner command, and the seed for drawn settings", () => {
  assert.equal(replayCommand("02-comparing-models", {}), "replay: npm run notebooks -- notebooks/02-comparing-models.ipynb");
  const drawn = replayCommand("02-comparing-models", { epsilon: 0.37, method: "eugkm", scale: Infinity, label: "a b" });
  assert.ok(
    drawn.startsWith(
      "replay: npm run notebooks -- notebooks/02-comparing-models.ipynb --param epsilon=0.37 --param method=eugkm " +
        "--param scale=Infinity --param 'label=a b'  (or the lesson test at the same drawn settings: COURSE_DRAW_SEED=",
    ),
    drawn,
  );
  assert.match(drawn, /npm run test:only -- test\/notebooks\/02-comparing-models\.test\.ts\)$/);
});

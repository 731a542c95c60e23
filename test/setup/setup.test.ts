/**
 * `scripts/setup.ts --probe` with pip pointed at indexes on the loopback: a dead index is abandoned after
 * one short probe and the next source is tried; with no source left, the learner is told what to run.
 * `--probe` installs nothing, so these tests never touch `.venv/` or the system.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, test } from "node:test";
import { findExecutable, projectRoot } from "../../scripts/lib/project";
import { answeringIndex, closedPortUrl, stalledIndex } from "./servers";

interface Run {
  code: number | null;
  out: string;
}

/** Run the set-up's probe with pip restricted to the given indexes (no find-links, apt left out). */
function probeSetup(indexUrl: string, extraIndexUrl: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PIP_INDEX_URL: indexUrl,
    PIP_EXTRA_INDEX_URL: extraIndexUrl,
    PIP_FIND_LINKS: " ",
    COURSE_SETUP_ROUTES: "pip",
    COURSE_SETUP_PROBE_TIMEOUT: "2",
    NO_PROXY: "127.0.0.1",
    no_proxy: "127.0.0.1",
  };
  delete env.PIP_NO_INDEX;
  delete env.COURSE_SKIP_SETUP;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/setup.ts", "--probe"], {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, out }));
  });
}

const isPipRequest = (r: { userAgent: string }) => r.userAgent.startsWith("pip/");

describe("set-up probe against indexes on the loopback", { skip: findExecutable("python3") ? false : "no python3" }, () => {
  test("a stalled default index is skipped after one connection and the answering extra index is used", { timeout: 120_000 }, async () => {
    const stalled = await stalledIndex();
    const answering = await answeringIndex();
    try {
      const run = await probeSetup(stalled.url, answering.url);
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, new RegExp(`pip index ${stalled.url}: skipped \\(no answer within 2 s`));
      assert.match(run.out, new RegExp(`pip index ${answering.url}: answers`));
      assert.match(run.out, /route pip: works .*would install JupyterLab 4\.0\.0 into \.venv\//);
      assert.match(run.out, new RegExp(`PIP_INDEX_URL="${answering.url}" PIP_EXTRA_INDEX_URL=" " PIP_FIND_LINKS=" "`));
      assert.equal(stalled.connections(), 1, "the stalled index got one probe and nothing else (no retries, not used by pip)");
      assert.ok(answering.requests.some(isPipRequest), "pip itself looked JupyterLab up on the answering index");
    } finally {
      await stalled.close();
      await answering.close();
    }
  });

  test("with no index answering, the route is abandoned and the message says what to run", { timeout: 120_000 }, async () => {
    const stalled = await stalledIndex();
    const closed = await closedPortUrl();
    try {
      const run = await probeSetup(closed, stalled.url);
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, new RegExp(`pip index ${closed}: skipped \\(.*refused`, "i"));
      assert.match(run.out, new RegExp(`pip index ${stalled.url}: skipped \\(no answer within 2 s`));
      assert.match(run.out, /route pip: abandoned .*no package source pip is configured with answered/);
      assert.match(run.out, /could not install Jupyter automatically/);
      assert.match(run.out, /python3 -m venv \.venv && \.venv\/bin\/pip install jupyterlab nbconvert/);
      assert.match(run.out, /sudo apt-get install jupyter-nbconvert jupyter-notebook/);
      assert.equal(stalled.connections(), 1, "one probe, no retries");
    } finally {
      await stalled.close();
    }
  });

  test("an index that answers but lacks JupyterLab fails the route instead of starting an install", { timeout: 120_000 }, async () => {
    const answering = await answeringIndex();
    try {
      // The answering index has /simple/jupyterlab/ only under /simple; under /other every page is a 404.
      const emptyIndex = answering.url.replace(/\/simple$/, "/other");
      const run = await probeSetup(emptyIndex, " ");
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, new RegExp(`route pip: abandoned .*JupyterLab is not in the sources that answer \\(${emptyIndex}\\)`));
    } finally {
      await answering.close();
    }
  });
});

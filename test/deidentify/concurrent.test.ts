import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { OUTPUT_FILES } from "../../scripts/deidentify";
import { projectRoot } from "../../scripts/lib/project";

const root = mkdtempSync(join(tmpdir(), "deidentify-concurrent-"));
after(() => rmSync(root, { recursive: true, force: true }));

function deidentify(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, ["--import", "tsx", "scripts/deidentify.ts", ...args], { cwd: projectRoot, encoding: "utf8" }, (error, _stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr }),
    ),
  );
}

test("four runs publishing into the same --out at once all succeed; the folder holds one whole run", async () => {
  // Issue 25: runs started together (into the default build/deidentify) could fail in the publish step,
  // removing files another run had just removed. Each run differs by its seed, so the winner is visible.
  const parent = join(root, "shared");
  mkdirSync(parent);
  const out = join(parent, "out");
  const runs = await Promise.all(
    [1, 2, 3, 4].map((seed) =>
      deidentify(["--data", "data/examples/salaries.csv", "--column", "salary", "--bounds", "20000,250000", "--seed", String(seed), "--out", out]),
    ),
  );
  for (const run of runs) assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(readdirSync(parent), ["out"], "no temporary or previous folder left behind");
  assert.deepEqual(readdirSync(out).sort(), [...OUTPUT_FILES].sort());
  // Whole: audit.json and report.html come from the same run (the same seed).
  const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
  const html = readFileSync(join(out, "report.html"), "utf8");
  assert.ok(html.includes(`<td style="text-align:left;padding:2px 8px;">${audit.settings.seed}</td>`), `seed ${audit.settings.seed} in the report`);
});

/**
 * The README's code example must keep working: it is extracted, pointed at this checkout, and run.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { projectRoot } from "../scripts/lib/project";

test("the README opens with the two commands, and its TypeScript example runs", () => {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  assert.match(firstBlock, /^npm install && npm start/m);
  assert.match(firstBlock, /^npm test/m);

  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, "README has a ```ts example");
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  const file = join(dir, "example.ts");
  writeFileSync(file, example.replaceAll('"./src/', `"${projectRoot}/src/`));
  const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: projectRoot, encoding: "utf8" });
  assert.equal(run.status, 0, `README example failed:\n${run.stderr}`);
  // Outside a notebook showChart prints one line naming the chart.
  assert.match(run.stdout, /\[chart: k = 3\]/);
  // The DP part: a share of points that moved, and a receipt whose rows add up to the declared budget.
  assert.match(run.stdout, /^\d+\.\d% changed cluster$/m);
  assert.match(run.stdout, /^\s+total\s+1\.5\s+0$/m);
  assert.match(run.stdout, /^\s+remaining\s+0\s+0$/m);
});

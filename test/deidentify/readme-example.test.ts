import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { OUTPUT_FILES } from "../../scripts/deidentify";
import { projectRoot } from "../../scripts/lib/project";

const root = mkdtempSync(join(tmpdir(), "readme-example-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** The command of the README's worked example: the shell block after its marker, joined at `\`. */
function readmeCommand(): string[] {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const block = /<!-- readme-example: deidentify -->\s*```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "the README has the marked example");
  const words = block[1]!.replace(/\\\n/g, " ").trim().split(/\s+/);
  assert.deepEqual(words.slice(0, 3), ["npm", "run", "deidentify"]);
  assert.equal(words[3], "--");
  return words.slice(4);
}

test("the README's worked example de-identifies a table that is not Pokémon, end to end", async () => {
  const args = readmeCommand();
  const outIndex = args.indexOf("--out");
  assert.ok(outIndex > 0, "the example names its --out");
  const out = join(root, "salaries");
  args[outIndex + 1] = out; // run into a temporary folder instead of build/
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, ["--import", "tsx", "scripts/deidentify.ts", ...args], { cwd: projectRoot, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
  assert.equal(result.code, 0, result.stderr);
  for (let stage = 1; stage <= 7; stage++) assert.match(result.stdout, new RegExp(`^\\[${stage}/7\\] `, "m"));
  assert.deepEqual(readdirSync(out).sort(), [...OUTPUT_FILES].sort());

  const data = readFileSync(join(projectRoot, "data", "examples", "salaries.csv"), "utf8").trim().split("\n");
  const raw = readFileSync(join(out, "raw.csv"), "utf8").trim().split("\n");
  const anonymized = readFileSync(join(out, "anonymized.csv"), "utf8").trim().split("\n");
  assert.equal(raw[0], "employee_id,department,city,salary,parent_cluster,parent_centroid,deviation_factor");
  assert.equal(anonymized[0], "employee_id,department,city,parent_cluster,parent_centroid,deviation_factor");
  assert.equal(raw.length, data.length, "one row per record");
  // Other columns pass through as they are; the anonymized table still gives each salary back.
  for (let i = 1; i < data.length; i++) {
    const [id, department, city, salary] = data[i]!.split(",");
    const fields = anonymized[i]!.split(",");
    assert.deepEqual(fields.slice(0, 3), [id, department, city]);
    assert.ok(Math.abs(Number(fields[4]) * Number(fields[5]) - Number(salary)) < 1e-6, `${id}: centroid × factor`);
  }

  const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
  assert.equal(audit.settings.records, data.length - 1);
  assert.equal(audit.settings.id, "employee_id");
  assert.equal(audit.audit.recovery.withinTolerance, data.length - 1);
  assert.equal(audit.dp.differentiallyPrivate, true, "public --bounds: a real DP release");
  assert.deepEqual(audit.dp.bounds, { lower: 20000, upper: 250000, fromData: false });
  assert.equal(audit.dp.ledgerTotal, 1);
  assert.ok(audit.microaggregation.smallestGroup >= 3);
  assert.deepEqual(audit.warnings.filter((w: string) => !w.startsWith("seeded")), [], "no warning about the example");
});

test("the same table without --bounds: the release runs, and says it is NOT differentially private", async () => {
  const out = join(root, "no-bounds");
  const result = await new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/deidentify.ts", "--data", "data/examples/salaries.csv", "--column", "salary", "--seed", "1", "--out", out],
      { cwd: projectRoot, encoding: "utf8" },
      (error, stdout) => resolve({ code: error ? 1 : 0, stdout }),
    ),
  );
  assert.equal(result.code, 0);
  assert.match(result.stdout, /PrivacyWarning \[bounds-from-data\]: No --bounds for salary.*NOT differentially private\. Fix: --bounds L,U/);
  const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
  assert.equal(audit.settings.id, "employee_id", "the first column by default");
  assert.equal(audit.dp.differentiallyPrivate, false);
  assert.equal(audit.dp.guarantee, "not differentially private (bounds taken from the data)");
  assert.equal(audit.dp.bounds.fromData, true);
  assert.match(audit.comparison.at(-1).guarantee, /^not differentially private \(bounds taken from the data\)/);
  const html = readFileSync(join(out, "report.html"), "utf8");
  assert.ok(html.includes("This release is NOT differentially private: its bounds were taken from the data"));
});

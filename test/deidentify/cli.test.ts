import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { OUTPUT_FILES, parseCommandLine, run } from "../../scripts/deidentify";
import { projectRoot } from "../../scripts/lib/project";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawn the command line exactly as `npm run deidentify` does. */
function deidentify(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/deidentify.ts", ...args],
      { cwd: projectRoot, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const root = mkdtempSync(join(tmpdir(), "deidentify-cli-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** Nothing that looks like output: no folder, and no temporary sibling left behind in its parent. */
function assertNothingWritten(parent: string, out: string): void {
  assert.equal(existsSync(out), false, `${out} should not exist`);
  assert.deepEqual(readdirSync(parent), []);
}

// Each test spawns its own process into its own folder, so they run side by side.
describe("npm run deidentify", { concurrency: 4 }, () => {
  test("writes the six files, stage by stage, and replaces a previous run", async () => {
    const parent = join(root, "good");
    const out = join(parent, "out");
    const first = await deidentify(["--column", "weight_kg", "--k", "10", "--first", "251", "--seed", "42", "--out", out]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(readdirSync(out).sort(), [...OUTPUT_FILES].sort());
    for (let stage = 1; stage <= 7; stage++) assert.match(first.stdout, new RegExp(`^\\[${stage}/7\\] `, "m"));

    const raw = readFileSync(join(out, "raw.csv"), "utf8").split("\n");
    assert.match(raw[0]!, /^national_number,name,.*weight_kg.*,parent_cluster,parent_centroid,deviation_factor$/);
    assert.equal(raw.length, 253); // header + 251 rows + final newline
    const anonymizedHeader = readFileSync(join(out, "anonymized.csv"), "utf8").split("\n")[0]!;
    assert.equal(anonymizedHeader.split(",").includes("weight_kg"), false);
    assert.ok(anonymizedHeader.includes("deviation_factor"));

    // The CSV keeps full precision: centroid × factor gives Bulbasaur's 6.9 kg back.
    const cols = raw[0]!.split(",");
    const bulbasaur = raw[1]!.split(",");
    const value = (name: string): number => Number(bulbasaur[cols.indexOf(name)]);
    assert.ok(Math.abs(value("parent_centroid") * value("deviation_factor") - 6.9) < 1e-12);

    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    assert.deepEqual(audit.audit.singletons.map((s: { members: string[] }) => s.members), [["Golem"]]);
    assert.equal(audit.audit.recovery.withinTolerance, 251);
    assert.equal(audit.audit.differencing.target, "Celebi");
    assert.equal(audit.dp.ledgerTotal, 1);
    assert.equal(audit.microaggregation.smallestGroup, 3);
    const stats = JSON.parse(readFileSync(join(out, "statistics.json"), "utf8"));
    assert.equal(stats.count, 251);
    assert.equal(stats.median, 29.5);

    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.ok(html.includes('data-course-viz="plotly-loader"'), "plotly.js inlined");
    assert.ok((html.match(/data-course-viz="chart"/g) ?? []).length >= 5);
    assert.equal(/<script[^>]+src=/i.test(html), false, "no external scripts");

    // A second run into the same folder replaces it (it holds only a previous run's files).
    const second = await deidentify(["--k", "3", "--seed", "1", "--out", out]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(readFileSync(join(out, "clusters.csv"), "utf8").trim().split("\n").length, 4);
    assert.deepEqual(readdirSync(parent), ["out"], "no temporary folder left next to the output");
  });

  const failures: { name: string; args: string[]; code: number; message: RegExp }[] = [
    { name: "an unknown column lists the valid ones", args: ["--column", "weight"], code: 1, message: /Unknown column "weight"\. Valid numeric columns are: .*weight_kg/ },
    { name: "k = 0", args: ["--k", "0"], code: 1, message: /k must be a whole number from 1 to 162/ },
    { name: "a missing data file", args: ["--data", "/nonexistent/pokemon.csv"], code: 1, message: /No data file at \/nonexistent\/pokemon\.csv/ },
    { name: "a minimum group size of 0", args: ["--min-group", "0"], code: 1, message: /minimum group size must be a whole number from 1 to 251/ },
    { name: "ε = 0", args: ["--epsilon", "0"], code: 1, message: /--epsilon must be a number greater than 0/ },
    { name: "ε that is not a number", args: ["--epsilon", "abc"], code: 2, message: /--epsilon expects a number/ },
    { name: "ε = 1e-300 (was an \"unexpected error\")", args: ["--epsilon", "1e-300"], code: 1, message: /--epsilon = 1e-300 is below 1e-10, the smallest ε a release supports/ },
    { name: "an unknown option", args: ["--colum", "weight_kg"], code: 2, message: /Unknown option '--colum'/ },
  ];
  for (const failure of failures) {
    test(`${failure.name}: one-line error, exit ${failure.code}, nothing written`, async () => {
      const parent = join(root, `bad-${failures.indexOf(failure)}`);
      mkdirSync(parent);
      const out = join(parent, "out");
      const run = await deidentify([...failure.args, "--out", out]);
      assert.equal(run.code, failure.code, run.stderr);
      const lines = run.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `stderr: ${run.stderr}`);
      assert.match(lines[0]!, /^deidentify: /);
      assert.match(lines[0]!, failure.message);
      assertNothingWritten(parent, out);
    });
  }

  test("a folder holding other files is refused and left untouched", async () => {
    const out = join(root, "precious");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "keep me");
    const run = await deidentify(["--out", out]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /already holds other files \(notes\.txt\)/);
    assert.deepEqual(readdirSync(out), ["notes.txt"]);
  });
});

describe("a run that fails half-way", () => {
  test("removes its temporary folder: no complete-looking output is left", () => {
    const parent = join(root, "half-way");
    const out = join(parent, "out");
    const args = parseCommandLine(["--seed", "1", "--out", out]);
    const lines: string[] = [];
    // Fail at the fourth stage, after the four outputs were already written to the temporary folder.
    const log = (line: string): void => {
      lines.push(line);
      if (line.startsWith("[4/7]")) throw new Error("disk full (simulated)");
    };
    assert.throws(() => run(args, log), /disk full/);
    assert.ok(lines.some((l) => l.startsWith("[2/7] de-identify")), "the outputs of stage 2 had been written");
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(parent), []);
  });
});

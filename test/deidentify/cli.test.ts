import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { joinNegativeValues, OUTPUT_FILES, outputFolderError, parseCommandLine, run } from "../../scripts/deidentify";
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

/** The Pokémon table with its 5th line (Charmander, record 4) altered byte-wise. */
function alteredData(name: string, alter: (line: Buffer) => Buffer): string {
  const lines = readFileSync(join(projectRoot, "data", "pokemon.csv")).toString("latin1").split("\n");
  const buffers = lines.map((l) => Buffer.from(l, "latin1"));
  buffers[4] = alter(buffers[4]!);
  const path = join(root, name);
  writeFileSync(path, Buffer.concat(buffers.flatMap((b, i) => (i === 0 ? [b] : [Buffer.from("\n"), b]))));
  return path;
}
// Line 5 (Charmander) with an "é" written in Latin-1 (one byte 0xE9, not UTF-8), and with a NUL in the name.
const latin1Data = alteredData("latin1.csv", (line) => Buffer.from(line.toString("latin1").replace("Charmander", "Charmand\xe9r"), "latin1"));
const formulaData = alteredData("formula.csv", (line) => Buffer.from(line.toString("latin1").replace("Charmander", "=cmd|' /C calc'!A0"), "latin1"));
const nulData = alteredData("nul.csv", (line) => Buffer.from(line.toString("latin1").replace("Charmander", "Charm\x00ander"), "latin1"));

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
    assert.equal(audit.dp.differentiallyPrivate, true);
    assert.equal(audit.dp.guarantee, "ε-differential privacy, ε = 1");
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
    // Issue 19: hostile command lines and input files.
    { name: "a negative ε reaches the range check", args: ["--epsilon", "-1"], code: 1, message: /--epsilon must be a number greater than 0 .*got -1\./ },
    { name: "a negative k reaches the range check", args: ["--k", "-2"], code: 1, message: /k must be a whole number from 1 to 162.*got -2/ },
    { name: "a hexadecimal k", args: ["--k", "0x10"], code: 2, message: /--k expects a whole number in decimal digits \(e\.g\. --k 3\), got "0x10"/ },
    { name: "a hexadecimal ε", args: ["--epsilon", "0x10"], code: 2, message: /--epsilon expects a number greater than 0 written in decimal .*got "0x10"/ },
    { name: "an ε that overflows", args: ["--epsilon", "1e400"], code: 2, message: /--epsilon 1e400 is too large for a number \(it overflows to Infinity\); write Infinity/ },
    { name: "an empty seed", args: ["--seed", ""], code: 2, message: /--seed expects a non-empty seed \(e\.g\. --seed 42\), got ""; leave --seed out/ },
    { name: "input that is not UTF-8", args: ["--data", latin1Data], code: 1, message: /latin1\.csv line 5 is not valid UTF-8 \(byte 0xe9 at byte \d+ of the line\).*Fix: save the file as UTF-8/ },
    { name: "a NUL byte in the input", args: ["--data", nulData], code: 1, message: /nul\.csv line 5 holds a NUL byte \(U\+0000\) at column \d+.*Fix: remove it/ },
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

  test("a name that is a spreadsheet formula is written as text in raw.csv and anonymized.csv", async () => {
    const out = join(root, "formula", "out");
    const run = await deidentify(["--data", formulaData, "--seed", "1", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    for (const file of ["raw.csv", "anonymized.csv"]) {
      const lines = readFileSync(join(out, file), "utf8").split("\n");
      assert.ok(lines[4]!.startsWith("4,'=cmd|' /C calc'!A0,"), `${file}: ${lines[4]}`);
      assert.equal(lines.filter((l) => /(^|,)[=+@]/.test(l)).length, 0, `${file}: no field starts a formula`);
    }
  });

  test("--epsilon Infinity: audit.json and report.html say 'not differentially private (ε = ∞)', not null", async () => {
    const out = join(root, "infinite", "out");
    const run = await deidentify(["--epsilon", "Infinity", "--seed", "1", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\[5\/7\] fix \(b\) DP release: ε = ∞ \(no noise: NOT differentially private\)/);
    const text = readFileSync(join(out, "audit.json"), "utf8");
    const audit = JSON.parse(text);
    assert.equal(audit.settings.epsilon, "Infinity");
    assert.equal(audit.dp.epsilon, "Infinity");
    assert.equal(audit.dp.differentiallyPrivate, false);
    assert.equal(audit.dp.guarantee, "not differentially private (ε = ∞)");
    assert.equal(audit.dp.ledgerTotal, "Infinity");
    assert.doesNotMatch(text, /"epsilon": null/);
    assert.match(audit.comparison.at(-1).guarantee, /^not differentially private \(ε = ∞\)/);
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.ok(html.includes("This release is not differentially private (ε = ∞)"));
    assert.equal(html.includes("Differentially private:"), false);
  });

  test("an --out below a file: the path, the reason and the fix, not a raw EEXIST", async () => {
    const parent = join(root, "below-a-file");
    mkdirSync(parent);
    writeFileSync(join(parent, "file"), "a file");
    const out = join(parent, "file", "out");
    const run = await deidentify(["--seed", "1", "--out", out]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stderr,
      `deidentify: --out ${out} cannot be used: a part of that path is a file, not a folder (at ${join(parent, "file")}) [EEXIST]. ` +
        "Fix: choose a path whose parent folders are folders.\n",
    );
    assert.deepEqual(readdirSync(parent), ["file"]);
  });

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

describe("command-line edge cases without a run", () => {
  test("negative numbers are joined to their option, a forgotten value is not", () => {
    assert.deepEqual(joinNegativeValues(["--epsilon", "-1", "--k", "-3", "--first", "-.5"]), ["--epsilon=-1", "--k=-3", "--first=-.5"]);
    assert.deepEqual(joinNegativeValues(["--epsilon", "-Infinity"]), ["--epsilon=-Infinity"]);
    assert.deepEqual(joinNegativeValues(["--seed", "--out", "x"]), ["--seed", "--out", "x"]);
    assert.deepEqual(joinNegativeValues(["--help", "-1"]), ["--help", "-1"], "a flag takes no value");
    assert.equal(parseCommandLine(["--epsilon", "-1"]).epsilon, -1);
    assert.equal(parseCommandLine(["--epsilon", "Infinity"]).epsilon, Infinity);
    assert.equal(parseCommandLine(["--epsilon", "1e-3"]).epsilon, 0.001);
    assert.equal(parseCommandLine(["--k", "+7"]).k, 7);
    for (const k of ["0x10", "1e1", " 3", "3.0", "0b11", ""]) assert.throws(() => parseCommandLine(["--k", k]), /--k expects a whole number in decimal digits/, k);
    for (const seed of ["", "  "]) assert.throws(() => parseCommandLine(["--seed", seed]), /--seed expects a non-empty seed/);
    assert.equal(parseCommandLine(["--seed", "0"]).seed, "0");
  });

  test("file-system errors on --out name the path, the reason and the fix", () => {
    const out = join(root, "some", "out");
    const fsError = (code: string, path: string): NodeJS.ErrnoException =>
      Object.assign(new Error(`${code}: raw message, mkdir '${path}'`), { code, path, syscall: "mkdir" });
    const cases: Array<[string, string, RegExp]> = [
      ["EACCES", out, /^--out \S+some\/out cannot be used: permission denied \[EACCES\]\. Fix: choose a folder you can write to/],
      ["EPERM", join(root, "some", ".out.incomplete-12"), /cannot be used: the operation is not permitted there \(at \S+\.out\.incomplete-12\) \[EPERM\]/],
      ["EROFS", join(root, "some"), /cannot be used: the file system is read-only \(at \S+some\) \[EROFS\]/],
      ["ENOSPC", join(out, "raw.csv"), /cannot be used: the disk is full \(at \S+raw\.csv\) \[ENOSPC\]\. Fix: free some space/],
      ["EXDEV", out, /cannot be used: EXDEV: raw message.*\[EXDEV\]\. Fix: choose another folder/],
    ];
    for (const [code, path, expected] of cases) {
      const error = outputFolderError(fsError(code, path), out);
      assert.ok(error, code);
      assert.equal(error.code, "bad-out");
      assert.match(error.message, expected);
    }
    assert.equal(outputFolderError(fsError("ENOENT", "/elsewhere/plotly.min.js"), out), undefined, "not about --out: left alone");
    assert.equal(outputFolderError(new Error("boom"), out), undefined);
  });
});

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { projectRoot } from "../../scripts/lib/project";
import { checkK } from "../../src/deidentify/index";
import { InvalidInputError } from "../../src/errors";

const root = mkdtempSync(join(tmpdir(), "deidentify-hostile-"));
after(() => rmSync(root, { recursive: true, force: true }));

function deidentify(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, ["--import", "tsx", "scripts/deidentify.ts", ...args], { cwd: projectRoot, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

function table(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

const pokemon = readFileSync(join(projectRoot, "data", "pokemon.csv"), "utf8").split("\n");

describe("inputs of finding 5 that got through or got the wrong answer", { concurrency: 4 }, () => {
  const refusals: { name: string; args: string[]; message: RegExp }[] = [
    {
      name: "a column of identical values (was: 'k must be 1 to 1 … e.g. k = 3')",
      args: ["--data", table("constant.csv", "id,score\n" + Array.from({ length: 20 }, (_, i) => `r${i},7`).join("\n") + "\n"), "--column", "score", "--bounds", "0,10"],
      message: /Every one of the 20 records has score = 7: a column of identical values has nothing to cluster \(k-means can make only 1 cluster, you asked for 3\).*Fix: choose a column whose values vary/,
    },
    {
      name: "a negative weight in the Pokémon table (was accepted without a word)",
      args: ["--data", table("negative.csv", [pokemon[0], pokemon[1], pokemon[2]!.replace(",13.0,", ",-13.0,"), ...pokemon.slice(3)].join("\n"))],
      message: /line 3: weight_kg = -13 for Ivysaur is outside the column's domain \[0\.1, 999\.9\].*Fix: correct or remove those rows/,
    },
    {
      name: "a protected value that is not a number, with its line",
      args: ["--data", table("text.csv", "id,income\na,100\nb,lots\n"), "--column", "income"],
      message: /text\.csv line 3: income = "lots" is not a number.*Fix: correct or remove that row/,
    },
    {
      name: "a missing protected value",
      args: ["--data", table("missing.csv", "id,income\na,100\nb,\n"), "--column", "income"],
      message: /line 3: income = "" is missing/,
    },
    {
      name: "a row with too many fields",
      args: ["--data", table("ragged.csv", "id,income\na,100\nb,200,extra\n"), "--column", "income"],
      message: /ragged\.csv line 3: 3 field\(s\), but the header has 2/,
    },
    {
      name: "another table without --column names its columns",
      args: ["--data", table("nocolumn.csv", "id,income\na,100\n")],
      message: /is not the Pokémon table, so name the numeric column to protect: --column NAME\. Its columns are: "id", "income"/,
    },
    {
      name: "a header that names a column twice",
      args: ["--data", table("twice.csv", "id,income,income\na,1,2\n"), "--column", "income"],
      message: /the header names "income" twice/,
    },
    {
      name: "--id equal to --column",
      args: ["--data", table("same.csv", "id,income\na,1\nb,2\n"), "--column", "income", "--id", "income"],
      message: /--id and --column both name "income"/,
    },
    { name: "malformed --bounds", args: ["--bounds", "10"], message: /--bounds expects two decimal numbers L,U/ },
  ];
  for (const refusal of refusals) {
    test(`${refusal.name}: one line naming the problem and the fix, nothing written`, async () => {
      const parent = join(root, `refusal-${refusals.indexOf(refusal)}`);
      mkdirSync(parent);
      const run = await deidentify([...refusal.args, "--out", join(parent, "out")]);
      assert.notEqual(run.code, 0);
      const lines = run.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, /^deidentify: /);
      assert.match(lines[0]!, refusal.message);
      assert.doesNotMatch(lines[0]!, /unexpected error/);
      assert.deepEqual(readdirSync(parent), []);
    });
  }

  test("duplicated ids: the run completes and warns, naming an example and the fix", async () => {
    const out = join(root, "duplicates", "out");
    const rows = ["id,income", "a,100", "b,200", "a,300", "c,400", "d,500", "e,600", "f,700"];
    const run = await deidentify(["--data", table("dup.csv", rows.join("\n") + "\n"), "--column", "income", "--bounds", "0,1000", "--seed", "1", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /PrivacyWarning \[duplicated-ids\]: The id column "id" repeats values: 1 record\(s\) share an id with an earlier one \(e\.g\. "a" in records 1 and 3\).*Fix: one record per person/);
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    assert.ok(audit.warnings.some((w: string) => w.startsWith("duplicated-ids: ")));
  });

  test("hostile column names (__proto__, constructor, a formula) pass through as plain columns", async () => {
    const out = join(root, "names", "out");
    const rows = ["id,__proto__,constructor,=cmd,income", "a,x,y,z,100", "b,x,y,z,200", "c,x,y,z,300", "d,x,y,z,400"];
    const run = await deidentify(["--data", table("names.csv", rows.join("\n") + "\n"), "--column", "income", "--bounds", "0,1000", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    const raw = readFileSync(join(out, "raw.csv"), "utf8").split("\n");
    assert.equal(raw[0], "id,__proto__,constructor,'=cmd,income,parent_cluster,parent_centroid,deviation_factor");
    assert.ok(raw[1]!.startsWith("a,x,y,z,100,"), raw[1]);
  });

  test("--first 1025 on a larger file in the Pokémon schema keeps national numbers 1..1025 (was: every row)", async () => {
    const out = join(root, "first", "out");
    const body = pokemon.slice(1).filter((l) => l !== "");
    // 300 more rows numbered 1026..1325 (copies of the first 300 species).
    const extra = body.slice(0, 300).map((l, i) => l.replace(/^\d+,/, `${1026 + i},`));
    const path = table("big-pokemon.csv", [pokemon[0], ...body, ...extra].join("\n") + "\n");
    const run = await deidentify(["--data", path, "--first", "1025", "--seed", "1", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\[1\/7\] load: 1025 records from /);
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    assert.equal(audit.settings.records, 1025);
    // And the duplicated names of the copies would have been warned about: none are left.
    assert.equal(audit.warnings.some((w: string) => w.startsWith("duplicated-ids")), false);
  });

  test("unique ids: no such warning (the check can fail)", async () => {
    const out = join(root, "unique", "out");
    const rows = ["id,income", "a,100", "b,200", "c,300", "d,400"];
    const run = await deidentify(["--data", table("unique.csv", rows.join("\n") + "\n"), "--column", "income", "--bounds", "0,1000", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /duplicated-ids/);
  });
});

describe("checkK (the library side)", () => {
  test("identical values: the constant-column message; k = 1 still runs", () => {
    assert.throws(
      () => checkK(3, [5, 5, 5, 5], "w"),
      (e: unknown) => e instanceof InvalidInputError && e.code === "constant-column" && /Every one of the 4 records has w = 5/.test(e.message),
    );
    assert.equal(checkK(1, [5, 5, 5, 5], "w"), 1);
  });

  test("two distinct values: the range message suggests a k in range, not k = 3", () => {
    assert.throws(
      () => checkK(3, [1, 2, 1, 2], "w"),
      (e: unknown) => e instanceof InvalidInputError && e.code === "invalid-k" && /from 1 to 2.*e\.g\. k = 2\./.test(e.message),
    );
  });
});

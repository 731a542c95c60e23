import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

const root = join(__dirname, "..", "..");
const csvPath = join(root, "data", "pokemon.csv");
const readme = readFileSync(join(root, "data", "README.md"), "utf8");

/** Heights come from @pkmn/sim; without it the generator cannot run (it says so and exits 1). */
function simInstalled(): boolean {
  try {
    require.resolve("@pkmn/sim");
    return true;
  } catch {
    return false;
  }
}
const skipGenerator = simInstalled() ? false : "@pkmn/sim is not installed: add it as a dev dependency (npm install --save-dev @pkmn/sim@0.10.11)";

function runGenerator(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "build-data.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
}

describe("data/pokemon.csv provenance", () => {
  test("the SHA-256 in data/README.md matches the committed file", () => {
    const documented = /SHA-256 of `pokemon\.csv`: `([0-9a-f]{64})`/.exec(readme);
    assert.ok(documented, "data/README.md must state the SHA-256 of pokemon.csv");
    const actual = createHash("sha256").update(readFileSync(csvPath)).digest("hex");
    assert.equal(actual, documented[1], "update the SHA-256 in data/README.md after regenerating");
  });

  test("data/README.md names the installed source versions", () => {
    const dexVersion = (require("@pkmn/dex/package.json") as { version: string }).version;
    assert.match(readme, new RegExp(`\\| \`@pkmn/dex\` \\| ${dexVersion.replace(/\./g, "\\.")} \\|`));
    assert.match(readme, /\| `@pkmn\/sim` \| 0\.10\.11 \|/);
  });

  test("the committed file is UTF-8 with \\n line ends and no byte-order mark", () => {
    const bytes = readFileSync(csvPath);
    assert.notEqual(bytes[0], 0xef);
    assert.ok(!bytes.includes(0x0d), "no \\r anywhere");
    assert.equal(bytes[bytes.length - 1], 0x0a);
    assert.equal(Buffer.from(bytes.toString("utf8"), "utf8").compare(bytes), 0, "valid UTF-8");
  });

  test("regenerating to a temp file gives a byte-identical copy", { skip: skipGenerator }, () => {
    const out = join(mkdtempSync(join(tmpdir(), "pokemon-data-")), "pokemon.csv");
    const run = runGenerator(["--out", out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /1025 rows/);
    assert.ok(readFileSync(out).equals(readFileSync(csvPath)), "regenerated file differs from data/pokemon.csv");
  });

  test("--check passes on the committed file and fails, naming the line, on a changed one", { skip: skipGenerator }, () => {
    const ok = runGenerator(["--check"]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /up to date/);

    const tampered = join(mkdtempSync(join(tmpdir(), "pokemon-data-")), "pokemon.csv");
    const text = readFileSync(csvPath, "utf8");
    writeFileSync(tampered, text.replace("\n143,Snorlax,1,Normal,,2.1,460.0,", "\n143,Snorlax,1,Normal,,2.1,461.0,"));
    const bad = runGenerator(["--check", "--out", tampered]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /out of date/);
    assert.match(bad.stderr, /line 144/);
    assert.match(bad.stderr, /npm run data/);
  });
});

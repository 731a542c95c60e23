/**
 * The kernel's disk memo of tslab's CommonJS conversions (jupyter/kernels/private-clustering-ts/
 * transpile-cache.js): same output as TypeScript, read back on a second call, never trusted when
 * corrupt, installed for tslab's own `require`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { projectRoot } from "../../scripts/lib/project";

type TS = typeof import("@tslab/typescript-for-tslab");
interface Stats {
  hits: number;
  misses: number;
}
const cacheModule = require(join(projectRoot, "jupyter", "kernels", "private-clustering-ts", "transpile-cache.js")) as {
  cachedTypeScript(ts: TS, dir: string, stats?: Stats): TS;
  installTranspileCache(dir: string): { uninstall(): void; stats: Stats };
  pruneCache(dir: string, limit?: number): void;
  TYPESCRIPT_REQUEST: string;
};
const ts = require("@tslab/typescript-for-tslab") as TS;

// What tslab hands over: an ES module that a src/ file became (the options tslab uses, see converter.js).
const esModule = ts.transpileModule(readFileSync(join(projectRoot, "src", "cluster", "metrics.ts"), "utf8"), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
const toCommonJs = {
  fileName: "custom.js",
  compilerOptions: {
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
  },
};

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "transpile-cache-"));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("kernel transpile cache", () => {
  test("gives TypeScript's own output, then reads it back from disk", () => {
    const dir = freshDir();
    const stats = { hits: 0, misses: 0 };
    const cached = cacheModule.cachedTypeScript(ts, dir, stats);
    const expected = ts.transpileModule(esModule, toCommonJs).outputText;
    assert.match(expected, /exports\.matchLabels = matchLabels/);

    assert.equal(cached.transpileModule(esModule, toCommonJs).outputText, expected);
    assert.deepEqual(stats, { hits: 0, misses: 1 });
    assert.equal(readdirSync(dir).filter((f) => f.endsWith(".json")).length, 1);

    // A second wrapper (another kernel) reads the entry instead of converting.
    const other = { hits: 0, misses: 0 };
    assert.equal(cacheModule.cachedTypeScript(ts, dir, other).transpileModule(esModule, toCommonJs).outputText, expected);
    assert.deepEqual(other, { hits: 1, misses: 0 });
  });

  test("other input or other options are other entries", () => {
    const dir = freshDir();
    const stats = { hits: 0, misses: 0 };
    const cached = cacheModule.cachedTypeScript(ts, dir, stats);
    cached.transpileModule(esModule, toCommonJs);
    const es2020 = { ...toCommonJs, compilerOptions: { ...toCommonJs.compilerOptions, target: ts.ScriptTarget.ES2020 } };
    assert.equal(cached.transpileModule(esModule, es2020).outputText, ts.transpileModule(esModule, es2020).outputText);
    const edited = esModule.replace("matchLabels", "matchLabelsEdited");
    assert.match(cached.transpileModule(edited, toCommonJs).outputText, /matchLabelsEdited/);
    assert.deepEqual(stats, { hits: 0, misses: 3 });
  });

  test("an entry is only a memo: a corrupt one is recomputed and rewritten", () => {
    const dir = freshDir();
    const cached = cacheModule.cachedTypeScript(ts, dir);
    const expected = cached.transpileModule(esModule, toCommonJs).outputText;
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), '{"outputText": 4');
    const stats = { hits: 0, misses: 0 };
    assert.equal(cacheModule.cachedTypeScript(ts, dir, stats).transpileModule(esModule, toCommonJs).outputText, expected);
    assert.deepEqual(stats, { hits: 0, misses: 1 });
    assert.equal(JSON.parse(readFileSync(join(dir, entry!), "utf8")).outputText, expected);
  });

  test("everything else is the real TypeScript", () => {
    const cached = cacheModule.cachedTypeScript(ts, freshDir());
    assert.equal(cached.version, ts.version);
    assert.equal(cached.SyntaxKind, ts.SyntaxKind);
    assert.equal(cached.createSourceFile, ts.createSourceFile);
  });

  test("installed, tslab's require gets the cached copy; uninstalled, the real module", () => {
    const installed = cacheModule.installTranspileCache(freshDir());
    try {
      const seen = require(cacheModule.TYPESCRIPT_REQUEST) as TS;
      assert.notEqual(seen, ts);
      assert.equal(require(cacheModule.TYPESCRIPT_REQUEST), seen, "one copy for every require");
      seen.transpileModule(esModule, toCommonJs);
      assert.deepEqual(installed.stats, { hits: 0, misses: 1 });
    } finally {
      installed.uninstall();
    }
    assert.equal(require(cacheModule.TYPESCRIPT_REQUEST), ts);
  });

  test("a folder past its limit is cleared; one within it is kept", () => {
    const dir = freshDir();
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `${i}.json`), "{}");
    cacheModule.pruneCache(dir, 3);
    assert.equal(readdirSync(dir).length, 3);
    writeFileSync(join(dir, "3.json"), "{}");
    cacheModule.pruneCache(dir, 3);
    assert.throws(() => readdirSync(dir), /ENOENT/);
  });
});

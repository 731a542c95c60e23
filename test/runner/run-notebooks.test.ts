/**
 * The notebook runner against real tslab kernels (each kernel run costs a few seconds, so the fixtures are
 * tiny and runs are shared between assertions). Every run writes to its own temporary output folder.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  cellErrors,
  cellSource,
  cellStderr,
  cellStdout,
  findCellBySource,
  findCellByTag,
  readNotebook,
  writeNotebook,
  type Notebook,
} from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { cacheKey, hashDependencies, main, runNotebooks, type NotebookRun } from "../../scripts/run-notebooks";

const fixtures = join(__dirname, "fixtures");
const fixture = (name: string) => relative(projectRoot, join(fixtures, name));
const scratch = mkdtempSync(join(tmpdir(), "run-notebooks-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the command line as a user would (from the project root). */
function cli(args: string[]): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/run-notebooks.ts", ...args], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

function cellById(nb: Notebook, id: string) {
  const cell = nb.cells.find((c) => c.id === id);
  assert.ok(cell, `cell ${id} exists`);
  return cell;
}

describe("a failing notebook and cell tags (one run of two notebooks)", () => {
  const out = join(scratch, "failing-and-tags");
  let result: CliResult;
  before(async () => {
    result = await cli([fixture("failing.ipynb"), fixture("tags.ipynb"), "--out", out, "--no-cache"]);
  });

  test("a cell error fails the run and shows the notebook, the cell's source and the real error", () => {
    const output = result.stdout + result.stderr;
    assert.equal(result.code, 1, output);
    assert.match(output, /FAILED test\/runner\/fixtures\/failing\.ipynb: failed in cell 2 /);
    assert.match(output, /id "boom"/);
    assert.ok(output.includes('throw new Error("boom from cell 2");'), "the failing cell's source is shown");
    assert.match(output, /Error: boom from cell 2/, "the kernel's own error text is shown, not just <Error>:");
    assert.doesNotMatch(output, /node_modules\/tslab/, "tslab's internal stack frames are dropped");
    assert.match(result.stdout, /run-notebooks: 2 notebooks, 1 ok, 1 failed/);
    assert.equal(existsSync(join(out, "test/runner/fixtures/failing.ipynb")), false, "a failed notebook leaves no executed copy");
  });

  test("a raises-exception cell may fail, a skip-execution cell is not run, counts are restored", () => {
    const nb = readNotebook(join(out, "test/runner/fixtures/tags.ipynb"));
    const failed = cellById(nb, "expected-failure");
    assert.match(cellErrors(failed), /^Error: expected failure$/m, "the error is an error output (the kernel's ename/traceback)");
    assert.equal(cellStderr(failed), "", "and not repeated as stderr text");
    assert.equal(cellStdout(cellById(nb, "after-failure")), "after the expected failure\n");
    const skipped = cellById(nb, "skipped");
    assert.deepEqual(skipped.outputs, []);
    assert.equal(skipped.execution_count, null);
    assert.equal(cellStdout(cellById(nb, "last")), "last cell\n");
    assert.deepEqual(
      ["first", "expected-failure", "after-failure", "last"].map((id) => cellById(nb, id).execution_count),
      [1, 2, 3, 4],
    );
  });

  test("the sources are not modified", () => {
    for (const name of ["failing.ipynb", "tags.ipynb"]) {
      const nb = readNotebook(join(fixtures, name));
      assert.ok(nb.cells.every((c) => (c.outputs ?? []).length === 0), name);
    }
  });
});

test("--param overrides the parameters cell's defaults and is recorded in the metadata", async () => {
  const out = join(scratch, "params");
  const before = readFileSync(join(fixtures, "params.ipynb"), "utf8");
  const result = await cli([fixture("params.ipynb"), "--param", "epsilon=0.25", "--param", "label=hello", "--param", "sizes=[3,4,5]", "--out", out]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const nb = readNotebook(join(out, "test/runner/fixtures/params.ipynb"));
  const report = findCellBySource(nb, "console.log(`epsilon=", "code");
  assert.ok(report);
  assert.equal(cellStdout(report.cell), "epsilon=0.25 label=hello sizes=[3,4,5] default=false\n");
  const injected = findCellByTag(nb, "injected-parameters");
  assert.equal(injected?.index, (findCellByTag(nb, "parameters")?.index ?? -2) + 1);
  assert.deepEqual((nb.metadata.nbrunner as { parameters: unknown }).parameters, { epsilon: 0.25, label: "hello", sizes: [3, 4, 5] });
  assert.equal(readFileSync(join(fixtures, "params.ipynb"), "utf8"), before, "the source notebook is untouched");
});

test("allowed values reach the kernel as written: Infinity where allowed, a union's string, whole numbers", async () => {
  const out = join(scratch, "typed-params");
  const args = ["epsilon=0.2", "k=5", "method=dplloyd", "scale=Infinity", "verbose=true", "label=x"].flatMap((p) => ["--param", p]);
  const result = await cli([fixture("typed-params.ipynb"), ...args, "--out", out]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const nb = readNotebook(join(out, "test/runner/fixtures/typed-params.ipynb"));
  assert.equal(cellStdout(cellById(nb, "report")), "epsilon=0.2 k=5 method=dplloyd scale=Infinity verbose=true label=x\n");
  assert.equal((nb.metadata.nbrunner as { parameters: Record<string, unknown> }).parameters.scale, "Infinity", "not JSON's null");
});

const emptyFolder = join(scratch, "empty-folder");
mkdirSync(emptyFolder, { recursive: true });
writeFileSync(join(emptyFolder, "notes.md"), "not a notebook");

describe("usage errors exit with 2 and one line, before any kernel starts", () => {
  test("from the command line", async () => {
    const result = await cli(["--frobnicate", "--out", join(scratch, "usage")]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.equal(result.stderr, "run-notebooks: Unknown option '--frobnicate'; see --help\n");
  });

  const cases: Array<[string, string[], RegExp]> = [
    ["a missing notebook", ["test/runner/fixtures/nope.ipynb"], /^run-notebooks: no such notebook or folder: test\/runner\/fixtures\/nope\.ipynb$/],
    ["--param for a notebook without a parameters cell", [fixture("tags.ipynb"), "--param", "epsilon=1"], /tags\.ipynb has no code cell tagged "parameters"/],
    ["--param not declared in the parameters cell", [fixture("params.ipynb"), "--param", "epsilom=1"], /--param epsilom is not declared/],
    ["a malformed --param value", [fixture("params.ipynb"), "--param", "sizes=[1,"], /parameter value \[1, is not valid JSON/],
    // Issue 19: each was injected (null, 1e400 as null) or left to the kernel's type check seconds later.
    ["--param epsilon=null", [fixture("typed-params.ipynb"), "--param", "epsilon=null"], /typed-params\.ipynb: --param epsilon expects a finite number \(its default is 1\), got null/],
    ["--param epsilon=1e400", [fixture("typed-params.ipynb"), "--param", "epsilon=1e400"], /--param epsilon: parameter value 1e400 is too large for a number/],
    ["--param epsilon=abc", [fixture("typed-params.ipynb"), "--param", "epsilon=abc"], /--param epsilon expects a finite number \(its default is 1\), got "abc"/],
    ["--param epsilon=Infinity without allow", [fixture("typed-params.ipynb"), "--param", "epsilon=Infinity"], /got Infinity; Infinity is allowed only where/],
    ["--param k=2.5", [fixture("typed-params.ipynb"), "--param", "k=2.5"], /--param k expects a whole number \(its default is 3\), got 2\.5/],
    ["--param method outside its union", [fixture("typed-params.ipynb"), "--param", "method=kmeans"], /--param method expects one of "eugkm", "dplloyd" \(its default is "eugkm"\), got "kmeans"/],
    ["--param verbose=yes", [fixture("typed-params.ipynb"), "--param", "verbose=yes"], /--param verbose expects true or false/],
    ["a malformed --timeout", ["--timeout", "soon"], /--timeout expects a number/],
    // Issue 25, finding 5: each was accepted and dropped, kept the last, or answered by node's parseArgs.
    ["--param __proto__=1", [fixture("params.ipynb"), "--param", "__proto__=1"], /params\.ipynb: --param __proto__ is not declared in its "parameters" cell/],
    ["--param k=2 --param k=4", [fixture("typed-params.ipynb"), "--param", "k=2", "--param", "k=4"], /^run-notebooks: --param k is given twice \(k=2 and k=4\); pass each parameter once\.$/],
    ["--timeout -5", [fixture("params.ipynb"), "--timeout", "-5"], /^run-notebooks: --timeout must be a positive number of seconds, got -5$/],
    ["--jobs -1", [fixture("params.ipynb"), "--jobs", "-1"], /^run-notebooks: --jobs must be a whole number of at least 1, got -1$/],
    ["a folder with no notebooks", [relative(projectRoot, emptyFolder)], /^run-notebooks: the folder \S*empty-folder holds no notebooks \(\.ipynb\); name a folder or files that do$/],
    ["--jobs 0", ["--jobs", "0"], /--jobs must be a whole number of at least 1/],
  ];
  for (const [what, args, expected] of cases) {
    test(what, async (t) => {
      const errors: string[] = [];
      t.mock.method(console, "error", (text: string) => errors.push(text));
      t.mock.method(console, "log", () => assert.fail("nothing runs"));
      const previousCwd = process.cwd();
      process.chdir(projectRoot);
      try {
        assert.equal(await main([...args, "--out", join(scratch, "usage")]), 2);
      } finally {
        process.chdir(previousCwd);
      }
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, expected);
      assert.doesNotMatch(errors[0]!, /\n/);
    });
  }
});

describe("the cache", () => {
  // A copy of a fixture, with its own dependency file: other work on src/ cannot invalidate this cache.
  const dir = join(scratch, "cache");
  const source = join(dir, "tags.ipynb");
  const dependency = join(dir, "dependency.txt");
  const out = join(dir, "executed");
  const lines: string[] = [];
  const run = async (cache = true): Promise<NotebookRun> => {
    lines.length = 0; // only this run's lines: the notebook's line comes first, then the summary and timing
    const { results } = await runNotebooks({ files: [source], outDir: out, dependencies: [dependency], cache, log: (l) => lines.push(l) });
    assert.equal(results.length, 1);
    return results[0]!;
  };
  before(() => {
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(fixtures, "tags.ipynb"), source);
    writeFileSync(dependency, "version 1");
  });

  test("an unchanged notebook is reported cached; prose edits are refreshed; --no-cache reruns", async () => {
    const first = await run();
    assert.equal(first.status, "ok", JSON.stringify(first.failure));
    const executed = readFileSync(first.outputPath, "utf8");

    const second = await run();
    assert.equal(second.status, "cached");
    assert.match(lines[0]!, /^cached .*tags\.ipynb/);
    assert.match(lines[1]!, /1 ok \(1 cached\)/);
    assert.match(lines[2]!, /^run-notebooks: timing: .* wall, \d+ at a time; nothing executed \(all cached\)$/);
    assert.equal(readFileSync(second.outputPath, "utf8"), executed, "a cache hit leaves the executed copy as it was");

    // Editing markdown needs no kernel: the executed copy takes the new prose and keeps its outputs.
    const nb = readNotebook(source);
    nb.cells[0]!.source = "# Cell tags, reworded";
    writeNotebook(source, nb);
    const third = await run();
    assert.equal(third.status, "cached");
    const refreshed = readNotebook(third.outputPath);
    assert.equal(cellSource(refreshed.cells[0]!), "# Cell tags, reworded");
    assert.equal(cellStdout(cellById(refreshed, "last")), "last cell\n");

    const forced = await run(false);
    assert.equal(forced.status, "ok");
    assert.match(lines[0]!, /^ok /);
    assert.match(lines[2]!, /^run-notebooks: timing: .*; 1 executed, .* start-up \(nbconvert \+ kernel\) .* = \d+%$/);
    assert.match(lines[3]!, /^run-notebooks: slowest cells:\n +\d+\.\d s  \S*tags\.ipynb cell \d+: /);
  });
});

test("the cache key changes with code, parameters and dependencies, not with prose", () => {
  const dir = mkdtempSync(join(scratch, "key-"));
  const dependency = join(dir, "lib.ts");
  writeFileSync(dependency, "export const a = 1;");
  const deps = hashDependencies([dependency, join(dir, "not-there")]);
  const nb = readNotebook(join(fixtures, "tags.ipynb"));
  const key = cacheKey(nb, {}, deps);

  const prose = structuredClone(nb);
  prose.cells[0]!.source = "# Different words";
  assert.equal(cacheKey(prose, {}, deps), key);

  const code = structuredClone(nb);
  code.cells[1]!.source = 'console.log("first cell!");';
  assert.notEqual(cacheKey(code, {}, deps), key);
  assert.notEqual(cacheKey(nb, { epsilon: 1 }, deps), key);

  writeFileSync(dependency, "export const a = 2;");
  assert.notEqual(cacheKey(nb, {}, hashDependencies([dependency, join(dir, "not-there")])), key);
});

/**
 * The generator of learner notebooks: stubs keep indentation, bad markers fail with file, cell and line,
 * solution-only cells go, outputs are cleared, and the committed learner notebooks are in sync with their
 * sources (the same check as `npm run exercises -- --check`).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  ExerciseSourceError,
  learnerNotebook,
  learnerPath,
  listSources,
  makeExercises,
  stubSolutions,
} from "../../scripts/make-exercises";
import {
  cellSource,
  cellTags,
  codeCell,
  createNotebook,
  markdownCell,
  readNotebook,
  serializeNotebook,
  writeNotebook,
  type Notebook,
} from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";

const where = { file: "source/x.solutions.ipynb", cellIndex: 3, cellId: "abc123" };

function sourceError(fn: () => unknown): ExerciseSourceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ExerciseSourceError) return error;
    throw error;
  }
  assert.fail("expected an ExerciseSourceError");
}

describe("stubSolutions", () => {
  test("a block becomes its STUB lines, with their indentation; code outside is untouched", () => {
    const source = [
      "function f(a: number): number {",
      "  // BEGIN SOLUTION",
      "  // STUB: const b: number = TODO;",
      "  //   STUB: return b; // your code here",
      "  const b = a * 2;",
      "  return b;",
      "  // END SOLUTION",
      "}",
      "q1.check(f);",
    ].join("\n");
    const { source: stub, blocks } = stubSolutions(source, where);
    assert.equal(blocks, 1);
    assert.equal(stub, ["function f(a: number): number {", "  const b: number = TODO;", "  return b; // your code here", "}", "q1.check(f);"].join("\n"));
  });

  test("a block without STUB lines becomes `// your code here` at the marker's indentation", () => {
    const source = "if (x) {\n    // BEGIN SOLUTION\n    doIt();\n    // END SOLUTION\n}";
    assert.equal(stubSolutions(source, where).source, "if (x) {\n    // your code here\n}");
  });

  test("several blocks in a cell, an empty STUB line, and a cell without markers", () => {
    const source = "// BEGIN SOLUTION\n// STUB: const a = TODO;\n// STUB:\nconst a = 1;\n// END SOLUTION\nuse(a);\n// BEGIN SOLUTION\nconst b = 2;\n// END SOLUTION";
    const result = stubSolutions(source, where);
    assert.equal(result.blocks, 2);
    assert.equal(result.source, "const a = TODO;\n\nuse(a);\n// your code here");
    assert.deepEqual(stubSolutions("plain();\n", where), { source: "plain();\n", blocks: 0 });
  });

  test("nested markers fail, naming the file, the cell, both lines and the fix", () => {
    const e = sourceError(() => stubSolutions("// BEGIN SOLUTION\na();\n// BEGIN SOLUTION\nb();\n// END SOLUTION\n// END SOLUTION", where));
    assert.equal(e.code, "nested-marker");
    assert.equal(e.line, 3);
    assert.match(e.message, /^source\/x\.solutions\.ipynb, cell 3 \(id "abc123"\), line 3: .*opened on line 1.*cannot be nested/);
  });

  test("unbalanced markers fail: END without BEGIN, BEGIN never closed", () => {
    const end = sourceError(() => stubSolutions("a();\n// END SOLUTION", where));
    assert.deepEqual([end.code, end.line], ["unmatched-end", 2]);
    const open = sourceError(() => stubSolutions("a();\n  // BEGIN SOLUTION\nb();", where));
    assert.deepEqual([open.code, open.line], ["unclosed-block", 2]);
    assert.match(open.message, /not closed before the end of the cell/);
  });

  test("STUB outside a block and look-alike markers fail", () => {
    assert.equal(sourceError(() => stubSolutions("// STUB: x = TODO;", where)).code, "stub-outside-block");
    for (const bad of ["// BEGIN SOLUTION:", "# BEGIN SOLUTION", "/* END SOLUTION */", "// begin solution", "// STUB x = TODO"]) {
      const e = sourceError(() => stubSolutions(`a();\n${bad}`, where));
      assert.equal(e.code, "malformed-marker", bad);
      assert.equal(e.line, 2);
    }
  });
});

describe("learnerNotebook", () => {
  const source = (): Notebook => {
    const nb = createNotebook([
      markdownCell("# Exercises"),
      codeCell("import { TODO } from './src/exercises/index';"),
      codeCell("// BEGIN SOLUTION\n// STUB: const k: number = TODO;\nconst k = 4;\n// END SOLUTION\nq1.check(k);", { tags: ["solution", "raises-exception"], id: "q1cell" }),
      codeCell("assert.ok(true); // teacher only", { tags: ["solution"] }),
      markdownCell("The answer is 4 because...", { tags: ["solution"] }),
    ]);
    nb.cells[1]!.outputs = [{ output_type: "stream", name: "stdout", text: "hi\n" }];
    nb.cells[1]!.execution_count = 3;
    return nb;
  };

  test("stubs solution cells, drops solution-only cells and the solution tag, clears outputs, keeps ids", () => {
    const input = source();
    const before = serializeNotebook(input);
    const out = learnerNotebook(input, "notebooks/exercises/source/x.solutions.ipynb");
    assert.equal(serializeNotebook(input), before, "the source is not modified");
    assert.deepEqual(out.cells.map((c) => c.cell_type), ["markdown", "code", "code"]);
    const q1 = out.cells[2]!;
    assert.equal(q1.id, "q1cell");
    assert.equal(cellSource(q1), "const k: number = TODO;\nq1.check(k);");
    assert.deepEqual(cellTags(q1), ["raises-exception"], "other tags stay");
    assert.deepEqual([out.cells[1]!.outputs, out.cells[1]!.execution_count], [[], null]);
    assert.deepEqual(out.metadata.exercises, {
      generated_from: "notebooks/exercises/source/x.solutions.ipynb",
      note: "Generated by `npm run exercises` from the source notebook: edit the source, not this file.",
    });
    assert.doesNotMatch(serializeNotebook(out), /SOLUTION|const k = 4|teacher only|The answer is 4/);
  });

  test("markers in a cell without the solution tag, or in markdown, fail", () => {
    const untagged = createNotebook([codeCell("x();"), codeCell("// BEGIN SOLUTION\ny();\n// END SOLUTION", { id: "u1" })]);
    const e = sourceError(() => learnerNotebook(untagged, "s.ipynb"));
    assert.equal(e.code, "untagged-solution");
    assert.match(e.message, /^s\.ipynb, cell 1 \(id "u1"\): .*not tagged "solution"/);
    const md = createNotebook([markdownCell("Answer:\n<!-- BEGIN SOLUTION -->\n42\n<!-- END SOLUTION -->")]);
    assert.equal(sourceError(() => learnerNotebook(md, "s.ipynb")).code, "marker-outside-code");
  });

  test("learnerPath maps NN-name.solutions.ipynb to NN-name.ipynb and refuses other names", () => {
    assert.equal(learnerPath("/a/source/03-elbow.solutions.ipynb", "/a"), join("/a", "03-elbow.ipynb"));
    assert.throws(() => learnerPath("/a/source/03-elbow.ipynb", "/a"), /NN-name\.solutions\.ipynb/);
  });
});

describe("makeExercises and the command", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const workspace = () => {
    const dir = mkdtempSync(join(tmpdir(), "make-exercises-"));
    dirs.push(dir);
    const sources = join(dir, "source");
    mkdirSync(sources);
    writeNotebook(
      join(sources, "01-x.solutions.ipynb"),
      createNotebook([codeCell("// BEGIN SOLUTION\n// STUB: const a: number = TODO;\nconst a = 1;\n// END SOLUTION\nq1.check(a);", { tags: ["solution"] })]),
    );
    return { dir, sources, learner: join(dir, "01-x.ipynb") };
  };
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "scripts", "make-exercises.ts"), ...args], {
      cwd: projectRoot,
      encoding: "utf8",
    });

  test("writes, then leaves unchanged; --check sees in-sync, out-of-date, missing and orphans", () => {
    const { dir, sources, learner } = workspace();
    const options = { sources, out: dir };
    assert.deepEqual(makeExercises(options).files.map((f) => f.status), ["written"]);
    assert.deepEqual(makeExercises(options).files.map((f) => f.status), ["unchanged"]);
    assert.equal(cellSource(readNotebook(learner).cells[0]!), "const a: number = TODO;\nq1.check(a);");
    assert.equal(makeExercises({ ...options, check: true }).ok, true);

    writeFileSync(learner, readFileSync(learner, "utf8").replace("TODO", "1"));
    const stale = makeExercises({ ...options, check: true });
    assert.deepEqual([stale.ok, stale.files[0]!.status], [false, "out-of-date"]);

    rmSync(learner);
    assert.equal(makeExercises({ ...options, check: true }).files[0]!.status, "missing");

    makeExercises(options);
    copyFileSync(learner, join(dir, "02-orphan.ipynb"));
    const orphaned = makeExercises({ ...options, check: true });
    assert.deepEqual([orphaned.ok, orphaned.orphans], [false, [join(dir, "02-orphan.ipynb")]]);
  });

  test("the command: exit 1 with the reason when out of sync or a source is bad, 2 for bad usage", () => {
    const { dir, sources, learner } = workspace();
    assert.equal(run("--sources", sources, "--out", dir).status, 0);
    writeFileSync(learner, "{}");
    const stale = run("--check", "--sources", sources, "--out", dir);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /out-of-date .*01-x\.ipynb[^]*run `npm run exercises`/);

    writeNotebook(join(sources, "01-x.solutions.ipynb"), createNotebook([codeCell("// BEGIN SOLUTION\na();", { tags: ["solution"], id: "bad1" })]));
    const bad = run("--sources", sources, "--out", dir);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /01-x\.solutions\.ipynb, cell 0 \(id "bad1"\), line 1: the solution block opened here is not closed/);

    assert.equal(run("--bogus").status, 2);
  });

  test("the committed learner notebooks are in sync with their sources", () => {
    assert.ok(listSources().length >= 1, "at least lesson 1's exercises");
    const result = makeExercises({ check: true });
    const stale = result.files.filter((f) => f.status !== "in-sync").map((f) => `${f.status}: ${f.output}`);
    assert.deepEqual([...stale, ...result.orphans], [], "run `npm run exercises` and commit the learner notebooks");
    const cli = run("--check");
    assert.equal(cli.status, 0, cli.stderr);
  });
});

/**
 * The conventions that let a lesson's exercises be added with one checks module and one source notebook:
 * every `src/exercises/lessonN.ts` exports its lesson and each exercise as `qN`, has a testing table
 * (`test/exercises/lessonN.test.ts`) and a source notebook that imports it and checks every exercise, and
 * what `qN.solution()` shows is the source notebook's solution.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { cellSource, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { listSources } from "../../scripts/make-exercises";
import { Lesson } from "../../src/exercises/index";

const lessonModules = readdirSync(join(projectRoot, "src", "exercises"))
  .map((f) => /^lesson(\d+)\.ts$/.exec(f))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ file: m[0], number: Number(m[1]) }));

const sources = listSources().map((path) => ({ path, notebook: readNotebook(path) }));

/** The solution blocks of the code cells that check exercise `handle`, as trimmed lines. */
function solutionBlockLines(cells: string[], handle: string): string[] {
  const lines: string[] = [];
  for (const text of cells.filter((c) => new RegExp(`^[^/\\n]*\\b${handle}\\.check\\(`, "m").test(c))) {
    let inside = false;
    for (const line of text.split("\n")) {
      if (/\/\/\s*BEGIN SOLUTION/.test(line)) inside = true;
      else if (/\/\/\s*END SOLUTION/.test(line)) inside = false;
      else if (inside && !/\/\/\s*STUB:/.test(line) && line.trim() !== "") lines.push(line.trim());
    }
  }
  return lines;
}

test("stubs declare no type for the answer, so a typed mistake reaches the check instead of a compiler error", () => {
  // `const dpModel: dp.KMeans = TODO` would make the non-private `KMeans` a type error naming the class; a
  // function stub's return type would do the same for a number returned where rows are asked.
  const offenders: string[] = [];
  for (const { path, notebook } of sources) {
    for (const text of notebook.cells.filter((c) => c.cell_type === "code").map(cellSource)) {
      for (const line of text.split("\n")) {
        if (/\/\/\s*STUB:\s*(const|let|var)\s+[\w$]+\s*:/.test(line)) offenders.push(`${path}: ${line.trim()}`);
      }
      if (/\/\/\s*STUB:\s*return\b/.test(text)) {
        for (const m of text.matchAll(/^\s*function\s+[\w$]+\s*\(.*\)\s*:[^{]*\{/gm)) offenders.push(`${path}: ${m[0].trim()}`);
      }
    }
  }
  assert.ok(sources.length >= 6, "the source notebooks were found");
  assert.deepEqual(offenders, []);
});

test("there are exercise modules to check", () => {
  assert.ok(lessonModules.some((m) => m.number === 1), "src/exercises/lesson1.ts");
});

for (const { file, number } of lessonModules) {
  describe(`src/exercises/${file}`, () => {
    test("exports its lesson, and each exercise as qN", async () => {
      const exports = (await import(`../../src/exercises/${file.replace(/\.ts$/, "")}`)) as Record<string, unknown>;
      const lessons = Object.values(exports).filter((v): v is Lesson => v instanceof Lesson);
      assert.equal(lessons.length, 1, "one exported Lesson");
      const lesson = lessons[0]!;
      assert.equal(lesson.number, number, "the lesson number matches the file name");
      assert.ok(lesson.problems.length >= 3, "at least three exercises");
      for (const p of lesson.problems) assert.equal(exports[`q${p.number}`], p, `exercise ${p.id} exported as q${p.number}`);
    });

    test("has a testing table", () => {
      assert.ok(existsSync(join(projectRoot, "test", "exercises", `lesson${number}.test.ts`)), `test/exercises/lesson${number}.test.ts`);
    });

    test("has a source notebook that checks every exercise, and solution() shows that notebook's solution", async () => {
      const source = sources.find((s) => s.notebook.cells.some((c) => cellSource(c).includes(`"./src/exercises/lesson${number}"`)));
      assert.ok(source, `a notebooks/exercises/source/*.solutions.ipynb importing ./src/exercises/lesson${number}`);
      const cells = source.notebook.cells.filter((c) => c.cell_type === "code").map(cellSource);
      const exports = (await import(`../../src/exercises/lesson${number}`)) as Record<string, unknown>;
      const lesson = Object.values(exports).find((v): v is Lesson => v instanceof Lesson)!;
      for (const p of lesson.problems) {
        const handle = `q${p.number}`;
        const block = solutionBlockLines(cells, handle);
        assert.ok(block.length > 0, `${source.path}: a solution block in the cell that calls ${handle}.check(...)`);
        const shown = new Set(p.solutionCode.split("\n").map((l) => l.trim()));
        const missing = block.filter((line) => !shown.has(line));
        assert.deepEqual(missing, [], `${handle}.solution() differs from the source notebook's solution`);
      }
    });
  });
}

/**
 * Every committed lesson: no measured number in its markdown (only the public facts listed for it), and
 * teaching code (no assert, ≤ 100 characters a line). The readers are tested on small samples first, so a
 * lesson passing means the check looked.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readNotebook, type Notebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { proseNumbers, teachingCodeProblems, unlistedProseNumbers } from "./prose";
import { GLOBAL_PUBLIC_NUMBERS, LESSON_PUBLIC_NUMBERS } from "./public-numbers";

const lessons = readdirSync(join(projectRoot, "notebooks")).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).map((f) => f.replace(/\.ipynb$/, ""));

function markdownNotebook(...sources: string[]): Notebook {
  return { cells: sources.map((s) => ({ cell_type: "markdown", metadata: {}, source: s })), metadata: {}, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook;
}

test("the prose reader finds measured numbers and skips code, math, numbering and small counts", () => {
  assert.deepEqual(proseNumbers("over 100 seeds: every one from ε = 1 up, about 4 in 5 at ε = 0.2"), ["100", "1", "4", "5", "0.2"]);
  assert.deepEqual(proseNumbers("medians 0.6 % at one ε, 4.4% at the other; 1,025 species"), ["0.6%", "4.4%", "1025"]);
  assert.deepEqual(proseNumbers("Lesson 3, checkpoint 2.1, a 2-D chart, `publicSize: 1025`, $e^{0.5}$, [x](a/b1234.md)"), []);
  const nb = markdownNotebook("EUGkM 3.04, hybrid 1.008; the Pokédex lists 1,025 species in 2024; two of 3");
  assert.deepEqual(unlistedProseNumbers(nb, new Set(["1025"])).map((u) => u.number), ["3.04", "1.008"]);
});

test("the code reader finds assert and long lines", () => {
  const nb = { cells: [{ cell_type: "code", metadata: {}, source: `assert.ok(x);\nconst y = 1; // assert nothing\n${"x".repeat(101)}`, outputs: [] }] } as unknown as Notebook;
  assert.deepEqual(teachingCodeProblems(nb).map((p) => [p.line, p.problem]), [[1, "assert"], [3, "too-long"]]);
});

for (const lesson of lessons) {
  test(`${lesson}: markdown states no measured number; code is teaching code`, () => {
    const notebook = readNotebook(join(projectRoot, "notebooks", `${lesson}.ipynb`));
    const allowed = new Set([...Object.keys(GLOBAL_PUBLIC_NUMBERS), ...Object.keys(LESSON_PUBLIC_NUMBERS[lesson] ?? {})]);
    const numbers = unlistedProseNumbers(notebook, allowed);
    assert.deepEqual(numbers, [], `numbers in ${lesson}'s markdown that are not listed public facts (put results on a claim card, or list a public fact in public-numbers.ts with why):\n${numbers.map((n) => `  cell ${n.cell}: ${n.number} … ${n.context}`).join("\n")}`);
    const problems = teachingCodeProblems(notebook);
    assert.deepEqual(problems, [], `lesson code that is not teaching code:\n${problems.map((p) => `  cell ${p.cell} line ${p.line} ${p.problem}: ${p.text}`).join("\n")}`);
  });
}

/**
 * Every lesson and exercise notebook states an honest reading time ("About N minutes" in its first markdown
 * cell, N ≥ words / 180 + 0.5 × code cells; see reading-time.ts). The reader is tested on a small sample
 * first, so a notebook passing means the check looked.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readNotebook, type Notebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { readingTime, wordCount } from "./reading-time";

function sample(intro: string, codeCells: number, words: number): Notebook {
  const cells = [
    { cell_type: "markdown", metadata: {}, source: intro },
    { cell_type: "markdown", metadata: {}, source: Array.from({ length: words }, () => "word").join(" ") },
    ...Array.from({ length: codeCells }, () => ({ cell_type: "code", metadata: {}, source: "x", outputs: [] })),
  ];
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook;
}

test("the reader counts words and code cells and finds the stated time", () => {
  assert.equal(wordCount("  const x = 1;\n// two words "), 7);
  const time = readingTime(sample("# Title\n*About 7 minutes.*", 4, 356));
  // 5 + 356 + 4 words (the intro's, the body's, one per code cell) at 180 a minute, 4 cells × 0.5.
  assert.equal(time.words, 5 + 356 + 4);
  assert.equal(time.codeCells, 4);
  assert.equal(time.statedMinutes, 7);
  assert.ok(Math.abs(time.minimumMinutes - (365 / 180 + 2)) < 1e-12);
  assert.equal(readingTime(sample("# Title, no time", 0, 10)).statedMinutes, undefined);
  assert.equal(readingTime(sample("# Title, about 3 minutes (lower case is not the statement)", 0, 1)).statedMinutes, undefined);
});

const folders = [join(projectRoot, "notebooks"), join(projectRoot, "notebooks", "exercises")];
const notebooks = folders.flatMap((folder) =>
  readdirSync(folder)
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .map((f) => join(folder, f)),
);

test("there are lessons and exercise notebooks to check", () => {
  assert.ok(notebooks.some((p) => p.includes("/exercises/")) && notebooks.some((p) => !p.includes("/exercises/")));
});

for (const path of notebooks) {
  const name = path.slice(projectRoot.length + 1);
  test(`${name} states an honest reading time`, () => {
    const time = readingTime(readNotebook(path));
    const need = Math.ceil(time.minimumMinutes);
    assert.ok(time.statedMinutes !== undefined, `${name}: say "About ${need} minutes" in the first markdown cell`);
    assert.ok(
      time.statedMinutes >= time.minimumMinutes,
      `${name} says about ${time.statedMinutes} minutes, but ${time.words} words at 180 a minute and ` +
        `${time.codeCells} code cells at half a minute each take ${time.minimumMinutes.toFixed(1)}: say "About ${need} minutes" (or shorten it)`,
    );
  });
}

/**
 * Every exercise notebook executes headless, with its outputs checked: the source (with solutions) shows
 * a "correct" card for every check; the generated learner copy runs to the end with every check "not
 * attempted", no error, and no line of any solution. Runs through the notebook runner's cache, so after
 * `npm run notebooks` it costs about a second per notebook.
 */
import assert from "node:assert/strict";
import { basename, relative } from "node:path";
import { test } from "node:test";
import { cellSource, readNotebook, type Notebook } from "../../scripts/lib/notebook";
import { SOURCE_SUFFIX, exercisesDir, learnerPath, listSources } from "../../scripts/make-exercises";
import { notebooksDir } from "../../scripts/run-notebooks";
import { executeLesson, type ExecutedLesson } from "../notebooks/executed";

interface Card {
  exercise: string;
  status: string;
  code: string;
}

function outcomeCards(run: ExecutedLesson): Card[] {
  return run.html.flatMap((html) =>
    [...html.matchAll(/data-kind="outcome" data-exercise="([^"]+)" data-status="([^"]+)" data-code="([^"]+)"/g)].map((m) => ({
      exercise: m[1]!,
      status: m[2]!,
      code: m[3]!,
    })),
  );
}

/** The exercise ids a notebook checks: `qN.check(` in code (comments ignored), with the lesson it imports. */
function checkedExercises(nb: Notebook): string[] {
  const code = nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => cellSource(c).split("\n").filter((l) => !l.trim().startsWith("//")).join("\n"))
    .join("\n");
  const lesson = /\.\/src\/exercises\/lesson(\d+)"/.exec(code)?.[1];
  assert.ok(lesson, "the notebook imports its lesson's checks from ./src/exercises/lessonN");
  return [...code.matchAll(/\bq(\d+)\.check\(/g)].map((m) => `${lesson}.${m[1]}`);
}

/** The lines inside solution blocks and solution-only cells of a source (long enough to be telling). */
function solutionLines(nb: Notebook): string[] {
  const lines: string[] = [];
  for (const cell of nb.cells) {
    const text = cellSource(cell).split("\n");
    const tagged = (cell.metadata.tags ?? []).includes("solution");
    const hasMarkers = text.some((l) => /\/\/\s*BEGIN SOLUTION/.test(l));
    let inside = tagged && !hasMarkers;
    for (const line of text) {
      if (/\/\/\s*BEGIN SOLUTION/.test(line)) inside = true;
      else if (/\/\/\s*END SOLUTION/.test(line)) inside = false;
      else if (inside && !/\/\/\s*STUB:/.test(line) && line.trim().length >= 16) lines.push(line.trim());
    }
  }
  return lines;
}

const name = (path: string) => relative(notebooksDir, path).replace(/\.ipynb$/, "");

for (const source of listSources()) {
  const lessonName = basename(source, SOURCE_SUFFIX);
  const sourceNotebook = readNotebook(source);
  const expected = checkedExercises(sourceNotebook);

  test(`${lessonName}: the source notebook runs headless and every solution is correct`, async () => {
    const run = await executeLesson(name(source));
    const cards = outcomeCards(run);
    assert.deepEqual(cards.map((c) => c.exercise), expected, "one card per check, in order");
    for (const card of cards) assert.equal(card.status, "correct", `exercise ${card.exercise}: ${card.code}`);
    assert.match(run.html.join(""), new RegExp(`data-kind="progress" data-correct="${expected.length}" data-total="${expected.length}"`));
    assert.equal(run.stderr, "", "no warnings");
    assert.equal(run.errors, "", "no errors");
  });

  test(`${lessonName}: the learner's copy runs to the end, every check not attempted, no solution in it`, async () => {
    const learner = learnerPath(source, exercisesDir);
    const learnerNotebook = readNotebook(learner);
    assert.deepEqual(checkedExercises(learnerNotebook), expected, "the learner's copy keeps every check");
    const run = await executeLesson(name(learner));
    const cards = outcomeCards(run);
    assert.deepEqual(cards.map((c) => c.exercise), expected);
    for (const card of cards) assert.equal(card.status, "not-attempted", `exercise ${card.exercise}`);
    assert.match(run.html.join(""), new RegExp(`data-kind="progress" data-correct="0" data-total="${expected.length}"`));
    assert.equal(run.stderr, "", "no cell may warn");
    assert.equal(run.errors, "", "no cell may throw");
    const text = learnerNotebook.cells.map(cellSource).join("\n") + run.stdout + run.results + run.html.join("");
    const leaked = solutionLines(sourceNotebook).filter((line) => text.includes(line));
    assert.deepEqual(leaked, [], "solution lines in the learner's copy");
    assert.doesNotMatch(text, /BEGIN SOLUTION|END SOLUTION|STUB:/);
    assert.ok(learnerNotebook.cells.every((c) => !(c.metadata.tags ?? []).includes("solution")), "no solution tags left");
  });
}

/**
 * The testing table of a lesson's exercises, as learntools keeps one: for every exercise its solution
 * (must be correct), its stub's answer (must be "not attempted") and typical wrong answers (each must get
 * its intended mistake code and message). `testLessonExercises` turns the table into node:test tests and
 * fails when an exercise has no entry or fewer than two wrong answers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Lesson, Problem } from "../../src/exercises/index";

/** A typical wrong answer and the feedback it must get. */
export interface WrongAnswer {
  /** What the learner did, e.g. "k = 3 instead of 4". */
  name: string;
  /** Computes the answer the way a learner making this mistake would. */
  answer: () => unknown;
  /** The mistake code the grader must report. */
  code: string;
  /** What the message must say. */
  message: RegExp;
  /**
   * The message quotes the learner's own answer (e.g. the text "170"), which may contain the secret: skip
   * the secret check for this one. Default false.
   */
  quotesAnswer?: boolean;
}

/** The table entry of one exercise. */
export interface ExerciseCases {
  /** Computes the answer the way the source notebook's solution does. */
  solution: () => unknown;
  /** The answer the generated stub passes (usually `TODO`; for a function, one returning `TODO`). */
  stub: unknown;
  /** At least two typical wrong answers. */
  wrong: WrongAnswer[];
  /**
   * Text that no feedback other than "correct" may contain (the answer itself, e.g. /\b170\b/): messages
   * point at the mistake without giving the answer away. Default: none.
   */
  secret?: RegExp;
}

/**
 * Register the tests of a lesson's exercise table.
 *
 * @param lesson - the lesson (its `problems` are the exercises)
 * @param cases - one entry per exercise, keyed `q1`, `q2`...
 */
export function testLessonExercises(lesson: Lesson, cases: Record<string, ExerciseCases>): void {
  test(`lesson ${lesson.number}: every exercise has a testing table with at least two wrong answers`, () => {
    const handles = lesson.problems.map((p) => `q${p.number}`);
    assert.deepEqual(Object.keys(cases).sort(), [...handles].sort(), "one table entry per exercise, keyed q1, q2...");
    for (const [handle, entry] of Object.entries(cases)) {
      assert.ok(entry.wrong.length >= 2, `${handle} needs at least two typical wrong answers, has ${entry.wrong.length}`);
    }
  });

  for (const problem of lesson.problems) {
    const entry = cases[`q${problem.number}`];
    if (!entry) continue;
    describe(`exercise ${problem.id}: ${problem.title}`, () => {
      test("the solution is correct", () => {
        const outcome = problem.grade(entry.solution());
        assert.equal(outcome.status, "correct", outcome.message);
        assert.equal(outcome.code, "correct");
      });

      test("the stub's answer is not attempted", () => {
        const outcome = problem.grade(entry.stub);
        assert.equal(outcome.status, "not-attempted", outcome.message);
        assert.match(outcome.message, /TODO/);
      });

      for (const wrong of entry.wrong) {
        test(`wrong: ${wrong.name} → ${wrong.code}`, () => {
          const outcome = problem.grade(wrong.answer());
          assert.equal(outcome.status, "incorrect", `expected incorrect, got ${outcome.status}: ${outcome.message}`);
          assert.equal(outcome.code, wrong.code, outcome.message);
          assert.match(outcome.message, wrong.message);
          if (entry.secret && !wrong.quotesAnswer) {
            assert.doesNotMatch(outcome.message, entry.secret, "the message gives the answer away");
          }
        });
      }

      test("hints and solution are there, and the first hint does not give the answer away", () => {
        assert.ok(problem.hints.length >= 1);
        assert.ok(problem.solutionCode.length > 0);
        if (entry.secret) assert.doesNotMatch(problem.hints[0]!, entry.secret);
      });
    });
  }
}

/** The problems of a lesson by handle, for tables that need them. */
export function byHandle(lesson: Lesson): Record<string, Problem> {
  return Object.fromEntries(lesson.problems.map((p) => [`q${p.number}`, p]));
}

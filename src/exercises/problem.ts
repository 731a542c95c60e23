/**
 * Exercises: a lesson's problems, each with `check(answer)`, `hint(level)` and `solution()`, in the
 * manner of Kaggle's learntools.
 *
 * A lesson's checks module defines them once:
 *
 *     const lesson = defineLesson(1, "De-identification by clustering");
 *     export const q1 = lesson.problem({ number: 1, title: "...", hints: [...], solution: "...", grade });
 *
 * and the learner's notebook imports them (`import { q1 } from "./src/exercises/lesson1"`) and ends each
 * exercise with `q1.check(answer)`. The answer is passed explicitly: tslab compiles every cell as its own
 * module, so a check cannot read the learner's variables by name.
 */
import { InvalidInputError } from "../errors";
import { isBlank } from "./blank";
import { Finding, NOT_ATTEMPTED_MESSAGE, Outcome, incorrect, notAttempted, type Verdict } from "./outcome";
import { present } from "./present";
import { lastOutcome, recordHint, recordOutcome, recordSolution, registerExercise } from "./progress";
import { handleOf, hintHtml, hintText, outcomeHtml, outcomeText, solutionHtml, solutionText } from "./render";

/** Everything that defines one exercise. */
export interface ProblemSpec {
  /**
   * Position in the lesson, from 1. Exercise `n` of lesson `L` has id `"L.n"` and MUST be exported by the
   * lesson's checks module as `qn` (messages tell the learner to call `qn.hint()`).
   */
  number: number;
  /** A short title, e.g. "The largest cluster". */
  title: string;
  /**
   * Hints from gentle to specific (at least one). `hint()` shows the first, `hint(2)` the second... Use
   * `backticks` for code.
   */
  hints: readonly string[];
  /** A solution, as TypeScript code (what `solution()` shows; keep it equal to the source notebook's). */
  solution: string;
  /** Why the solution works, or what it shows (optional, shown under the code). */
  explanation?: string;
  /**
   * Decide whether an answer is right. Called only for non-blank answers (`TODO`, `undefined` and `null`
   * are "not attempted" before it runs). Return `correct(...)` or `incorrect(code, message)`, or end early
   * with `fail(code, message)` / the `expect*` helpers of `grading.ts`. Compare values with tolerances,
   * never the learner's source text.
   */
  grade(answer: unknown): Verdict;
}

/** Where a problem is asked: in an exercise notebook, or as a checkpoint inside a lesson. */
export type ProblemKind = "exercise" | "checkpoint";

/** One exercise: check an answer, show hints and a solution. */
export class Problem {
  /** The lesson's number. */
  readonly lesson: number;
  /** Position in the lesson, from 1. */
  readonly number: number;
  /** `"L.n"`, e.g. `"1.2"`. */
  readonly id: string;
  /** The title. */
  readonly title: string;
  /** The hints, gentle to specific. */
  readonly hints: readonly string[];
  /** The solution's code. */
  readonly solutionCode: string;
  /** Why the solution works (may be empty). */
  readonly explanation: string;
  readonly #grade: (answer: unknown) => Verdict;
  #correctAnswer: unknown = undefined;

  /** `"exercise"` (id `"L.n"`, handle `qn`) or `"checkpoint"` (id `"L.cpn"`, handle `cpL_n`). */
  readonly kind: ProblemKind;

  /**
   * @param lesson - the lesson's number
   * @param spec - see {@link ProblemSpec}
   * @param kind - an exercise of the "Let's practice!" notebook (default) or a checkpoint inside a lesson
   * @throws InvalidInputError for a number that is not a whole number ≥ 1, no title, no hint or no solution
   */
  constructor(lesson: number, spec: ProblemSpec, kind: ProblemKind = "exercise") {
    if (!Number.isInteger(spec.number) || spec.number < 1) {
      throw new InvalidInputError("invalid-problem", `A problem's number is a whole number ≥ 1, got ${spec.number}.`);
    }
    if (!spec.title) throw new InvalidInputError("invalid-problem", `Problem ${lesson}.${spec.number} needs a title.`);
    if (!Array.isArray(spec.hints) || spec.hints.length === 0) {
      throw new InvalidInputError("invalid-problem", `Problem ${lesson}.${spec.number} needs at least one hint.`);
    }
    if (!spec.solution) throw new InvalidInputError("invalid-problem", `Problem ${lesson}.${spec.number} needs a solution.`);
    this.lesson = lesson;
    this.number = spec.number;
    this.kind = kind;
    this.id = kind === "checkpoint" ? `${lesson}.cp${spec.number}` : `${lesson}.${spec.number}`;
    this.title = spec.title;
    this.hints = [...spec.hints];
    this.solutionCode = spec.solution.trim();
    this.explanation = spec.explanation ?? "";
    this.#grade = spec.grade;
  }

  /**
   * Grade an answer without showing or recording anything (tests and other tools use this).
   * Never throws: a grader that fails unexpectedly gives an incorrect outcome with code `check-failed`.
   *
   * @param answer - the learner's answer
   * @returns the outcome
   */
  grade(answer: unknown): Outcome {
    return new Outcome(this.id, this.title, this.#verdict(answer));
  }

  #verdict(answer: unknown): Verdict {
    if (isBlank(answer)) return notAttempted();
    try {
      return this.#grade(answer);
    } catch (error) {
      if (error instanceof Finding) return error.verdict;
      const e = error as { name?: string; message?: string };
      return incorrect(
        "check-failed",
        `Your answer could not be checked: ${e?.name ?? "Error"}: ${e?.message ?? String(error)}. ` +
          `Make sure it has the shape the exercise asks for; \`${handleOf(this.id)}.hint()\` can help.`,
      );
    }
  }

  /**
   * Check an answer: show the outcome (a card in a notebook, text elsewhere), record it for
   * `progress()`, and return it.
   *
   * @param answer - the learner's answer (a value, or the function the exercise asks for)
   * @returns the outcome: `status` correct / not-attempted / incorrect, `code`, `message`
   * @example q1.check(largest);
   */
  check(answer?: unknown): Outcome {
    const outcome =
      arguments.length === 0
        ? new Outcome(this.id, this.title, notAttempted(`Pass your answer to the check: \`${handleOf(this.id)}.check(yourAnswer)\`. ${NOT_ATTEMPTED_MESSAGE}`))
        : this.grade(answer);
    this.#correctAnswer = outcome.correct ? answer : undefined;
    recordOutcome(this.id, outcome);
    present(outcomeHtml(outcome), outcomeText(outcome));
    return outcome;
  }

  /**
   * Show a hint: `hint()` the first, `hint(2)` the second, and so on (a level past the last shows the
   * last one).
   *
   * @param level - which hint, from 1 (default 1)
   */
  hint(level = 1): void {
    const n = this.hints.length;
    const shown = Number.isInteger(level) ? Math.min(Math.max(level, 1), n) : 1;
    recordHint(this.id, shown);
    const view = { exercise: this.id, title: this.title, level: shown, levels: n, text: this.hints[shown - 1]! };
    present(hintHtml(view), hintText(view));
  }

  /** Show a solution (and note, for `progress()`, that it was seen). */
  solution(): void {
    recordSolution(this.id);
    const view = { exercise: this.id, title: this.title, code: this.solutionCode, explanation: this.explanation || undefined };
    present(solutionHtml(view), solutionText(view));
  }

  /**
   * The answer of the latest `check` if it was correct, else undefined. Typed `unknown` as answers are
   * (a stub's variable has no declared type, so a wrong answer reaches the check instead of a compiler
   * error): a later cell that builds on a correct answer reads it through a lesson helper that knows its
   * shape (e.g. `checkedCurve()` of lesson 5).
   */
  get correctAnswer(): unknown {
    return this.#correctAnswer;
  }

  /** The latest outcome of `check` in this session, if any. */
  get lastOutcome(): Outcome | undefined {
    return lastOutcome(this.id);
  }
}

/** A lesson's set of exercises. */
export class Lesson {
  /** The lesson's number (as in the course: 1 for de-identification...). */
  readonly number: number;
  /** The lesson's title. */
  readonly title: string;
  readonly #problems: Problem[] = [];

  constructor(number: number, title: string) {
    this.number = number;
    this.title = title;
  }

  /**
   * Define an exercise of this lesson and register it for `progress()`.
   * @throws InvalidInputError for an invalid spec or a number already used in this lesson
   */
  problem(spec: ProblemSpec): Problem {
    if (this.#problems.some((p) => p.number === spec.number)) {
      throw new InvalidInputError("duplicate-problem", `Lesson ${this.number} already has an exercise ${spec.number}.`);
    }
    const problem = new Problem(this.number, spec);
    this.#problems.push(problem);
    registerExercise({ lesson: this.number, id: problem.id, title: problem.title, number: problem.number });
    return problem;
  }

  /** The exercises, in the order defined. */
  get problems(): readonly Problem[] {
    return [...this.#problems];
  }
}

/**
 * Start a lesson's exercises.
 *
 * @param number - the lesson's number, a whole number ≥ 0
 * @param title - its title
 * @returns the lesson; define its exercises with `lesson.problem(spec)`
 * @throws InvalidInputError for a number that is not a whole number ≥ 0
 */
export function defineLesson(number: number, title: string): Lesson {
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidInputError("invalid-lesson", `A lesson's number is a whole number ≥ 0, got ${number}.`);
  }
  return new Lesson(number, title);
}

/**
 * What a check says about an answer: one of three outcomes, as in Kaggle's learntools.
 *
 * - `correct`: the answer is right (the message may add what it means);
 * - `not-attempted`: the answer is still the stub's starter value (`TODO`, `undefined`, `null`);
 * - `incorrect`: with a message that points at the mistake (wrong k, wrong data, wrong shape...) without
 *   giving the answer away.
 *
 * Every outcome also carries a `code`: a stable, machine-readable name of the finding (`"correct"`,
 * `"not-attempted"`, or for incorrect answers the mistake, e.g. `"wrong-k"`), which tests assert on.
 */
import { inspect } from "node:util";
import { inNotebook } from "../viz/display";

/** The three outcomes of a check. */
export type Status = "correct" | "not-attempted" | "incorrect";

/** What a grader decides: the status, a stable code and the message for the learner. */
export interface Verdict {
  /** correct, not attempted, or incorrect. */
  readonly status: Status;
  /** `"correct"`, `"not-attempted"`, or a name for the mistake such as `"wrong-k"` (kebab-case). */
  readonly code: string;
  /** What the learner reads. May use `backticks` for code; plain text otherwise. */
  readonly message: string;
}

/**
 * The outcome of checking one answer: the verdict plus which exercise it is about. Printing it in a
 * notebook prints nothing (the check already showed a card); elsewhere it prints its fields.
 */
export class Outcome implements Verdict {
  /** The exercise id, e.g. `"1.2"` (lesson 1, exercise 2). */
  readonly exercise: string;
  /** The exercise's title. */
  readonly title: string;
  readonly status: Status;
  readonly code: string;
  readonly message: string;

  constructor(exercise: string, title: string, verdict: Verdict) {
    this.exercise = exercise;
    this.title = title;
    this.status = verdict.status;
    this.code = verdict.code;
    this.message = verdict.message;
  }

  /** True for a correct answer. */
  get correct(): boolean {
    return this.status === "correct";
  }

  /**
   * tslab prints the value of a cell's last expression, so `q1.check(x);` would print the outcome under
   * its own card: in a notebook it prints as nothing.
   */
  [inspect.custom](_depth: number, options: object): string {
    if (inNotebook()) return "";
    const plain = { exercise: this.exercise, title: this.title, status: this.status, code: this.code, message: this.message };
    return `Outcome ${inspect(plain, options)}`;
  }
}

/**
 * A correct verdict.
 * @param message - what the result means (optional; default "Correct!")
 */
export function correct(message = "Correct!"): Verdict {
  return { status: "correct", code: "correct", message };
}

/**
 * An incorrect verdict.
 * @param code - the mistake's name (kebab-case, stable: tests assert it), e.g. `"wrong-k"`
 * @param message - what is wrong and where to look, without the answer
 */
export function incorrect(code: string, message: string): Verdict {
  return { status: "incorrect", code, message };
}

/** The default message of a blank answer. */
export const NOT_ATTEMPTED_MESSAGE = "Replace `TODO` with your answer, then run the cell again.";

/**
 * A not-attempted verdict.
 * @param message - default {@link NOT_ATTEMPTED_MESSAGE}
 */
export function notAttempted(message = NOT_ATTEMPTED_MESSAGE): Verdict {
  return { status: "not-attempted", code: "not-attempted", message };
}

/**
 * Thrown by graders (through {@link fail} and the `expect*` helpers) to end the check with a verdict;
 * the problem turns it into the outcome. Not an error a learner ever sees thrown.
 */
export class Finding extends Error {
  readonly verdict: Verdict;
  constructor(verdict: Verdict) {
    super(verdict.message);
    this.name = "Finding";
    this.verdict = verdict;
  }
}

/**
 * End the check now with an incorrect verdict (a mistake was found).
 *
 * @param code - the mistake's name, e.g. `"wrong-k"`
 * @param message - what is wrong, without the answer
 * @throws Finding always (the problem catches it)
 * @example if (answer > 251) fail("all-pokemon", "More than 251 Pokémon: use `loadPokemon({ first: 251 })`.");
 */
export function fail(code: string, message: string): never {
  throw new Finding(incorrect(code, message));
}

/**
 * End the check now with "not attempted" (e.g. a function the learner wrote still returns `TODO`).
 * @param message - default {@link NOT_ATTEMPTED_MESSAGE}
 * @throws Finding always
 */
export function stillBlank(message?: string): never {
  throw new Finding(notAttempted(message));
}

/**
 * Checkpoints: short questions inside a lesson (predict-then-run or concept questions), answered with the
 * letter of one choice and checked with the same cards as the exercises (`check`, `hint`, `solution`;
 * correct / incorrect with a message / not attempted).
 *
 * A lesson asks one in two cells: the question and its choices as markdown, then
 *
 *     cp1_2.check(/* your answer *\/ "");
 *
 * The empty string is the blank ("not attempted"); the learner types a letter between the quotes. Each
 * wrong choice has its own explanation, which says what is wrong with THAT choice without naming the right
 * one; the right choice's explanation is the correct card's message.
 */
import { InvalidInputError } from "../errors";
import { describeValue } from "./grading";
import { correct, fail, stillBlank, type Verdict } from "./outcome";
import { Problem } from "./problem";

/** The labels of the choices, in order. */
export const LETTERS = ["a", "b", "c", "d"] as const;
/** One choice's label. */
export type Letter = (typeof LETTERS)[number];

/** One choice of a multiple-choice question. */
export interface Choice {
  /** What the learner reads (markdown; `backticks` for code). */
  readonly text: string;
  /**
   * For a wrong choice: what is wrong with it (never naming the right choice). For the right choice: why it
   * is right (the correct card's message).
   */
  readonly why: string;
}

/** Everything that defines a multiple-choice checkpoint. */
export interface MultipleChoiceSpec {
  /** The lesson it belongs to (1 for de-identification...). */
  readonly lesson: number;
  /** Its position among the lesson's checkpoints, from 1: checkpoint `n` of lesson `L` is exported as `cpL_n`. */
  readonly number: number;
  /** A short title, e.g. "What the receipt adds up". */
  readonly title: string;
  /** The question (markdown), as the lesson shows it above the check cell. */
  readonly question: string;
  /** Two to four choices, labelled "a", "b", "c", "d" in this order. */
  readonly choices: readonly Choice[];
  /** The right choice's letter. */
  readonly answer: Letter;
  /** Hints, gentle to specific (at least one; none names the answer). */
  readonly hints: readonly string[];
}

/** A multiple-choice checkpoint: a {@link Problem} plus its question and choices, for the lesson's markdown. */
export class Checkpoint extends Problem {
  /** The question (markdown). */
  readonly question: string;
  /** The choices, labelled "a"… in order. */
  readonly choices: readonly Choice[];

  constructor(spec: MultipleChoiceSpec, grade: (answer: unknown) => Verdict) {
    super(
      spec.lesson,
      {
        number: spec.number,
        title: spec.title,
        hints: spec.hints,
        solution: `cp${spec.lesson}_${spec.number}.check("${spec.answer}");`,
        explanation: `(${spec.answer}) ${spec.choices[LETTERS.indexOf(spec.answer)]!.why}`,
        grade,
      },
      "checkpoint",
    );
    this.question = spec.question;
    this.choices = spec.choices;
  }

  /** The question and its labelled choices as markdown, as the lesson's question cell shows them. */
  markdown(): string {
    return `${this.question}\n\n${this.choices.map((c, i) => `- **(${LETTERS[i]})** ${c.text}`).join("\n")}`;
  }
}

/**
 * The letter an answer names: `"b"`, `"B"`, `" b "`, `"(b)"`, `"b)"` and `"b."` all name choice b.
 * @returns the letter, or undefined when the text is not a single letter
 */
export function letterOf(text: string): string | undefined {
  const m = /^\s*\(?\s*([a-z])\s*[).]?\s*$/i.exec(text);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * Define a multiple-choice checkpoint.
 *
 * Grading: `""` (the blank), `TODO`, `undefined` and `null` are not attempted; the right letter is correct;
 * each wrong letter is incorrect with code `chose-<letter>` and that choice's own explanation; a letter
 * with no choice is `no-such-choice`; several letters `several-choices`; a number `number-not-letter`; the
 * text of a choice `text-not-letter`; anything else `not-a-letter`.
 *
 * @param spec - see {@link MultipleChoiceSpec}
 * @returns the checkpoint (export it as `cpL_n`)
 * @throws InvalidInputError for fewer than two or more than four choices, an answer with no choice, an
 *   empty explanation, or a hint that quotes the right choice's letter as an answer
 * @example
 * export const cp3_1 = multipleChoice({ lesson: 3, number: 1, title: "...", question: "...",
 *   choices: [{ text: "...", why: "..." }, ...], answer: "b", hints: ["..."] });
 */
export function multipleChoice(spec: MultipleChoiceSpec): Checkpoint {
  const where = `Checkpoint ${spec.lesson}.${spec.number}`;
  const n = spec.choices.length;
  if (n < 2 || n > LETTERS.length) throw new InvalidInputError("invalid-checkpoint", `${where} needs 2 to 4 choices, has ${n}.`);
  const labels = LETTERS.slice(0, n) as readonly string[];
  if (!labels.includes(spec.answer)) {
    throw new InvalidInputError("invalid-checkpoint", `${where}: the answer "${spec.answer}" is not one of its choices (${labels.join(", ")}).`);
  }
  spec.choices.forEach((c, i) => {
    if (!c.text.trim() || !c.why.trim()) throw new InvalidInputError("invalid-checkpoint", `${where}: choice ${labels[i]} needs a text and an explanation.`);
  });
  if (spec.hints.some((h) => new RegExp(`\\(${spec.answer}\\)|"${spec.answer}"`).test(h))) {
    throw new InvalidInputError("invalid-checkpoint", `${where}: a hint quotes the answer's letter.`);
  }
  const handle = `cp${spec.lesson}_${spec.number}`;
  const range = `"${labels[0]}" to "${labels[n - 1]}"`;
  const grade = (answer: unknown) => {
    if (typeof answer === "string" && answer.trim() === "") {
      stillBlank(`Type the letter of your choice between the quotes, e.g. \`${handle}.check("${labels[0]}")\` for choice (${labels[0]}), then run the cell again.`);
    }
    if (typeof answer === "number") {
      fail(
        "number-not-letter",
        `Your answer is ${describeValue(answer)}, but the choices are labelled with letters, ${range}: pass the letter of the choice ` +
          `you predict, as text in quotes (\`${handle}.check("...")\`), not the value it mentions.`,
      );
    }
    if (typeof answer !== "string") {
      fail("not-a-letter", `Your answer is ${describeValue(answer)}. Answer with the letter of one choice, ${range}, as text in quotes.`);
    }
    const letter = letterOf(answer);
    if (letter === undefined) {
      const text = answer.trim().toLowerCase();
      if (spec.choices.some((c) => c.text.trim().toLowerCase() === text)) {
        fail("text-not-letter", `That is the text of a choice; answer with its letter instead, ${range}.`);
      }
      if (/^\s*\(?[a-d]\)?((\s*[,;&/+]\s*|\s+and\s+|\s+)\(?[a-d]\)?)+\s*$/i.test(answer)) {
        fail("several-choices", `Pick one choice: exactly one letter, ${range}, is right.`);
      }
      fail("not-a-letter", `Your answer is ${describeValue(answer)}. Answer with the letter of one choice, ${range}, e.g. \`${handle}.check("${labels[0]}")\`.`);
    }
    if (!labels.includes(letter)) fail("no-such-choice", `There is no choice (${letter}): this question's choices are ${range}.`);
    const choice = spec.choices[labels.indexOf(letter)]!;
    if (letter === spec.answer) return correct(choice.why);
    return fail(`chose-${letter}`, `Not (${letter}). ${choice.why}`);
  };
  return new Checkpoint(spec, grade);
}

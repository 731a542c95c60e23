/**
 * The blank a learner fills in: `TODO`, the starter value of every exercise stub.
 *
 * A stub reads `const largest: number = TODO; // your code here`. `TODO` is typed `never`, so it fits any
 * annotation and the stub type-checks (in tslab's non-strict compiler and in strict TypeScript alike),
 * while code that uses it as a real value (`TODO.clusters`) is a type error. A check that receives it
 * reports "not attempted" instead of "incorrect".
 *
 * Why not Kaggle's `____`: tslab 1.0.22 cannot import a name that starts with two underscores (TypeScript
 * stores such names with an extra leading underscore, and tslab's cell-to-cell declarations use the stored
 * form, so `import { ____ }` fails with "Cannot find name '_____'"). `TODO` reads as clearly and works.
 *
 * At run time `TODO` is a frozen object that prints as `TODO` (in template strings, `String()`,
 * `JSON.stringify` and `console.log`) and throws a clear error when used as a number, so
 * `TODO * 2` fails at the learner's own line with a message saying what to do.
 */
import { inspect } from "node:util";
import { InvalidInputError } from "../errors";

/** The class of the single {@link TODO} value (exported for `instanceof` checks only). */
export class Blank {
  /** `TODO` in template strings and `String(TODO)`; an error when used as a number. */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return "TODO";
    throw new InvalidInputError(
      "blank-used",
      "TODO is a blank for your answer, not a value: replace it with your code, then run the cell again.",
    );
  }
  /** `"TODO"`. */
  toString(): string {
    return "TODO";
  }
  /** `JSON.stringify(TODO)` is `"TODO"`. */
  toJSON(): string {
    return "TODO";
  }
  /** `console.log(TODO)` prints `TODO`. */
  [inspect.custom](): string {
    return "TODO";
  }
}

const theBlank = Object.freeze(new Blank());

/**
 * The starter value of exercise stubs: replace it with your answer. Typed `never` so that
 * `const k: number = TODO;` type-checks; a check receiving it says "not attempted".
 *
 * @example
 * import { TODO } from "./src/exercises/index";
 * const largest: number = TODO; // your code here
 * q1.check(largest);            // ○ Not attempted yet
 */
export const TODO: never = theBlank as never;

/**
 * Whether a value is the starter value of a stub: {@link TODO}, `undefined` or `null`.
 *
 * @param value - anything
 * @returns true for a blank answer
 */
export function isBlank(value: unknown): boolean {
  return value === theBlank || value === undefined || value === null;
}

/** Whether a value is {@link TODO} itself (not `undefined` or `null`). */
export function isTodo(value: unknown): boolean {
  return value === theBlank;
}

/**
 * Whether a value is or holds a blank: {@link isBlank} itself, or an array / plain object with `TODO`
 * somewhere inside (up to 4 levels deep). Inside, only `TODO` counts: `null` is an ordinary value in a
 * record (a Pokémon's missing second type), not a blank.
 *
 * @param value - anything
 * @returns true when the answer, or some part of it, is still blank
 */
export function containsBlank(value: unknown): boolean {
  return isBlank(value) || holdsTodo(value, 4);
}

function holdsTodo(value: unknown, depth: number): boolean {
  if (value === theBlank) return true;
  if (depth <= 0 || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => holdsTodo(v, depth - 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as object).some((v) => holdsTodo(v, depth - 1));
}

/**
 * Helpers for writing graders: shape checks that end the check with a helpful message, tolerant number
 * comparisons, centroid matching, and a safe way to call a function the learner wrote.
 *
 * Graders compare VALUES, never source text: a learner may reach the answer any way they like. For
 * randomised (DP) results compare against the same computation with the learner's seed, or within a
 * statistical tolerance ({@link withinSd}).
 */
import { hungarian } from "../cluster/hungarian";
import { formatNumber } from "../viz/format";
import { containsBlank, isTodo } from "./blank";
import { fail, stillBlank } from "./outcome";

/**
 * A number for a message: at most 6 significant digits (`245.357`, `0.0486474`), integers in full.
 * @param value - the number
 */
export function show(value: number): string {
  return formatNumber(value, { digits: 6 });
}

/** A short description of what a value is, for "expected a number, got …" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length} value${value.length === 1 ? "" : "s"}`;
  if (ArrayBuffer.isView(value)) return `a typed array of ${(value as unknown as ArrayLike<number>).length} values`;
  switch (typeof value) {
    case "number":
      return Number.isNaN(value) ? "NaN (not a number)" : `the number ${show(value)}`;
    case "string":
      return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + "..." : value)}`;
    case "boolean":
      return `the boolean ${value}`;
    case "function":
      return "a function";
    case "undefined":
      return "undefined";
    case "object": {
      const keys = Object.keys(value as object);
      const shown = keys.slice(0, 4).join(", ") + (keys.length > 4 ? ", ..." : "");
      return keys.length ? `an object (with ${shown})` : "an empty object";
    }
    default:
      return `a ${typeof value}`;
  }
}

/**
 * The answer as a finite number, or the end of the check with a message about its shape.
 *
 * @param answer - what the learner passed
 * @param what - what the number is, for messages, e.g. "the size of the largest cluster"
 * @returns the number
 * @throws Finding `list-not-number` (a list), `model-not-number` (a fitted model), `wrong-type` (an object,
 *   text...) or `not-finite` (NaN, ±∞)
 */
export function expectNumber(answer: unknown, what: string): number {
  if (typeof answer === "number") {
    if (Number.isFinite(answer)) return answer;
    fail(
      "not-finite",
      `Your answer is ${describeValue(answer)}: ${what} is a finite number. A NaN usually comes from an ` +
        "undefined field or a division by zero earlier in the computation.",
    );
  }
  if (Array.isArray(answer) || ArrayBuffer.isView(answer)) {
    fail(
      "list-not-number",
      `Your answer is ${describeValue(answer)}, but ${what} is one number. Compute that one number from the list ` +
        "(a maximum, a count, a share...) rather than passing the list.",
    );
  }
  if (isModelLike(answer)) {
    fail("model-not-number", `Your answer is a whole fitted model, but ${what} is one number: compute it from the model's fields.`);
  }
  let advice = "";
  if (typeof answer === "string") advice = " Pass the number itself, not text (`Number(text)` converts).";
  else if (typeof answer === "object") advice = " Pass the one number asked for, not the whole object.";
  fail("wrong-type", `Expected ${what}: one number. Your answer is ${describeValue(answer)}.${advice}`);
}

/**
 * Whether a value looks like a clustering model (it has `clusterCenters`), for messages about a model
 * passed where something else is asked.
 */
export function isModelLike(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "clusterCenters" in value;
}

/**
 * End the check when a single number was passed where a list is asked: the typical mistake of keeping
 * one value (the last k, one cluster) instead of all of them.
 *
 * @param answer - what the learner passed
 * @param what - what the list holds, e.g. "the inertia for each k"
 * @throws Finding `number-not-list` when `answer` is a number; returns otherwise
 */
export function rejectNumberForList(answer: unknown, what: string): void {
  if (typeof answer === "number") {
    fail(
      "number-not-list",
      `Your answer is ${describeValue(answer)}, one number, but ${what} is a list of numbers: collect every value in an ` +
        "array (`[...]`, or `.map(...)` over the items) and pass the whole array.",
    );
  }
}

/**
 * The answer as a whole number (see {@link expectNumber}).
 * @throws Finding as `expectNumber`, or `not-whole` for a fractional number
 */
export function expectWholeNumber(answer: unknown, what: string): number {
  const n = expectNumber(answer, what);
  if (!Number.isInteger(n)) {
    fail("not-whole", `${capitalise(what)} is a whole number, but your answer is ${show(n)}.`);
  }
  return n;
}

/**
 * The answer as a list of finite numbers (a plain array or a typed array).
 *
 * @param answer - what the learner passed
 * @param what - what the list holds, e.g. "the published weight of each Pokémon"
 * @returns a plain copy of the numbers
 * @throws Finding `number-not-list` (one number), `wrong-type` (not a list), `not-attempted` when every entry is still `TODO`,
 *   `partly-blank` when some are, `not-a-number` for an entry that is not a finite number (its position
 *   and what it is are named)
 */
export function expectNumberList(answer: unknown, what: string): number[] {
  rejectNumberForList(answer, what);
  if (!Array.isArray(answer) && !(ArrayBuffer.isView(answer) && !(answer instanceof DataView))) {
    fail("wrong-type", `Expected ${what}: a list of numbers. Your answer is ${describeValue(answer)}.`);
  }
  const list = Array.from(answer as ArrayLike<unknown>);
  const blanks = list.filter((v) => containsBlank(v)).length;
  if (blanks > 0 && blanks === list.length) stillBlank();
  if (blanks > 0) fail("partly-blank", `${blanks} of the ${list.length} entries are still \`TODO\`: fill them all in.`);
  list.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      const hint =
        typeof v === "object" && v !== null ? " (a whole record? map each record to its number, e.g. `.map((r) => r.weight_kg)`)" : "";
      fail("not-a-number", `Entry ${i} of ${what} is ${describeValue(v)}, not a finite number${hint}.`);
    }
  });
  return list as number[];
}

/**
 * The answer as a function (for exercises where the learner writes one).
 * @throws Finding `result-not-function` for a number or list (the function's result), `wrong-type` for
 *   anything else that is not a function
 */
export function expectFunction(answer: unknown, what: string): (...args: never[]) => unknown {
  if (typeof answer !== "function") {
    if (typeof answer === "number" || Array.isArray(answer)) {
      fail(
        "result-not-function",
        `Your answer is ${describeValue(answer)}: a result, not ${what}. Pass the function itself (its name, without ` +
          "calling it); the check calls it on other data too.",
      );
    }
    fail("wrong-type", `Expected ${what}: pass the function itself (its name, without calling it). Your answer is ${describeValue(answer)}.`);
  }
  return answer as (...args: never[]) => unknown;
}

/**
 * Call a function the learner wrote, turning what can go wrong into a verdict: a throw ends the check
 * with `function-threw` (naming the error and `context`), a `TODO` return with "not attempted", an
 * `undefined` return with `returned-undefined` (a forgotten `return`).
 *
 * @param fn - the learner's function
 * @param args - its arguments (pass copies: the learner's code may modify them)
 * @param context - where it was called, for messages, e.g. "on the releases over 250 and 251 Pokémon"
 * @returns what the function returned
 */
export function callLearnerFunction(fn: (...args: never[]) => unknown, args: unknown[], context: string): unknown {
  let result: unknown;
  try {
    result = (fn as (...a: unknown[]) => unknown)(...args);
  } catch (error) {
    const e = error as { name?: string; message?: string };
    fail("function-threw", `Your function threw an error ${context}: ${e?.name ?? "Error"}: ${e?.message ?? String(error)}`);
  }
  if (isTodo(result)) stillBlank("Your function still returns `TODO`: write its body, then run the cell again.");
  if (result === undefined) fail("returned-undefined", `Your function returned undefined ${context}: did you forget \`return\`?`);
  return result;
}

/** Tolerances of {@link closeTo}: the comparison passes when within `abs` OR within `rel` × |expected|. */
export interface Tolerance {
  /** Absolute tolerance. Default 1e-9. */
  abs?: number;
  /** Relative tolerance. Default 1e-9. */
  rel?: number;
}

/**
 * Whether two numbers agree within a tolerance: |a − b| ≤ max(abs, rel × |b|).
 * @param actual - the learner's value
 * @param expected - the right value
 * @param tolerance - default 1e-9 absolute and relative
 */
export function closeTo(actual: number, expected: number, tolerance: Tolerance = {}): boolean {
  const abs = tolerance.abs ?? 1e-9;
  const rel = tolerance.rel ?? 1e-9;
  return Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}

/**
 * Whether two lists hold the same numbers in any order, within a tolerance (sorted, then compared entry
 * by entry).
 */
export function sameValuesAnyOrder(actual: readonly number[], expected: readonly number[], tolerance: Tolerance = {}): boolean {
  if (actual.length !== expected.length) return false;
  const a = [...actual].sort((x, y) => x - y);
  const b = [...expected].sort((x, y) => x - y);
  return a.every((v, i) => closeTo(v, b[i]!, tolerance));
}

/** The result of {@link matchCentroids}. */
export interface CentroidMatch {
  /** `order[i]` is the expected centroid matched to actual centroid i. */
  order: number[];
  /** The largest Euclidean distance between matched centroids. */
  maxDistance: number;
}

/**
 * Match two sets of centroids one to one so that the total distance is smallest (Hungarian algorithm),
 * as cluster numbers are arbitrary: compare centroids only after matching. Rows must have equal length.
 *
 * @param actual - k centroids (the learner's)
 * @param expected - k centroids
 * @returns the matching and the largest distance between matched centroids
 * @throws Finding `wrong-shape` when the number of centroids or of coordinates differs
 * @example matchCentroids([[5, 5], [0, 0]], [[0, 0], [5, 5.1]]).maxDistance // 0.1 (rows matched crosswise)
 */
export function matchCentroids(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]): CentroidMatch {
  if (actual.length !== expected.length) {
    fail("wrong-shape", `Expected ${expected.length} centroids, your answer has ${actual.length}: check k.`);
  }
  const d = expected[0]?.length ?? 0;
  actual.forEach((row, i) => {
    if (row.length !== d) {
      fail("wrong-shape", `Centroid ${i} has ${row.length} coordinates, expected ${d} (one per feature).`);
    }
  });
  const distance = (a: readonly number[], b: readonly number[]): number =>
    Math.sqrt(a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0));
  const order = hungarian(actual.map((a) => expected.map((e) => distance(a, e))));
  const maxDistance = Math.max(0, ...actual.map((a, i) => distance(a, expected[order[i]!]!)));
  return { order, maxDistance };
}

/**
 * Whether a randomised result is plausible: within `z` standard deviations of its expected value. Use it
 * for DP answers computed with a seed the grader does not know; with z = 4 a correct answer fails about
 * once in 16,000 checks (two-sided normal tail).
 *
 * @param actual - the learner's value
 * @param expected - the value's expectation
 * @param sd - its standard deviation (> 0)
 * @param z - how many standard deviations are allowed (default 4)
 */
export function withinSd(actual: number, expected: number, sd: number, z = 4): boolean {
  return Math.abs(actual - expected) <= z * sd;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

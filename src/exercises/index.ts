/**
 * Practice exercises ("Let's practice!") with feedback in the notebook: each exercise is a `Problem` with
 * `check(answer)`, `hint(level)` and `solution()`; `progress()` shows what is done. See README.md here
 * for the conventions (stubs, markers, how to add a lesson's exercises).
 *
 * In notebooks import it as `./src/exercises/index` (tslab does not resolve a folder to its index), and
 * a lesson's checks from their own module:
 *
 * @example
 * import { TODO, progress } from "./src/exercises/index";
 * import { q1 } from "./src/exercises/lesson1";
 * const largest: number = TODO; // your code here
 * q1.check(largest);  // ○ Not attempted yet
 * q1.hint();          // the first hint; q1.hint(2) the next
 * progress();         // Lesson 1: 0 of 5 exercises correct ...
 */
export { Blank, TODO, containsBlank, isBlank, isTodo } from "./blank";
export {
  Finding,
  NOT_ATTEMPTED_MESSAGE,
  Outcome,
  correct,
  fail,
  incorrect,
  notAttempted,
  stillBlank,
  type Status,
  type Verdict,
} from "./outcome";
export {
  callLearnerFunction,
  closeTo,
  describeValue,
  expectFunction,
  expectNumber,
  expectNumberList,
  expectWholeNumber,
  matchCentroids,
  sameValuesAnyOrder,
  show,
  withinSd,
  type CentroidMatch,
  type Tolerance,
} from "./grading";
export { Lesson, Problem, defineLesson, type ProblemSpec } from "./problem";
export { lastOutcome, progress, progressRows, resetProgress, type ExerciseInfo } from "./progress";
export {
  handleOf,
  hintHtml,
  hintText,
  messageHtml,
  outcomeHtml,
  outcomeText,
  progressHtml,
  progressSummaryLines,
  progressText,
  solutionHtml,
  solutionText,
  type HintView,
  type ProgressRow,
  type SolutionView,
} from "./render";
export { present } from "./present";

/**
 * What a learner has done in this kernel session: the latest outcome of every exercise, how often it was
 * checked, the hints and solutions looked at. Kept in this module (one kernel = one learner), so it
 * starts empty in every session and needs no files.
 */
import type { Outcome } from "./outcome";
import { present } from "./present";
import { progressHtml, progressText, type ProgressRow } from "./render";

/** What the registry needs to know about an exercise. */
export interface ExerciseInfo {
  readonly lesson: number;
  readonly id: string;
  readonly title: string;
  /** Position within the lesson (sorts the table). */
  readonly number: number;
}

interface ExerciseRecord {
  last: Outcome | undefined;
  attempts: number;
  hints: number;
  solutionSeen: boolean;
}

const exercises = new Map<string, ExerciseInfo>();
const records = new Map<string, ExerciseRecord>();

function recordOf(id: string): ExerciseRecord {
  let r = records.get(id);
  if (!r) {
    r = { last: undefined, attempts: 0, hints: 0, solutionSeen: false };
    records.set(id, r);
  }
  return r;
}

/**
 * Make an exercise known to {@link progress} (done by `defineLesson(...).problem(...)`). Registering the
 * same id again replaces the entry and keeps its record.
 */
export function registerExercise(info: ExerciseInfo): void {
  exercises.set(info.id, info);
}

/** Note the outcome of a check (the latest one counts; blank answers are not counted as attempts). */
export function recordOutcome(id: string, outcome: Outcome): void {
  const r = recordOf(id);
  r.last = outcome;
  if (outcome.status !== "not-attempted") r.attempts++;
}

/** Note that hint `level` was looked at. */
export function recordHint(id: string, level: number): void {
  const r = recordOf(id);
  r.hints = Math.max(r.hints, level);
}

/** Note that the solution was looked at. */
export function recordSolution(id: string): void {
  recordOf(id).solutionSeen = true;
}

/** The latest outcome of an exercise in this session, if it was checked. */
export function lastOutcome(id: string): Outcome | undefined {
  return records.get(id)?.last;
}

/**
 * The progress of every exercise loaded in this session (or of one lesson), in lesson and exercise order.
 *
 * @param lesson - only this lesson (default: all loaded lessons)
 * @returns one row per exercise: latest status, checks, hints, solution seen
 */
export function progressRows(lesson?: number): ProgressRow[] {
  return [...exercises.values()]
    .filter((e) => lesson === undefined || e.lesson === lesson)
    .sort((a, b) => a.lesson - b.lesson || a.number - b.number)
    .map((e) => {
      const r = records.get(e.id);
      return {
        lesson: e.lesson,
        exercise: e.id,
        title: e.title,
        status: r?.last?.status ?? "not-checked",
        attempts: r?.attempts ?? 0,
        hints: r?.hints ?? 0,
        solutionSeen: r?.solutionSeen ?? false,
      };
    });
}

/**
 * Show which exercises are done: per lesson "N of M exercises correct", then a table of every exercise
 * with its latest status, how many checks, hints and whether the solution was seen. A table in a
 * notebook, text in a terminal.
 *
 * @param lesson - only this lesson (default: every lesson whose exercises are loaded)
 * @example
 * import { progress } from "./src/exercises/index";
 * progress();   // Lesson 1: 3 of 5 exercises correct ...
 */
export function progress(lesson?: number): void {
  const rows = progressRows(lesson);
  present(progressHtml(rows), progressText(rows));
}

/** Forget every outcome, hint and solution seen (registered exercises stay). For tests and a fresh start. */
export function resetProgress(): void {
  records.clear();
}

/**
 * The typed errors and warnings of the course library.
 *
 * Every error names the problem and the fix, so a learner reading it in a notebook knows what to change.
 * Warnings are for privacy-relevant surprises (bounds computed from the data, values clipped, budget
 * nearly spent): they are objects of a known class, delivered through one replaceable handler, so a
 * notebook can show them as a visible note and a test can capture them.
 */

/** Base class of every error this library throws on purpose. `code` is stable and machine-readable. */
export class CourseError extends Error {
  /** A stable identifier for the kind of problem, e.g. `"non-finite-value"`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad input: wrong shape, non-finite numbers, parameters out of range, unknown column names. */
export class InvalidInputError extends CourseError {}

/** A privacy budget would be overspent; raised before any data is touched. */
export class BudgetExceededError extends CourseError {}

/** Something was used before it was ready, e.g. `predict` before `fit`. */
export class NotFittedError extends CourseError {}

/**
 * A privacy-relevant surprise the learner must see, e.g. bounds computed from the data (which leaks) or
 * values clipped to the bounds. `count` says how many values or columns were affected where that applies.
 */
export class PrivacyWarning extends Error {
  /** A stable identifier, e.g. `"bounds-from-data"` or `"values-clipped"`. */
  readonly code: string;
  /** How many values (or features) the warning concerns, when that is meaningful. */
  readonly count: number | undefined;
  constructor(code: string, message: string, count?: number) {
    super(message);
    this.name = "PrivacyWarning";
    this.code = code;
    this.count = count;
  }
}

/** Receives every privacy warning raised by the library. */
export type WarningHandler = (warning: PrivacyWarning) => void;

/**
 * Warning codes about a setting repeated across calls (a seed in every lesson cell, no publicSize in a sweep of
 * 20 fits): handlers
 * that show warnings to a person show these once per process. Every call still raises them, so
 * `captureWarnings` and tests see each one.
 */
export const ONCE_PER_SESSION: ReadonlySet<string> = new Set(["seeded-noise", "size-from-noisy-count"]);

const shownThisSession = new Set<string>();

/**
 * Whether a handler that shows warnings to a person should show this one: false for a repeat of a
 * {@link ONCE_PER_SESSION} warning already shown in this process.
 */
export function shouldShowWarning(warning: PrivacyWarning): boolean {
  if (!ONCE_PER_SESSION.has(warning.code)) return true;
  const key = `${warning.code}\u0000${warning.message}`;
  if (shownThisSession.has(key)) return false;
  shownThisSession.add(key);
  return true;
}

const printToStderr: WarningHandler = (warning) => {
  if (shouldShowWarning(warning)) console.warn(`PrivacyWarning [${warning.code}]: ${warning.message}`);
};

let currentHandler: WarningHandler = printToStderr;

/**
 * Raise a privacy warning: it goes to the current handler (by default printed to stderr, which a notebook
 * shows under the cell).
 */
export function warnPrivacy(warning: PrivacyWarning): void {
  currentHandler(warning);
}

/**
 * Replace the warning handler, e.g. with one that renders a note in a notebook.
 * @returns the previous handler, so callers can restore it
 */
export function setWarningHandler(handler: WarningHandler): WarningHandler {
  const previous = currentHandler;
  currentHandler = handler;
  return previous;
}

/**
 * Run `fn` and collect the privacy warnings it raises instead of printing them.
 * @returns the function's result and the warnings, in the order raised
 */
export function captureWarnings<T>(fn: () => T): { result: T; warnings: PrivacyWarning[] } {
  const warnings: PrivacyWarning[] = [];
  const previous = setWarningHandler((w) => warnings.push(w));
  try {
    return { result: fn(), warnings };
  } finally {
    setWarningHandler(previous);
  }
}

// Warning codes added by issue 25 (the library warnings of its finding 5). Each depends only on public facts
// where a DP model raises it; see where each is raised.

/** DP k-means asked for more clusters than its declared public size: some centres can describe no one. */
export const WARNING_K_ABOVE_PUBLIC_SIZE = "k-above-public-size";

/** A private elbow from a synopsis with fewer grid cells than some k: the curve is flat from there on. */
export const WARNING_FLAT_PRIVATE_ELBOW = "flat-private-elbow";

/** Non-private k-means ended with repeated centres (the data has fewer distinct points than k). */
export const WARNING_DUPLICATE_CENTRES = "duplicate-centres";

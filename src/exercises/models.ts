/**
 * Grading helpers for answers that are fitted models, matrices or budget accountants (the exercises of
 * lessons 2–4). Like `grading.ts`, each `expect*` either returns the answer in a shape the grader can use
 * or ends the check with a message that says what was passed and what is expected. Models and accountants
 * are recognised by what they offer (duck typing), not by `instanceof`, so an answer built from any copy of
 * the library's classes is read the same way.
 */
import type { DPKMeansFitInfo, LedgerRow } from "../dp/models";
import type { UsedSize } from "../dp/public-size";
import { BudgetAccountant, withAccountant } from "../dp/accountant";
import { captureWarnings } from "../errors";
import { describeValue, isModelLike, rejectNumberForList } from "./grading";
import { containsBlank } from "./blank";
import { fail, stillBlank } from "./outcome";

/** What a grader reads from a fitted clustering model. */
export interface ModelView {
  /** `clusterCenters`, k × d. */
  readonly centres: number[][];
  /** `labels`, one per training row. */
  readonly labels: number[];
  /** The DP fit facts (`fitInfo`), or undefined for a non-private model. */
  readonly info: DPKMeansFitInfo | undefined;
  /** The model's `randomState` setting as given (a seed, a source, or undefined). */
  readonly randomState: unknown;
  /** The `method` setting of a DP model, if any. */
  readonly method: string | undefined;
}

/** For {@link expectFittedModel}: the exercise asks for a DP model, so a non-private one is the mistake. */
export interface DPModelRequirement {
  /** How the exercise's notebook names the DP class, e.g. "`dp.KMeans`" (goes into the message). */
  readonly use: string;
  /** The exercise's handle, e.g. "q1", so the message can point at its hint. */
  readonly handle: string;
  /** What the message calls the model, e.g. "`kmeans`" for a field of the answer (default "That"). */
  readonly subject?: string;
}

/**
 * The answer as a fitted clustering model (DP or not; with `dp`, a non-private model ends the check).
 *
 * @param answer - what the learner passed
 * @param what - what it should be, for messages, e.g. "the fitted DP model"
 * @param dp - when the exercise asks for a DP model: how to name it, and the exercise's handle
 * @returns the model's centres, labels, DP fit facts (undefined for a non-private model) and seed
 * @throws Finding `wrong-type` (not a model: labels, centres, a number...), `non-private` (with `dp`: the
 *   non-private `KMeans`, recognised by having no `fitInfo`), `not-fitted` (no `fit` yet)
 */
export function expectFittedModel(answer: unknown, what: string, dp?: DPModelRequirement): ModelView {
  if (Array.isArray(answer)) {
    fail(
      "wrong-type",
      `Expected ${what}, the model object itself; your answer is ${describeValue(answer)} (labels or centres?). ` +
        "Keep the model in a variable, call `.fit(X)` on it, and pass the variable.",
    );
  }
  if (typeof answer !== "object" || answer === null || !("clusterCenters" in answer)) {
    fail("wrong-type", `Expected ${what}, a model made with \`new ...KMeans({ ... })\` and fitted; your answer is ${describeValue(answer)}.`);
  }
  const model = answer as Record<string, unknown>;
  if (dp && !("fitInfo" in model)) {
    fail(
      "non-private",
      `${dp.subject ?? "That"} is the non-private \`KMeans\` (scikit-learn's): it adds no noise, has no ε and protects nobody. ` +
        `This exercise asks for the DP model, ${dp.use}. \`${dp.handle}.hint()\` is about exactly this mix-up.`,
    );
  }
  if (model.isFitted === false) fail("not-fitted", "Your model is not fitted yet: call `.fit(X)` on it first, then pass it.");
  return {
    centres: model.clusterCenters as number[][],
    labels: model.labels as number[],
    info: "fitInfo" in model ? (model.fitInfo as DPKMeansFitInfo) : undefined,
    randomState: model.randomState,
    method: typeof model.method === "string" ? model.method : undefined,
  };
}

/**
 * The answer as a matrix: a list of rows, each a list of finite numbers, all of the same length.
 *
 * @param answer - what the learner passed
 * @param what - what the rows are, e.g. "the projected features"
 * @returns a plain copy
 * @throws Finding `number-not-list`, `wrong-type`, `not-attempted` (all `TODO`), `partly-blank`, `not-a-number`, `ragged`
 */
export function expectMatrix(answer: unknown, what: string): number[][] {
  rejectNumberForList(answer, what);
  if (!Array.isArray(answer) || answer.length === 0 || !answer.every((row) => Array.isArray(row))) {
    fail("wrong-type", `Expected ${what}: a list of rows, each a list of numbers. Your answer is ${describeValue(answer)}.`);
  }
  const rows = answer as unknown[][];
  if (rows.every((row) => row.every((v) => containsBlank(v)))) stillBlank();
  if (rows.some((row) => row.some((v) => containsBlank(v)))) fail("partly-blank", "Some entries are still `TODO`: fill them all in.");
  rows.forEach((row, i) =>
    row.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        fail("not-a-number", `Row ${i}, column ${j} of ${what} is ${describeValue(v)}, not a finite number.`);
      }
    }),
  );
  const width = rows[0]!.length;
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged >= 0) fail("ragged", `Row 0 of ${what} has ${width} numbers but row ${ragged} has ${rows[ragged]!.length}: every row needs the same.`);
  return rows.map((row) => (row as number[]).slice());
}

/** What a grader reads from a budget accountant. */
export interface AccountantView {
  /** The ledger rows (the same objects the accountant holds). */
  readonly rows: LedgerRow[];
  /** Total ε spent. */
  readonly spent: number;
  /** ε left. */
  readonly remaining: number;
}

/**
 * The answer as a budget accountant.
 *
 * @param answer - what the learner passed
 * @param what - for messages, e.g. "the accountant"
 * @returns its rows, ε spent and ε left
 * @throws Finding `model-not-accountant` (a fitted model), `wrong-type` for anything else (a number, a
 *   table printed with `toTable()`...)
 */
export function expectAccountant(answer: unknown, what: string): AccountantView {
  const candidate = answer as { rows?: unknown; total?: { epsilon?: unknown }; remaining?: { epsilon?: unknown } } | null;
  if (typeof candidate !== "object" || candidate === null || typeof candidate.rows !== "function" || typeof candidate.total?.epsilon !== "number") {
    if (isModelLike(answer)) {
      fail(
        "model-not-accountant",
        `Your answer is a fitted model, but ${what} is the \`BudgetAccountant\` you gave the models (\`accountant: ...\`): ` +
          "pass that accountant, which holds the ledger of every fit.",
      );
    }
    const advice = typeof answer === "string" ? " (that looks like `toTable()`'s text: pass the accountant itself)" : "";
    fail("wrong-type", `Expected ${what}, a \`BudgetAccountant\`; your answer is ${describeValue(answer)}${advice}.`);
  }
  return {
    rows: (candidate.rows as () => LedgerRow[]).call(candidate),
    spent: candidate.total!.epsilon as number,
    remaining: candidate.remaining!.epsilon as number,
  };
}

/** The number of species in the Pokédex: public, so a DP model fitted on all of them is told it. */
export const POKEDEX_SIZE = 1025;

/**
 * Whether a ledger row is a model's noisy count of the rows (`"KMeans.fit: number of rows"`...): written
 * when no `publicSize` was declared (src/dp/public-size.ts). Graders that count releases use it to tell
 * the count apart from the release it belongs to.
 */
export function isRowCount(row: LedgerRow): boolean {
  return row.label.endsWith(": number of rows");
}

/** The message of a fit on the whole Pokédex that was not told its public size (one text for every exercise). */
export function noPublicSizeMessage(subject = "Your model"): string {
  return (
    `${subject} was not told how many records there are, so it spent 5% of its ε on a noisy count of the rows ` +
    "(the ledger row \"…: number of rows\"; a PrivacyWarning under your cell said so). The Pokédex's size is public, " +
    `1,025 species known without looking at the data: declare it, \`publicSize: ${POKEDEX_SIZE}\`, and keep all of ε for the model.`
  );
}

/**
 * End the check unless a DP fit on the whole Pokédex was told the Pokédex's public size.
 *
 * @param size - the fit's `fitInfo.size`
 * @param subject - what the message calls the model (default "Your model")
 * @throws Finding `no-public-size` (a noisy count of the rows was released instead), `wrong-public-size`
 *   (another size was declared)
 */
export function expectPokedexSize(size: UsedSize, subject = "Your model"): void {
  if (size.source === "noisy-count") fail("no-public-size", noPublicSizeMessage(subject));
  if (size.value !== POKEDEX_SIZE) {
    fail(
      "wrong-public-size",
      `${subject} was told \`publicSize: ${size.value}\`, but it was fitted on the whole Pokédex: declare its public size, ` +
        `the 1,025 species, \`publicSize: ${POKEDEX_SIZE}\`.`,
    );
  }
}

/** Squared Euclidean distance. */
export function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return s;
}

/** The index of the nearest centre (ties to the lower index). */
export function nearestCentre(point: readonly number[], centres: readonly (readonly number[])[]): number {
  let best = 0;
  let bestDistance = Infinity;
  centres.forEach((c, j) => {
    const d = squaredDistance(point, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = j;
    }
  });
  return best;
}

/** Whether two matrices have the same shape and entries within `tolerance`. */
export function sameMatrix(a: readonly (readonly number[])[], b: readonly (readonly number[])[], tolerance = 1e-9): boolean {
  return (
    a.length === b.length &&
    a.every((row, i) => row.length === b[i]!.length && row.every((v, j) => Math.abs(v - b[i]![j]!) <= tolerance * Math.max(1, Math.abs(b[i]![j]!))))
  );
}

/**
 * Run a grader's own DP fit (a reference to compare with) apart from the learner's session: its
 * PrivacyWarnings (seeded noise...) are not shown as cards under the learner's cell, and what it spends is
 * charged to a throw-away accountant, not to the learner's default ledger. A fit given its own
 * `accountant` still charges that one.
 */
export function quietly<T>(fit: () => T): T {
  return withAccountant(new BudgetAccountant(), () => captureWarnings(fit).result);
}

/** A memo for expected values: computed on first use, kept for the kernel session. */
export function memo(): <T>(key: string, compute: () => T) => T {
  const store = new Map<string, unknown>();
  return <T>(key: string, compute: () => T): T => {
    if (!store.has(key)) store.set(key, compute());
    return store.get(key) as T;
  };
}

/**
 * The privacy budget accountant: a ledger of every release ("ε receipt").
 *
 * Composition rule: basic sequential composition (Dwork, McSherry, Nissim, Smith 2006; Dwork & Roth 2014,
 * Theorem 3.16): running mechanisms with costs (ε₁, δ₁), …, (ε_m, δ_m) on the same data costs
 * (Σεᵢ, Σδᵢ). Every ε and δ in this folder adds up that way; all of our mechanisms have δ = 0.
 * Releases on disjoint parts of the data (e.g. one count per cluster, each record in one cluster) compose
 * in parallel (McSherry 2009): the grouped mechanisms record such a release as ONE ledger row.
 *
 * Design: mechanisms record themselves. Every `release` (and every grouped release) calls
 * {@link BudgetAccountant.spend} on the accountant it is given (or the default one) BEFORE drawing noise,
 * with its label, ε, δ, sensitivity and mechanism name. A model calls {@link BudgetAccountant.check} with
 * its total ε before it touches the data, then lets its mechanisms record. The ledger is therefore the list
 * of what the mechanisms were actually given, not what a model says it spent.
 *
 * Sums are exact: the ledger keeps each ε as given and adds them as exact rationals (every double is one),
 * so `total.epsilon` is the correctly rounded exact sum. Comparisons against the budget allow a relative
 * slack `tolerance` (default 1e-12) so that parts computed as, say, ε/3 three times are not refused for a
 * rounding error of 1e-16; use {@link splitEpsilon} to get parts that need no slack at all.
 */
import type { InspectOptionsStylized } from "node:util";
import { BudgetExceededError, InvalidInputError } from "../errors";
import { fromScaled, toScaled } from "./exact";
import type { PrivacyCost } from "./types";
import { INSPECT, inspectView } from "./public-view";
import { checkDelta, checkEpsilon, checkSensitivity } from "./validate";

/** What a mechanism (or a model) records for one release. */
export interface SpendRecord {
  /** What was released, e.g. `"iteration 1: cluster counts"`. Default `"release"`. */
  label?: string;
  /** ε of the release: > 0, finite or `Infinity` (a release without noise). */
  epsilon: number;
  /** δ of the release. Default 0. */
  delta?: number;
  /** The sensitivity the noise was calibrated to, for the receipt. */
  sensitivity?: number;
  /** The mechanism's name, e.g. `"discrete Laplace"`. Default `"unspecified"`. */
  mechanism?: string;
}

/** One row of the ledger, as {@link BudgetAccountant.rows} returns it. */
export interface LedgerRow {
  /** 1-based position in the ledger. */
  readonly index: number;
  /** What was released. */
  readonly label: string;
  /** The mechanism's name. */
  readonly mechanism: string;
  /** The sensitivity recorded, or `undefined` when none was given. */
  readonly sensitivity: number | undefined;
  /** ε spent, exactly as given. */
  readonly epsilon: number;
  /** δ spent, exactly as given. */
  readonly delta: number;
}

/** Options of {@link BudgetAccountant}. */
export interface BudgetAccountantOptions {
  /** The total ε this accountant may spend. Default `Infinity` (unlimited: it only keeps the ledger). */
  epsilon?: number;
  /** The total δ. Default 0 (pure ε-DP: any release with δ > 0 is refused). */
  delta?: number;
  /**
   * Relative slack for floating-point round-off when comparing spending with the budget: a release is
   * allowed if total ≤ budget·(1 + tolerance). Default 1e-12. Must be in [0, 1e-6].
   */
  tolerance?: number;
}

const ZERO = BigInt(0);

/**
 * A privacy budget and the ledger of everything spent from it.
 *
 * @example
 * const acc = new BudgetAccountant({ epsilon: 1 });
 * acc.check(0.5);                                   // fine: nothing spent yet
 * noisyCount(42, { epsilon: 0.5, accountant: acc, label: "how many" });
 * acc.remaining;                                    // { epsilon: 0.5, delta: 0 }
 * console.log(acc.toTable());                       // the ε receipt
 */
export class BudgetAccountant {
  /** The total ε budget (`Infinity` = unlimited). */
  readonly epsilon: number;
  /** The total δ budget. */
  readonly delta: number;
  /** The relative slack used in comparisons. */
  readonly tolerance: number;

  // The ledger and the running totals are `#private`: nothing outside this class can reset or edit them
  // (a TypeScript `private` field is an ordinary property: `acc.spentEpsilonScaled = 0n` would have
  // worked). Only `spend`/`spendAll` change them, so the totals always equal the ledger's exact sum.
  readonly #ledger: LedgerRow[] = [];
  #spentEpsilonScaled = ZERO;
  #spentDeltaScaled = ZERO;
  #infiniteSpent = false;

  /**
   * @param options - `epsilon` (default `Infinity`), `delta` (default 0), `tolerance` (default 1e-12)
   * @throws InvalidInputError for ε ≤ 0, below 1e-10 (`src/limits.ts`) or NaN, δ outside [0, 1), or a bad
   *   tolerance
   */
  constructor(options: BudgetAccountantOptions = {}) {
    this.epsilon = checkEpsilon(options.epsilon ?? Infinity);
    this.delta = checkDelta(options.delta ?? 0);
    const tolerance = options.tolerance ?? 1e-12;
    if (typeof tolerance !== "number" || !(tolerance >= 0 && tolerance <= 1e-6)) {
      throw new InvalidInputError(
        "invalid-tolerance",
        `tolerance must be a number in [0, 1e-6] (a relative slack for round-off), got ${tolerance}. ` +
          `Fix: leave it out to use 1e-12.`,
      );
    }
    this.tolerance = tolerance;
    // The budget is fixed at construction (diffprivlib's `test_change_budget`): freezing the instance
    // makes `acc.epsilon = 2`, `acc.tolerance = 10` or `delete acc.delta` throw a TypeError (modules are
    // strict code). `#private` fields are not properties, so the ledger still grows by charging.
    Object.freeze(this);
  }

  /**
   * Check that a release of (ε, δ) fits in what remains, WITHOUT spending. Call it before touching data.
   *
   * @param epsilon - ε the release will need: > 0, finite or `Infinity`
   * @param delta - δ the release will need (default 0)
   * @param label - what the release is, used in the error message
   * @throws BudgetExceededError (code `"budget-exceeded"`) naming what was asked, what remains, and the fix
   * @throws InvalidInputError for a bad ε or δ
   */
  check(epsilon: number, delta = 0, label?: string): void {
    checkEpsilon(epsilon);
    checkDelta(delta);
    this.assertFits(epsilon === Infinity, epsilon === Infinity ? ZERO : toScaled(epsilon), toScaled(delta), label);
  }

  /**
   * Record a release in the ledger. Refuses (and records nothing) if it would overspend.
   *
   * @param record - label, ε, δ (default 0), sensitivity, mechanism name
   * @returns the ledger row written
   * @throws BudgetExceededError when the release does not fit, InvalidInputError for bad values
   */
  spend(record: SpendRecord): LedgerRow {
    const epsilon = checkEpsilon(record.epsilon);
    const delta = checkDelta(record.delta ?? 0);
    if (record.sensitivity !== undefined) checkSensitivity(record.sensitivity);
    this.check(epsilon, delta, record.label);
    return this.record(record, epsilon, delta);
  }

  /**
   * Record several releases at once, all or nothing: their combined (Σε, Σδ) is checked exactly first, so
   * a refused batch leaves the ledger untouched. Used by mechanisms that release several things in one
   * call (e.g. one sum per feature).
   *
   * @param records - the releases, in order
   * @returns the ledger rows written
   * @throws BudgetExceededError when the batch does not fit (naming the batch's total), InvalidInputError
   */
  spendAll(records: readonly SpendRecord[]): LedgerRow[] {
    let infinite = false;
    let epsilonScaled = ZERO;
    let deltaScaled = ZERO;
    for (const record of records) {
      const epsilon = checkEpsilon(record.epsilon);
      const delta = checkDelta(record.delta ?? 0);
      if (record.sensitivity !== undefined) checkSensitivity(record.sensitivity);
      if (epsilon === Infinity) infinite = true;
      else epsilonScaled += toScaled(epsilon);
      deltaScaled += toScaled(delta);
    }
    const label =
      records.length === 1 ? records[0]!.label : `${records.length} releases (${records[0]?.label ?? ""} …)`;
    this.assertFits(infinite, epsilonScaled, deltaScaled, label);
    return records.map((record) => this.record(record, record.epsilon, record.delta ?? 0));
  }

  /** Total spent so far: the exact sum of the ledger's ε and δ, rounded once to the nearest double. */
  get total(): PrivacyCost {
    return {
      epsilon: this.#infiniteSpent ? Infinity : fromScaled(this.#spentEpsilonScaled),
      delta: fromScaled(this.#spentDeltaScaled),
    };
  }

  /** What is left: budget minus total (exact difference, rounded once); `Infinity` for an unlimited ε. */
  get remaining(): PrivacyCost {
    let epsilon: number;
    if (this.epsilon === Infinity) epsilon = Infinity;
    else if (this.#infiniteSpent) epsilon = 0;
    else epsilon = Math.max(0, fromScaled(toScaled(this.epsilon) - this.#spentEpsilonScaled));
    const delta = Math.max(0, fromScaled(toScaled(this.delta) - this.#spentDeltaScaled));
    return { epsilon, delta };
  }

  /** Number of releases recorded. */
  get length(): number {
    return this.#ledger.length;
  }

  /** The ledger, one frozen row per release, in order (a copy: changing it changes nothing here). */
  rows(): LedgerRow[] {
    return this.#ledger.slice();
  }

  /**
   * The ledger as a plain-text table (the "ε receipt"), with the total, the budget and what remains.
   * @example
   * //  #  what                    mechanism         sensitivity         ε  δ
   * //  1  iteration 1: counts     discrete Laplace            1  0.083333  0
   * //     total                                                  0.083333  0
   */
  toTable(): string {
    const header = ["#", "what", "mechanism", "sensitivity", "ε", "δ"];
    const body = this.#ledger.map((r) => [
      String(r.index),
      r.label,
      r.mechanism,
      r.sensitivity === undefined ? "" : formatNumber(r.sensitivity),
      formatNumber(r.epsilon),
      formatNumber(r.delta),
    ]);
    const total = this.total;
    const remaining = this.remaining;
    const footer = [
      ["", "total", "", "", formatNumber(total.epsilon), formatNumber(total.delta)],
      ["", "budget", "", "", formatNumber(this.epsilon), formatNumber(this.delta)],
      ["", "remaining", "", "", formatNumber(remaining.epsilon), formatNumber(remaining.delta)],
    ];
    const all = [header, ...body, ...footer];
    const widths = header.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
    const rightAligned = new Set([0, 3, 4, 5]);
    const line = (row: string[]): string =>
      row
        .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join("  ")
        .trimEnd();
    const rule = widths.map((w) => "-".repeat(w)).join("  ");
    return [line(header), rule, ...body.map(line), rule, ...footer.map(line)].join("\n");
  }

  /**
   * `JSON.stringify` shows the budget, what was spent and every ledger row (all public: settings and the
   * cost of releases).
   * @returns a plain object
   */
  toJSON(): Record<string, unknown> {
    return {
      epsilon: this.epsilon,
      delta: this.delta,
      tolerance: this.tolerance,
      total: this.total,
      remaining: this.remaining,
      ledger: this.rows(),
    };
  }

  /** `util.inspect`, `console.log` and a notebook cell show the budget, the totals and the number of rows. */
  [INSPECT](depth: number, options: InspectOptionsStylized): string {
    const view = {
      epsilon: this.epsilon,
      delta: this.delta,
      tolerance: this.tolerance,
      total: this.total,
      remaining: this.remaining,
      releases: this.length,
    };
    return inspectView("BudgetAccountant", view, depth, options);
  }

  private record(record: SpendRecord, epsilon: number, delta: number): LedgerRow {
    if (epsilon === Infinity) this.#infiniteSpent = true;
    else this.#spentEpsilonScaled += toScaled(epsilon);
    this.#spentDeltaScaled += toScaled(delta);
    const row: LedgerRow = Object.freeze({
      index: this.#ledger.length + 1,
      label: record.label ?? "release",
      mechanism: record.mechanism ?? "unspecified",
      sensitivity: record.sensitivity,
      epsilon,
      delta,
    });
    this.#ledger.push(row);
    return row;
  }

  private fits(infinite: boolean, epsilonScaled: bigint, deltaScaled: bigint): boolean {
    if (infinite || this.#infiniteSpent) {
      if (this.epsilon !== Infinity) return false;
    } else if (this.epsilon !== Infinity) {
      const budget = toScaled(this.epsilon) + toScaled(this.epsilon * this.tolerance);
      if (this.#spentEpsilonScaled + epsilonScaled > budget) return false;
    }
    const deltaBudget = toScaled(this.delta) + toScaled(this.delta * this.tolerance);
    return this.#spentDeltaScaled + deltaScaled <= deltaBudget;
  }

  private assertFits(infinite: boolean, epsilonScaled: bigint, deltaScaled: bigint, label: string | undefined): void {
    if (this.fits(infinite, epsilonScaled, deltaScaled)) return;
    const epsilon = infinite ? Infinity : fromScaled(epsilonScaled);
    const delta = fromScaled(deltaScaled);
    const remaining = this.remaining;
    const what = label ? `"${label}"` : "This release";
    const spentCount = this.#ledger.length;
    const showDelta = this.delta > 0 || delta > 0;
    // When 6 digits cannot tell the ask from the remainder, the overspend is round-off: show all digits.
    const roundOff = formatNumber(epsilon) === formatNumber(remaining.epsilon) && (!showDelta || delta <= remaining.delta);
    const f = roundOff ? (x: number): string => (x === Infinity ? "∞" : String(x)) : formatNumber;
    throw new BudgetExceededError(
      "budget-exceeded",
      `${what} needs ε = ${f(epsilon)}${showDelta ? `, δ = ${f(delta)}` : ""} but ` +
        `the accountant has only ε = ${f(remaining.epsilon)}` +
        `${showDelta ? `, δ = ${f(remaining.delta)}` : ""} left of its budget ` +
        `ε = ${f(this.epsilon)}${this.delta > 0 ? `, δ = ${f(this.delta)}` : ""} ` +
        `(${spentCount} release${spentCount === 1 ? "" : "s"} so far). ` +
        (delta > remaining.delta && epsilon <= remaining.epsilon
          ? // δ is what does not fit: advice about ε would be wrong.
            `It is δ that does not fit: this release needs δ = ${f(delta)}, and ` +
            `${this.delta === 0 ? "the accountant is pure ε-DP (δ budget 0)" : `only δ = ${f(remaining.delta)} is left`}. ` +
            `Fix: use a pure ε-DP mechanism (δ = 0, like every model of this course), or give the accountant ` +
            `a δ budget you decide on deliberately: new BudgetAccountant({ epsilon, delta }).`
          : roundOff
          ? `The difference is floating-point round-off. Fix: split budgets with splitEpsilon, whose parts ` +
            `add up exactly, or allow a small tolerance (the default 1e-12).`
          : remaining.epsilon === 0
            ? // Nothing left: "ask for at most ε = 0" would be no advice at all (ε must be > 0).
              `The budget is spent: this accountant can release nothing more. Fix: stop here, or accept that ` +
              `answering more questions about the same people needs a larger budget (a new ` +
              `BudgetAccountant({ epsilon }) you decide on deliberately; the ε of both add up).`
            : `Fix: ask for at most ε = ${f(remaining.epsilon)} (a smaller ε), or accept that answering more ` +
              `questions about the same people needs a larger budget (a new BudgetAccountant({ epsilon }) you ` +
              `decide on deliberately).`),
    );
  }
}

/** Numbers in receipts and messages: up to 6 significant digits, no trailing zeros, ∞ for Infinity. */
function formatNumber(x: number): string {
  if (x === Infinity) return "∞";
  if (x === 0) return "0";
  const text = Math.abs(x) >= 1e-4 && Math.abs(x) < 1e7 ? x.toPrecision(6) : x.toExponential(5);
  // Drop trailing zeros of the fraction only ("0.500000" → "0.5", "1.00000e-6" → "1e-6", "100000" stays).
  return text.includes(".") ? text.replace(/0+(e|$)/, "$1").replace(/\.(e|$)/, "$1") : text;
}

let defaultAccountant = new BudgetAccountant();

/**
 * The accountant that releases are charged to when none is passed. At start-up it is an unlimited one
 * (ε = ∞) that only keeps the ledger; {@link withAccountant} swaps it for a block of code.
 */
export function getDefaultAccountant(): BudgetAccountant {
  return defaultAccountant;
}

/**
 * Replace the default accountant.
 * @param accountant - the new default
 * @returns the previous default, so callers can restore it
 */
export function setDefaultAccountant(accountant: BudgetAccountant): BudgetAccountant {
  if (!(accountant instanceof BudgetAccountant)) {
    throw new InvalidInputError(
      "invalid-accountant",
      "setDefaultAccountant needs a BudgetAccountant. Fix: new BudgetAccountant({ epsilon: 1 }).",
    );
  }
  const previous = defaultAccountant;
  defaultAccountant = accountant;
  return previous;
}

/**
 * Run `fn` with `accountant` as the default accountant, then restore the previous default (also when
 * `fn` throws). For synchronous code: if `fn` awaits, releases after the first `await` may run after the
 * default has been restored, so pass `accountant` explicitly in asynchronous code.
 *
 * @param accountant - the accountant to charge inside the block
 * @param fn - the block
 * @returns what `fn` returns
 * @example
 * const acc = new BudgetAccountant({ epsilon: 1 });
 * withAccountant(acc, () => {
 *   noisyCount(10, { epsilon: 0.5 });  // charged to acc
 * });
 */
export function withAccountant<T>(accountant: BudgetAccountant, fn: () => T): T {
  const previous = setDefaultAccountant(accountant);
  try {
    return fn();
  } finally {
    defaultAccountant = previous;
  }
}

/**
 * The ledger test: the ε handed to every mechanism call must add up EXACTLY to the ε a model declared.
 * NOT part of the public API (test support only).
 */
import type { BudgetAccountant, LedgerRow } from "../accountant";
import { fromScaled, toScaled } from "../exact";
import { noisyGroupCounts, noisyGroupSums } from "../grouped";
import type { RandomSource } from "../random";
import { splitEpsilon, splitEvenly } from "../split";
import { swappedDplloydSplit } from "./broken";

/** The outcome of {@link checkLedger}. */
export interface LedgerCheck {
  /** True when the exact sum of the rows' ε equals the declared ε. */
  readonly pass: boolean;
  /** The exact sum of the rows' ε, rounded once to a double. */
  readonly total: number;
  /** |total − declared| computed exactly, rounded once (0 when `pass`). */
  readonly difference: number;
}

/**
 * Compare the exact sum of the ledger's ε with the declared ε.
 * @param rows - the ledger rows of one fit or release
 * @param declared - the ε the caller promised
 */
export function checkLedger(rows: readonly LedgerRow[], declared: number): LedgerCheck {
  let sum = BigInt(0);
  for (const row of rows) sum += toScaled(row.epsilon);
  const gap = sum - toScaled(declared);
  return { pass: gap === BigInt(0), total: fromScaled(sum), difference: Math.abs(fromScaled(gap)) };
}

/** How {@link composedRelease} splits each iteration's ε between the count and the per-feature sums. */
export type SplitRule = "intended" | "swapped";

/**
 * A DPLloyd-shaped composed release for the ledger test (not k-means: the labels stay fixed): `iterations`
 * rounds, each releasing one noisy count per group and one noisy sum per group and feature, with ε split
 * as DPLloyd intends (ε_count : ε_dim = ∛(4dρ²) : 1, ε_count + d·ε_dim = ε/T) using exact splits — or
 * with the two shares swapped, as diffprivlib 0.6.6 does (BROKEN).
 *
 * @returns nothing; the spends are in `accountant`
 */
export function composedRelease(
  data: ReadonlyArray<ArrayLike<number>>,
  labels: ArrayLike<number>,
  groups: number,
  options: {
    epsilon: number;
    iterations: number;
    lower: number[];
    upper: number[];
    rng: RandomSource;
    accountant: BudgetAccountant;
    split: SplitRule;
  },
): void {
  const d = options.lower.length;
  const ratio = Math.cbrt(4 * d * 0.225 * 0.225);
  options.accountant.check(options.epsilon);
  splitEvenly(options.epsilon, options.iterations).forEach((epsilonIteration, t) => {
    let count: number;
    let perFeature: number[];
    if (options.split === "intended") {
      const parts = splitEpsilon(epsilonIteration, [ratio, ...new Array<number>(d).fill(1)]);
      count = parts[0]!;
      perFeature = parts.slice(1);
    } else {
      const swapped = swappedDplloydSplit(epsilonIteration, d);
      count = swapped.count;
      perFeature = new Array<number>(d).fill(swapped.dim);
    }
    const common = { rng: options.rng, accountant: options.accountant };
    noisyGroupCounts(labels, groups, { ...common, epsilon: count, label: `iteration ${t + 1}: counts` });
    noisyGroupSums(data, labels, groups, {
      ...common,
      epsilonPerFeature: perFeature,
      lower: options.lower,
      upper: options.upper,
      label: `iteration ${t + 1}: sums`,
    });
  });
}

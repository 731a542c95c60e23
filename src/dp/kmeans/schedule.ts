/**
 * DPLloyd's budget schedule (Su, Cao, Li, Bertino & Jin, "Differentially private k-means clustering",
 * CODASPY 2016, as diffprivlib 0.6.6 ships it): how many noisy iterations to run, and how each
 * iteration's ε is shared between the noisy counts and the noisy per-feature sums.
 *
 * Both are fixed in advance from public quantities (ε, a public size n, d, k) — never from convergence,
 * because "stop when the centres stop moving" would make the number of releases depend on the data, and
 * never from the data's exact number of rows, which is private under add/remove-one (D and D plus one
 * record could get a different T). The n here is a declared public size or a noisy count already released
 * (see `../public-size.ts`); diffprivlib passes len(X).
 *
 *     ε_m = sqrt(500·k³/n² · (d + ∛(4·d·ρ²))³),  ρ = 0.225
 *     T   = trunc(max(min(ε/ε_m, 7), 2))
 *     per iteration:  ε_count : ε_feature = ∛(4·d·ρ²) : 1,   ε_count + d·ε_feature = ε/T
 *
 * This is the split Su et al. INTEND. diffprivlib 0.6.6 returns the two shares swapped, so its
 * mechanisms spend 0.905ε at d = 2 and 2.28ε at d = 64 while its accountant is charged ε; here every
 * part comes from `splitEpsilon`, so the parts add up to ε exactly (the ledger test checks it).
 */
import { InvalidInputError } from "../../errors";
import { splitEpsilon, splitEvenly } from "../split";

/** Su et al.'s ρ: the constant of their error analysis that fixes the count/sum ratio. */
export const DPLLOYD_RHO = 0.225;

/** The fewest and most noisy iterations Su et al.'s rule allows. */
export const DPLLOYD_MIN_ITERATIONS = 2;
/** The most noisy iterations Su et al.'s rule allows. */
export const DPLLOYD_MAX_ITERATIONS = 7;

/**
 * The number of DPLloyd iterations T for a budget ε on n points in d dimensions with k clusters.
 *
 * @param epsilon - the total ε of the fit (> 0; `Infinity` gives the maximum, 7)
 * @param n - a PUBLIC number of points: declared (`publicSize`) or a released noisy count, never len(X)
 * @param d - number of features
 * @param k - number of clusters
 * @returns T, a whole number from 2 to 7
 * @example
 * dplloydIterations(1, 1025, 2, 3); // 2: at ε = 1 a thousand points afford only two noisy iterations
 */
export function dplloydIterations(epsilon: number, n: number, d: number, k: number): number {
  const ratio = Math.cbrt(4 * d * DPLLOYD_RHO * DPLLOYD_RHO);
  const epsilonM = Math.sqrt(((500 * k ** 3) / (n * n)) * (d + ratio) ** 3);
  const t = Math.max(Math.min(epsilon / epsilonM, DPLLOYD_MAX_ITERATIONS), DPLLOYD_MIN_ITERATIONS);
  return Math.trunc(t);
}

/** The ε of one DPLloyd iteration, shared between the counts and each feature's sums. */
export interface IterationBudget {
  /** ε for the k noisy counts (one release, parallel over clusters). */
  readonly count: number;
  /** ε for each feature's k noisy sums; length d. */
  readonly perFeature: readonly number[];
}

/**
 * Share one iteration's ε between the counts and the d per-feature sums in Su et al.'s intended ratio
 * ε_count : ε_feature = ∛(4dρ²) : 1. The parts add up to `epsilonIteration` exactly.
 *
 * @param epsilonIteration - ε of this iteration (> 0, or `Infinity`)
 * @param d - number of features (≥ 1)
 * @returns `{ count, perFeature }`
 * @example
 * dplloydSplit(0.5, 2); // { count: 0.135…, perFeature: [0.182…, 0.182…] }: count gets 0.74 of a feature's share
 */
export function dplloydSplit(epsilonIteration: number, d: number): IterationBudget {
  if (!Number.isInteger(d) || d < 1) {
    throw new InvalidInputError("invalid-dimension", `d must be a whole number ≥ 1, got ${d}.`);
  }
  const ratio = Math.cbrt(4 * d * DPLLOYD_RHO * DPLLOYD_RHO);
  const [count, ...perFeature] = splitEpsilon(epsilonIteration, [ratio, ...new Array<number>(d).fill(1)]);
  return { count: count!, perFeature };
}

/**
 * The whole schedule: ε split evenly over T iterations, each split by {@link dplloydSplit}. Every ε in it
 * adds up (as exact rationals) to `epsilon`.
 *
 * @param epsilon - the total ε (> 0, or `Infinity`)
 * @param iterations - T (≥ 1)
 * @param d - number of features
 * @returns one {@link IterationBudget} per iteration
 */
export function dplloydSchedule(epsilon: number, iterations: number, d: number): IterationBudget[] {
  return splitEvenly(epsilon, iterations).map((e) => dplloydSplit(e, d));
}

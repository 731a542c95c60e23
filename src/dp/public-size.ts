/**
 * What a DP model may know about the number of records: the one place that says it.
 *
 * Neighbouring datasets differ by ADDING OR REMOVING one record, so the exact number of rows n is itself a
 * statistic of the private data: D and D plus one record have different n. Anything that shapes a release —
 * DPLloyd's iteration count T, EUGkM's grid size m, the normaliser of a DP mean, a grid step, the number of
 * ledger rows — must therefore come from a size that is either
 *
 *   1. PUBLIC: declared by the user (`publicSize`), known without looking at the data (the 1,025 species of
 *      the Pokédex, the 251 of the first two generations). It need not equal n: the release is ε-DP for any
 *      fixed declared size, only its accuracy suffers when the declaration is far off; or
 *   2. RELEASED: a noisy count of the rows (discrete Laplace, sensitivity 1), charged to the ledger like every
 *      other release, using a stated share of ε ({@link NOISY_SIZE_SHARE}). The rest of the fit then treats
 *      the noisy count as public: it is, because it has been released (adaptive sequential composition).
 *
 * Never the exact n. diffprivlib reads `len(X)` here, which makes D and D plus one record produce different
 * iteration counts or grids with certainty, so no finite ε holds.
 */
import { InvalidInputError } from "../errors";
import type { BudgetAccountant } from "./accountant";
import { noisyCount } from "./discrete-laplace";
import type { RandomSource } from "./random";
import { splitEpsilon } from "./split";
import { warnSizeFromNoisyCount } from "./warnings";

/** Share of a fit's ε spent on a noisy count of the rows when no public size is declared. */
export const NOISY_SIZE_SHARE = 0.05;

/**
 * Where the size a model used came from: `"public"` (declared), `"noisy-count"` (released by this fit, on
 * its ledger rows) or `"released-earlier"` (a noisy count released before the fit — by `privatePipeline`
 * for its steps, or by the learner — and passed in as `publicSize: size`; its ε is on the ledger row that
 * released it, so 0 here).
 */
export type SizeSource = "public" | "noisy-count" | "released-earlier";

/** The size a model used for its schedule, grid or normalisers: public, or released on the ledger. */
export interface UsedSize {
  /** The size (a whole number ≥ 1). */
  readonly value: number;
  /** `"public"` (declared), `"noisy-count"` (released by this fit) or `"released-earlier"`. */
  readonly source: SizeSource;
  /** ε this fit spent on it: 0 when public or released earlier. */
  readonly epsilon: number;
}

/** What a model's `publicSize` option takes: a declared number, or a size released earlier (a {@link UsedSize}). */
export type SizeInput = number | UsedSize;

/**
 * Check a `publicSize` option: a declared whole number ≥ 1, or a size released earlier (e.g.
 * `privatePipeline`'s `run.size`, or a fit's `fitInfo.size`), which the fit then labels
 * `"released-earlier"` unless it was public.
 * @param input - the option's value
 * @param name - the option's name in the message (default `"publicSize"`)
 * @returns the size as the fit will use and label it (ε 0: nothing is spent on it here)
 * @throws InvalidInputError (code `"invalid-public-size"`)
 */
export function validateSizeInput(input: unknown, name = "publicSize"): UsedSize {
  if (typeof input === "object" && input !== null && "value" in input && "source" in input) {
    const given = input as UsedSize;
    const value = validatePublicSize(given.value, `${name}.value`);
    return { value, source: given.source === "public" ? "public" : "released-earlier", epsilon: 0 };
  }
  return { value: validatePublicSize(input, name), source: "public", epsilon: 0 };
}

/**
 * Check a declared public size: a whole number ≥ 1.
 *
 * @param publicSize - the value to check
 * @param name - the option's name in the message (default `"publicSize"`)
 * @returns the size
 * @throws InvalidInputError (code `"invalid-public-size"`)
 */
export function validatePublicSize(publicSize: unknown, name = "publicSize"): number {
  if (typeof publicSize !== "number" || !Number.isSafeInteger(publicSize) || publicSize < 1) {
    throw new InvalidInputError(
      "invalid-public-size",
      `${name} must be a whole number >= 1: the number of records as known WITHOUT looking at the data ` +
        `(e.g. 1025, the species in the Pokédex); got ${typeof publicSize === "string" ? JSON.stringify(publicSize) : String(publicSize)}. ` +
        `Fix: pass the public number of records, or leave ${name} out to spend ${100 * NOISY_SIZE_SHARE}% ` +
        `of ε on a noisy count instead.`,
    );
  }
  return publicSize;
}

/** Options of {@link resolveSize}. */
export interface ResolveSizeOptions {
  /** The declared or earlier-released size, or undefined. Validated with {@link validateSizeInput} by the caller. */
  publicSize: number | UsedSize | undefined;
  /** ε of the whole fit (> 0 or `Infinity`). */
  epsilon: number;
  /** Where the noise comes from. */
  rng: RandomSource;
  /** The ledger the noisy count is charged to. */
  accountant: BudgetAccountant;
  /** Who asks, for the ledger label and the warning, e.g. `"KMeans.fit"`. */
  context: string;
}

/**
 * The size a fit may use, and the ε left for the rest of the fit.
 *
 * With a declared `publicSize`: that size, all of ε left, nothing charged. Without: a noisy count of the
 * `rows` with {@link NOISY_SIZE_SHARE} of ε (one ledger row, before anything else of the fit), clamped to at
 * least 1 (post-processing), a PrivacyWarning saying so (its text depends only on public settings), and the
 * rest of ε left — the two parts add up to ε exactly.
 *
 * @param rows - the exact number of rows (read only by the noisy count)
 * @param options - see {@link ResolveSizeOptions}
 * @returns the size used and the ε left
 */
export function resolveSize(rows: number, options: ResolveSizeOptions): { size: UsedSize; epsilonLeft: number } {
  if (options.publicSize !== undefined) {
    return { size: validateSizeInput(options.publicSize), epsilonLeft: options.epsilon };
  }
  const [sizeEpsilon, rest] = splitEpsilon(options.epsilon, [NOISY_SIZE_SHARE, 1 - NOISY_SIZE_SHARE]);
  warnSizeFromNoisyCount(options.context, sizeEpsilon!);
  const noisy = noisyCount(rows, {
    epsilon: sizeEpsilon!,
    rng: options.rng,
    accountant: options.accountant,
    label: `${options.context}: number of rows`,
  });
  return { size: { value: Math.max(1, noisy), source: "noisy-count", epsilon: sizeEpsilon! }, epsilonLeft: rest! };
}

/**
 * The one place where a release is charged: mechanisms call {@link chargeRelease} before drawing noise, so
 * an exceeded budget stops the release before anything about the data is computed or shown.
 */
import { InvalidInputError } from "../errors";
import { getDefaultAccountant } from "./accountant";
import { createRandom, type RandomSource } from "./random";
import type { Mechanism, ReleaseOptions } from "./types";

let sharedSecureSource: RandomSource | undefined;

/** The secure source used when a release is given no `rng` (one per process, created on first use). */
export function defaultRandomSource(): RandomSource {
  if (sharedSecureSource === undefined) sharedSecureSource = createRandom();
  return sharedSecureSource;
}

/**
 * The random source a release should draw from: the caller's, checked, or the shared secure one.
 * @throws InvalidInputError when `options.rng` is not a random source (e.g. a bare seed number)
 */
export function resolveRandom(options: ReleaseOptions): RandomSource {
  const rng = options.rng;
  if (rng !== undefined && (typeof rng !== "object" || rng === null || typeof rng.uint32 !== "function")) {
    throw new InvalidInputError(
      "invalid-random-source",
      `rng must be a random source, got ${typeof rng === "object" ? String(rng) : typeof rng}. Fix: create ` +
        `one with createRandom() (secure) or createRandom(seed) (reproducible, for teaching only) and pass it.`,
    );
  }
  return rng ?? defaultRandomSource();
}

/**
 * Record one release of `mechanism` in the ledger (the given accountant or the default one) and return the
 * random source to draw its noise from.
 *
 * @param mechanism - the mechanism being released (its name, cost and sensitivity go in the ledger)
 * @param options - the caller's release options
 * @param defaultLabel - the label when the caller gave none
 * @throws BudgetExceededError when the release does not fit in the accountant's budget
 */
export function chargeRelease(
  mechanism: Pick<Mechanism, "mechanism" | "privacyCost" | "sensitivity">,
  options: ReleaseOptions,
  defaultLabel: string,
): RandomSource {
  const rng = resolveRandom(options);
  const accountant = options.accountant ?? getDefaultAccountant();
  accountant.spend({
    label: options.label ?? defaultLabel,
    epsilon: mechanism.privacyCost.epsilon,
    delta: mechanism.privacyCost.delta,
    sensitivity: mechanism.sensitivity,
    mechanism: mechanism.mechanism,
  });
  return rng;
}

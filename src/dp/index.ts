/**
 * The privacy core: randomness, exact noise samplers, mechanisms that state their own privacy cost, the
 * budget accountant and the standard privacy warnings. Models build on these; see `src/dp/README.md`.
 *
 * Not exported here on purpose: `src/dp/testing/` (statistical testers and deliberately broken mechanisms
 * for the privacy audit).
 */
export {
  bernoulliRational,
  createRandom,
  randomBit,
  toRandomSource,
  uniformInt,
  type RandomInput,
  type RandomSource,
} from "./random";
export {
  bernoulliExp,
  discreteLaplaceCdf,
  discreteLaplacePmf,
  rateAtMost,
  rateValue,
  sampleDiscreteLaplace,
  type RationalRate,
} from "./samplers";
export type { Mechanism, PrivacyCost, ReleaseOptions } from "./types";
export {
  DiscreteLaplaceMechanism,
  noisyCount,
  type DiscreteLaplaceOptions,
  type NoisyCountOptions,
} from "./discrete-laplace";
export { GridLaplaceMechanism, type GridLaplaceOptions } from "./grid-laplace";
export { GRID_BITS, gridStep } from "./grid";
export {
  ClampedSumMechanism,
  noisyClampedSum,
  type ClampedSumOptions,
  type ClampedSumRelease,
  type NoisyClampedSumOptions,
} from "./clamped-sum";
export {
  noisyGroupCounts,
  noisyGroupSums,
  type GroupSumsRelease,
  type NoisyGroupCountsOptions,
  type NoisyGroupSumsOptions,
  type RowMajorMatrix,
} from "./grouped";
export {
  centredMoments,
  meanSensitivity,
  noisyMean,
  noisyVariance,
  varianceSensitivity,
  type CentredMomentOptions,
  type CentredMoments,
  type NoisyMomentOptions,
  type NoisyMomentRelease,
} from "./mean-variance";
export { clamp, clampInto, clampValue, type ClampResult } from "./clamp";
export {
  BudgetAccountant,
  getDefaultAccountant,
  setDefaultAccountant,
  withAccountant,
  type BudgetAccountantOptions,
  type LedgerRow,
  type SpendRecord,
} from "./accountant";
export { splitEpsilon, splitEvenly } from "./split";
export {
  boundsFromData,
  warnAboutSettings,
  warnBoundsFromData,
  warnNoPrivacy,
  warnSeededNoise,
  warnSizeFromNoisyCount,
} from "./warnings";
export { countOutsideBounds, EXACT, RELEASED, type OutsideBoundsCount } from "./diagnostics";
export {
  NOISY_SIZE_SHARE,
  resolveSize,
  validatePublicSize,
  type ResolveSizeOptions,
  type SizeSource,
  type UsedSize,
} from "./public-size";
export { checkBounds, checkDelta, checkEpsilon, checkSensitivity } from "./validate";

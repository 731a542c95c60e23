/**
 * Differentially private k-means (Su et al., CODASPY 2016): the `DPKMeans` model with EUGkM, DPLloyd and
 * the hybrid, the reusable EUGkM synopsis, and the private elbow helpers. Lessons import these through
 * `src/dp/models.ts`; the engine-level functions here are for model code, tests and benchmarks.
 *
 * Not exported here on purpose: `as-shipped.ts` (a reference re-creation of diffprivlib 0.6.6's DPLloyd
 * with its defects, for the benchmark only).
 */
export { DPKMeans } from "./model";
export type { DPKMeansOptions, DPKMeansMethod, DPKMeansFitInfo, DPKMeansStep } from "./model";
export { eugkmSynopsis, privateElbow, dpElbow } from "./elbow";
export type { EUGkMSynopsisOptions, DPElbowOptions, DPElbowPoint } from "./elbow";
export { EUGkMSynopsis, buildSynopsis, eugkmGridSize, EUGKM_THETA, EUGKM_MAX_CELLS } from "./eugkm";
export type { SynopsisBuildOptions, SynopsisFit, SynopsisFitOptions, PrivateElbowPoint } from "./eugkm";
export { dplloydSteps, runDPLloyd, DPLLOYD } from "./dplloyd";
export type { DPLloydOptions, DPLloydIteration, DPLloydResult, DPLloydVariant, ReleasedStatistics } from "./dplloyd";
export { runHybrid, HYBRID_GRID_SHARE, HYBRID_ITERATIONS } from "./hybrid";
export type { HybridOptions, HybridResult } from "./hybrid";
export { dplloydIterations, dplloydSplit, dplloydSchedule, DPLLOYD_RHO } from "./schedule";
export type { IterationBudget } from "./schedule";
export { spherePackingCentres } from "./sphere-packing";
export { releaseClusterStatistics } from "./statistics";
export type { ClusterStatisticsOptions, ClusterStatisticsRelease } from "./statistics";
export { updateFromNoisyStatistics, MIN_NOISY_COUNT, RESEED_OFFSET } from "./update";
export type { NoisyUpdate } from "./update";

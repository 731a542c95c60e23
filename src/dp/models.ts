/**
 * The differentially private models, named so lessons read like diffprivlib
 * (`from diffprivlib.models import KMeans, StandardScaler, PCA`):
 *
 * @example
 * import { KMeans, BudgetAccountant } from "./src/dp/models";
 * const acc = new BudgetAccountant({ epsilon: 2 });
 * const km = new KMeans({ nClusters: 3, epsilon: 1, bounds, randomState: 42, accountant: acc }).fit(X);
 * km.clusterCenters;       // private
 * console.log(acc.toTable());
 *
 * `KMeans`, `StandardScaler` and `PCA` here are the DP classes (`DPKMeans`, `DPStandardScaler`, `DPPCA`);
 * the non-private ones live in `src/cluster` and `src/preprocessing`. A file, not a folder index, so
 * tslab can import it (it resolves local imports only to files).
 */
export { DPKMeans, DPKMeans as KMeans } from "./kmeans/model";
export type { DPKMeansOptions, DPKMeansMethod, DPKMeansFitInfo, DPKMeansStep } from "./kmeans/model";
export { DPStandardScaler, DPStandardScaler as StandardScaler } from "./preprocessing/scaler";
export type { DPStandardScalerOptions, DPScalerFitInfo } from "./preprocessing/scaler";
export { DPPCA, DPPCA as PCA } from "./preprocessing/pca";
export type { DPPCAOptions, DPPCAFitInfo } from "./preprocessing/pca";
export { eugkmSynopsis, privateElbow, dpElbow } from "./kmeans/elbow";
export type { EUGkMSynopsisOptions, DPElbowOptions, DPElbowPoint } from "./kmeans/elbow";
export { EUGkMSynopsis, eugkmGridSize } from "./kmeans/eugkm";
export type { SynopsisFit, SynopsisFitOptions, PrivateElbowPoint } from "./kmeans/eugkm";
export { dplloydIterations, dplloydSplit } from "./kmeans/schedule";
export { privatePipeline } from "./pipeline";
export type { PrivatePipelineOptions, PrivatePipelineResult, PipelineSplit } from "./pipeline";
export { epsilonSweep } from "../sweep";
export type { EpsilonSweepOptions, SweepProgress, SweepRow, SweepResult } from "../sweep";
export { BudgetAccountant, getDefaultAccountant, setDefaultAccountant, withAccountant } from "./accountant";
export type { LedgerRow } from "./accountant";
export { createRandom } from "./random";

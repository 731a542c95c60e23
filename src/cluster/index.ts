/**
 * Clustering: non-private k-means and the Lloyd engine DP k-means is built on, plus the metrics that
 * compare clusterings.
 *
 * - Learner API: {@link KMeans}, {@link lloydSteps}, {@link elbowCurve}, metrics ({@link inertia},
 *   {@link meanSquaredDistance}, {@link qualityRatio}, {@link matchLabels}, {@link changedShare},
 *   {@link changedPoints}), {@link makeBlobs}.
 * - Engine API (flat `Float64Array`s, for model code): {@link assignAndSummarize} (assignment +
 *   sufficient statistics), {@link centresFromStatistics} (update from possibly noisy statistics),
 *   {@link kmeansPlusPlus}, {@link lloyd}, {@link fitKMeans} (weighted k-means with restarts),
 *   {@link CentroidModel} (base class of every centroid model).
 */
export { KMeans, fitKMeans } from "./kmeans";
export type { KMeansOptions, KMeansInit, FitKMeansOptions, KMeansFit } from "./kmeans";
export { CentroidModel } from "./model";
export type { FittedCentroids } from "./model";
export {
  assignAndSummarize,
  centresFromStatistics,
  relocateEmptyClusters,
  assignLabels,
  nearestSquaredDistances,
  meanFeatureVariance,
} from "./engine";
export type { ClusterStatistics, AssignOptions, UpdateOptions, CentreUpdate } from "./engine";
export { kmeansPlusPlus } from "./init";
export type { KMeansPlusPlusOptions } from "./init";
export { lloyd, runLloyd, iterateLloyd, absoluteTolerance } from "./lloyd";
export type { LloydOptions, LloydResult, LloydIteration, LloydRunOptions } from "./lloyd";
export { lloydSteps } from "./steps";
export type { LloydStep, LloydStepsOptions } from "./steps";
export { inertia, meanSquaredDistance, qualityRatio, matchLabels, changedShare, changedPoints } from "./metrics";
export { hungarian } from "./hungarian";
export { clusterOccupancy } from "./occupancy";
export { borderMargins } from "./margin";
export type { ClusterOccupancy } from "./occupancy";
export { elbowCurve } from "./elbow";
export type { ElbowOptions, ElbowPoint } from "./elbow";
export { makeBlobs } from "./blobs";
export type { BlobOptions, Blobs } from "./blobs";

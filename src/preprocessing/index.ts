/**
 * Pre-processing before clustering: non-private `StandardScaler` and `PCA` (the DP versions share their
 * shape), plus the helpers DP versions reuse.
 */
export { StandardScaler, featureMeanAndVariance, scaleFromVariance } from "./scaler";
export type { StandardScalerOptions, ScalerState } from "./scaler";
export { PCA, eigenSymmetric } from "./pca";
export type { PCAOptions, PCAState } from "./pca";

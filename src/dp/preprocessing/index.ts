/**
 * Differentially private pre-processing: `DPStandardScaler` and `DPPCA` (diffprivlib's shapes), both
 * charging the same kind of accountant as DP k-means, so a whole pipeline's ε is one ledger.
 */
export { DPStandardScaler } from "./scaler";
export type { DPStandardScalerOptions, DPScalerFitInfo } from "./scaler";
export { DPPCA } from "./pca";
export type { DPPCAOptions, DPPCAFitInfo } from "./pca";
export { noisyGram } from "./gram";
export type { NoisyGramOptions } from "./gram";

/**
 * Non-private methods of the benchmarks: the course's `KMeans` (one k-means++ start, on learner-shaped
 * `number[][]` input and on a flat matrix, the latter also at 1,000,000 points in d = 6 and 10) and `ml-kmeans` v6, the independent reference; one bare engine pass
 * (assignment + sufficient statistics + update, the step DP k-means repeats); and a non-private baseline
 * row for the utility bench.
 */
import { kmeans as mlKmeans } from "ml-kmeans";
import { KMeans, assignAndSummarize, centresFromStatistics } from "../../src/cluster";
import { toRows, type FlatMatrix } from "../../src/validate";
import { registerSpeedMethod, registerUtilityMethod, SPEED_DIMS } from "./registry";

const rowsOf = (X: FlatMatrix) => toRows(X.data, X.n, X.d);

registerSpeedMethod<number[][]>({
  method: "kmeans",
  prepare: rowsOf,
  fit: (rows, { k, seed }) => ({ centres: new KMeans({ nClusters: k, nInit: 1, randomState: seed }).fit(rows).clusterCenters }),
});

registerSpeedMethod<FlatMatrix>({
  method: "kmeans-flat",
  dims: SPEED_DIMS,
  fit: (X, { k, seed }) => ({ centres: new KMeans({ nClusters: k, nInit: 1, randomState: seed }).fit(X).clusterCenters }),
});

registerSpeedMethod<number[][]>({
  method: "ml-kmeans",
  prepare: rowsOf,
  // ml-kmeans's defaults (k-means++ init, up to 100 iterations, tolerance 1e-6 on squared centre moves).
  fit: (rows, { k, seed }) => ({ centres: mlKmeans(rows, k, { seed }).centroids }),
});

registerSpeedMethod<FlatMatrix>({
  method: "engine-pass",
  // One Lloyd step from the first k points: the cost of one DPLloyd iteration before noise.
  fit: (X, { k }) => {
    const start = X.data.slice(0, k * X.d);
    const stats = assignAndSummarize(X, start, k);
    return { centres: toRows(centresFromStatistics(stats, start).centres, k, X.d) };
  },
});

registerUtilityMethod({
  method: "kmeans",
  private: false,
  fit: (X, { k, seed }) => ({ centres: new KMeans({ nClusters: k, nInit: 1, randomState: seed }).fit(X).clusterCenters }),
});

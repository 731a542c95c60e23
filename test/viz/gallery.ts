/**
 * One figure from every builder on the fixed fixtures: the snapshot tests store their JSON, and the
 * browser test draws them all on one page (so the snapshots double as an example gallery).
 */
import {
  budgetReceiptFigure,
  clusterSizesFigure,
  clustersScatter,
  comparisonFigure,
  elbowFigure,
  epsilonSliderFigure,
  statisticsFigure,
  tradeoffFigure,
  weightsByClusterFigure,
} from "../../src/viz/figures/index";
import type { Figure } from "../../src/viz/plotly-types";
import * as f from "./fixtures";

/** Every gallery figure by snapshot name, in display order. */
export function galleryFigures(): Record<string, Figure> {
  const comparison = comparisonFigure({
    points: f.points,
    labelsA: f.labelsA,
    labelsB: f.labelsB,
    names: f.names,
    centresA: f.centresOf(f.labelsA),
    centresB: f.centresOf(f.labelsB),
    titles: ["Non-private k-means", "DP k-means (ε = 1)"],
    axisTitles: ["Weight (kg)", "Height (m)"],
  });
  return {
    "clusters-2d": clustersScatter({
      points: f.points,
      labels: f.labelsA,
      centres: f.centresOf(f.labelsA),
      names: f.names,
      axisTitles: ["Weight (kg)", "Height (m)"],
      title: "k-means with k = 3 on weight and height",
    }),
    "clusters-1d": clustersScatter({
      points: f.weights.map((w) => [w]),
      labels: f.labelsA,
      centres: f.centresOf(f.labelsA).map((c) => [c[0]]),
      names: f.names,
      axisTitles: ["Weight (kg, log scale)", "Cluster"],
      title: "k-means on weight alone",
      logX: true,
    }),
    "comparison-side-by-side": comparison.sideBySide,
    "comparison-changed": comparison.changed,
    elbow: elbowFigure({ ks: f.ks, nonPrivate: f.elbowNonPrivate, dp: f.elbowRuns, highlightK: 3 }),
    tradeoff: tradeoffFigure({
      epsilons: f.epsilons,
      quality: f.quality,
      changed: f.changed,
      qualityTitle: "Inertia DP / non-private (lower is better)",
      qualityReference: 1,
    }),
    "epsilon-slider": epsilonSliderFigure({
      epsilons: [0.2, 1],
      frames: [
        { points: f.points, labels: f.labelsB, centres: f.centresOf(f.labelsB) },
        { points: f.points, labels: f.labelsA, centres: f.centresOf(f.labelsA) },
      ],
      names: f.names,
      axisTitles: ["Weight (kg)", "Height (m)"],
      title: "DP k-means as ε changes",
      active: 1,
    }),
    "weights-by-cluster": weightsByClusterFigure({
      values: f.weights,
      labels: f.labelsA,
      names: f.names,
      valueTitle: "Weight (kg)",
      title: "Weights inside each cluster",
      log: true,
    }),
    "cluster-sizes": clusterSizesFigure({
      sizes: [12, 1, 9, 2, 12],
      minGroupSize: 3,
      title: "Cluster sizes: two clusters are too small to hide anyone",
    }),
    statistics: statisticsFigure({
      values: f.weights,
      valueTitle: "Weight (kg)",
      unit: "kg",
      title: "Weights are skewed: the mean is far above the median",
      bins: 12,
    }),
    "statistics-log": statisticsFigure({
      values: f.weights,
      valueTitle: "Weight (kg, log scale)",
      unit: "kg",
      title: "The same weights on a log axis",
      bins: 12,
      log: true,
    }),
    "budget-receipt": budgetReceiptFigure(
      [
        { label: "DP StandardScaler", epsilon: 0.2 },
        { label: "DP PCA", epsilon: 0.3 },
        { label: "DP k-means", epsilon: 0.4 },
      ],
      1,
    ),
  };
}

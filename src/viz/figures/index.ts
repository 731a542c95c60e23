/**
 * The course's figure builders: pure functions from data to plotly figure JSON. They know nothing of
 * notebooks; show the result with `showChart` (src/viz/display) or embed it with `chartHtml`.
 */
export { accuracySliderFigure, type AccuracyQuantity, type AccuracySliderInput } from "./accuracy-slider";
export { budgetReceiptFigure, type BudgetReceiptOptions, type BudgetRow } from "./budget";
export { clusterName } from "./cluster-traces";
export { clustersScatter, type ClustersScatterInput } from "./clusters";
export { comparisonFigure, type ComparisonFigures, type ComparisonInput } from "./comparison";
export {
  clusterSizesFigure,
  histogram,
  statisticsFigure,
  weightsByClusterFigure,
  type ClusterSizesInput,
  type Histogram,
  type StatisticsInput,
  type WeightsByClusterInput,
} from "./deidentification";
export { elbowFigure, type ElbowInput } from "./elbow";
export {
  neighbouringOutputsFigure,
  outputRatios,
  type NeighbouringOutputsInput,
  type OutputRatio,
  type OutputRatios,
} from "./neighbours";
export { epsilonSliderFigure, type EpsilonFrameInput, type EpsilonSliderInput } from "./epsilon-slider";
export { tradeoffFigure, type TradeoffInput } from "./tradeoff";
export { advantageFigure, regionUpperEdge, rocFigure, type AdvantageFigureInput, type AdvantageSeries, type RocFigureInput, type RocSeries } from "./roc";

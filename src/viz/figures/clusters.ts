/**
 * The basic cluster chart: points coloured by cluster, centres as large crosses.
 */
import { InvalidInputError } from "../../errors";
import type { Figure } from "../plotly-types";
import { axis, baseLayout, chartConfig, logTicks } from "../theme";
import { centreTrace, clusterIndices, clusterPointTraces, stripTicks } from "./cluster-traces";
import { checkLabels, checkLength, checkPoints } from "./validate";

/** Input of {@link clustersScatter}. */
export interface ClustersScatterInput {
  /** The points: `[x, y]` each, or `[value]` each for a 1-D strip (the y axis then shows the cluster). */
  points: readonly (readonly number[])[];
  /** One cluster label (0 … k − 1) per point. */
  labels: readonly number[];
  /** Optional centres, `centres[c]` for cluster `c`, same dimension as the points. Drawn as large crosses. */
  centres?: readonly (readonly number[])[];
  /** Optional one name per point (e.g. the Pokémon), shown in the hover. Escaped: any string is safe. */
  names?: readonly string[];
  /** Axis titles with units, `[x, y]`, e.g. `["Weight (kg)", "Height (m)"]`; for 1-D, y is e.g. "Cluster". */
  axisTitles: readonly [string, string];
  /** Chart title. */
  title: string;
  /** Logarithmic x axis (e.g. for skewed weights). Default false. */
  logX?: boolean;
  /** Logarithmic y axis (2-D only). Default false. */
  logY?: boolean;
}

/**
 * A scatter plot of points coloured by cluster (colour-blind-safe palette, the same colour for the same
 * label in every course chart), with the centres as large crosses. Hovering a point shows its name and
 * values. 1-D data is drawn as a strip without jitter: x is the value, y the cluster.
 *
 * @param input - see {@link ClustersScatterInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for points that are not all 1-D or all 2-D, labels or names of the wrong
 *   length, labels that are not non-negative integers, centres of another dimension, non-positive values
 *   on a log axis
 * @example
 * ```ts
 * const fig = clustersScatter({
 *   points: [[6.9, 0.7], [13, 1], [100, 2]], labels: [0, 0, 1], names: ["Bulbasaur", "Ivysaur", "Venusaur"],
 *   centres: [[9.95, 0.85], [100, 2]], axisTitles: ["Weight (kg)", "Height (m)"], title: "Two clusters",
 * });
 * showChart(fig);
 * ```
 */
export function clustersScatter(input: ClustersScatterInput): Figure {
  const dim = checkPoints(input.points);
  const n = input.points.length;
  checkLabels(input.labels, n);
  checkLength(input.names, n, "names");
  const centres = input.centres;
  if (centres !== undefined) {
    if (centres.length > 0) {
      const centreDim = checkPoints(centres, "centres");
      if (centreDim !== dim) {
        throw new InvalidInputError(
          "wrong-dimension",
          `centres have ${centreDim} coordinates but points have ${dim}: pass the centres of the plotted features.`,
        );
      }
    }
  }
  checkLogAxis(input.points, 0, input.logX ?? false, "logX");
  if (dim === 2) checkLogAxis(input.points, 1, input.logY ?? false, "logY");
  const clusters = clusterIndices([input.labels], centres ? [centres.length] : []);
  const options = { axisTitles: input.axisTitles, dim } as const;
  const data = clusterPointTraces(input.points, input.labels, input.names, clusters, options);
  if (centres && centres.length > 0) data.push(centreTrace(centres, options));
  const layout = baseLayout(input.title);
  const all = centres ? [...input.points, ...centres] : input.points;
  const ticks = (j: number, log: boolean | undefined) => (log ? columnLogTicks(all, j) : {});
  layout.xaxis = axis(input.axisTitles[0], { log: input.logX, extra: ticks(0, input.logX) });
  layout.yaxis =
    dim === 2
      ? axis(input.axisTitles[1], { log: input.logY, extra: ticks(1, input.logY) })
      : axis(input.axisTitles[1], { extra: stripTicks(clusters) });
  return { data, layout, config: chartConfig() };
}

function checkLogAxis(points: readonly (readonly number[])[], j: number, log: boolean, name: string): void {
  if (!log) return;
  points.forEach((p, i) => {
    if (p[j] <= 0) {
      throw new InvalidInputError(
        "non-positive-value",
        `points[${i}] has ${p[j]} on a logarithmic axis (${name}): use ${name}: false or drop values ≤ 0.`,
      );
    }
  });
}

function columnLogTicks(points: readonly (readonly number[])[], j: number) {
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    min = Math.min(min, p[j]);
    max = Math.max(max, p[j]);
  }
  return logTicks(min, max);
}

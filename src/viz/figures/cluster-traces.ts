/**
 * The building blocks of every cluster scatter: one trace per cluster (same colour and legend group in
 * every panel and frame) and one trace of centres drawn as large crosses.
 */
import { escapePlotlyText } from "../escape";
import type { Trace } from "../plotly-types";
import { clusterColour, clusterSymbol, inkColour } from "../theme";

/** Where the traces go and how the hover reads. */
export interface ClusterTraceOptions {
  /** Axis titles used in the hover text: `[x, y]`. */
  axisTitles: readonly [string, string];
  /** `1` draws a strip: x is the value, y the cluster. */
  dim: 1 | 2;
  /** Subplot axes, e.g. `"x2"`, `"y2"`. Default the first axes. */
  xaxis?: string;
  yaxis?: string;
  /** Show these traces in the legend. Default true. */
  showLegend?: boolean;
  /** Marker opacity. Default 0.85. */
  opacity?: number;
  /** Also emit traces for clusters with no points (keeps frames aligned). Default false. */
  keepEmpty?: boolean;
  /** Suffix of the hover label of each point, e.g. `"non-private"`. */
  hoverSuffix?: string;
}

/** The legend name of cluster `c`: labels are shown as learners see them in the data (0-based). */
export function clusterName(c: number): string {
  return `cluster ${c}`;
}

/** Hover number format: 4 significant digits, thousands grouped, trailing zeros trimmed. */
export const hoverNumber = ",.4~r";

/** The coordinates of a point on the chart: (x, y), or (value, cluster) for 1-D strips. */
function coordinates(point: readonly number[], label: number, dim: 1 | 2): [number, number] {
  return dim === 2 ? [point[0], point[1]] : [point[0], label];
}

/**
 * One scatter trace per cluster in `clusters`, in that order.
 *
 * @param points - the points (1 or 2 coordinates)
 * @param labels - one cluster label per point
 * @param names - optional one name per point, shown in bold in the hover (escaped here)
 * @param clusters - the cluster indices to draw, sorted
 * @param options - axes, legend, hover text
 */
export function clusterPointTraces(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  names: readonly string[] | undefined,
  clusters: readonly number[],
  options: ClusterTraceOptions,
): Trace[] {
  const [xTitle, yTitle] = options.axisTitles;
  const nameLine = names ? "<b>%{text}</b><br>" : "";
  const valueLines =
    options.dim === 2
      ? `${xTitle}: %{x:${hoverNumber}}<br>${yTitle}: %{y:${hoverNumber}}`
      : `${xTitle}: %{x:${hoverNumber}}`;
  const traces: Trace[] = [];
  for (const c of clusters) {
    const x: number[] = [];
    const y: number[] = [];
    const text: string[] = [];
    labels.forEach((label, i) => {
      if (label !== c) return;
      const [px, py] = coordinates(points[i], label, options.dim);
      x.push(px);
      y.push(py);
      if (names) text.push(escapePlotlyText(names[i]));
    });
    if (x.length === 0 && !options.keepEmpty) continue;
    const suffix = options.hoverSuffix ? ` (${options.hoverSuffix})` : "";
    const trace: Trace = {
      type: "scatter",
      mode: "markers",
      name: clusterName(c),
      legendgroup: clusterName(c),
      showlegend: options.showLegend ?? true,
      x,
      y,
      marker: {
        color: clusterColour(c),
        symbol: clusterSymbol(c),
        size: 8,
        opacity: options.opacity ?? 0.85,
        line: { color: "rgba(0,0,0,0.45)", width: 0.5 },
      },
      hovertemplate: `${nameLine}${valueLines}<extra>${clusterName(c)}${suffix}</extra>`,
    };
    if (names) trace.text = text;
    if (options.xaxis) trace.xaxis = options.xaxis;
    if (options.yaxis) trace.yaxis = options.yaxis;
    traces.push(trace);
  }
  return traces;
}

/**
 * One trace holding every centre as a large cross in its cluster's colour with a dark outline.
 *
 * @param centres - `centres[c]` is the centre of cluster `c` (1 or 2 coordinates)
 * @param options - axes, legend, hover text
 */
export function centreTrace(centres: readonly (readonly number[])[], options: ClusterTraceOptions): Trace {
  const [xTitle, yTitle] = options.axisTitles;
  const x: number[] = [];
  const y: number[] = [];
  centres.forEach((centre, c) => {
    const [px, py] = coordinates(centre, c, options.dim);
    x.push(px);
    y.push(py);
  });
  const valueLines =
    options.dim === 2
      ? `${xTitle}: %{x:${hoverNumber}}<br>${yTitle}: %{y:${hoverNumber}}`
      : `${xTitle}: %{x:${hoverNumber}}`;
  const suffix = options.hoverSuffix ? ` (${options.hoverSuffix})` : "";
  const trace: Trace = {
    type: "scatter",
    mode: "markers",
    name: "centres",
    legendgroup: "centres",
    showlegend: options.showLegend ?? true,
    x,
    y,
    text: centres.map((_, c) => clusterName(c)),
    marker: {
      color: centres.map((_, c) => clusterColour(c)),
      symbol: "x",
      size: 18,
      line: { color: inkColour, width: 1.5 },
    },
    hovertemplate: `<b>centre of %{text}</b><br>${valueLines}<extra>centre${suffix}</extra>`,
  };
  if (options.xaxis) trace.xaxis = options.xaxis;
  if (options.yaxis) trace.yaxis = options.yaxis;
  return trace;
}

/**
 * The sorted cluster indices present in any of the label lists or centre lists.
 */
export function clusterIndices(
  labelLists: readonly (readonly number[])[],
  centreCounts: readonly number[] = [],
): number[] {
  const seen = new Set<number>();
  for (const labels of labelLists) for (const l of labels) seen.add(l);
  for (const count of centreCounts) for (let c = 0; c < count; c++) seen.add(c);
  return [...seen].sort((a, b) => a - b);
}

/**
 * The y axis of a 1-D strip: one tick per cluster, labelled with the cluster's name.
 */
export function stripTicks(clusters: readonly number[]): Record<string, unknown> {
  const max = clusters.length > 0 ? clusters[clusters.length - 1] : 0;
  return {
    tickmode: "array",
    tickvals: [...clusters],
    ticktext: clusters.map(clusterName),
    range: [-0.6, max + 0.6],
    showgrid: false,
  };
}

/**
 * The charts of lesson 1 (de-identification by clustering): the sensitive value per cluster, the cluster
 * sizes against a minimum group size, and the skew of the data (mean vs median).
 */
import { InvalidInputError } from "../../errors";
import { escapePlotlyText } from "../escape";
import { formatNumber } from "../format";
import type { Annotation, Figure, Shape, Trace } from "../plotly-types";
import { alertColour, axis, baseLayout, chartConfig, clusterColour, inkColour, logTicks, nonPrivateColour } from "../theme";
import { clusterIndices, clusterName, hoverNumber } from "./cluster-traces";
import { checkLabels, checkLength, checkNumbers } from "./validate";

/** Input of {@link weightsByClusterFigure}. */
export interface WeightsByClusterInput {
  /** The sensitive value of each record, e.g. weight in kg. */
  values: readonly number[];
  /** One cluster label per record. */
  labels: readonly number[];
  /** Optional one name per record, shown in the hover (escaped). */
  names?: readonly string[];
  /** Title of the value axis, with units, e.g. "Weight (kg)". */
  valueTitle: string;
  /** Chart title. */
  title: string;
  /** Logarithmic value axis (weights span 0.1–999.9 kg). Default false. */
  log?: boolean;
}

/**
 * One box per cluster with every record drawn as a point beside it (mean dashed in the box): how spread
 * out the sensitive value is inside each cluster, i.e. how much a cluster's centroid hides.
 *
 * @param input - see {@link WeightsByClusterInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for labels or names of the wrong length, non-finite values, values ≤ 0 on a log axis
 */
export function weightsByClusterFigure(input: WeightsByClusterInput): Figure {
  checkNumbers(input.values, "values", input.log ?? false);
  checkLabels(input.labels, input.values.length);
  checkLength(input.names, input.values.length, "names");
  const clusters = clusterIndices([input.labels]);
  const nameLine = input.names ? "<b>%{text}</b><br>" : "";
  const data: Trace[] = clusters.map((c) => {
    const y: number[] = [];
    const text: string[] = [];
    input.labels.forEach((l, i) => {
      if (l !== c) return;
      y.push(input.values[i]);
      if (input.names) text.push(escapePlotlyText(input.names[i]));
    });
    const trace: Trace = {
      type: "box",
      name: clusterName(c),
      y,
      boxpoints: "all",
      // Plotly's jitter is seeded internally, so the picture is the same on every render.
      jitter: 0.4,
      pointpos: 0,
      boxmean: true,
      hoveron: "points",
      marker: { color: clusterColour(c), size: 6, opacity: 0.8 },
      line: { color: clusterColour(c), width: 1.5 },
      hovertemplate: `${nameLine}${input.valueTitle}: %{y:${hoverNumber}}<extra>${clusterName(c)}</extra>`,
    };
    if (input.names) trace.text = text;
    return trace;
  });
  const layout = baseLayout(input.title, { showLegend: false });
  layout.xaxis = axis("Cluster", { extra: { type: "category" } });
  const extra = input.log ? logTicks(Math.min(...input.values), Math.max(...input.values)) : {};
  layout.yaxis = axis(input.valueTitle, { log: input.log, extra });
  return { data, layout, config: chartConfig() };
}

/** Input of {@link clusterSizesFigure}. */
export interface ClusterSizesInput {
  /** `sizes[c]` is the number of records in cluster `c`. */
  sizes: readonly number[];
  /**
   * The smallest acceptable group (k-anonymity style). Clusters below it are highlighted as a
   * re-identification risk and a dashed line marks it. Optional.
   */
  minGroupSize?: number;
  /** Chart title. */
  title: string;
  /** Title of the count axis. Default "Pokémon in the cluster". */
  countTitle?: string;
}

/**
 * A bar per cluster with its size; clusters smaller than `minGroupSize` are drawn in the alert colour,
 * with a dashed line at the minimum. A singleton cluster's centroid is its member's exact value.
 *
 * @param input - see {@link ClusterSizesInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for sizes that are not non-negative integers, or a minimum group size below 1
 */
export function clusterSizesFigure(input: ClusterSizesInput): Figure {
  checkNumbers(input.sizes, "sizes");
  input.sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0) {
      throw new InvalidInputError("invalid-size", `sizes[${i}] is ${s}: a cluster size is a count (0, 1, 2, ...).`);
    }
  });
  const min = input.minGroupSize;
  if (min !== undefined && (!Number.isInteger(min) || min < 1)) {
    throw new InvalidInputError("invalid-min-group-size", `minGroupSize must be an integer ≥ 1, got ${min}.`);
  }
  const countTitle = input.countTitle ?? "Pokémon in the cluster";
  const categories = input.sizes.map((_, c) => String(c));
  const bars = (small: boolean): Trace => {
    const x: string[] = [];
    const y: number[] = [];
    input.sizes.forEach((s, c) => {
      if ((min !== undefined && s < min) === small) {
        x.push(String(c));
        y.push(s);
      }
    });
    return {
      type: "bar",
      name: small ? `below the minimum group size (${min})` : min !== undefined ? `at least ${min}` : "size",
      x,
      y,
      text: y.map((s) => String(s)),
      textposition: "outside",
      cliponaxis: false,
      marker: { color: small ? alertColour : nonPrivateColour },
      hovertemplate: `cluster %{x}: %{y} ${escapePlotlyText(countTitle.toLowerCase())}<extra></extra>`,
    };
  };
  const data = [bars(false)];
  if (min !== undefined) data.push(bars(true));
  const layout = baseLayout(input.title, { showLegend: min !== undefined });
  layout.barmode = "overlay";
  layout.xaxis = axis("Cluster", { extra: { type: "category", categoryorder: "array", categoryarray: categories } });
  layout.yaxis = axis(countTitle, { extra: { rangemode: "tozero" } });
  if (min !== undefined) {
    layout.shapes = [
      {
        type: "line",
        xref: "paper",
        yref: "y",
        x0: 0,
        x1: 1,
        y0: min,
        y1: min,
        line: { color: alertColour, width: 1.5, dash: "dash" },
      },
    ];
    layout.annotations = [
      {
        text: `minimum group size = ${min}`,
        xref: "paper",
        yref: "y",
        x: 1,
        y: min,
        xanchor: "right",
        yanchor: "bottom",
        showarrow: false,
        font: { color: alertColour },
        bgcolor: "rgba(255,255,255,0.85)",
      },
    ];
    layout.legend = { ...(layout.legend as object), orientation: "h", x: 0, y: 1.02, yanchor: "bottom" };
    layout.margin = { l: 70, r: 30, t: 90, b: 60 };
  }
  return { data, layout, config: chartConfig() };
}

/** Input of {@link statisticsFigure}. */
export interface StatisticsInput {
  /** The values, e.g. the weights of the first 251 Pokémon. */
  values: readonly number[];
  /** Title of the value axis with units, e.g. "Weight (kg)". */
  valueTitle: string;
  /** Unit written after the mean and median in their labels, e.g. "kg". Default none. */
  unit?: string;
  /** Chart title. */
  title: string;
  /** Number of histogram bins. Default 20. */
  bins?: number;
  /** Logarithmic value axis with log-spaced bins. Default false. */
  log?: boolean;
  /** Title of the count axis. Default "Number of Pokémon". */
  countTitle?: string;
}

/** The histogram bins (edges and counts) and the statistics drawn on the chart. */
export interface Histogram {
  edges: number[];
  counts: number[];
  mean: number;
  median: number;
}

/**
 * Bin values into `bins` equal-width bins (or equal in log scale), the last bin closed on the right.
 * Computed here, not by plotly, so the chart's JSON states exactly what is drawn.
 *
 * @param values - finite numbers (positive when `log`)
 * @param bins - number of bins ≥ 1
 * @param log - log-spaced edges
 * @returns edges (bins + 1), counts (bins), mean and median
 */
export function histogram(values: readonly number[], bins: number, log: boolean): Histogram {
  const sorted = [...values].sort((a, b) => a - b);
  const t = log ? Math.log10 : (v: number) => v;
  const inv = log ? (v: number) => 10 ** v : (v: number) => v;
  let lo = t(sorted[0]);
  let hi = t(sorted[sorted.length - 1]);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => inv(lo + i * width));
  edges[0] = inv(lo);
  edges[bins] = inv(hi);
  const counts = new Array<number>(bins).fill(0);
  for (const v of sorted) counts[Math.min(bins - 1, Math.max(0, Math.floor((t(v) - lo) / width)))]++;
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { edges, counts, mean, median };
}

/**
 * A histogram of the values with the mean (solid) and the median (dashed) marked: in skewed data such as
 * Pokémon weights the mean sits far right of the median, which is why the course reports both.
 *
 * @param input - see {@link StatisticsInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for an empty list, non-finite values, values ≤ 0 on a log axis, bins < 1
 */
export function statisticsFigure(input: StatisticsInput): Figure {
  const log = input.log ?? false;
  checkNumbers(input.values, "values", log);
  const bins = input.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new InvalidInputError("invalid-bins", `bins must be an integer ≥ 1, got ${bins}.`);
  }
  const h = histogram(input.values, bins, log);
  const unit = input.unit ? ` ${input.unit}` : "";
  const countTitle = input.countTitle ?? "Number of Pokémon";
  const fmt = (v: number) => formatNumber(v, { digits: 4 });
  const lefts = h.edges.slice(0, -1);
  const bars: Trace = {
    type: "bar",
    name: "count",
    // Bars from each left edge with explicit widths sit exactly on their bins on linear and log axes.
    x: lefts,
    y: h.counts,
    width: lefts.map((l, i) => h.edges[i + 1] - l),
    offset: 0,
    marker: { color: "#56B4E9", line: { color: "#ffffff", width: 1 } },
    text: lefts.map((l, i) => escapePlotlyText(`${fmt(l)}–${fmt(h.edges[i + 1])}${unit}`)),
    textposition: "none",
    hovertemplate: `%{text}: %{y}<extra></extra>`,
    showlegend: false,
  };
  // Annotations on a log axis take log10 positions (shapes take data values): a plotly convention.
  const annotationX = (v: number) => (log ? Math.log10(v) : v);
  // The smaller statistic's label goes left of its line, the larger's right, so they never overlap.
  const marker = (value: number, other: number, label: string, dash: "solid" | "dash", colour: string) => ({
    shape: {
      type: "line",
      xref: "x",
      yref: "paper",
      x0: value,
      x1: value,
      y0: 0,
      y1: 1,
      line: { color: colour, width: 2.5, dash },
    } satisfies Shape,
    annotation: {
      text: escapePlotlyText(`${label} = ${fmt(value)}${unit}`),
      xref: "x",
      yref: "paper",
      x: annotationX(value),
      y: 1,
      xanchor: value < other ? "right" : "left",
      yanchor: "top",
      xshift: value < other ? -5 : 5,
      showarrow: false,
      font: { color: colour, size: 14 },
      bgcolor: "rgba(255,255,255,0.85)",
    } satisfies Annotation,
  });
  const marks = [
    marker(h.mean, h.median, "mean", "solid", alertColour),
    marker(h.median, h.mean, "median", "dash", inkColour),
  ];
  const layout = baseLayout(input.title, { showLegend: false });
  layout.bargap = 0;
  const first = h.edges[0];
  const last = h.edges[h.edges.length - 1];
  // An explicit range: plotly's autorange mishandles bars with widths on a log axis.
  const range = log ? [Math.log10(first), Math.log10(last)] : [first, last];
  layout.xaxis = axis(input.valueTitle, { log, extra: { range, ...(log ? logTicks(first, last) : {}) } });
  // Headroom above the tallest bar for the mean and median labels.
  layout.yaxis = axis(countTitle, { extra: { range: [0, Math.max(...h.counts) * 1.18] } });
  layout.shapes = marks.map((m) => m.shape);
  layout.annotations = marks.map((m) => m.annotation);
  return { data: [bars], layout, config: chartConfig() };
}

/**
 * A median line with a shaded band between the quartiles: how every chart shows the spread of DP runs.
 */
import type { Trace } from "../plotly-types";
import type { Summary } from "../summary";
import { bandOpacity, withAlpha } from "../theme";
import { hoverNumber } from "./cluster-traces";

/** Where and how to draw a band. */
export interface BandOptions {
  /** Legend name of the median line, e.g. "DP k-means (median of 20 seeds)". */
  name: string;
  colour: string;
  /** Hover label of x, e.g. "k" or "ε". */
  xLabel: string;
  /** Hover format of y values (d3-format). Default 4 significant digits. */
  yFormat?: string;
  xaxis?: string;
  yaxis?: string;
  showLegend?: boolean;
}

/**
 * Three traces: the upper quartile (invisible line), the lower quartile filled up to it, and the median
 * line with markers on top. Plotly's `tonexty` fill needs the upper trace right before the lower one.
 *
 * @param x - the x values
 * @param summaries - one `{ median, q1, q3 }` per x value
 * @param options - name, colour, axes
 */
export function bandTraces(x: readonly number[], summaries: readonly Summary[], options: BandOptions): Trace[] {
  const group = options.name;
  const format = options.yFormat ?? hoverNumber;
  const placed = (t: Trace): Trace => {
    if (options.xaxis) t.xaxis = options.xaxis;
    if (options.yaxis) t.yaxis = options.yaxis;
    return t;
  };
  return [
    placed({
      type: "scatter",
      mode: "lines",
      name: `${options.name}: upper quartile`,
      legendgroup: group,
      showlegend: false,
      x: [...x],
      y: summaries.map((s) => s.q3),
      line: { color: options.colour, width: 0 },
      hoverinfo: "skip",
    }),
    placed({
      type: "scatter",
      mode: "lines",
      name: `${options.name}: middle 50% of runs`,
      legendgroup: group,
      showlegend: false,
      x: [...x],
      y: summaries.map((s) => s.q1),
      line: { color: options.colour, width: 0 },
      fill: "tonexty",
      fillcolor: withAlpha(options.colour, bandOpacity),
      hoverinfo: "skip",
    }),
    placed({
      type: "scatter",
      mode: "lines+markers",
      name: options.name,
      legendgroup: group,
      showlegend: options.showLegend ?? true,
      x: [...x],
      y: summaries.map((s) => s.median),
      customdata: summaries.map((s) => [s.q1, s.q3]),
      line: { color: options.colour, width: 2.5 },
      marker: { color: options.colour, size: 7 },
      hovertemplate:
        `${options.xLabel} = %{x}<br>median %{y:${format}}<br>` +
        `quartiles %{customdata[0]:${format}} – %{customdata[1]:${format}}<extra>${options.name}</extra>`,
    }),
  ];
}

/**
 * The small part of plotly.js's figure format that the course's charts use, typed here so the figure
 * builders stay pure data functions that never import plotly itself.
 *
 * A figure is plain JSON: `{ data, layout, config?, frames? }`, exactly what `Plotly.newPlot(div, figure)`
 * accepts in the browser. Every interface is open (`[key: string]: unknown`) so a lesson can add any
 * other plotly attribute; the named fields are the ones the builders set. Reference:
 * https://plotly.com/javascript/reference/
 */

/** A value plotly accepts on a data axis. `null` leaves a gap. */
export type Datum = number | string | null;

/** Marker style of a scatter/bar/box trace. */
export interface Marker {
  color?: string | string[];
  size?: number | number[];
  symbol?: string | string[];
  opacity?: number;
  line?: { color?: string | string[]; width?: number };
  [key: string]: unknown;
}

/** Line style of a scatter trace, or of a shape. */
export interface Line {
  color?: string;
  width?: number;
  dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot";
  shape?: "linear" | "hv" | "vh" | "spline";
  [key: string]: unknown;
}

/** One trace. Only the types the course draws are listed. */
export interface Trace {
  type: "scatter" | "bar" | "box";
  name?: string;
  x?: Datum[];
  y?: Datum[];
  mode?: "markers" | "lines" | "lines+markers" | "text" | "markers+text" | "none";
  marker?: Marker;
  line?: Line;
  /** Per-point text; plotly renders a few HTML tags in it, so data strings must be escaped first. */
  text?: string | string[];
  hovertemplate?: string | string[];
  customdata?: unknown[];
  xaxis?: string;
  yaxis?: string;
  showlegend?: boolean;
  legendgroup?: string;
  fill?: "none" | "tozeroy" | "tonexty" | "toself";
  fillcolor?: string;
  orientation?: "h" | "v";
  [key: string]: unknown;
}

/** Title of the figure or of an axis. */
export interface Title {
  text: string;
  font?: { size?: number; color?: string };
  x?: number;
  xanchor?: "auto" | "left" | "center" | "right";
  [key: string]: unknown;
}

/** One axis (`xaxis`, `xaxis2`, `yaxis`, ...). */
export interface Axis {
  title?: Title;
  type?: "linear" | "log" | "category";
  range?: number[];
  domain?: [number, number];
  anchor?: string;
  matches?: string;
  overlaying?: string;
  side?: "left" | "right" | "top" | "bottom";
  tickformat?: string;
  [key: string]: unknown;
}

/** A line or rectangle drawn over the plot (e.g. the mean of a histogram). */
export interface Shape {
  type: "line" | "rect";
  xref: string;
  yref: string;
  x0: number | string;
  x1: number | string;
  y0: number | string;
  y1: number | string;
  line?: Line;
  [key: string]: unknown;
}

/** A text label placed on the plot. */
export interface Annotation {
  text: string;
  xref: string;
  yref: string;
  x: number | string;
  y: number | string;
  showarrow?: boolean;
  [key: string]: unknown;
}

/** The figure's layout. */
export interface Layout {
  title?: Title;
  width?: number;
  height?: number;
  xaxis?: Axis;
  yaxis?: Axis;
  /** Axes of a second panel (side-by-side figures). */
  xaxis2?: Axis;
  yaxis2?: Axis;
  shapes?: Shape[];
  annotations?: Annotation[];
  sliders?: unknown[];
  [key: string]: unknown;
}

/** Options of the chart's interaction (mode bar, zoom). */
export interface Config {
  displaylogo?: boolean;
  responsive?: boolean;
  [key: string]: unknown;
}

/** One animation frame: the data (and optionally layout) to show at one slider step. */
export interface Frame {
  name: string;
  data: Trace[];
  layout?: Partial<Layout>;
  [key: string]: unknown;
}

/** A whole plotly figure, as JSON. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  config?: Config;
  frames?: Frame[];
}

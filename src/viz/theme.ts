/**
 * The one look of every course chart: colours, fonts, sizes and the base layout.
 *
 * - Clusters use the Okabe–Ito colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008),
 *   without its reddish purple, which is too close to the pink reserved for "changed".
 * - Pink ({@link changedColour}) means exactly one thing in every lesson: a point whose cluster changed
 *   between two models (non-private vs DP, or two ε).
 * - Sizes are fixed so a chart fits a slide and a notebook column alike and renders the same everywhere;
 *   no plotly template is used, every colour is set here, so the figure JSON is fully deterministic.
 */
import type { Axis, Config, Layout } from "./plotly-types";

/**
 * Categorical colours for clusters, in order: blue, orange, bluish green, vermillion, sky blue, yellow,
 * black (Okabe–Ito). Cluster `c` gets `clusterPalette[c % 7]`; beyond 7 clusters the marker symbol changes.
 */
export const clusterPalette: readonly string[] = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#56B4E9",
  "#F0E442",
  "#000000",
];

/** Marker symbols used in turn for each further round of 7 clusters. */
export const clusterSymbols: readonly string[] = ["circle", "square", "diamond", "triangle-up", "star"];

/** Hot pink (#ff69b4), reserved for points whose cluster changed. Used for nothing else. */
export const changedColour = "#ff69b4";

/** Grey for context: unchanged points behind the pink ones, unspent budget. */
export const mutedColour = "#c4c4c4";

/** Colour of the non-private reference (lines, bars). */
export const nonPrivateColour = "#0072B2";

/** Colour of differentially private results (lines, bands). */
export const privateColour = "#D55E00";

/** Colour of a problem that needs attention, e.g. a cluster below the minimum group size. */
export const alertColour = "#D55E00";

/** Colour of text and axis lines. */
export const inkColour = "#222222";

/** The font of every chart. */
export const fontFamily = "'Helvetica Neue', Helvetica, Arial, sans-serif";

/** Chart sizes in CSS pixels: `standard` for one plot, `wide` for side-by-side panels. */
export const chartSize = {
  standard: { width: 820, height: 460 },
  wide: { width: 900, height: 440 },
  tall: { width: 820, height: 520 },
} as const;

/** Opacity of a band between quartiles. */
export const bandOpacity = 0.2;

/**
 * The colour of cluster `c`.
 * @param cluster - a cluster index (0-based, non-negative)
 * @returns a colour from {@link clusterPalette}
 */
export function clusterColour(cluster: number): string {
  return clusterPalette[cluster % clusterPalette.length];
}

/**
 * The marker symbol of cluster `c`: circles for the first 7 clusters, then squares, and so on.
 * @param cluster - a cluster index (0-based, non-negative)
 */
export function clusterSymbol(cluster: number): string {
  return clusterSymbols[Math.floor(cluster / clusterPalette.length) % clusterSymbols.length];
}

/**
 * A colour with transparency, e.g. for quartile bands.
 * @param hex - `#rrggbb`
 * @param alpha - opacity from 0 to 1
 * @returns `rgba(r,g,b,alpha)`
 */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Options of {@link baseLayout}. */
export interface BaseLayoutOptions {
  /** Width and height in pixels. Default {@link chartSize}.standard. */
  size?: { width: number; height: number };
  /** Show the legend. Default true. */
  showLegend?: boolean;
}

/**
 * The layout every chart starts from: title, size, font, white background, margins, legend, hover labels.
 *
 * @param title - the chart title (trusted author text; may use plotly's `<br>`, `<sup>`)
 * @param options - size and legend
 * @returns a fresh layout object the caller may extend
 */
export function baseLayout(title: string, options: BaseLayoutOptions = {}): Layout {
  const size = options.size ?? chartSize.standard;
  return {
    title: { text: title, x: 0.02, xanchor: "left", font: { size: 18, color: inkColour } },
    width: size.width,
    height: size.height,
    autosize: false,
    font: { family: fontFamily, size: 13, color: inkColour },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 30, t: 70, b: 60 },
    showlegend: options.showLegend ?? true,
    legend: { bgcolor: "rgba(255,255,255,0.8)", bordercolor: "#dddddd", borderwidth: 1 },
    hoverlabel: { font: { family: fontFamily, size: 13 } },
    hovermode: "closest",
  };
}

/** Options of {@link axis}. */
export interface AxisOptions {
  /** Logarithmic scale. Default false. */
  log?: boolean;
  /** Any further plotly axis attributes (range, domain, anchor, tickformat, ...). */
  extra?: Partial<Axis>;
}

/**
 * An axis in the course style: title (the caller includes units, e.g. "Weight (kg)"), light grid,
 * outside ticks, no zero line.
 *
 * @param title - the axis title with units
 * @param options - log scale and extra attributes
 */
export function axis(title: string, options: AxisOptions = {}): Axis {
  return {
    title: { text: title, font: { size: 14 } },
    // Linear/category is left to plotly to infer from the data (a forced "linear" would hide category bars).
    ...(options.log ? { type: "log" as const } : {}),
    showgrid: true,
    gridcolor: "#e6e6e6",
    zeroline: false,
    showline: true,
    linecolor: "#888888",
    ticks: "outside",
    automargin: true,
    ...options.extra,
  };
}

/**
 * Tick marks for a log axis at 1, 2, 5 × 10ⁿ (only 1 × 10ⁿ beyond four decades), labelled in plain numbers
 * ("0.5", "20", "1000") instead of plotly's default small superscript digits.
 *
 * @param min - the smallest positive value shown
 * @param max - the largest value shown
 * @returns `tickmode`, `tickvals` and `ticktext` to spread into an axis
 */
export function logTicks(min: number, max: number): Partial<Axis> {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const mantissas = hi - lo <= 4 ? [1, 2, 5] : [1];
  const tickvals: number[] = [];
  for (let d = lo; d <= hi; d++) {
    // Rounding through toPrecision keeps 0.2 as 0.2, not 0.20000000000000004.
    for (const m of mantissas) tickvals.push(Number((m * 10 ** d).toPrecision(12)));
  }
  return { tickmode: "array", tickvals, ticktext: tickvals.map((v) => String(v)) };
}

/**
 * A horizontal legend centred under the plot, anchored to the bottom of the figure so it never covers an
 * axis title (leave about 40 px of bottom margin for it beyond the axis title).
 */
export function bottomLegend(): Record<string, unknown> {
  return {
    orientation: "h",
    x: 0.5,
    xanchor: "center",
    yref: "container",
    y: 0.02,
    yanchor: "bottom",
    bgcolor: "rgba(255,255,255,0.8)",
    bordercolor: "#dddddd",
    borderwidth: 1,
  };
}

/**
 * The interaction settings of every chart: no plotly logo, no scroll zoom (it hijacks page scrolling in
 * notebooks and slides), fixed size (not responsive, so slides and exports look as designed).
 */
export function chartConfig(): Config {
  return {
    displaylogo: false,
    responsive: false,
    scrollZoom: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d"],
  };
}

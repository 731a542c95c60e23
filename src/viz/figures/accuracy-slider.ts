/**
 * The accuracy ↔ ε calculator as a chart: one bar per released quantity (a count, a mean, a centre...),
 * its height the 95% half-width of the noise as a share of a public reference (the public size, the width
 * of the bounds), its label the half-width in the quantity's own units. An ε slider under it switches
 * between precomputed plotly frames, so it works in an exported page or slide deck without a kernel.
 */
import { InvalidInputError } from "../../errors";
import { formatNumber } from "../format";
import type { Figure, Frame, Trace } from "../plotly-types";
import { axis, baseLayout, chartConfig, chartSize, clusterColour, logTicks } from "../theme";
import { checkNumbers } from "./validate";
import { epsilonSliders } from "./slider";

/** One released quantity of {@link accuracySliderFigure}. */
export interface AccuracyQuantity {
  /** What is released, e.g. "count of rows". */
  name: string;
  /** Its half-width at each ε of the slider, in its own units (≥ 0). */
  halfWidths: readonly number[];
  /** The public number the bar is a share of (e.g. the public size, or u − l), > 0. */
  reference: number;
  /** Unit shown after the half-width in the label, e.g. "rows" or "log10 kg". */
  unit: string;
}

/** Input of {@link accuracySliderFigure}. */
export interface AccuracySliderInput {
  /** The ε of each slider position, in order. */
  epsilons: readonly number[];
  /** The quantities, one bar each. */
  quantities: readonly AccuracyQuantity[];
  /** Chart title. */
  title: string;
  /** y axis title. Default "95% half-width, % of the reference". */
  yTitle?: string;
  /** Index of the position shown first. Default 0. */
  active?: number;
}

/** Bars below this share (in %) are drawn at it, so a zero width (a count at large ε) stays on a log axis. */
const FLOOR_PERCENT = 0.01;

/**
 * Bars of noise half-widths (as % of their public reference, log scale) with an ε slider.
 *
 * @param input - see {@link AccuracySliderInput}
 * @returns the plotly figure JSON, with `frames` and `layout.sliders`
 * @throws InvalidInputError when a quantity has not one half-width per ε, a half-width is negative, a
 *   reference is not positive, or `active` is out of range
 */
export function accuracySliderFigure(input: AccuracySliderInput): Figure {
  checkNumbers(input.epsilons, "epsilons", true);
  const quantities: readonly AccuracyQuantity[] = input.quantities;
  if (!Array.isArray(quantities) || quantities.length === 0) {
    throw new InvalidInputError("invalid-quantities", "quantities must list at least one released quantity.");
  }
  input.quantities.forEach((q, i) => {
    const widths: readonly number[] = q.halfWidths;
    if (!Array.isArray(widths) || widths.length !== input.epsilons.length) {
      throw new InvalidInputError(
        "length-mismatch",
        `quantities[${i}].halfWidths must hold one half-width per ε (${input.epsilons.length}).`,
      );
    }
    if (widths.some((w: number) => typeof w !== "number" || !(w >= 0) || !Number.isFinite(w))) {
      throw new InvalidInputError("invalid-value", `quantities[${i}].halfWidths must be finite numbers >= 0.`);
    }
    if (typeof q.reference !== "number" || !(q.reference > 0) || !Number.isFinite(q.reference)) {
      throw new InvalidInputError("invalid-value", `quantities[${i}].reference must be a positive number.`);
    }
  });
  const active = input.active ?? 0;
  if (!Number.isInteger(active) || active < 0 || active >= input.epsilons.length) {
    throw new InvalidInputError("invalid-index", `active must be an index from 0 to ${input.epsilons.length - 1}, got ${active}.`);
  }
  const names = input.quantities.map((q) => q.name);
  const percent = (q: AccuracyQuantity, i: number) => Math.max(FLOOR_PERCENT, (100 * q.halfWidths[i]!) / q.reference);
  const frameData = (i: number): Trace[] => [
    {
      type: "bar",
      name: "95% half-width",
      x: names,
      y: input.quantities.map((q) => percent(q, i)),
      text: input.quantities.map((q) => `±${formatNumber(q.halfWidths[i]!, { digits: 3 })} ${q.unit}`),
      textposition: "outside",
      cliponaxis: false,
      marker: { color: input.quantities.map((_, j) => clusterColour(j)) },
      hovertemplate: "%{x}: %{text} (%{y:.3g}% of its reference)<extra></extra>",
      showlegend: false,
    },
  ];
  const frames: Frame[] = input.epsilons.map((e, i) => ({ name: formatNumber(e, { digits: 3 }), data: frameData(i) }));
  const all = input.quantities.flatMap((q) => input.epsilons.map((_e: number, i: number) => percent(q, i)));
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const layout = baseLayout(input.title, { size: chartSize.standard, showLegend: false });
  layout.xaxis = axis("");
  // Fixed log range over every frame (with room for the labels above the bars), so only the bars move.
  layout.yaxis = axis(input.yTitle ?? "95% half-width, % of the reference", {
    log: true,
    extra: { range: [Math.log10(lo) - 0.3, Math.log10(hi) + 0.6], ...logTicks(lo, hi * 4) },
  });
  layout.margin = { l: 80, r: 30, t: 70, b: 40 };
  layout.sliders = epsilonSliders(frames.map((f) => f.name), active);
  return { data: frameData(active), layout, config: chartConfig(), frames };
}

/**
 * The utility curve of lesson 6: what a smaller ε costs, over many seeds.
 */
import { InvalidInputError } from "../../errors";
import type { Figure, Trace } from "../plotly-types";
import { toSummaries, type Summary } from "../summary";
import { axis, baseLayout, changedColour, chartConfig, chartSize, inkColour, privateColour } from "../theme";
import { bandTraces } from "./bands";
import { panelTitle } from "./comparison";
import { checkNumbers } from "./validate";
import { formatNumber } from "../format";

/** Input of {@link tradeoffFigure}. */
export interface TradeoffInput {
  /** The privacy budgets tried, all > 0 (drawn on a log axis). */
  epsilons: readonly number[];
  /** Quality at each ε: `{ median, q1, q3 }`, or the per-seed values, per ε. */
  quality: readonly (Summary | readonly number[])[];
  /** Share (0–1) of points whose cluster changed vs non-private, per ε: summaries or per-seed values. */
  changed: readonly (Summary | readonly number[])[];
  /** Title of the quality axis with its meaning, e.g. "Inertia ratio DP / non-private (lower is better)". */
  qualityTitle?: string;
  /** Quality of the non-private model, drawn as a dashed reference line (e.g. 1 for a ratio). */
  qualityReference?: number;
  /** Chart title. Default "What privacy costs: quality and changed clusters against ε". */
  title?: string;
}

/**
 * Two panels against ε on a log axis: the quality (left) and the share of points that changed cluster
 * (right, in pink, as a percentage), each as the median over seeds with a band between the quartiles.
 *
 * @param input - see {@link TradeoffInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for ε ≤ 0 or non-finite, or series whose length differs from `epsilons`
 */
export function tradeoffFigure(input: TradeoffInput): Figure {
  checkNumbers(input.epsilons, "epsilons", true);
  for (const [series, name] of [
    [input.quality, "quality"],
    [input.changed, "changed"],
  ] as const) {
    if (!Array.isArray(series) || series.length !== input.epsilons.length) {
      throw new InvalidInputError(
        "length-mismatch",
        `${name} needs one entry per ε (${input.epsilons.length}), got ${Array.isArray(series) ? series.length : "none"}.`,
      );
    }
  }
  const quality = toSummaries(input.quality, "quality");
  const changed = toSummaries(input.changed, "changed");
  const qualityTitle = input.qualityTitle ?? "Quality";
  const data: Trace[] = [
    ...bandTraces(input.epsilons, quality, { name: "quality (median, quartile band)", colour: privateColour, xLabel: "ε" }),
    ...bandTraces(input.epsilons, changed, {
      name: "changed cluster (median, quartile band)",
      colour: changedColour,
      xLabel: "ε",
      yFormat: ".1%",
      xaxis: "x2",
      yaxis: "y2",
    }),
  ];
  const layout = baseLayout(input.title ?? "What privacy costs: quality and changed clusters against ε", {
    size: chartSize.wide,
  });
  (layout.title as Record<string, unknown>).subtitle = {
    text: "Lines: median over seeds. Bands: middle half of the seeds (quartiles).",
  };
  const epsilonTitle = "ε (privacy budget, log scale)";
  const epsilonTicks = {
    tickmode: "array",
    tickvals: [...input.epsilons],
    ticktext: input.epsilons.map((e) => formatNumber(e, { digits: 3 })),
  };
  layout.xaxis = axis(epsilonTitle, { log: true, extra: { ...epsilonTicks, domain: [0, 0.45], anchor: "y" } });
  layout.yaxis = axis(qualityTitle, { extra: { anchor: "x" } });
  layout.xaxis2 = axis(epsilonTitle, { log: true, extra: { ...epsilonTicks, domain: [0.57, 1], anchor: "y2" } });
  layout.yaxis2 = axis("Points that changed cluster", {
    extra: { anchor: "x2", tickformat: ".0%", rangemode: "tozero" },
  });
  layout.annotations = [panelTitle("Quality", 0.225), panelTitle("Changed cluster vs non-private", 0.785)];
  // The panel titles and the subtitle say what each line is; a legend would only repeat them.
  layout.showlegend = false;
  layout.margin = { l: 70, r: 30, t: 125, b: 60 };
  if (input.qualityReference !== undefined) {
    layout.shapes = [
      {
        type: "line",
        xref: "x domain",
        yref: "y",
        x0: 0,
        x1: 1,
        y0: input.qualityReference,
        y1: input.qualityReference,
        line: { color: inkColour, width: 1.5, dash: "dash" },
      },
    ];
    layout.annotations.push({
      text: "non-private",
      xref: "x domain",
      yref: "y",
      x: 0.02,
      y: input.qualityReference,
      xanchor: "left",
      yanchor: "top",
      showarrow: false,
    });
  }
  return { data, layout, config: chartConfig() };
}

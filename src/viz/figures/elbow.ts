/**
 * The elbow chart of lesson 5: inertia against the number of clusters, non-private and DP.
 */
import { InvalidInputError } from "../../errors";
import type { Figure, Trace } from "../plotly-types";
import { toSummaries, type Summary } from "../summary";
import { axis, baseLayout, chartConfig, inkColour, nonPrivateColour, privateColour } from "../theme";
import { bandTraces } from "./bands";
import { hoverNumber } from "./cluster-traces";
import { checkNumbers } from "./validate";

/** Input of {@link elbowFigure}. */
export interface ElbowInput {
  /** The numbers of clusters tried, e.g. `[1, 2, ..., 10]`. */
  ks: readonly number[];
  /** Inertia of non-private k-means at each k. Optional if `dp` is given. */
  nonPrivate?: readonly number[];
  /**
   * DP inertia at each k: either `{ median, q1, q3 }` per k, or the runs (one value per seed) per k, which
   * are summarised here. Drawn as the median line with the quartile band.
   */
  dp?: readonly (Summary | readonly number[])[];
  /** Chart title. Default "The elbow method: inertia against k". */
  title?: string;
  /** Axis titles `[x, y]`. Default `["Number of clusters k", "Inertia (sum of squared distances)"]`. */
  axisTitles?: readonly [string, string];
  /** Legend names. Defaults "Non-private k-means", "DP k-means (median, quartile band)". */
  names?: { nonPrivate?: string; dp?: string };
  /** Logarithmic y axis. Default false. */
  logY?: boolean;
  /** Mark this k with a dashed vertical line (the chosen elbow). */
  highlightK?: number;
}

/**
 * Inertia against k: the non-private line and, for DP, the median over runs with a band between the
 * quartiles, so learners see both the elbow and how much the noise moves it.
 *
 * @param input - see {@link ElbowInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError when neither series is given, a series' length differs from `ks`, or a value
 *   is not finite (or not positive on a log axis)
 */
export function elbowFigure(input: ElbowInput): Figure {
  checkNumbers(input.ks, "ks");
  if (!input.nonPrivate && !input.dp) {
    throw new InvalidInputError(
      "missing-series",
      "elbowFigure needs nonPrivate, dp, or both: pass the inertia for each k.",
    );
  }
  const data: Trace[] = [];
  const logY = input.logY ?? false;
  if (input.dp) {
    if (input.dp.length !== input.ks.length) {
      throw new InvalidInputError(
        "length-mismatch",
        `dp has ${input.dp.length} entries but ks has ${input.ks.length}: pass one entry per k.`,
      );
    }
    const summaries = toSummaries(input.dp, "dp");
    if (logY) checkNumbers(summaries.map((s) => s.q1), "dp (lower quartiles)", true);
    data.push(
      ...bandTraces(input.ks, summaries, {
        name: input.names?.dp ?? "DP k-means (median, quartile band)",
        colour: privateColour,
        xLabel: "k",
      }),
    );
  }
  if (input.nonPrivate) {
    if (input.nonPrivate.length !== input.ks.length) {
      throw new InvalidInputError(
        "length-mismatch",
        `nonPrivate has ${input.nonPrivate.length} entries but ks has ${input.ks.length}: pass one per k.`,
      );
    }
    checkNumbers(input.nonPrivate, "nonPrivate", logY);
    const name = input.names?.nonPrivate ?? "Non-private k-means";
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: [...input.ks],
      y: [...input.nonPrivate],
      line: { color: nonPrivateColour, width: 2.5 },
      marker: { color: nonPrivateColour, size: 7, symbol: "square" },
      hovertemplate: `k = %{x}<br>inertia %{y:${hoverNumber}}<extra>${name}</extra>`,
    });
  }
  const [xTitle, yTitle] = input.axisTitles ?? ["Number of clusters k", "Inertia (sum of squared distances)"];
  const layout = baseLayout(input.title ?? "The elbow method: inertia against k");
  layout.xaxis = axis(xTitle, { extra: { tickmode: "array", tickvals: [...input.ks] } });
  layout.yaxis = axis(yTitle, { log: logY });
  if (input.highlightK !== undefined) {
    layout.shapes = [
      {
        type: "line",
        xref: "x",
        yref: "paper",
        x0: input.highlightK,
        x1: input.highlightK,
        y0: 0,
        y1: 1,
        line: { color: inkColour, width: 1.5, dash: "dash" },
      },
    ];
    layout.annotations = [
      {
        text: `chosen k = ${input.highlightK}`,
        xref: "x",
        yref: "paper",
        x: input.highlightK,
        y: 1,
        xanchor: "left",
        yanchor: "top",
        xshift: 4,
        showarrow: false,
      },
    ];
  }
  return { data, layout, config: chartConfig() };
}

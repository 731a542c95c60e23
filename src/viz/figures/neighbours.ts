/**
 * What ε promises, drawn: the answers of one noisy query on two neighbouring datasets (one record apart).
 *
 * ε-DP says that for every possible answer o, P[M(D) = o] ≤ e^ε · P[M(D′) = o] and the other way round
 * (Dwork & Roth 2014, Definition 2.4). With many draws from each dataset the frequencies of each answer
 * estimate those probabilities, so the ratio of the two frequencies should stay inside the band
 * [e^−ε, e^ε], up to sampling error. {@link outputRatios} measures that; {@link neighbouringOutputsFigure}
 * draws both distributions and the ratios against the band. Pure: data in, numbers and figure JSON out.
 */
import { InvalidInputError } from "../../errors";
import { escapePlotlyText } from "../escape";
import { formatNumber } from "../format";
import type { Figure, Trace } from "../plotly-types";
import { axis, baseLayout, bottomLegend, chartConfig, inkColour, nonPrivateColour, privateColour, withAlpha } from "../theme";

/** One answer seen in both runs, with how often. */
export interface OutputRatio {
  /** The answer (a whole number for a noisy count). */
  output: number;
  /** Times it came from the first dataset. */
  countA: number;
  /** Times it came from the second. */
  countB: number;
  /** ln of the ratio of the two frequencies (each count ÷ its number of draws). */
  logRatio: number;
  /**
   * Sampling slack: five standard errors of `logRatio` (≈ √(1/countA + 1/countB) each). A ratio with
   * |logRatio| ≤ ε + slack is inside the band up to sampling error.
   */
  slack: number;
}

/** What {@link outputRatios} measured. */
export interface OutputRatios {
  /** The answers seen at least `minCount` times in both runs, in increasing order. */
  ratios: OutputRatio[];
  /** The largest |logRatio| among them (0 when there are none). */
  largestLogRatio: number;
  /** True when every compared answer has |logRatio| ≤ ε + slack. */
  insideBand: boolean;
  /** The answers outside the band (beyond the slack). */
  outside: OutputRatio[];
}

function counts(answers: readonly number[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const a of answers) map.set(a, (map.get(a) ?? 0) + 1);
  return map;
}

function checkAnswers(answers: readonly number[], name: string): void {
  if (!Array.isArray(answers) || answers.length === 0 || !answers.every((a) => Number.isFinite(a))) {
    throw new InvalidInputError("invalid-answers", `${name} must be a non-empty array of finite numbers (the noisy answers drawn), got ${answers?.length ?? answers} value(s).`);
  }
}

/**
 * Compare the answers drawn from two neighbouring datasets with the e^ε bound.
 *
 * @param answersA - noisy answers on the first dataset (many draws)
 * @param answersB - noisy answers on the neighbouring one
 * @param epsilon - the ε the mechanism claims (> 0)
 * @param minCount - only answers seen at least this often in both runs are compared (default 100), so the
 *   sampling error of each ratio stays small
 * @returns the ratios, the largest one, and whether all lie inside the band up to sampling error
 * @throws InvalidInputError for empty or non-finite answers, ε ≤ 0, or minCount < 1
 */
export function outputRatios(
  answersA: readonly number[],
  answersB: readonly number[],
  epsilon: number,
  minCount = 100,
): OutputRatios {
  checkAnswers(answersA, "answersA");
  checkAnswers(answersB, "answersB");
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new InvalidInputError("invalid-epsilon", `epsilon must be a finite number > 0, got ${epsilon}.`);
  }
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new InvalidInputError("invalid-min-count", `minCount must be a whole number ≥ 1, got ${minCount}; e.g. 100.`);
  }
  const a = counts(answersA);
  const b = counts(answersB);
  const ratios: OutputRatio[] = [...a.keys()]
    .filter((o) => (a.get(o) ?? 0) >= minCount && (b.get(o) ?? 0) >= minCount)
    .sort((x, y) => x - y)
    .map((output) => {
      const countA = a.get(output)!;
      const countB = b.get(output)!;
      const logRatio = Math.log(countA / answersA.length) - Math.log(countB / answersB.length);
      return { output, countA, countB, logRatio, slack: 5 * Math.sqrt(1 / countA + 1 / countB) };
    });
  const outside = ratios.filter((r) => Math.abs(r.logRatio) > epsilon + r.slack);
  return {
    ratios,
    largestLogRatio: ratios.reduce((m, r) => Math.max(m, Math.abs(r.logRatio)), 0),
    insideBand: outside.length === 0,
    outside,
  };
}

/** Input of {@link neighbouringOutputsFigure}. */
export interface NeighbouringOutputsInput {
  /** Noisy answers drawn on the first dataset. */
  answersA: readonly number[];
  /** Noisy answers drawn on the neighbouring dataset. */
  answersB: readonly number[];
  /** The two datasets' names, e.g. ["the first 250", "the first 251"]. Escaped. */
  names: [string, string];
  /** ε of the mechanism (> 0): the band is drawn at e^±ε. */
  epsilon: number;
  /** Answers seen fewer times than this in either run get no ratio point (default 100). */
  minCount?: number;
  /** Title of the x axis, e.g. "noisy answer". Escaped. */
  answerTitle?: string;
  /** Chart title. Default "Two neighbouring datasets, one noisy answer each (ε = …)". */
  title?: string;
}

/**
 * Two panels: above, how often each answer came from each dataset (two bar series); below, the ratio of
 * the two frequencies for each answer seen often enough in both, on a log axis, with the band
 * [e^−ε, e^ε] shaded: ε-DP keeps every ratio inside it (up to sampling error, drawn as error bars of
 * five standard errors).
 *
 * @param input - see {@link NeighbouringOutputsInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError as {@link outputRatios}
 */
export function neighbouringOutputsFigure(input: NeighbouringOutputsInput): Figure {
  const { answersA, answersB, epsilon } = input;
  const measured = outputRatios(answersA, answersB, epsilon, input.minCount ?? 100);
  const [nameA, nameB] = input.names.map((n) => escapePlotlyText(n)) as [string, string];
  const fmt = (v: number) => formatNumber(v, { digits: 3 });
  const share = (map: Map<number, number>, total: number) => {
    const keys = [...map.keys()].sort((x, y) => x - y);
    return { x: keys, y: keys.map((k) => map.get(k)! / total) };
  };
  const a = share(counts(answersA), answersA.length);
  const b = share(counts(answersB), answersB.length);
  const bars = (name: string, s: { x: number[]; y: number[] }, colour: string): Trace => ({
    type: "bar",
    name,
    x: s.x,
    y: s.y,
    marker: { color: withAlpha(colour, 0.6) },
    xaxis: "x",
    yaxis: "y",
    hovertemplate: `<b>${name}</b><br>answer %{x}: %{y:.1%} of draws<extra></extra>`,
  });
  const band = Math.exp(epsilon);
  const data: Trace[] = [
    bars(nameA, a, nonPrivateColour),
    bars(nameB, b, privateColour),
    {
      type: "scatter",
      mode: "markers",
      name: "ratio of the two frequencies",
      x: measured.ratios.map((r) => r.output),
      y: measured.ratios.map((r) => Math.exp(r.logRatio)),
      marker: { color: inkColour, size: 7 },
      // The sampling allowance (five standard errors of the log ratio), drawn as error bars.
      error_y: {
        type: "data",
        symmetric: false,
        array: measured.ratios.map((r) => Math.exp(r.logRatio + r.slack) - Math.exp(r.logRatio)),
        arrayminus: measured.ratios.map((r) => Math.exp(r.logRatio) - Math.exp(r.logRatio - r.slack)),
        color: withAlpha(inkColour, 0.5),
        thickness: 1,
      },
      xaxis: "x2",
      yaxis: "y2",
      hovertemplate: "answer %{x}: ratio %{y:.3f}<extra></extra>",
    },
  ];
  const title = input.title ?? `Two neighbouring datasets, one noisy answer each (ε = ${fmt(epsilon)})`;
  const layout = baseLayout(escapePlotlyText(title), { size: { width: 820, height: 620 } });
  layout.barmode = "overlay";
  const answerTitle = escapePlotlyText(input.answerTitle ?? "noisy answer");
  layout.xaxis = axis(answerTitle, { extra: { domain: [0, 1], anchor: "y" } });
  layout.yaxis = axis("share of draws", { extra: { domain: [0.55, 1], anchor: "x", tickformat: ".0%" } });
  layout.xaxis2 = axis(answerTitle, { extra: { domain: [0, 1], anchor: "y2", matches: "x" } });
  const low = Math.min(1 / band, ...measured.ratios.map((r) => Math.exp(r.logRatio)));
  const high = Math.max(band, ...measured.ratios.map((r) => Math.exp(r.logRatio)));
  layout.yaxis2 = axis("ratio (log scale)", {
    log: true,
    extra: { domain: [0, 0.4], anchor: "x2", range: [Math.log10(low) - 0.1, Math.log10(high) + 0.1] },
  });
  layout.shapes = [
    {
      type: "rect",
      xref: "x2 domain",
      yref: "y2",
      x0: 0,
      x1: 1,
      y0: 1 / band,
      y1: band,
      fillcolor: withAlpha(nonPrivateColour, 0.12),
      line: { width: 0 },
      layer: "below",
    },
  ];
  layout.annotations = [
    {
      text: `band allowed by ε: e^−ε = ${fmt(1 / band)} to e^ε = ${fmt(band)}`,
      xref: "x2 domain",
      yref: "y2",
      x: 0.01,
      y: Math.log10(1 / band),
      xanchor: "left",
      yanchor: "top",
      showarrow: false,
      font: { size: 12, color: inkColour },
    },
  ];
  layout.legend = bottomLegend();
  layout.margin = { l: 80, r: 30, t: 70, b: 110 };
  return { data, layout, config: chartConfig() };
}

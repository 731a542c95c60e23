/**
 * Lesson 9's charts: an attack's ROC curve inside the region (ε, δ)-DP allows, and the attacker's advantage
 * against ε beside the bound (e^ε − 1)/(e^ε + 1).
 *
 * The region (Kairouz, Oh & Viswanath 2015): every test of "was the target in?" has
 *     TPR ≤ e^ε·FPR + δ,  1 − FPR ≤ e^ε·(1 − TPR) + δ      (its upper edge)
 * and the same with "in" and "out" swapped (its lower edge, the mirror through the centre).
 */
import { InvalidInputError } from "../../errors";
import { formatNumber } from "../format";
import type { Figure, Trace } from "../plotly-types";
import { axis, baseLayout, bottomLegend, chartConfig, chartSize, clusterColour, inkColour, mutedColour, withAlpha } from "../theme";
import { escapePlotlyText } from "../escape";
import { maxTprAllowed } from "../../attacks/roc";

/** One ROC curve. */
export interface RocSeries {
  /** Legend name, e.g. "likelihood ratio". */
  name: string;
  /** Points (false-positive rate, true-positive rate), each in [0, 1]. */
  points: readonly { fpr: number; tpr: number }[];
  /** Checked points with their confidence intervals (drawn as crosses with error bars). Optional. */
  checked?: readonly {
    fpr: number;
    tpr: number;
    fprInterval: { lower: number; upper: number };
    tprInterval: { lower: number; upper: number };
  }[];
}

/** Input of {@link rocFigure}. */
export interface RocFigureInput {
  /** The ε the model declares (> 0; Infinity: no region drawn, any curve is allowed). */
  epsilon: number;
  /** δ. Default 0. */
  delta?: number;
  /** The curves. */
  series: readonly RocSeries[];
  /** Chart title. */
  title?: string;
}

/** The region's upper edge: the largest TPR (ε, δ)-DP allows at a false-positive rate (one definition). */
export const regionUpperEdge = maxTprAllowed;

function checkRate(v: number, name: string): void {
  if (!(v >= 0 && v <= 1)) {
    throw new InvalidInputError("invalid-rate", `${name} must be a rate between 0 and 1, got ${v}.`);
  }
}

/**
 * ROC curves with the region ε-DP allows shaded, the guessing diagonal, and (optionally) checked points with
 * their confidence intervals.
 *
 * @param input - see {@link RocFigureInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for ε ≤ 0 or NaN, δ outside [0, 1], rates outside [0, 1], or no series
 */
export function rocFigure(input: RocFigureInput): Figure {
  const { epsilon } = input;
  const delta = input.delta ?? 0;
  if (!(epsilon > 0)) throw new InvalidInputError("invalid-epsilon", `epsilon must be > 0 (or Infinity), got ${epsilon}.`);
  checkRate(delta, "delta");
  if (!input.series || input.series.length === 0) {
    throw new InvalidInputError("empty-input", "rocFigure needs at least one series of ROC points.");
  }
  for (const s of input.series) {
    for (const p of s.points) {
      checkRate(p.fpr, `${s.name}: fpr`);
      checkRate(p.tpr, `${s.name}: tpr`);
    }
  }
  const data: Trace[] = [];
  const grid = Array.from({ length: 201 }, (_, i) => i / 200);
  if (epsilon !== Infinity) {
    const upper = grid.map((f) => regionUpperEdge(f, epsilon, delta));
    const lower = grid.map((f) => 1 - regionUpperEdge(1 - f, epsilon, delta));
    data.push(
      { type: "scatter", mode: "lines", x: grid, y: lower, line: { color: mutedColour, width: 1 }, showlegend: false, hoverinfo: "skip" },
      {
        type: "scatter",
        mode: "lines",
        name: `what ε = ${formatNumber(epsilon, { digits: 3 })}${delta ? `, δ = ${delta}` : ""} allows`,
        x: grid,
        y: upper,
        fill: "tonexty",
        fillcolor: withAlpha("#009E73", 0.15),
        line: { color: "#009E73", width: 2 },
        hoverinfo: "skip",
      },
    );
  }
  data.push({
    type: "scatter",
    mode: "lines",
    name: "guessing",
    x: [0, 1],
    y: [0, 1],
    line: { color: inkColour, width: 1, dash: "dot" },
    hoverinfo: "skip",
  });
  input.series.forEach((s, i) => {
    const colour = clusterColour(i);
    const name = escapePlotlyText(s.name);
    data.push({
      type: "scatter",
      mode: "lines",
      name,
      legendgroup: name,
      x: s.points.map((p) => p.fpr),
      y: s.points.map((p) => p.tpr),
      line: { color: colour, width: 2.5 },
      hovertemplate: `${name}<br>FPR %{x:.3f}<br>TPR %{y:.3f}<extra></extra>`,
    });
    const checked = s.checked ?? [];
    if (checked.length > 0) {
      data.push({
        type: "scatter",
        mode: "markers",
        name: `${name}: checked (interval)`,
        legendgroup: name,
        showlegend: false,
        x: checked.map((p) => p.fpr),
        y: checked.map((p) => p.tpr),
        marker: { color: colour, size: 6, symbol: "x" },
        error_x: {
          type: "data",
          symmetric: false,
          array: checked.map((p) => p.fprInterval.upper - p.fpr),
          arrayminus: checked.map((p) => p.fpr - p.fprInterval.lower),
          color: colour,
          thickness: 1,
          width: 2,
        },
        error_y: {
          type: "data",
          symmetric: false,
          array: checked.map((p) => p.tprInterval.upper - p.tpr),
          arrayminus: checked.map((p) => p.tpr - p.tprInterval.lower),
          color: colour,
          thickness: 1,
          width: 2,
        },
        hovertemplate: `${name}, checked<br>FPR %{x:.3f}<br>TPR %{y:.3f}<extra></extra>`,
      });
    }
  });
  const layout = baseLayout(input.title ?? "ROC curves of the attacks", { size: chartSize.tall });
  layout.xaxis = axis("False-positive rate (said 'in' when it was out)", { extra: { range: [-0.01, 1.01], tickformat: ".1f" } });
  layout.yaxis = axis("True-positive rate (said 'in' when it was in)", {
    extra: { range: [-0.01, 1.01], tickformat: ".1f", scaleanchor: "x", scaleratio: 1 },
  });
  layout.legend = bottomLegend();
  layout.margin = { l: 70, r: 30, t: 70, b: 110 };
  return { data, layout, config: chartConfig() };
}

/** One model's (or attack's) measured advantage at each ε. */
export interface AdvantageSeries {
  /** Legend name. */
  name: string;
  /** The advantage (TPR − FPR, in [0, 1]) at each ε of the input, in order. */
  advantages: readonly number[];
}

/** Input of {@link advantageFigure}. */
export interface AdvantageFigureInput {
  /** The ε played, all finite and > 0 (log axis). */
  epsilons: readonly number[];
  /** Measured advantages. */
  series: readonly AdvantageSeries[];
  /** Chart title. */
  title?: string;
}

/**
 * The attacker's advantage against ε (log axis) with the bound (e^ε − 1)/(e^ε + 1) that ε-DP allows.
 *
 * @param input - see {@link AdvantageFigureInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for ε that are not finite and > 0, or series of the wrong length or range
 */
export function advantageFigure(input: AdvantageFigureInput): Figure {
  const eps = input.epsilons;
  if (!eps || eps.length === 0 || !eps.every((e) => Number.isFinite(e) && e > 0)) {
    throw new InvalidInputError("invalid-epsilon", "advantageFigure needs one or more finite ε > 0.");
  }
  for (const s of input.series) {
    if (s.advantages.length !== eps.length) {
      throw new InvalidInputError(
        "length-mismatch",
        `${s.name}: one advantage per ε (${eps.length}), got ${s.advantages.length}.`,
      );
    }
    s.advantages.forEach((a) => checkRate(a, `${s.name}: advantage`));
  }
  const lo = Math.min(...eps) / 1.5;
  const hi = Math.max(...eps) * 1.5;
  const dense = Array.from({ length: 121 }, (_, i) => lo * (hi / lo) ** (i / 120));
  const data: Trace[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "bound (e^ε − 1)/(e^ε + 1)",
      x: dense,
      y: dense.map((e) => (Math.exp(e) - 1) / (Math.exp(e) + 1)),
      line: { color: "#009E73", width: 2.5 },
      fill: "tozeroy",
      fillcolor: withAlpha("#009E73", 0.12),
      hovertemplate: "ε %{x:.3g}: at most %{y:.3f}<extra></extra>",
    },
  ];
  input.series.forEach((s, i) => {
    const name = escapePlotlyText(s.name);
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: [...eps],
      y: [...s.advantages],
      marker: { color: clusterColour(i), size: 9 },
      line: { color: clusterColour(i), width: 1.5, dash: "dot" },
      hovertemplate: `${name}<br>ε %{x:.3g}: advantage %{y:.3f}<extra></extra>`,
    });
  });
  const layout = baseLayout(input.title ?? "The attacker's advantage against ε", { size: chartSize.standard });
  layout.xaxis = axis("ε (log scale)", {
    log: true,
    extra: { tickmode: "array", tickvals: [...eps], ticktext: eps.map((e) => formatNumber(e, { digits: 3 })) },
  });
  layout.yaxis = axis("Advantage: TPR − FPR at the best threshold", { extra: { range: [0, 1.02], tickformat: ".1f" } });
  layout.legend = bottomLegend();
  layout.margin = { l: 70, r: 30, t: 70, b: 110 };
  return { data, layout, config: chartConfig() };
}

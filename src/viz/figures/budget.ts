/**
 * The privacy-budget receipt: where each part of ε went (lessons 3 and 4, where the scaler, PCA and
 * k-means each spend part of one budget).
 */
import { InvalidInputError } from "../../errors";
import { escapePlotlyText } from "../escape";
import { formatNumber } from "../format";
import type { Figure, Trace } from "../plotly-types";
import { alertColour, axis, baseLayout, bottomLegend, chartConfig, clusterPalette, inkColour, mutedColour } from "../theme";

/** One line of the receipt. */
export interface BudgetRow {
  /** What spent it, e.g. "DP StandardScaler (bounds known, means)". Escaped: any string is safe. */
  label: string;
  /** The ε it spent, ≥ 0. */
  epsilon: number;
}

/** Options of {@link budgetReceiptFigure}. */
export interface BudgetReceiptOptions {
  /** Chart title. Default "Privacy budget: ε = <spent> of <total> spent" (or "overspent"). */
  title?: string;
}

/**
 * One horizontal bar of length ε_total split into the parts spent, in order, plus the unspent rest in
 * grey; a dashed line marks the total, so an overspent budget visibly runs past it (in the alert colour).
 * Under sequential composition the parts simply add up (Dwork & Roth 2014, Theorem 3.16).
 *
 * @param rows - the parts, in the order they were spent
 * @param total - the whole budget ε > 0
 * @param options - title
 * @returns the plotly figure JSON
 * @throws InvalidInputError for a negative or non-finite ε, or a total that is not a positive number
 * @example budgetReceiptFigure([{ label: "scaler", epsilon: 0.2 }, { label: "k-means", epsilon: 0.8 }], 1)
 */
export function budgetReceiptFigure(
  rows: readonly BudgetRow[],
  total: number,
  options: BudgetReceiptOptions = {},
): Figure {
  if (!Number.isFinite(total) || total <= 0) {
    throw new InvalidInputError("invalid-epsilon", `total must be a positive finite ε, got ${total}.`);
  }
  rows.forEach((r, i) => {
    if (!r || !Number.isFinite(r.epsilon) || r.epsilon < 0) {
      throw new InvalidInputError(
        "invalid-epsilon",
        `rows[${i}].epsilon is ${r?.epsilon}: each part of the budget must be a finite ε ≥ 0.`,
      );
    }
  });
  const spent = rows.reduce((s, r) => s + r.epsilon, 0);
  // Tolerate float rounding in sums like 0.1 + 0.2 against a total of 0.3.
  const over = spent > total * (1 + 1e-9);
  const fmt = (v: number) => formatNumber(v, { digits: 3 });
  const y = ["ε"];
  const data: Trace[] = rows.map((r, i) => {
    const label = escapePlotlyText(r.label);
    return {
      type: "bar",
      orientation: "h",
      name: `${label} (ε = ${fmt(r.epsilon)})`,
      x: [r.epsilon],
      y,
      text: [`ε = ${fmt(r.epsilon)}`],
      textposition: "inside",
      insidetextanchor: "middle",
      textangle: 0,
      marker: { color: clusterPalette[i % clusterPalette.length], line: { color: "#ffffff", width: 1.5 } },
      hovertemplate: `<b>${label}</b><br>ε = ${fmt(r.epsilon)} (${fmt((100 * r.epsilon) / total)}% of the budget)<extra></extra>`,
    };
  });
  if (!over && total - spent > total * 1e-9) {
    data.push({
      type: "bar",
      orientation: "h",
      name: `unspent (ε = ${fmt(total - spent)})`,
      x: [total - spent],
      y,
      text: [`unspent ε = ${fmt(total - spent)}`],
      textposition: "inside",
      insidetextanchor: "middle",
      textangle: 0,
      marker: { color: mutedColour, line: { color: "#ffffff", width: 1.5 } },
      hovertemplate: `unspent: ε = ${fmt(total - spent)}<extra></extra>`,
    });
  }
  const title =
    options.title ??
    (over
      ? `Privacy budget overspent: ε = ${fmt(spent)} of ${fmt(total)}`
      : `Privacy budget: ε = ${fmt(spent)} of ${fmt(total)} spent`);
  const layout = baseLayout(title, { size: { width: 820, height: 300 } });
  layout.barmode = "stack";
  layout.xaxis = axis("ε (privacy loss)", { extra: { range: [0, Math.max(total, spent) * 1.05] } });
  layout.yaxis = axis("", {
    extra: { type: "category", showticklabels: false, showgrid: false, showline: false, ticks: "" },
  });
  layout.legend = { ...bottomLegend(), traceorder: "normal" };
  layout.margin = { l: 30, r: 30, t: 70, b: 110 };
  const lineColour = over ? alertColour : inkColour;
  layout.shapes = [
    {
      type: "line",
      xref: "x",
      yref: "paper",
      x0: total,
      x1: total,
      y0: 0,
      y1: 1,
      line: { color: lineColour, width: 2, dash: "dash" },
    },
  ];
  layout.annotations = [
    {
      text: `total ε = ${fmt(total)}`,
      xref: "x",
      yref: "paper",
      x: total,
      y: 1,
      xanchor: "right",
      yanchor: "bottom",
      showarrow: false,
      font: { color: lineColour },
    },
  ];
  return { data, layout, config: chartConfig() };
}

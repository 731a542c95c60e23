/**
 * The lesson's own chart: what each release says about each record's value, against the true value. The
 * other charts of lesson 1 come from `src/viz` (weights by cluster, cluster sizes, statistics, budget).
 */
import { InvalidInputError } from "../errors";
import { escapePlotlyText } from "../viz/escape";
import type { Figure, Trace } from "../viz/plotly-types";
import { axis, baseLayout, bottomLegend, chartConfig, clusterPalette, inkColour, logTicks } from "../viz/theme";

/** One release's value for every record. */
export interface ReleasedSeries {
  /** The legend entry, e.g. "k-means centroid (k = 3)". */
  name: string;
  /** The value the release gives each record, in record order (e.g. parent_centroid, or group mean). */
  released: readonly number[];
}

/** Input of {@link releasedValuesFigure}. */
export interface ReleasedValuesInput {
  /** The true values, in record order. */
  values: readonly number[];
  /** The releases to draw. */
  series: readonly ReleasedSeries[];
  /** Record names for the hover (escaped). Optional. */
  names?: readonly string[];
  /** Axis title of the values with units, e.g. "Weight (kg)". */
  valueTitle: string;
  /** Chart title. */
  title: string;
  /** Log axes (values must be > 0). Default false. */
  log?: boolean;
}

/**
 * A scatter of released value against true value, one colour per release, with the diagonal
 * "released = true" (where a value is disclosed exactly). Points on a flat step share one published
 * value; the closer a release hugs the diagonal, the more information it keeps, and the more it discloses.
 *
 * @param input - see {@link ReleasedValuesInput}
 * @returns the plotly figure JSON
 * @throws InvalidInputError for series or names of the wrong length, non-finite values, values ≤ 0 on log axes
 */
export function releasedValuesFigure(input: ReleasedValuesInput): Figure {
  const n = input.values.length;
  const log = input.log ?? false;
  const check = (xs: readonly number[], what: string): void => {
    if (xs.length !== n) {
      throw new InvalidInputError("invalid-length", `${what} has ${xs.length} entries for ${n} values; give one per record.`);
    }
    xs.forEach((x, i) => {
      if (!Number.isFinite(x) || (log && x <= 0)) {
        throw new InvalidInputError("invalid-value", `${what}[${i}] is ${x}: need a finite number${log ? " > 0 on log axes" : ""}.`);
      }
    });
  };
  check(input.values, "values");
  input.series.forEach((s) => check(s.released, `series "${s.name}"`));
  if (input.names && input.names.length !== n) {
    throw new InvalidInputError("invalid-length", `names has ${input.names.length} entries for ${n} values.`);
  }
  const names = input.names?.map((s) => escapePlotlyText(s));
  const all = [...input.values, ...input.series.flatMap((s) => [...s.released])];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const diagonal: Trace = {
    type: "scatter",
    mode: "lines",
    name: "released = true value (disclosed)",
    x: [lo, hi],
    y: [lo, hi],
    line: { color: inkColour, width: 1, dash: "dash" },
    hoverinfo: "skip",
  };
  const data: Trace[] = [
    diagonal,
    ...input.series.map((s, i): Trace => {
      const label = escapePlotlyText(s.name);
      const trace: Trace = {
        type: "scatter",
        mode: "markers",
        name: label,
        x: [...input.values],
        y: [...s.released],
        marker: { color: clusterPalette[i % clusterPalette.length], size: 6, opacity: 0.75 },
        hovertemplate:
          (names ? "<b>%{text}</b><br>" : "") + `true: %{x:.4~g}<br>released: %{y:.4~g}<extra>${label}</extra>`,
      };
      if (names) trace.text = names;
      return trace;
    }),
  ];
  const layout = baseLayout(input.title, { size: { width: 820, height: 520 } });
  const ticks = log ? logTicks(lo, hi) : {};
  layout.xaxis = axis(`True ${input.valueTitle.charAt(0).toLowerCase()}${input.valueTitle.slice(1)}`, { log, extra: ticks });
  layout.yaxis = axis(`Released ${input.valueTitle.charAt(0).toLowerCase()}${input.valueTitle.slice(1)}`, { log, extra: ticks });
  layout.legend = bottomLegend();
  layout.margin = { l: 70, r: 30, t: 70, b: 120 };
  return { data, layout, config: chartConfig() };
}

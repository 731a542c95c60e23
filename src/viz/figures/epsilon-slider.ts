/**
 * A cluster scatter with an ε slider whose every position is precomputed as a plotly frame, so a reader
 * of an exported HTML page or slide deck can move ε without a running kernel.
 */
import { InvalidInputError } from "../../errors";
import { formatNumber } from "../format";
import type { Figure, Frame, Trace } from "../plotly-types";
import { axis, baseLayout, chartConfig, chartSize } from "../theme";
import { centreTrace, clusterIndices, clusterPointTraces, stripTicks } from "./cluster-traces";
import { checkLabels, checkLength, checkNumbers, checkPoints } from "./validate";
import { epsilonSliders } from "./slider";

/** One slider position: the clustering obtained with one ε. */
export interface EpsilonFrameInput {
  /** The points (usually the same at every ε), `[x, y]` or `[value]`. */
  points: readonly (readonly number[])[];
  /** One label per point, matched across frames so a colour means the same cluster at every ε. */
  labels: readonly number[];
  /** Optional centres, `centres[c]` for cluster `c`. */
  centres?: readonly (readonly number[])[];
}

/** Input of {@link epsilonSliderFigure}. */
export interface EpsilonSliderInput {
  /** The ε of each frame, in slider order. */
  epsilons: readonly number[];
  /** One clustering per ε. */
  frames: readonly EpsilonFrameInput[];
  /** Optional one name per point (the same points in every frame), shown in the hover. */
  names?: readonly string[];
  /** Axis titles with units, `[x, y]`. */
  axisTitles: readonly [string, string];
  /** Chart title. */
  title: string;
  /** Index of the frame shown first. Default 0. */
  active?: number;
}

/** The frame name (and slider label) of an ε. */
function frameName(epsilon: number): string {
  return formatNumber(epsilon, { digits: 3 });
}

/**
 * A scatter of the clusters at each ε with a slider under it. Every frame has the same traces (one per
 * cluster, even when empty, then the centres), and the axes are fixed to the range of all frames, so
 * moving the slider changes only the points.
 *
 * @param input - see {@link EpsilonSliderInput}
 * @returns the plotly figure JSON, with `frames` and `layout.sliders`
 * @throws InvalidInputError when `epsilons` and `frames` differ in length, ε is not positive, frames mix
 *   1-D and 2-D points, or labels/names do not fit the points
 */
export function epsilonSliderFigure(input: EpsilonSliderInput): Figure {
  checkNumbers(input.epsilons, "epsilons", true);
  if (!Array.isArray(input.frames) || input.frames.length !== input.epsilons.length) {
    throw new InvalidInputError(
      "length-mismatch",
      `frames must hold one clustering per ε (${input.epsilons.length}), got ${Array.isArray(input.frames) ? input.frames.length : "none"}.`,
    );
  }
  const active = input.active ?? 0;
  if (!Number.isInteger(active) || active < 0 || active >= input.frames.length) {
    throw new InvalidInputError(
      "invalid-index",
      `active must be a frame index from 0 to ${input.frames.length - 1}, got ${active}.`,
    );
  }
  let dim: 1 | 2 | undefined;
  input.frames.forEach((f, i) => {
    const d = checkPoints(f.points, `frames[${i}].points`);
    if (dim !== undefined && d !== dim) {
      throw new InvalidInputError("wrong-dimension", `frames[${i}] has ${d}-D points but frames[0] has ${dim}-D.`);
    }
    dim = d;
    checkLabels(f.labels, f.points.length, `frames[${i}].labels`);
    checkLength(input.names, f.points.length, "names");
    if (f.centres && f.centres.length > 0 && checkPoints(f.centres, `frames[${i}].centres`) !== d) {
      throw new InvalidInputError("wrong-dimension", `frames[${i}].centres must have ${d} coordinate(s) each.`);
    }
  });
  const d = dim as 1 | 2;
  const clusters = clusterIndices(
    input.frames.map((f) => f.labels),
    input.frames.map((f) => f.centres?.length ?? 0),
  );
  const withCentres = input.frames.some((f) => f.centres && f.centres.length > 0);
  const options = { axisTitles: input.axisTitles, dim: d, keepEmpty: true } as const;
  const frameData = (f: EpsilonFrameInput): Trace[] => {
    const traces = clusterPointTraces(f.points, f.labels, input.names, clusters, options);
    if (withCentres) traces.push(centreTrace(f.centres ?? [], options));
    return traces;
  };
  const frames: Frame[] = input.frames.map((f, i) => ({
    name: frameName(input.epsilons[i]),
    data: frameData(f),
  }));

  const layout = baseLayout(input.title, { size: chartSize.tall });
  const xs: number[] = [];
  const ys: number[] = [];
  for (const f of input.frames) {
    for (const p of [...f.points, ...(f.centres ?? [])]) {
      xs.push(p[0]);
      if (d === 2) ys.push(p[1]);
    }
  }
  layout.xaxis = axis(input.axisTitles[0], { extra: { range: paddedRange(xs) } });
  layout.yaxis =
    d === 2
      ? axis(input.axisTitles[1], { extra: { range: paddedRange(ys) } })
      : axis(input.axisTitles[1], { extra: stripTicks(clusters) });
  layout.margin = { l: 70, r: 30, t: 70, b: 40 };
  layout.sliders = epsilonSliders(frames.map((f) => f.name), active);
  // Fresh trace objects for the first view: plotly annotates the data it draws, and frames must stay intact.
  return { data: frameData(input.frames[active]), layout, config: chartConfig(), frames };
}

/** [min, max] widened by 5% on each side (or ±1 for a single value). */
function paddedRange(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = hi > lo ? (hi - lo) * 0.05 : 1;
  return [lo - pad, hi + pad];
}

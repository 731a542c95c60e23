/**
 * Two clusterings of the same points side by side, and the points whose cluster changed, in pink.
 * Used for non-private vs DP k-means (lesson 2), before/after pre-processing (lesson 4), ε = 0.2 vs 1 (lesson 6).
 */
import { InvalidInputError } from "../../errors";
import { escapePlotlyText } from "../escape";
import { formatPercent } from "../format";
import type { Annotation, Figure, Trace } from "../plotly-types";
import { axis, baseLayout, bottomLegend, changedColour, chartConfig, chartSize, inkColour } from "../theme";
import { centreTrace, clusterIndices, clusterPointTraces, hoverNumber, stripTicks } from "./cluster-traces";
import { checkLabels, checkLength, checkPoints } from "./validate";

/** Input of {@link comparisonFigure}. */
export interface ComparisonInput {
  /** The points, `[x, y]` (or `[value]` for a strip), the same for both clusterings. */
  points: readonly (readonly number[])[];
  /** Labels of the first clustering (e.g. non-private k-means). */
  labelsA: readonly number[];
  /**
   * Labels of the second clustering (e.g. DP k-means), ALREADY MATCHED to `labelsA` (cluster `c` of B is
   * the counterpart of cluster `c` of A), so equal labels mean "same cluster" and get the same colour.
   */
  labelsB: readonly number[];
  /** Optional one name per point, shown in the hover (escaped). */
  names?: readonly string[];
  /** Optional centres of A and B, matched like the labels. */
  centresA?: readonly (readonly number[])[];
  centresB?: readonly (readonly number[])[];
  /** Panel titles, `[A, B]`, e.g. `["Non-private k-means", "DP k-means (ε = 1)"]`. */
  titles: readonly [string, string];
  /** Axis titles with units, `[x, y]`. */
  axisTitles: readonly [string, string];
  /** Title of the side-by-side figure. Default `"<A> vs <B>"`. */
  title?: string;
  /** What the points are, for the share in the title. Default `"Pokémon"`. */
  noun?: string;
}

/** Output of {@link comparisonFigure}. */
export interface ComparisonFigures {
  /** Two panels, A left and B right, same axes ranges, same colour for matched clusters. */
  sideBySide: Figure;
  /**
   * One panel: every point in its cluster colour (from B), faded, and the points whose label differs
   * between A and B in pink ({@link changedColour}) on top. The title says the share that changed.
   */
  changed: Figure;
  /** How many points changed cluster. */
  changedCount: number;
  /** The share of points that changed cluster, from 0 to 1. */
  changedShare: number;
}

/**
 * Compare two clusterings of the same points: side by side, and the changed points in pink with the
 * share in the title ("12.3% of Pokémon changed cluster").
 *
 * @param input - see {@link ComparisonInput}; `labelsB` must already be matched to `labelsA`
 * @returns both figures and the count and share of changed points
 * @throws InvalidInputError for points of neither 1 nor 2 coordinates, or labels/names/centres whose
 *   length or dimension does not fit the points
 */
export function comparisonFigure(input: ComparisonInput): ComparisonFigures {
  const dim = checkPoints(input.points);
  const n = input.points.length;
  checkLabels(input.labelsA, n, "labelsA");
  checkLabels(input.labelsB, n, "labelsB");
  checkLength(input.names, n, "names");
  for (const [centres, name] of [
    [input.centresA, "centresA"],
    [input.centresB, "centresB"],
  ] as const) {
    if (centres && centres.length > 0 && checkPoints(centres, name) !== dim) {
      throw new InvalidInputError(
        "wrong-dimension",
        `${name} must have ${dim} coordinate(s) per centre, like the points.`,
      );
    }
  }
  const clusters = clusterIndices(
    [input.labelsA, input.labelsB],
    [input.centresA?.length ?? 0, input.centresB?.length ?? 0],
  );
  const [titleA, titleB] = input.titles;
  const noun = input.noun ?? "Pokémon";
  const common = { axisTitles: input.axisTitles, dim } as const;

  // Side by side: legend entries from the left panel only; the legend groups toggle both panels at once.
  const left = clusterPointTraces(input.points, input.labelsA, input.names, clusters, {
    ...common,
    hoverSuffix: titleA,
  });
  const right = clusterPointTraces(input.points, input.labelsB, input.names, clusters, {
    ...common,
    xaxis: "x2",
    yaxis: "y2",
    showLegend: false,
    hoverSuffix: titleB,
  });
  const data: Trace[] = [...left, ...right];
  if (input.centresA && input.centresA.length > 0) {
    data.push(centreTrace(input.centresA, { ...common, hoverSuffix: titleA }));
  }
  if (input.centresB && input.centresB.length > 0) {
    const showLegend = !(input.centresA && input.centresA.length > 0);
    data.push(
      centreTrace(input.centresB, { ...common, xaxis: "x2", yaxis: "y2", showLegend, hoverSuffix: titleB }),
    );
  }
  const layout = baseLayout(input.title ?? `${titleA} vs ${titleB}`, { size: chartSize.wide });
  const yExtra = dim === 1 ? stripTicks(clusters) : {};
  layout.xaxis = axis(input.axisTitles[0], { extra: { domain: [0, 0.47], anchor: "y" } });
  layout.yaxis = axis(input.axisTitles[1], { extra: { ...yExtra, anchor: "x" } });
  layout.xaxis2 = axis(input.axisTitles[0], { extra: { domain: [0.53, 1], anchor: "y2", matches: "x" } });
  layout.yaxis2 = axis(dim === 2 ? "" : input.axisTitles[1], {
    extra: { ...yExtra, anchor: "x2", matches: "y", showticklabels: dim === 1 },
  });
  layout.annotations = [panelTitle(titleA, 0.235), panelTitle(titleB, 0.765)];
  layout.legend = bottomLegend();
  layout.margin = { l: 70, r: 30, t: 80, b: 100 };

  // Changed: faded cluster colours underneath, pink on top.
  const changedIdx: number[] = [];
  input.labelsA.forEach((a, i) => {
    if (a !== input.labelsB[i]) changedIdx.push(i);
  });
  const share = changedIdx.length / n;
  const faded = clusterPointTraces(input.points, input.labelsB, input.names, clusters, {
    ...common,
    opacity: 0.3,
    hoverSuffix: `unchanged, ${titleB}`,
  });
  const coords = changedIdx.map((i) => (dim === 2 ? input.points[i] : [input.points[i][0], input.labelsB[i]]));
  const nameLine = input.names ? "<b>%{text}</b><br>" : "";
  const values =
    dim === 2
      ? `${input.axisTitles[0]}: %{x:${hoverNumber}}<br>${input.axisTitles[1]}: %{y:${hoverNumber}}`
      : `${input.axisTitles[0]}: %{x:${hoverNumber}}`;
  const pink: Trace = {
    type: "scatter",
    mode: "markers",
    name: "changed cluster",
    x: coords.map((p) => p[0]),
    y: coords.map((p) => p[1]),
    customdata: changedIdx.map((i) => [input.labelsA[i], input.labelsB[i]]),
    marker: { color: changedColour, size: 11, symbol: "circle", line: { color: inkColour, width: 1 } },
    hovertemplate:
      `${nameLine}${values}<br>${titleA}: cluster %{customdata[0]}<br>${titleB}: cluster %{customdata[1]}` +
      `<extra>changed</extra>`,
  };
  if (input.names) pink.text = changedIdx.map((i) => escapePlotlyText(input.names![i]));
  const changedLayout = baseLayout(`${formatPercent(share)} of ${noun} changed cluster (pink)`);
  (changedLayout.title as Record<string, unknown>).subtitle = {
    text: `${titleA} vs ${titleB}: ${changedIdx.length} of ${n} points`,
  };
  changedLayout.margin = { l: 70, r: 30, t: 90, b: 60 };
  changedLayout.xaxis = axis(input.axisTitles[0]);
  changedLayout.yaxis = axis(input.axisTitles[1], { extra: yExtra });
  return {
    sideBySide: { data, layout, config: chartConfig() },
    changed: { data: [...faded, pink], layout: changedLayout, config: chartConfig() },
    changedCount: changedIdx.length,
    changedShare: share,
  };
}

/** A subplot title centred above a panel. */
export function panelTitle(text: string, x: number): Annotation {
  return {
    text: `<b>${text}</b>`,
    xref: "paper",
    yref: "paper",
    x,
    y: 1.0,
    xanchor: "center",
    yanchor: "bottom",
    yshift: 6,
    showarrow: false,
    font: { size: 14 },
  };
}

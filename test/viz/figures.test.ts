/**
 * Figure builders: each gallery figure matches its JSON snapshot, and the properties the lessons rely on
 * (colours, pink changed points, shares, frames, escaping, validation) are checked directly.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import {
  budgetReceiptFigure,
  clusterSizesFigure,
  clustersScatter,
  comparisonFigure,
  elbowFigure,
  epsilonSliderFigure,
  histogram,
  statisticsFigure,
  tradeoffFigure,
  weightsByClusterFigure,
} from "../../src/viz/figures/index";
import type { Trace } from "../../src/viz/plotly-types";
import { summarise } from "../../src/viz/summary";
import { changedColour, clusterPalette } from "../../src/viz/theme";
import * as f from "./fixtures";
import { galleryFigures } from "./gallery";
import { matchSnapshot } from "./snapshot";

const escapedHostile = "&lt;img src=x onerror=alert(1)&gt;";
const rejects = (fn: () => unknown, code: string) =>
  assert.throws(fn, (e: unknown) => e instanceof InvalidInputError && e.code === code);

describe("figure snapshots", () => {
  const figures = galleryFigures();
  for (const [name, figure] of Object.entries(figures)) {
    test(name, () => matchSnapshot(name, figure));
  }

  test("builders are deterministic: two builds give identical JSON", () => {
    assert.equal(JSON.stringify(galleryFigures()), JSON.stringify(figures));
  });

  test("no gallery figure contains a raw hostile name", () => {
    const json = JSON.stringify(figures);
    assert.ok(json.includes(escapedHostile), "the escaped name should be in the hover text");
    assert.ok(!json.includes(f.hostileName));
  });
});

describe("clustersScatter", () => {
  const fig = clustersScatter({
    points: f.points,
    labels: f.labelsA,
    centres: f.centresOf(f.labelsA),
    names: f.names,
    axisTitles: ["Weight (kg)", "Height (m)"],
    title: "t",
  });

  test("one trace per cluster in the palette colours, then the centres as large crosses", () => {
    assert.deepEqual(
      fig.data.map((t) => t.name),
      ["cluster 0", "cluster 1", "cluster 2", "centres"],
    );
    fig.data.slice(0, 3).forEach((t, c) => assert.equal(t.marker?.color, clusterPalette[c]));
    const centres = fig.data[3];
    assert.equal(centres.marker?.symbol, "x");
    assert.ok((centres.marker?.size as number) >= 16);
    assert.deepEqual(centres.x, f.centresOf(f.labelsA).map((c) => c[0]));
  });

  test("every point is drawn once, in its cluster's trace, with its name", () => {
    const total = fig.data.slice(0, 3).reduce((s, t) => s + (t.x?.length ?? 0), 0);
    assert.equal(total, f.points.length);
    const cluster1 = fig.data[1];
    const i = cluster1.x!.indexOf(f.points[4][0]);
    assert.equal(cluster1.y![i], f.points[4][1]);
    assert.equal((cluster1.text as string[])[i], escapedHostile);
    assert.match(cluster1.hovertemplate as string, /%\{text\}.*Weight \(kg\): %\{x/);
  });

  test("1-D data is a strip: x is the value, y the cluster, no jitter", () => {
    const strip = clustersScatter({
      points: [[3], [5], [100]],
      labels: [0, 0, 1],
      axisTitles: ["Weight (kg)", "Cluster"],
      title: "t",
    });
    assert.deepEqual(strip.data[0].x, [3, 5]);
    assert.deepEqual(strip.data[0].y, [0, 0]);
    assert.deepEqual(strip.data[1].y, [1]);
    assert.deepEqual(strip.layout.yaxis?.tickvals, [0, 1]);
    assert.deepEqual(strip.layout.yaxis?.ticktext, ["cluster 0", "cluster 1"]);
  });

  test("clusters beyond the palette change symbol", () => {
    const many = clustersScatter({
      points: Array.from({ length: 9 }, (_, i) => [i, i]),
      labels: Array.from({ length: 9 }, (_, i) => i),
      axisTitles: ["x", "y"],
      title: "t",
    });
    assert.equal(many.data[0].marker?.symbol, "circle");
    assert.equal(many.data[7].marker?.symbol, "square");
    assert.equal(many.data[7].marker?.color, clusterPalette[0]);
  });

  test("rejects bad shapes with a typed error", () => {
    const base = { axisTitles: ["x", "y"] as [string, string], title: "t" };
    rejects(() => clustersScatter({ ...base, points: [[1, 2, 3]], labels: [0] }), "wrong-dimension");
    rejects(() => clustersScatter({ ...base, points: [[1, 2], [3]], labels: [0, 0] }), "ragged-input");
    rejects(() => clustersScatter({ ...base, points: [[1, 2]], labels: [0, 1] }), "length-mismatch");
    rejects(() => clustersScatter({ ...base, points: [[1, 2]], labels: [-1] }), "invalid-label");
    rejects(() => clustersScatter({ ...base, points: [[1, NaN]], labels: [0] }), "non-finite-value");
    rejects(() => clustersScatter({ ...base, points: [[1, 2]], labels: [0], names: [] }), "length-mismatch");
    rejects(() => clustersScatter({ ...base, points: [[1, 2]], labels: [0], centres: [[1]] }), "wrong-dimension");
    rejects(() => clustersScatter({ ...base, points: [[0, 2]], labels: [0], logX: true }), "non-positive-value");
  });
});

describe("comparisonFigure", () => {
  const result = comparisonFigure({
    points: f.points,
    labelsA: f.labelsA,
    labelsB: f.labelsB,
    names: f.names,
    titles: ["Non-private", "DP (ε = 1)"],
    axisTitles: ["Weight (kg)", "Height (m)"],
  });

  test("counts the points whose cluster changed and puts the share in the title", () => {
    const expected = f.labelsA.filter((l, i) => l !== f.labelsB[i]).length;
    assert.equal(expected, 4);
    assert.equal(result.changedCount, expected);
    assert.equal(result.changedShare, expected / f.points.length);
    assert.equal(result.changed.layout.title?.text, "11.1% of Pokémon changed cluster (pink)");
  });

  test("changed points are pink and exactly the changed ones", () => {
    const pink = result.changed.data.find((t) => t.marker?.color === changedColour) as Trace;
    assert.ok(pink, "no pink trace");
    const changedIdx = f.labelsA.flatMap((l, i) => (l !== f.labelsB[i] ? [i] : []));
    assert.deepEqual(pink.x, changedIdx.map((i) => f.points[i][0]));
    assert.deepEqual(pink.customdata, changedIdx.map((i) => [f.labelsA[i], f.labelsB[i]]));
    // Pink is used for nothing else.
    const others = result.changed.data.filter((t) => t !== pink).map((t) => t.marker?.color);
    assert.ok(!others.includes(changedColour));
  });

  test("side by side: matched clusters share colour and legend group; axes are linked", () => {
    const { data, layout } = result.sideBySide;
    const left = data.filter((t) => !t.xaxis && t.name !== "centres");
    const right = data.filter((t) => t.xaxis === "x2" && t.name !== "centres");
    assert.equal(left.length, 3);
    assert.equal(right.length, 3);
    left.forEach((t, c) => {
      assert.equal(t.marker?.color, right[c].marker?.color);
      assert.equal(t.legendgroup, right[c].legendgroup);
      assert.equal(right[c].showlegend, false);
    });
    assert.equal(layout.xaxis2?.matches, "x");
    assert.equal(layout.yaxis2?.matches, "y");
  });

  test("custom noun and a zero share", () => {
    const same = comparisonFigure({
      points: [[1, 1], [2, 2]],
      labelsA: [0, 1],
      labelsB: [0, 1],
      titles: ["A", "B"],
      axisTitles: ["x", "y"],
      noun: "points",
    });
    assert.equal(same.changedCount, 0);
    assert.equal(same.changed.layout.title?.text, "0.0% of points changed cluster (pink)");
  });

  test("rejects labels of the wrong length", () => {
    rejects(
      () =>
        comparisonFigure({
          points: [[1, 1]],
          labelsA: [0],
          labelsB: [0, 1],
          titles: ["A", "B"],
          axisTitles: ["x", "y"],
        }),
      "length-mismatch",
    );
  });
});

describe("elbowFigure and tradeoffFigure", () => {
  test("per-seed runs are summarised into median and quartile band", () => {
    const fig = elbowFigure({ ks: f.ks, nonPrivate: f.elbowNonPrivate, dp: f.elbowRuns });
    const [upper, lower, median, nonPrivate] = fig.data;
    const summaries = f.elbowRuns.map((runs) => summarise(runs));
    assert.deepEqual(upper.y, summaries.map((s) => s.q3));
    assert.deepEqual(lower.y, summaries.map((s) => s.q1));
    assert.equal(lower.fill, "tonexty");
    assert.deepEqual(median.y, summaries.map((s) => s.median));
    assert.deepEqual(nonPrivate.y, f.elbowNonPrivate);
    // Ready-made summaries give the same figure.
    assert.deepEqual(elbowFigure({ ks: f.ks, nonPrivate: f.elbowNonPrivate, dp: summaries }), fig);
  });

  test("elbow needs at least one series of the right length", () => {
    rejects(() => elbowFigure({ ks: [1, 2] }), "missing-series");
    rejects(() => elbowFigure({ ks: [1, 2], nonPrivate: [1] }), "length-mismatch");
    rejects(() => elbowFigure({ ks: [1, 2], dp: [[1], []] }), "empty-input");
  });

  test("trade-off: two log-ε panels, changed share as a percentage", () => {
    const fig = tradeoffFigure({ epsilons: f.epsilons, quality: f.quality, changed: f.changed });
    assert.equal(fig.layout.xaxis?.type, "log");
    assert.equal(fig.layout.xaxis2?.type, "log");
    assert.equal(fig.layout.yaxis2?.tickformat, ".0%");
    const changedMedian = fig.data.find((t) => t.yaxis === "y2" && t.mode === "lines+markers")!;
    assert.deepEqual(changedMedian.y, f.changed.map((s) => s.median));
    assert.equal(changedMedian.line?.color, changedColour);
    rejects(() => tradeoffFigure({ epsilons: [0, 1], quality: f.quality.slice(0, 2), changed: f.changed.slice(0, 2) }), "non-positive-value");
    rejects(() => tradeoffFigure({ epsilons: [1, 2], quality: f.quality, changed: f.changed }), "length-mismatch");
  });
});

describe("epsilonSliderFigure", () => {
  const fig = epsilonSliderFigure({
    epsilons: [0.2, 1, 5],
    frames: [
      { points: f.points, labels: f.labelsB },
      { points: f.points, labels: f.labelsA, centres: f.centresOf(f.labelsA) },
      { points: f.points, labels: f.labelsA.map(() => 0) },
    ],
    axisTitles: ["Weight (kg)", "Height (m)"],
    title: "t",
    active: 1,
  });

  test("every frame has the same traces, so plotly can animate between them", () => {
    assert.equal(fig.frames?.length, 3);
    for (const frame of fig.frames!) {
      assert.deepEqual(frame.data.map((t) => t.name), ["cluster 0", "cluster 1", "cluster 2", "centres"]);
    }
    // The last frame has everything in cluster 0: the other traces are present but empty.
    assert.equal(fig.frames![2].data[1].x?.length, 0);
  });

  test("slider steps animate to the precomputed frames; the first view is the active frame", () => {
    const slider = (fig.layout.sliders as { active: number; steps: { label: string; args: unknown[] }[] }[])[0];
    assert.equal(slider.active, 1);
    assert.deepEqual(slider.steps.map((s) => s.label), ["0.2", "1", "5"]);
    assert.deepEqual(slider.steps.map((s) => s.args[0]), [["0.2"], ["1"], ["5"]]);
    assert.deepEqual(fig.data, fig.frames![1].data);
    assert.notEqual(fig.data[0], fig.frames![1].data[0], "the first view must not share objects with a frame");
  });

  test("axes are fixed to the range of all frames", () => {
    const xs = f.points.map((p) => p[0]);
    const range = fig.layout.xaxis?.range as number[];
    assert.ok(range[0] < Math.min(...xs) && range[1] > Math.max(...xs));
  });

  test("rejects mismatched frames", () => {
    rejects(
      () => epsilonSliderFigure({ epsilons: [1], frames: [], axisTitles: ["x", "y"], title: "t" }),
      "length-mismatch",
    );
    rejects(
      () =>
        epsilonSliderFigure({
          epsilons: [1],
          frames: [{ points: [[1, 2]], labels: [0] }],
          axisTitles: ["x", "y"],
          title: "t",
          active: 1,
        }),
      "invalid-index",
    );
  });
});

describe("de-identification views", () => {
  test("weights by cluster: one box per cluster holding that cluster's values", () => {
    const fig = weightsByClusterFigure({
      values: f.weights,
      labels: f.labelsA,
      names: f.names,
      valueTitle: "Weight (kg)",
      title: "t",
    });
    assert.equal(fig.data.length, 3);
    fig.data.forEach((t, c) => {
      assert.equal(t.type, "box");
      assert.deepEqual(t.y, f.weights.filter((_, i) => f.labelsA[i] === c));
    });
    rejects(
      () => weightsByClusterFigure({ values: [0, 1], labels: [0, 0], valueTitle: "w", title: "t", log: true }),
      "non-positive-value",
    );
  });

  test("cluster sizes: clusters below the minimum group size are highlighted", () => {
    const fig = clusterSizesFigure({ sizes: [12, 1, 9, 2], minGroupSize: 3, title: "t" });
    const [ok, small] = fig.data;
    assert.deepEqual(ok.x, ["0", "2"]);
    assert.deepEqual(small.x, ["1", "3"]);
    assert.notEqual(ok.marker?.color, small.marker?.color);
    assert.equal(fig.layout.shapes?.[0].y0, 3);
    assert.equal(clusterSizesFigure({ sizes: [1, 2], title: "t" }).data.length, 1);
    rejects(() => clusterSizesFigure({ sizes: [1.5], title: "t" }), "invalid-size");
    rejects(() => clusterSizesFigure({ sizes: [1], minGroupSize: 0, title: "t" }), "invalid-min-group-size");
  });

  test("histogram: counts add up, mean and median are right, edges span the data", () => {
    const values = [1, 2, 2, 3, 10];
    const h = histogram(values, 3, false);
    assert.deepEqual(h.edges, [1, 4, 7, 10]);
    assert.deepEqual(h.counts, [4, 0, 1]);
    assert.equal(h.mean, 3.6);
    assert.equal(h.median, 2);
    const logH = histogram([1, 10, 100], 2, true);
    assert.deepEqual(logH.counts, [1, 2]);
    assert.ok(Math.abs(logH.edges[1] - 10) < 1e-9);
  });

  test("statistics: mean and median lines at their values", () => {
    const fig = statisticsFigure({ values: [1, 2, 2, 3, 10], valueTitle: "Weight (kg)", unit: "kg", title: "t", bins: 3 });
    assert.deepEqual(fig.layout.shapes?.map((s) => s.x0), [3.6, 2]);
    assert.deepEqual(fig.layout.annotations?.map((a) => a.text), ["mean = 3.6 kg", "median = 2 kg"]);
    assert.deepEqual(fig.data[0].y, [4, 0, 1]);
    rejects(() => statisticsFigure({ values: [1], valueTitle: "w", title: "t", bins: 0 }), "invalid-bins");
  });
});

describe("budgetReceiptFigure", () => {
  test("parts add up, the rest is unspent", () => {
    const fig = budgetReceiptFigure(
      [
        { label: "scaler", epsilon: 0.25 },
        { label: f.hostileName, epsilon: 0.5 },
      ],
      1,
    );
    assert.deepEqual(fig.data.map((t) => t.x), [[0.25], [0.5], [0.25]]);
    assert.match(fig.data[2].name!, /^unspent/);
    assert.equal(fig.layout.title?.text, "Privacy budget: ε = 0.75 of 1 spent");
    assert.ok(fig.data[1].name!.startsWith(escapedHostile));
  });

  test("an exactly spent budget has no unspent part; an overspent one says so", () => {
    const exact = budgetReceiptFigure([{ label: "a", epsilon: 0.1 }, { label: "b", epsilon: 0.2 }], 0.3);
    assert.equal(exact.data.length, 2);
    const over = budgetReceiptFigure([{ label: "a", epsilon: 2 }], 1);
    assert.equal(over.layout.title?.text, "Privacy budget overspent: ε = 2 of 1");
    rejects(() => budgetReceiptFigure([{ label: "a", epsilon: -1 }], 1), "invalid-epsilon");
    rejects(() => budgetReceiptFigure([], 0), "invalid-epsilon");
  });
});

describe("summarise", () => {
  test("median and quartiles by linear interpolation (numpy's default)", () => {
    assert.deepEqual(summarise([4, 1, 3, 2]), { median: 2.5, q1: 1.75, q3: 3.25 });
    assert.deepEqual(summarise([7]), { median: 7, q1: 7, q3: 7 });
    assert.deepEqual(summarise([1, 2, 3, 4, 5]), { median: 3, q1: 2, q3: 4 });
  });
  test("rejects empty and non-finite input", () => {
    rejects(() => summarise([]), "empty-input");
    rejects(() => summarise([1, Infinity]), "non-finite-value");
  });
});

/**
 * Lesson 9's figures (src/viz/figures/roc.ts): the region ε-DP allows is drawn where the inequalities put
 * it, the bound curve is (e^ε − 1)/(e^ε + 1), names are escaped and bad input is refused.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import { advantageFigure, regionUpperEdge, rocFigure } from "../../src/viz/figures/index";

const rejects = (fn: () => unknown, code: string) =>
  assert.throws(fn, (e: unknown) => e instanceof InvalidInputError && e.code === code);

test("the region's upper edge: e^ε·FPR below the corner, the mirror above it", () => {
  const e = Math.log(3);
  assert.ok(Math.abs(regionUpperEdge(0.1, e) - 0.3) < 1e-12);
  assert.ok(Math.abs(regionUpperEdge(0.7, e) - (1 - 0.3 / 3)) < 1e-12);
  assert.equal(regionUpperEdge(0, e), 0);
  assert.equal(regionUpperEdge(1, e), 1);
  assert.ok(Math.abs(regionUpperEdge(0, e, 0.05) - 0.05) < 1e-12, "δ lifts the edge at FPR = 0");
  assert.equal(regionUpperEdge(0.2, Infinity), 1);
});

test("rocFigure shades the region between its mirror edges and draws every curve", () => {
  const fig = rocFigure({
    epsilon: 1,
    series: [
      { name: "<b>attack</b>", points: [{ fpr: 0, tpr: 0 }, { fpr: 0.5, tpr: 0.6 }, { fpr: 1, tpr: 1 }] },
      {
        name: "second",
        points: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }],
        checked: [{ fpr: 0.2, tpr: 0.3, fprInterval: { lower: 0.1, upper: 0.3 }, tprInterval: { lower: 0.2, upper: 0.4 } }],
      },
    ],
  });
  const [lower, upper] = fig.data;
  const x = upper!.x as number[];
  const yUp = upper!.y as number[];
  const yLow = lower!.y as number[];
  assert.equal(upper!.fill, "tonexty");
  for (let i = 0; i < x.length; i++) {
    const f = x[i]!;
    assert.ok(Math.abs(yUp[i]! - Math.min(1, Math.E * f, 1 - (1 - f) / Math.E)) < 1e-12);
    assert.ok(Math.abs(yLow[i]! - (1 - yUp[x.length - 1 - i]!)) < 1e-12, "the lower edge mirrors the upper one");
    assert.ok(yLow[i]! <= f + 1e-12 && f <= yUp[i]! + 1e-12, "the diagonal lies inside");
  }
  const names = fig.data.map((t) => t.name);
  assert.ok(names.includes("&lt;b&gt;attack&lt;/b&gt;"), "names are escaped");
  const checked = fig.data.find((t) => t.mode === "markers")!;
  assert.deepEqual((checked.error_y as { array: number[] }).array.map((v) => Number(v.toFixed(12))), [0.1]);
  assert.equal(rocFigure({ epsilon: Infinity, series: [{ name: "a", points: [{ fpr: 0, tpr: 1 }] }] }).data.some((t) => t.fill === "tonexty"), false);
  rejects(() => rocFigure({ epsilon: 0, series: [{ name: "a", points: [] }] }), "invalid-epsilon");
  rejects(() => rocFigure({ epsilon: 1, series: [] }), "empty-input");
  rejects(() => rocFigure({ epsilon: 1, series: [{ name: "a", points: [{ fpr: 1.2, tpr: 0 }] }] }), "invalid-rate");
});

test("advantageFigure draws the bound (e^ε − 1)/(e^ε + 1) and one series per model", () => {
  const fig = advantageFigure({ epsilons: [0.5, 1, 2], series: [{ name: "m", advantages: [0.1, 0.2, 0.5] }] });
  const bound = fig.data[0]!;
  (bound.x as number[]).forEach((e, i) => assert.ok(Math.abs((bound.y as number[])[i]! - Math.tanh(e / 2)) < 1e-12));
  assert.deepEqual(fig.data[1]!.y, [0.1, 0.2, 0.5]);
  rejects(() => advantageFigure({ epsilons: [1, Infinity], series: [] }), "invalid-epsilon");
  rejects(() => advantageFigure({ epsilons: [1], series: [{ name: "m", advantages: [0.1, 0.2] }] }), "length-mismatch");
  rejects(() => advantageFigure({ epsilons: [1], series: [{ name: "m", advantages: [-0.1] }] }), "invalid-rate");
});

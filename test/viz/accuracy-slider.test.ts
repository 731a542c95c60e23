/**
 * The accuracy slider (src/viz/figures/accuracy-slider.ts): one bar per quantity at % of its public
 * reference, labels in the quantity's units, one frame per ε with the same trace, a fixed log axis.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import { accuracySliderFigure } from "../../src/viz/index";

describe("accuracySliderFigure", () => {
  const fig = accuracySliderFigure({
    epsilons: [0.1, 1, 10],
    quantities: [
      { name: "count", halfWidths: [30, 3, 0], reference: 1000, unit: "rows" },
      { name: "mean", halfWidths: [0.06, 0.006, 0.0006], reference: 4, unit: "log10 kg" },
    ],
    title: "t",
    active: 1,
  });

  test("bars are % of the reference, labelled in the quantity's units; zero stays drawable on a log axis", () => {
    const bars = fig.frames![0]!.data[0]!;
    assert.deepEqual(bars.x, ["count", "mean"]);
    assert.deepEqual(bars.y, [3, 1.5]);
    assert.deepEqual(bars.text, ["±30 rows", "±0.06 log10 kg"]);
    const last = fig.frames![2]!.data[0]!;
    assert.equal((last.y as number[])[0], 0.01, "a zero half-width is drawn at the floor");
    assert.equal((last.text as string[])[0], "±0 rows");
  });

  test("one frame per ε, the slider animates to them, the first view is the active frame, the axis is fixed", () => {
    assert.deepEqual(fig.frames!.map((f) => f.name), ["0.1", "1", "10"]);
    const slider = (fig.layout.sliders as { active: number; steps: { args: unknown[] }[] }[])[0]!;
    assert.equal(slider.active, 1);
    assert.deepEqual(slider.steps.map((s) => s.args[0]), [["0.1"], ["1"], ["10"]]);
    assert.deepEqual(fig.data, fig.frames![1]!.data);
    assert.notEqual(fig.data[0], fig.frames![1]!.data[0]);
    assert.equal(fig.layout.yaxis?.type, "log");
    const range = fig.layout.yaxis?.range as number[];
    assert.ok(range[0]! < Math.log10(0.01) && range[1]! > Math.log10(3));
  });

  test("refuses half-widths that do not fit the slider, negative widths and a bad reference", () => {
    const base = { epsilons: [1, 2], title: "t" };
    const bad = (quantities: Parameters<typeof accuracySliderFigure>[0]["quantities"]) =>
      assert.throws(() => accuracySliderFigure({ ...base, quantities }), InvalidInputError);
    bad([{ name: "a", halfWidths: [1], reference: 1, unit: "" }]);
    bad([{ name: "a", halfWidths: [1, -1], reference: 1, unit: "" }]);
    bad([{ name: "a", halfWidths: [1, 1], reference: 0, unit: "" }]);
    bad([]);
    assert.throws(() => accuracySliderFigure({ ...base, quantities: [{ name: "a", halfWidths: [1, 1], reference: 1, unit: "" }], active: 2 }), InvalidInputError);
  });
});

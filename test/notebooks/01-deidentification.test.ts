/**
 * Lesson 1 executed headless at its defaults and at settings drawn from its declared ranges (settings.ts;
 * the draw's seed is printed, replay with COURSE_DRAW_SEED=<seed>). At every setting its central claims hold
 * (the attacks on k-means and MDAV work, the primer's ratios stay in the e^ε band, the receipt adds up, DP
 * resists differencing), and the cards are checked against the lesson's other outputs (tables, the data),
 * so a card that drifts from the run fails here. The committed notebook is checked for the findings of
 * issue 22 (minGroupSize used everywhere, no row-by-row DP/k-means table, the ε primer before the DP
 * release, the reading time, the exercises' path).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { loadPokemon } from "../../src/data/index";
import { cp1_1, cp1_2 } from "../../src/exercises/checkpoints";
import { assertCentralClaimsHold, assertCheckpointsNotAttempted, claimCard, executeLesson, tableRows } from "./executed";
import { lessonSettings } from "./settings";

const CENTRAL = [
  "sizes-publish-n",
  "deviation-factor-reversible",
  "differencing-exact",
  "mdav-groups-at-least-m",
  "mdav-differencing-exact",
  "ratio-inside-band",
  "receipt-adds-up",
  "dp-differencing-noisy",
  "only-dp-resists-differencing",
];

const lesson = join(projectRoot, "notebooks", "01-deidentification.ipynb");

describe("lesson 1 as committed", () => {
  const source = readNotebook(lesson);
  const texts = source.cells.map(cellSource);
  const code = source.cells.filter((c) => c.cell_type === "code").map(cellSource).join("\n");

  test("is clean, on the course kernel, with slide metadata on every cell and a title slide first", () => {
    assert.ok(isClean(source), "commit the notebook without outputs");
    assert.equal((source.metadata.kernelspec as { name?: string }).name, "private-clustering-ts");
    const types = source.cells.map((c) => (c.metadata.slideshow as { slide_type?: string } | undefined)?.slide_type);
    assert.ok(types.every((t) => ["slide", "subslide", "fragment", "-"].includes(t ?? "")), `slide types: ${types}`);
    assert.equal(types[0], "slide");
    assert.equal(new Set(source.cells.map((c) => c.id)).size, source.cells.length, "unique cell ids");
  });

  test("declares a range for every parameter", () => {
    const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
    assert.equal(parameters.length, 1);
    const lines = cellSource(parameters[0]!).split("\n").filter((l) => l.startsWith("const "));
    assert.deepEqual(lines.map((l) => /^const (\w+)/.exec(l)![1]), ["k", "seed", "minGroupSize", "epsilon"]);
    for (const l of lines) assert.match(l, /range: [\d.]+\.\.[\d.]+/);
  });

  test("finding 3: no promise of 'every weight back, three ways'; MDAV uses minGroupSize, never a hard-coded m", () => {
    assert.doesNotMatch(texts[0]!, /get every weight back, three different ways/);
    assert.doesNotMatch(texts.join("\n"), /most weights point at one Pokémon/);
    assert.doesNotMatch(code, /minGroupSize: [0-9]/, "MDAV and the audit take minGroupSize from the parameters cell");
    assert.doesNotMatch(code, /m = [0-9]/, "no chart or table names a hard-coded m");
    assert.doesNotMatch(code, /k-means centroid \(exact\)|k-means size \(exact\)/, "no DP/k-means row-by-row table");
    const dpText = texts.find((t) => t.startsWith("## Fix (b)"));
    assert.ok(dpText && /noisy counts/.test(dpText), "the DP section says its sizes are noisy counts");
  });

  test("finding 6 / build 5: the ε primer comes before the first DP release", () => {
    const primer = texts.findIndex((t) => t.startsWith("## What ε promises"));
    const release = texts.findIndex((t) => t.includes("deid.dpRelease("));
    assert.ok(primer > 0 && primer < release, `primer at cell ${primer}, first DP release at ${release}`);
    assert.match(texts[primer]!, /neighbours/);
    assert.match(texts[primer]!, /e\^ε/);
  });

  test("Let's practice! points to the exercises next to the lesson", () => {
    const last = texts[texts.length - 1]!;
    assert.match(last, /Let's practice!/);
    assert.match(last, /\(exercises\/01-deidentification\.ipynb\)/);
    assert.doesNotMatch(last, /notebooks\/exercises/);
  });
});

const pokemon = loadPokemon({ first: 251 });

for (const params of lessonSettings("01-deidentification")) {
  const k = typeof params.k === "number" ? params.k : 3;
  const m = typeof params.minGroupSize === "number" ? params.minGroupSize : 3;
  const epsilon = typeof params.epsilon === "number" ? params.epsilon : 1;
  test(`lesson 1 at ${JSON.stringify(params)}: runs to the end, central claims hold, cards agree with the outputs`, async () => {
    const run = await executeLesson("01-deidentification", params);
    assertCentralClaimsHold(run, CENTRAL);
    assertCheckpointsNotAttempted(run, [cp1_1, cp1_2]);
    assert.equal(run.stderr, "");
    // Weights by cluster, k = 10 sizes, the primer, the receipt; in Going further: released values, statistics.
    assert.equal(run.charts, 6);
    // Charts go out as plotly's MIME type (src/viz/display.ts): no output carries plotly.js itself.
    assert.equal(run.html.filter((h) => h.includes('data-course-viz="plotly-loader"')).length, 0);
    assert.equal(run.html.filter((h) => h.includes("seeded-noise")).length, 1, "the seeded-noise card once");
    for (const caption of [
      "Output 1: raw data",
      "Output 2: clusters detail",
      "Output 3: weight statistics",
      "Output 4: anonymized information",
      `Disclosure audit (k = ${k}, minimum group size ${m})`,
      `DP clusters detail (ε = ${epsilon})`,
      "DP statistics (min and max are not released)",
      `Typical errors of the DP release at ε = ${epsilon}`,
    ]) {
      assert.ok(run.html.some((t) => t.includes(caption)), `a table captioned "${caption}"`);
    }

    // Output 2's sizes, the card on them, and the data agree.
    const sizes = tableRows(run.html, "Output 2: clusters detail").map((r) => Number(r[r.length - 1]));
    assert.equal(sizes.length, k);
    assert.equal(claimCard(run, "sizes-publish-n").measured, `sizes add up to ${sizes.reduce((a, b) => a + b, 0)}; the data holds 251 Pokémon`);
    assert.equal(claimCard(run, "deviation-factor-reversible").measured, "recovered exactly (within 1e-9): 251 of 251");

    // Singletons: every printed one is a Pokémon alone whose weight is the printed centroid.
    const singles = [...run.stdout.matchAll(/: cluster \d+: (.+) alone, centroid ([\d.]+) kg/g)];
    for (const [, name, centroid] of singles) {
      assert.equal(Number(centroid), pokemon.find((p) => p.name === name)!.weight_kg, `${name}'s centroid is its weight`);
    }
    assert.equal(claimCard(run, "singleton-publishes-weight").holds, singles.length > 0);

    // MDAV: the table is at this run's m and m + 2 (finding 3), the card reads the same smallest groups.
    const mdav = tableRows(run.html, "MDAV on the weights");
    assert.deepEqual(mdav.map((r) => Number(r[0])), [m, m + 2]);
    assert.equal(claimCard(run, "mdav-groups-at-least-m").measured, `m = ${m}: smallest group ${mdav[0]![2]}; m = ${m + 2}: smallest group ${mdav[1]![2]}`);
    assert.match(claimCard(run, "mdav-differencing-exact").measured, new RegExp(`^MDAV \\(m = ${m}\\): total\\(251\\) − total\\(250\\) = 5\\.000000 kg`));

    // The comparison table: MDAV rows at m and m + 2; the DP row recovers nothing; the cards read it.
    const comparison = tableRows(run.html, "The release and its fixes");
    assert.equal(comparison.length, 4);
    assert.match(comparison[1]![0]!, new RegExp(`m = ${m}\\)`));
    assert.match(comparison[2]![0]!, new RegExp(`m = ${m + 2}\\)`));
    assert.equal(comparison[0]![2], "251", "k-means: every weight recovered");
    assert.equal(comparison[3]![2], "0", "DP: nothing recovered exactly");
    assert.equal(claimCard(run, "mdav-identical-weights").holds, Number(comparison[1]![2]) > 0);
    const kept = comparison.map((r) => r[4]!);
    const costs = claimCard(run, "dp-costs-variance");
    assert.equal(costs.measured, `variance kept: DP ${kept[3]}, MDAV ${kept[1]}, k-means (k = ${k}) ${kept[0]}`);
    const percent = (text: string) => Number(text.replace("%", ""));
    if (kept[3] !== kept[1]) assert.equal(costs.holds, percent(kept[3]!) < percent(kept[1]!));

    // The DP table's noisy sizes, the receipt's share for sizes, and the "swamped" card agree.
    const dpSizes = tableRows(run.html, `DP clusters detail (ε = ${epsilon})`).map((r) => Number(r[2]!.replace(/,/g, "")));
    assert.equal(dpSizes.length, k);
    assert.match(claimCard(run, "dp-sizes-above-noise").measured, new RegExp(`sizes ${dpSizes.join(", ")}$`));
    const above = claimCard(run, "dp-sizes-above-noise");
    const scale = Number(/noise scale ([\d.]+) per size/.exec(above.measured)![1]);
    // The scale is 1 ÷ the sizes' share of ε (printed to 0.1); the card is ✗ exactly when a size is within 3 scales.
    assert.ok(scale > 1 / epsilon, `the sizes get a part of ε, so their noise scale ${scale} exceeds 1/ε`);
    const clear = (s: number) => s >= 3 * scale;
    if (dpSizes.every((s) => Math.abs(s - 3 * scale) > 0.15)) assert.equal(above.holds, dpSizes.every(clear), `sizes ${dpSizes} at scale ${scale}`);

    // The primer: its ratio card names the band e^±ε.
    const band = claimCard(run, "ratio-inside-band");
    if (!band.measured.startsWith("no answer")) {
      assert.match(band.measured, new RegExp(`the band is ${Math.exp(-epsilon).toFixed(3)} to ${Math.exp(epsilon).toFixed(3)}$`));
    }
    assert.match(run.stdout, /values clipped to it: \d+ \(exact diagnostic: [^)]*NOT private\)/);
  });
}

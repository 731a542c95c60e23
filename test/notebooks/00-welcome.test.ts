/**
 * Lesson 0 (no parameters) executed headless: the kernel runs from the project root, the data loads, the
 * summary table and the chart are drawn, its two central claims hold and agree with what it printed and
 * with the data. The committed notebook lists every lesson of the course (0–9; issue 22 finding 3).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { loadPokemon } from "../../src/data/index";
import { assertCentralClaimsHold, claimCard, executeLesson } from "./executed";
import { lessonSettings } from "./settings";

test("lesson 0 lists every lesson, 0 to 9, with lesson 9 attacking the models", () => {
  const intro = cellSource(readNotebook(join(projectRoot, "notebooks", "00-welcome.ipynb")).cells[0]!);
  const rows = [...intro.matchAll(/^\| (\d) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]!] as const);
  assert.deepEqual(rows.map(([n]) => n), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.match(rows[9]![1], /attack the models: membership inference against k-means and DP k-means/);
  assert.match(intro, /About \d+ minutes/);
});

for (const params of lessonSettings("00-welcome")) {
  test(`lesson 0 at ${JSON.stringify(params)} runs headless: all 1,025 species, a table, a chart, central claims`, async () => {
    const lesson = await executeLesson("00-welcome", params);
    assertCentralClaimsHold(lesson, ["data-loaded", "weights-skewed"]);
    assert.match(lesson.stdout, /Working directory: .+/);
    assert.match(lesson.stdout, /1025 species, from Bulbasaur to Pecharunt/);
    assert.equal(claimCard(lesson, "data-loaded").measured, "1025 rows, 1025 distinct national numbers");
    // The skew card against the data itself.
    const weights = loadPokemon().map((p) => p.weight_kg);
    const mean = weights.reduce((s, w) => s + w, 0) / weights.length;
    const sorted = [...weights].sort((a, b) => a - b);
    const median = (sorted[511]! + sorted[512]!) / 2;
    assert.equal(claimCard(lesson, "weights-skewed").measured, `mean weight ${mean.toFixed(1)} kg, median ${median.toFixed(1)} kg`);
    const tables = lesson.html.filter((h) => h.includes("<table"));
    assert.ok(tables.length >= 2, `expected the first rows and the summary table, found ${tables.length} tables`);
    const summary = tables.find((t) => t.includes("public upper bound"));
    assert.ok(summary?.includes("weight_kg") && summary.includes("999.9"), "summary table with weight bounds");
    assert.equal(lesson.charts, 1, "one plotly chart");
    assert.ok(lesson.html.some((h) => h.includes("Pokémon weights are skewed")), "the chart's title");
  });
}

import assert from "node:assert/strict";
import { test } from "node:test";
import { executeLesson } from "./executed";

test("lesson 0 runs headless: kernel from the project root, all 1,025 species, a table and a chart", async () => {
  const lesson = await executeLesson("00-welcome");
  assert.match(lesson.stdout, /Working directory: .+/);
  assert.match(lesson.stdout, /1025 species, from Bulbasaur to Pecharunt/);
  assert.match(lesson.stdout, /Data check passed: 1,025 species, one row each\./);
  assert.match(lesson.stdout, /mean weight \d+\.\d kg, median 28\.0 kg/);
  const tables = lesson.html.filter((h) => h.includes("<table"));
  assert.ok(tables.length >= 2, `expected the first rows and the summary table, found ${tables.length} tables`);
  // The summary table lists every numeric column but the national number, with its public bounds.
  const summary = tables.find((t) => t.includes("public upper bound"));
  assert.ok(summary?.includes("weight_kg") && summary.includes("999.9"), "summary table with weight bounds");
  assert.equal(lesson.charts, 1, "one plotly chart");
  assert.ok(lesson.html.some((h) => h.includes("Pokémon weights are skewed")), "the chart's title");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { executeLesson } from "./executed";

/** The rows of the summary table with the given caption: pipeline → [quality ratio, changed share in %]. */
function summaryRows(html: string[], caption: string, mustInclude: string): Record<string, [number, number]> {
  const table = html.filter((h) => h.includes(caption) && h.includes(mustInclude)).at(-1);
  assert.ok(table, `a table "${caption}" with "${mustInclude}"`);
  const rows: Record<string, [number, number]> = {};
  for (const row of table.matchAll(/<tr>(.*?)<\/tr>/gs)) {
    const cells = [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!);
    if (cells.length === 3) rows[cells[0]!.replace(/&gt;/g, ">")] = [Number(cells[1]), Number(cells[2]!.replace("%", ""))];
  }
  return rows;
}

test("lesson 4 runs headless: pre-processing helps, leaks (shown), and helps again once private, on one receipt", async () => {
  const lesson = await executeLesson("04-preprocessing");
  const { stdout, html } = lesson;

  const rows = summaryRows(html, "ε = 1, mean of 5 seeds", "public scaling");
  const raw = rows["raw stats → DP k-means"];
  const leaky = rows["StandardScaler → PCA → DP k-means (leaks!)"];
  const pipeline = rows["DP scaler → DP PCA → DP k-means"];
  const best = rows["public scaling → DP PCA → DP k-means"];
  assert.ok(raw && leaky && pipeline && best, `four pipelines: ${JSON.stringify(rows)}`);
  // Non-private pre-processing: lower relative inertia and fewer pink points (the source's claim).
  assert.ok(leaky[0] < raw[0] && leaky[1] < raw[1], `leaky ${leaky} vs raw ${raw}`);
  // The literal DP recipe is worse than none at ε = 1; spending ε only on PCA beats raw.
  assert.ok(pipeline[0] > raw[0], `DP scaler pipeline ${pipeline} vs raw ${raw}`);
  assert.ok(best[0] < raw[0] && best[1] < raw[1], `public scaling + DP PCA ${best} vs raw ${raw}`);

  const pink = /pink: (\d+) Pokémon before, (\d+) after pre-processing/.exec(stdout);
  assert.ok(pink && Number(pink[2]) < Number(pink[1]), "pink shrinks at the default seed");
  assert.match(stdout, /2 components keep 62\.5% of the variance/);

  // The catch: exact statistics give the newcomer away; every point moves; the receipt shows k-means only.
  const recovered = html.find((h) => h.includes("Pecharunt, recovered"));
  assert.ok(recovered && /defense<\/td><td[^>]*>160<\/td><td[^>]*>160</.test(recovered), "Pecharunt's Defense 160 recovered");
  assert.match(stdout, /1024 of 1024 Pokémon have different PCA coordinates when Pecharunt is removed/);
  assert.match(stdout, /1\s+EUGkM grid counts[^\n]*\n[^\n]*\n\s+total\s+1\s+0/);

  // The DP pipelines: one receipt each, adding up to ε (asserted in the lesson), shown as table and chart.
  const receipt = html.find((h) => h.includes("The ε receipt of the DP pipeline"));
  assert.ok(receipt, "the privatePipeline receipt");
  assert.equal((receipt.match(/StandardScaler (mean|variance), feature \d/g) ?? []).length, 12);
  assert.ok(receipt.includes("PCA: XᵀX upper triangle") && receipt.includes("EUGkM grid counts"));
  assert.ok(html.some((h) => h.includes("One receipt for the whole pipeline: ε = 1")), "the receipt chart");
  assert.match(stdout, /the 5 runs: PCA pulled in \d+–\d+ Pokémon each/);
  assert.match(lesson.stderr, /PrivacyWarning \[rows-clipped\]/);

  // Charts: pink before, side by side and pink after, the receipt.
  assert.equal(lesson.charts, 4);
  assert.doesNotMatch(lesson.stderr, /Error/);
});

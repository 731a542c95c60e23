import assert from "node:assert/strict";
import { test } from "node:test";
import { executeLesson, type ExecutedLesson } from "./executed";

/** The lesson's parseable summary line: `changed: 137 of 1025 Pokémon (13.4%)`. */
function changedLine(lesson: ExecutedLesson): { count: number; share: number } {
  const m = /changed: (\d+) of 1025 Pokémon \((\d+\.\d)%\)/.exec(lesson.stdout);
  assert.ok(m, `no "changed: N of 1025 Pokémon (x%)" line in:\n${lesson.stdout}`);
  const count = Number(m[1]);
  assert.equal(Number(m[2]), Number(((100 * count) / 1025).toFixed(1)), "the share printed is count / 1025");
  return { count, share: count / 1025 };
}

/** The "share of Pokémon that changed cluster" table over 10 seeds, as { algorithm: [min, mean, max] } in %. */
function seedTable(lesson: ExecutedLesson): Record<string, number[]> {
  const table = lesson.html.find((h) => h.includes("Share of Pokémon that changed cluster"));
  assert.ok(table, "the table over 10 seeds");
  const rows: Record<string, number[]> = {};
  for (const row of table.matchAll(/<tr>(.*?)<\/tr>/gs)) {
    const cells = [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!);
    if (cells.length === 4) rows[cells[0]!] = cells.slice(1).map((c) => Number(c.replace("%", "")));
  }
  return rows;
}

test("lesson 2 at ε = 1: side by side, matched, pink points in the minority, checked", async () => {
  const lesson = await executeLesson("02-comparing-models");
  const { count, share } = changedLine(lesson);
  assert.ok(count > 0, "DP noise changes some clusters");
  assert.ok(share < 0.5, "the majority is in common");
  assert.match(lesson.stdout, /in common: \d+\.\d% of Pokémon, a majority/);

  // Matching matters: raw label numbers disagree on more Pokémon than the matched comparison.
  const raw = Number(/labels differ, before matching: (\d+) of 1025/.exec(lesson.stdout)?.[1]);
  assert.ok(raw > count, `unmatched labels (${raw}) should look worse than matched (${count}) at the default seed`);
  assert.match(lesson.stdout, /pairs: DP 0 ↔ \d, DP 1 ↔ \d, DP 2 ↔ \d/);

  // Charts: non-private, DP, side by side, pink.
  assert.equal(lesson.charts, 4);
  assert.ok(lesson.html.some((h) => h.includes(`${(100 * share).toFixed(1)}% of Pokémon changed cluster (pink)`)), "pink chart title");
  assert.ok(lesson.html.some((h) => h.includes("Pokémon in both clusters")), "the overlap table");
  assert.ok(lesson.html.some((h) => h.includes("Distance to the border")), "the margin table");

  const seeds = seedTable(lesson);
  const eugkm = seeds["EUGkM (our default)"];
  assert.ok(eugkm && eugkm[2]! < 50, `every seed keeps the majority in common: ${eugkm}`);
  assert.ok(seeds["DPLloyd (diffprivlib&#39;s)"], "DPLloyd row");

  const ratio = Number(/quality ratio: (\d+\.\d+)/.exec(lesson.stdout)?.[1]);
  assert.ok(ratio >= 0.99 && ratio < 1.3, `quality ratio ${ratio}`);
  assert.equal(lesson.stderr, "", "no warnings: the bounds are public");
});

test("lesson 2 at ε = 0.2 still passes its checks, with more pink points than at ε = 1", async () => {
  const atOne = changedLine(await executeLesson("02-comparing-models"));
  const lesson = await executeLesson("02-comparing-models", { epsilon: 0.2 });
  const atFifth = changedLine(lesson);
  assert.ok(atFifth.count > atOne.count, `ε = 0.2 changed ${atFifth.count}, ε = 1 changed ${atOne.count}`);
  assert.ok(atFifth.share < 0.5, "still a majority in common");
  assert.ok(lesson.html.some((h) => h.includes("DP k-means (ε = 0.2, k = 3)")), "the DP chart says ε = 0.2");
  // The same ordering holds over the 10 seeds, not only at the default one.
  const one = seedTable(await executeLesson("02-comparing-models"))["EUGkM (our default)"]!;
  const fifth = seedTable(lesson)["EUGkM (our default)"]!;
  assert.ok(fifth[0]! > one[2]!, `the least pink run at ε = 0.2 (${fifth[0]}%) has more than the most pink at ε = 1 (${one[2]}%)`);
});

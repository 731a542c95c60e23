/**
 * Lesson 2 executed headless at three settings (each through the runner's cache):
 *   - defaults: ε = 1, k = 3, seed 42;
 *   - ε = 0.2 (k = 3, seed 42);
 *   - ε = 5, k = 4 (seed 42).
 * The lesson's own assert cells check its claims at each (majority in common, pink near borders, EUGkM's
 * spread narrower than DPLloyd's, "smaller ε: more pink in ≥ 8 of 10 seeds" for EUGkM); here we check the
 * outputs the text points at, and its checkpoints (each question, and its check "not attempted").
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { cp2_1, cp2_2 } from "../../src/exercises/checkpoints";
import { assertCheckpointsNotAttempted, executeLesson, type ExecutedLesson } from "./executed";

const SETTINGS = [{}, { epsilon: 0.2 }, { epsilon: 5, k: 4 }] as const;

/** The lesson's parseable summary line: `changed: 137 of 1025 Pokémon (13.4%)`. */
function changedLine(lesson: ExecutedLesson): { count: number; share: number } {
  const m = /changed: (\d+) of 1025 Pokémon \((\d+\.\d)%\) \(exact diagnostic, not private\)/.exec(lesson.stdout);
  assert.ok(m, `no "changed: N of 1025 Pokémon (x%) (exact diagnostic, not private)" line in:\n${lesson.stdout}`);
  const count = Number(m[1]);
  assert.equal(Number(m[2]), Number(((100 * count) / 1025).toFixed(1)), "the share printed is count / 1025");
  return { count, share: count / 1025 };
}

/** The table over 10 seeds, as { "algorithm|ε": [min, median, max] } in %. */
function seedTable(lesson: ExecutedLesson): Record<string, number[]> {
  const table = lesson.html.find((h) => h.includes("Share of Pokémon that changed cluster, 10 seeds"));
  assert.ok(table, "the table over 10 seeds");
  const rows: Record<string, number[]> = {};
  for (const row of table.matchAll(/<tr>(.*?)<\/tr>/gs)) {
    const cells = [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!);
    if (cells.length === 5) rows[`${cells[0]}|${cells[1]}`] = cells.slice(2).map((c) => Number(c.replace("%", "")));
  }
  return rows;
}

/** "EUGkM (auto): smaller ε gave more pink in 10 of 10 seeds (ε 0.2 vs 1), …" → the counts. */
function morePink(lesson: ExecutedLesson, algorithm: string): number[] {
  const line = lesson.stdout.split("\n").find((l) => l.startsWith(`${algorithm}: smaller ε gave more pink in`));
  assert.ok(line, `no "more pink" line for ${algorithm}`);
  return [...line.matchAll(/(\d+) of 10 seeds/g)].map((m) => Number(m[1]));
}

for (const params of SETTINGS) {
  const name = JSON.stringify(params);
  test(`lesson 2 at ${name}: runs, pink in the minority, claims computed and shown`, async () => {
    const lesson = await executeLesson("02-comparing-models", params);
    const epsilon = "epsilon" in params ? params.epsilon : 1;
    const k = "k" in params ? params.k : 3;
    assertCheckpointsNotAttempted(lesson, [cp2_1, cp2_2]);
    const { count, share } = changedLine(lesson);
    assert.ok(count > 0, "DP noise changes some clusters");
    assert.ok(share < 0.5, "the majority is in common");
    assert.match(lesson.stdout, /in common: \d+\.\d% of Pokémon, a majority/);
    assert.match(lesson.stdout, /algorithm: eugkm \(.+\); size: 1025 \(public\)/);

    const raw = Number(/labels differ, before matching: (\d+) of 1025/.exec(lesson.stdout)?.[1]);
    assert.ok(raw >= count, `unmatched labels (${raw}) never fewer than matched (${count})`);
    assert.match(lesson.stdout, new RegExp(`pairs: ${Array.from({ length: k }, () => "DP \\d ↔ \\d").join(", ")}`));

    assert.equal(lesson.charts, 4);
    assert.ok(lesson.html.some((h) => h.includes(`${(100 * share).toFixed(1)}% of Pokémon changed cluster (pink)`)), "pink chart title");
    assert.ok(lesson.html.some((h) => h.includes(`DP k-means (ε = ${epsilon}, k = ${k})`)), "the DP chart names its ε");
    assert.ok(lesson.html.some((h) => h.includes("Distance to the border")), "the margin table");

    const seeds = seedTable(lesson);
    for (const e of [0.2, 1, 5]) {
      const eugkm = seeds[`EUGkM (auto)|${e}`];
      const dplloyd = seeds[`DPLloyd (diffprivlib&#39;s)|${e}`];
      assert.ok(eugkm && dplloyd, `rows at ε = ${e}: ${Object.keys(seeds)}`);
      assert.ok(eugkm[2]! < 50, `every seed keeps the majority in common at ε = ${e}: ${eugkm}`);
      assert.ok(dplloyd[2]! - dplloyd[0]! > eugkm[2]! - eugkm[0]!, `DPLloyd spreads wider at ε = ${e}`);
    }
    assert.ok(morePink(lesson, "EUGkM (auto)").every((n) => n >= 8));
    assert.equal(morePink(lesson, "DPLloyd (diffprivlib's)").length, 2);

    const ratio = Number(/quality ratio: (\d+\.\d+)/.exec(lesson.stdout)?.[1]);
    assert.ok(ratio >= 0.99, `quality ratio ${ratio}`);
    // publicSize given: no noisy count, so no size warning; the seeded-noise card once, nothing on stderr.
    assert.equal(lesson.html.filter((h) => h.includes("size-from-noisy-count")).length, 0);
    assert.equal(lesson.html.filter((h) => h.includes("seeded-noise")).length, 1, "the seeded-noise card once");
    assert.equal(lesson.stderr, "");
  });
}

test("lesson 2: ε = 0.2 changes more Pokémon than ε = 1 (same seed, k = 3), as the table's counts say", async () => {
  const atOne = changedLine(await executeLesson("02-comparing-models"));
  const atFifth = changedLine(await executeLesson("02-comparing-models", { epsilon: 0.2 }));
  assert.ok(atFifth.count > atOne.count, `ε = 0.2 changed ${atFifth.count}, ε = 1 changed ${atOne.count}`);
});

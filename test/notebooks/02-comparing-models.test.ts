/**
 * Lesson 2 executed headless at its defaults and at settings drawn from its declared ranges (see
 * settings.ts; the draw's seed is printed, replay with COURSE_DRAW_SEED=<seed>). At every setting the central
 * claims hold (the receipt adds up to ε, auto picks EUGkM, matching never adds differences, the majority is
 * in common), and each card's numbers are recomputed from the lesson's other outputs (the printed counts,
 * the pink chart's title, the table over seeds), so a card that drifts from the run fails here.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { cp2_1, cp2_2 } from "../../src/exercises/checkpoints";
import { assertCentralClaimsHold, assertCheckpointsNotAttempted, claimCard, executeLesson, tableRows, type ExecutedLesson } from "./executed";
import { lessonSettings } from "./settings";

const CENTRAL = ["receipt-adds-up", "auto-picks-eugkm", "matching-never-adds", "majority-in-common"];

/** The lesson's parseable line: `changed: 137 of 1025 Pokémon (13.4%) (exact diagnostic, not private)`. */
function changedLine(lesson: ExecutedLesson): { count: number; share: number } {
  const m = /changed: (\d+) of 1025 Pokémon \((\d+\.\d)%\) \(exact diagnostic, not private\)/.exec(lesson.stdout);
  assert.ok(m, `no "changed: N of 1025 Pokémon (x%) (exact diagnostic, not private)" line in:\n${lesson.stdout}`);
  const count = Number(m[1]);
  assert.equal(Number(m[2]), Number(((100 * count) / 1025).toFixed(1)), "the share printed is count / 1025");
  return { count, share: count / 1025 };
}

/** "in 7 of 10 seeds (70%)" → [7, 10], every frequency in a text, in order. */
function frequencies(text: string): [number, number][] {
  return [...text.matchAll(/in (\d+) of (\d+) \w+ \((\d+)%\)/g)].map((m) => {
    assert.equal(Number(m[3]), Math.round((100 * Number(m[1])) / Number(m[2])), `the percentage in "${m[0]}"`);
    return [Number(m[1]), Number(m[2])];
  });
}

for (const params of lessonSettings("02-comparing-models")) {
  const name = JSON.stringify(params);
  test(`lesson 2 at ${name}: runs to the end, central claims hold, cards agree with the outputs`, async () => {
    const lesson = await executeLesson("02-comparing-models", params);
    const epsilon = typeof params.epsilon === "number" ? params.epsilon : 1;
    const k = typeof params.k === "number" ? params.k : 3;
    assertCentralClaimsHold(lesson, CENTRAL);
    assertCheckpointsNotAttempted(lesson, [cp2_1, cp2_2]);
    assert.equal(lesson.charts, 4, "k-means, DP k-means, side by side, pink");
    assert.equal(lesson.stderr, "");
    assert.ok(lesson.html.some((h) => h.includes(`DP k-means (ε = ${epsilon}, k = ${k})`)), "the DP chart names its ε");

    // The receipt card against the printed fit: public size, EUGkM.
    assert.match(lesson.stdout, /algorithm: eugkm \(.+\); size: 1025 \(public\)/);
    assert.match(claimCard(lesson, "receipt-adds-up").measured, new RegExp(`add up to ε = ${epsilon}; size 1025 from the public count`));

    // Changed counts: the card, the printed line, the pink chart's title and the unmatched count agree.
    const { count, share } = changedLine(lesson);
    const raw = Number(/labels differ, before matching: (\d+) of 1025/.exec(lesson.stdout)?.[1]);
    assert.equal(claimCard(lesson, "matching-never-adds").measured, `${count} changed after matching, ${raw} before`);
    assert.equal(claimCard(lesson, "majority-in-common").measured, `${1025 - count} of 1025 Pokémon (${(100 * (1 - share)).toFixed(1)}%) keep their cluster`);
    assert.ok(lesson.html.some((h) => h.includes(`${(100 * share).toFixed(1)}% of Pokémon changed cluster (pink)`)), "pink chart title");

    // The occupancy card's sizes add up to every Pokémon, one per cluster, and say "collapsed" exactly when one is 0.
    const occupancy = claimCard(lesson, "dp-uses-every-cluster");
    const sizes = /sizes ([\d, ]+) \(/.exec(occupancy.measured)![1]!.split(", ").map(Number);
    assert.equal(sizes.length, k);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 1025);
    assert.equal(occupancy.holds, sizes.every((s) => s > 0));

    // The margin card against the margin table.
    const margins = tableRows(lesson.html, "Distance to the border").map((row) => Number(row[1]));
    const pink = claimCard(lesson, "pink-near-borders");
    if (count > 0) assert.equal(pink.holds, margins[0]! < margins[1]!, `pink card vs the table ${margins}`);
    else assert.equal(pink.holds, false);

    // The seed table: EUGkM's majority card recomputed from its max column, the frequency of every step.
    const rows = tableRows(lesson.html, "Share of Pokémon that changed cluster, 10 seeds");
    const eugkm = rows.filter((r) => r[0] === "EUGkM (auto)");
    const epsilons = [...new Set([0.2, 1, 5, epsilon])];
    assert.equal(eugkm.length, epsilons.length, "one row per ε of the sweep");
    assert.equal(rows.length, 2 * epsilons.length);
    const majority = claimCard(lesson, "eugkm-majority-every-seed");
    const [hits, total] = frequencies(majority.measured)[0]!;
    assert.equal(total, 10 * epsilons.length);
    assert.equal(majority.holds, hits === total);
    if (hits === total) assert.ok(eugkm.every((r) => Number(r[4]!.replace("%", "")) < 50), `max below 50% in ${eugkm}`);
    for (const id of ["eugkm-smaller-eps-more-pink", "dplloyd-smaller-eps-more-pink"]) {
      const card = claimCard(lesson, id);
      const steps = frequencies(card.measured);
      assert.equal(steps.length, epsilons.length - 1, `${id}: one frequency per step`);
      assert.equal(card.holds, steps.every(([h, t]) => 2 * h > t), `${id}: holds iff every step is a majority of seeds`);
    }
    // A ✗ on EUGkM's ε steps names the grid sizes, one per ε (the reason finding 1 asked for).
    const eugkmSteps = claimCard(lesson, "eugkm-smaller-eps-more-pink");
    if (!eugkmSteps.holds) assert.equal(eugkmSteps.reason.match(/\d+ at ε = [\d.]+/g)?.length, epsilons.length);

    const ratio = Number(/quality ratio: (\d+\.\d+)/.exec(lesson.stdout)?.[1]);
    assert.equal(claimCard(lesson, "non-private-is-best").holds, ratio >= 0.99);
    // publicSize given: no noisy count, so no size warning; the seeded-noise card once.
    assert.equal(lesson.html.filter((h) => h.includes("size-from-noisy-count")).length, 0);
    assert.equal(lesson.html.filter((h) => h.includes("seeded-noise")).length, 1, "the seeded-noise card once");
  });
}

test("lesson 2 at ε = 0.5 (finding 1: it stopped on its own assertion) runs to its end; EUGkM's ε steps are a card", async () => {
  const lesson = await executeLesson("02-comparing-models", { epsilon: 0.5 });
  assertCentralClaimsHold(lesson, CENTRAL);
  const card = claimCard(lesson, "eugkm-smaller-eps-more-pink");
  assert.equal(frequencies(card.measured).length, 3);
  assert.match(card.reason, /4 at ε = 0\.2, 7 at ε = 0\.5, 10 at ε = 1, 22 at ε = 5/);
});

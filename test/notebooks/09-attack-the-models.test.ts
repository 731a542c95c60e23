/**
 * Lesson 9 (attack the models) at its defaults and at settings drawn from its declared ranges: runs to
 * the end with its four charts, its central claims hold (the outlier exposed by non-private k-means; no
 * ROC point outside the ε-DP region; every advantage under its cap; every empirical lower bound under the
 * declared ε; clipping caps a record beyond the bound), and the cards agree with the lesson's own tables.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { cp9_1, cp9_2 } from "../../src/exercises/checkpoints";
import {
  assertCentralClaimsHold,
  assertCheckpointsNotAttempted,
  claimCard,
  executeLesson,
  tableRows,
} from "./executed";
import { lessonSettings } from "./settings";

const LESSON = "09-attack-the-models";

test("lesson 9 as committed: titled checkpoints, and Let's practice! points next to the lesson", () => {
  const source = readNotebook(join(projectRoot, "notebooks", `${LESSON}.ipynb`));
  const all = source.cells.map(cellSource).join("\n");
  assert.match(all, /\*\*Checkpoint 9\.1 · Who is exposed\?\*\*/);
  assert.match(all, /\*\*Checkpoint 9\.2 · What a lower bound proves\*\*/);
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  // A learner's copy lives in my-notebooks/, next to exercises/: the link must not send them to notebooks/exercises/.
  assert.doesNotMatch(last, /notebooks\/exercises/);
  const exercise = /`(exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, "notebooks", exercise)), `the exercise notebook ${exercise} exists`);
});
const CENTRAL = ["outlier-exposed", "inside-region", "advantage-under-bound", "bound-under-epsilon", "clipping-caps-outliers"];
const num = (cell: string) => Number(cell.replace(/,/g, "").replace("−", "-"));

for (const params of lessonSettings(LESSON)) {
  test(`lesson 9 at ${JSON.stringify(params)}: runs, central claims hold, cards match the tables`, async () => {
    const lesson = await executeLesson(LESSON, params);
    assert.equal(lesson.errors, "", "no cell failed");
    assert.equal(lesson.charts, 4, "non-private ROC, DPLloyd ROC, EUGkM ROC, advantage against ε");
    assertCentralClaimsHold(lesson, CENTRAL);
    assertCheckpointsNotAttempted(lesson, [cp9_1, cp9_2]);

    // The bound table: one row per DP model (two methods × three ε), each bound under its declared ε,
    // as the card says; the card's count is the table's.
    const bounds = tableRows(lesson.html, "What the games prove about ε");
    assert.equal(bounds.length, 6);
    for (const row of bounds) {
      const [declared, lower] = [num(row[1]!), num(row[2]!)];
      assert.ok(lower >= 0 && lower <= declared, `${row[0]}: ε ≥ ${lower} proved, ${declared} declared`);
      // A bound of 0 proves nothing, so no attack is named as its source (review: it named "nearest centre").
      assert.equal(/^no game proved ε (&gt;|>) 0$/.test(row[3]!), lower === 0, `${row[0]}: from ${row[3]}`);
    }
    assert.match(claimCard(lesson, "bound-under-epsilon").measured, /^6 of 6 models/);

    // Every game checked: 2 DP methods × 3 ε × 2 targets × 2 attacks, none outside.
    assert.match(claimCard(lesson, "inside-region").measured, /^0 of 24 games/);
    assert.match(claimCard(lesson, "outlier-exposed").measured, /rounds won/);

    // The targets: the outlier is farther from its nearest neighbour than the typical Pokémon.
    const targets = tableRows(lesson.html, "The two targets");
    assert.deepEqual(targets.map((r) => r[0]), ["typical", "outlier"]);
    assert.ok(num(targets[1]![3]!) > num(targets[0]![3]!));

    // By target: no DP advantage above the non-private one, and the cap is (e^ε − 1)/(e^ε + 1).
    const byTarget = tableRows(lesson.html, "Advantage of the best attack, by target");
    const high = Number(params.highEpsilon ?? 4);
    for (const row of byTarget) {
      const [plain, dplloyd, eugkm, cap] = row.slice(1).map(num);
      assert.ok(Math.abs(cap! - (Math.exp(high) - 1) / (Math.exp(high) + 1)) < 1e-3, `cap ${cap}`);
      assert.ok(plain! > 0.5 && dplloyd! <= plain! + 0.05 && eugkm! <= plain! + 0.05, row.join(" | "));
    }
  });
}

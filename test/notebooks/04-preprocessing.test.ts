/**
 * Lesson 4 (pre-processing) executed headless at its defaults (ε = 1, k = 3, seed = 42, 2 components) and at
 * settings drawn from the ranges its parameters cell declares (`lessonSettings`; replay a draw with
 * COURSE_DRAW_SEED). Every pipeline is scored against ONE reference (non-private k-means on the six
 * exactly-scaled stats). At every setting: no cell fails, charts included (with three or four components the
 * pink charts show two, and say so), the central claims hold (the leaks, the receipts), and each card's
 * verdict is recomputed from the scoring tables it summarises. The method "auto" picks is read from the
 * run, never assumed: the card comparing the three methods must agree with its own table.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cellSource, cellTags, isClean, readNotebook } from "../../scripts/lib/notebook";
import { parameterDeclarations } from "../../scripts/lib/notebook-parameters";
import { projectRoot } from "../../scripts/lib/project";
import { cp4_1, cp4_2 } from "../../src/exercises/checkpoints";
import { assertCentralClaimsHold, assertCheckpointsNotAttempted, claimCard, executeLesson, type ExecutedLesson } from "./executed";
import { lessonSettings } from "./settings";

const LESSON = "04-preprocessing";
const CENTRAL = [
  "variance-kept-is-pca-ratio",
  "scaler-reveals-newcomer",
  "pca-moves-every-point",
  "receipt-covers-kmeans-only",
  "pipeline-receipt-adds-up",
  "private-pipeline-adds-up",
];

interface Row {
  kept: number;
  quality: number;
  changed: number;
}

/** The rows of the last scoring table whose caption starts so: pipeline → variance kept %, quality ratio, changed %. */
function scoringRows(html: string[], caption: string): Record<string, Row> {
  const table = html.filter((h) => h.includes(caption)).at(-1);
  assert.ok(table, `a table "${caption}"`);
  const rows: Record<string, Row> = {};
  for (const row of table.matchAll(/<tr>(.*?)<\/tr>/gs)) {
    const cells = [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!);
    if (cells.length !== 4) continue;
    const [name, kept, quality, changed] = cells as [string, string, string, string];
    rows[name.replace(/&gt;/g, ">")] = { kept: Number(kept.replace("%", "")), quality: Number(quality), changed: Number(changed.replace("%", "")) };
  }
  return rows;
}

/** The claims at every setting; returns the final table for setting-specific checks. */
function checkEverySetting(lesson: ExecutedLesson, epsilon: number, k: number, components: number): Record<string, Row> {
  const { stdout, html } = lesson;
  assert.equal(lesson.errors, "");
  assert.equal(lesson.stderr, "");
  assertCentralClaimsHold(lesson, CENTRAL);
  assertCheckpointsNotAttempted(lesson, [cp4_1, cp4_2]);
  const rows = scoringRows(html, `Against the reference: ε = ${epsilon}, mean of 10 seeds`);
  const reference = rows["non-private k-means on the six scaled stats (the reference)"];
  const raw = rows["raw stats → DP k-means"];
  const leaky = rows["StandardScaler → PCA → DP k-means (leaks!)"];
  const pipeline = rows["DP scaler → DP PCA → DP k-means"];
  const best = rows["public scaling → DP PCA → DP k-means"];
  assert.ok(reference && raw && leaky && pipeline && best, `five rows: ${JSON.stringify(rows)}`);
  assert.deepEqual(reference, { kept: 100, quality: 1, changed: 0 });
  assert.equal(raw.kept, 100);
  // The variance kept: the card's figure is the table's and the caption's.
  const kept = /(\d+) components keep ([\d.]+)% of the variance/.exec(html.join(""));
  assert.ok(kept && Number(kept[1]) === components, `the caption names ${components} components`);
  assert.equal(leaky.kept, Number(kept[2]));
  assert.ok(best.kept <= leaky.kept + 0.1, `DP components keep no more: ${best.kept} vs ${leaky.kept}`);
  assert.match(claimCard(lesson, "variance-kept-is-pca-ratio").measured, new RegExp(`variance kept ${kept[2]}%`));
  // Cards that summarise the tables: their verdicts are the tables' comparisons.
  const leakyCard = claimCard(lesson, "leaky-recipe-closer");
  if (Math.abs(leaky.quality - raw.quality) > 0.002 && Math.abs(leaky.changed - raw.changed) > 0.2) {
    assert.equal(leakyCard.holds, leaky.quality < raw.quality && leaky.changed < raw.changed, leakyCard.measured);
  }
  const closer = claimCard(lesson, "public-scaling-closer");
  if (Math.abs(best.quality - raw.quality) > 0.002) assert.equal(closer.holds, best.quality < raw.quality, closer.measured);
  const fewer = claimCard(lesson, "public-scaling-fewer-changed");
  if (Math.abs(best.changed - raw.changed) > 0.2) assert.equal(fewer.holds, best.changed < raw.changed, fewer.measured);
  assert.match(closer.measured, /lower seed by seed in \d+ of 10 seeds \(\d+%\)/);
  // The three methods on the raw stats: the card names the method "auto" chose (read from the run) and
  // holds exactly when that method has the lowest mean quality ratio in the table.
  const chosen = /method "auto" chose (\w+): /.exec(stdout)?.[1];
  assert.ok(chosen, "the lesson prints what auto chose");
  const methods = scoringRows(html, "The three methods on the raw stats");
  const quality = Object.fromEntries(["dplloyd", "eugkm", "hybrid"].map((m) => [m, methods[`raw stats → DP k-means (${m})`]!.quality]));
  const auto = claimCard(lesson, "auto-picks-closest");
  assert.match(auto.claim, new RegExp(`\\(${chosen}\\)`));
  assert.equal(quality[chosen], raw.quality, "auto's row is the raw row");
  const lowest = Math.min(...Object.values(quality));
  if (Object.values(quality).filter((q) => Math.abs(q - lowest) < 0.002).length === 1) {
    assert.equal(auto.holds, quality[chosen] === lowest, `${auto.measured}`);
  }
  // The pink charts, and what they cannot show.
  const pink = claimCard(lesson, "pink-shrinks");
  const shares = /([\d.]+)% before, ([\d.]+)% after/.exec(pink.measured);
  assert.ok(shares);
  if (shares[1] !== shares[2]) assert.equal(pink.holds, Number(shares[2]) < Number(shares[1]));
  if (components > 2) assert.match(stdout, new RegExp(`The chart shows 2 of the ${components} components k-means used`));
  else assert.doesNotMatch(stdout, /The chart shows 2 of the/);
  // The catch: exact statistics give the newcomer away; every point moves.
  const recovered = html.find((h) => h.includes("Pecharunt, recovered"));
  assert.ok(recovered && /defense<\/td><td[^>]*>160<\/td><td[^>]*>160</.test(recovered), "Pecharunt's Defense 160 recovered");
  assert.equal(claimCard(lesson, "pca-moves-every-point").measured, "1024 of 1024 Pokémon have different PCA coordinates");
  // The receipts: k-means alone (text), the privatePipeline (table, 12 scaler rows, no size row), the chart.
  assert.match(stdout, new RegExp(`total\\s+${epsilon}\\s+0`));
  const receipt = html.find((h) => h.includes("The ε receipt of the DP pipeline"));
  assert.ok(receipt, "the privatePipeline receipt");
  // 12 scaler rows (a mean and a variance per stat) when the table shows every release (at most 16).
  const releases = Number(/^(\d+) releases, total ε/.exec(claimCard(lesson, "pipeline-receipt-adds-up").measured)?.[1]);
  const scalerRows = (receipt.match(/StandardScaler (mean|variance), feature \d/g) ?? []).length;
  if (releases <= 16) assert.equal(scalerRows, 12);
  else assert.ok(scalerRows > 0 && scalerRows <= 12, `scaler rows in a truncated table: ${scalerRows}`);
  assert.ok(receipt.includes("PCA: XᵀX upper triangle"));
  assert.ok(!/number of rows/.test(receipt), "publicSize given: no ε on a noisy count");
  assert.ok(html.some((h) => h.includes(`One receipt for the whole pipeline: ε = ${epsilon}`)), "the receipt chart");
  assert.match(stdout, /PCA pulled in \d+(–\d+)? Pokémon per run \(exact diagnostic, not private\)/);
  // Collapses are named: the card's verdict is its sizes'.
  for (const id of ["raw-no-collapse", "private-no-collapse"]) {
    const card = claimCard(lesson, id);
    const sizes = /sizes ([\d, ]+);/.exec(card.measured)![1]!.split(", ").map(Number);
    assert.equal(sizes.length, k);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 1025);
    assert.equal(card.holds, sizes.every((s) => s > 0), card.measured);
  }
  assert.equal(html.filter((h) => h.includes("seeded-noise")).length, 1, "the seed's warning once");
  assert.equal(lesson.charts, 3, "pink before, pink after, the receipt");
  return rows;
}

test("lesson 4 as committed: clean, declared ranges, every DP fit told the public size", () => {
  const source = readNotebook(join(projectRoot, "notebooks", `${LESSON}.ipynb`));
  assert.ok(isClean(source), "commit the notebook without outputs");
  // The reading time is checked for every lesson and exercise notebook by reading-time.test.ts.
  const parameters = source.cells.filter((c) => cellTags(c).includes("parameters"));
  assert.equal(parameters.length, 1);
  const declared = parameterDeclarations(cellSource(parameters[0]!));
  assert.deepEqual([...declared.keys()], ["epsilon", "k", "seed", "nComponents"]);
  for (const [name, d] of declared) assert.ok(d.range, `${name} declares its range`);
  assert.ok(declared.get("nComponents")!.range!.high >= 3, "three components are in range (finding 1)");
  const code = source.cells.filter((c) => c.cell_type === "code").map(cellSource).join("\n");
  const dpFits = (code.match(/new dp\.(KMeans|PCA)\(|dp\.privatePipeline\(/g) ?? []).length;
  assert.ok(dpFits >= 6, `DP fits: ${dpFits}`);
  assert.equal((code.match(/publicSize: publicSize/g) ?? []).length, dpFits, "every DP fit gets the public size");
  const markdown = source.cells.filter((c) => c.cell_type === "markdown").map(cellSource).join("\n");
  assert.doesNotMatch(markdown, /over 100 seeds|4 in 5/, "no figures the lesson does not compute (finding 2)");
  assert.doesNotMatch(markdown, /takes the hybrid|picks EUGkM/, "the method auto picks is read from the run (finding 4)");
  const last = cellSource(source.cells.at(-1)!);
  assert.match(last, /Let's practice!/);
  const exercise = /`(exercises\/[^`]+\.ipynb)`/.exec(last)?.[1];
  assert.ok(exercise && existsSync(join(projectRoot, "notebooks", exercise)), `the exercise notebook ${exercise} next to the lesson`);
});


for (const params of lessonSettings(LESSON)) {
  test(`lesson 4 at ${JSON.stringify(params)}: runs to its end, central claims hold, cards match the tables`, async () => {
    const lesson = await executeLesson(LESSON, params);
    checkEverySetting(lesson, Number(params.epsilon ?? 1), Number(params.k ?? 3), Number(params.nComponents ?? 2));
  });
}

test("lesson 4 with three components (finding 1): the pink charts show two and say so", async () => {
  const lesson = await executeLesson(LESSON, { nComponents: 3 });
  checkEverySetting(lesson, 1, 3, 3);
});

test("lesson 4 at its defaults: the figures the cards show", async () => {
  const lesson = await executeLesson(LESSON);
  assert.match(lesson.html.join(""), /2 components keep 62\.5% of the variance/);
  // At the defaults the raw DP fit collapses to two clusters, and the card says so.
  assert.equal(claimCard(lesson, "raw-no-collapse").holds, false);
  assert.match(claimCard(lesson, "public-scaling-closer").measured, /in 10 of 10 seeds/);
});

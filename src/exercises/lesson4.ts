/**
 * Lesson 4 exercises: pre-processing before DP k-means, and its privacy cost, from guided to open. All on
 * the six base stats of the 1,025 Pokémon (public bounds 1–255).
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 the recipe | the projected features, 1025 × 2 | StandardScaler → PCA(2), up to the sign of each component |
 * | q2 the scaler leaks | a number | a newcomer's Speed, from two published scalers |
 * | q3 one receipt | `{ accountant, kmeans }` | DP PCA (ε 0.5) and DP k-means (ε 0.5), publicSize 1025, on one ledger of ε = 1 |
 * | q4 open: free scaling | a function (X, bounds) → rows | three data sets, one whose data does not reach its bounds |
 *
 * The graders recognise the typical mistakes (PCA without scaling, no projection, noisy DP versions where
 * the recipe is asked; the difference of means, the wrong n, the wrong stat; separate accountants, ε spent
 * on a scaler the data does not need, bounds from the data, the wrong split, rows counted instead of the
 * Pokédex's public size declared; the data's own min and max,
 * standardising, [0, 1], constants that only fit the stats) and say so without giving the answer.
 *
 * Import in the exercise notebook as `./src/exercises/lesson4`.
 */
import { BASE_STAT_COLUMNS, featureMatrix, loadPokemon } from "../data/index";
import { PCA, StandardScaler } from "../preprocessing/index";
import { callLearnerFunction, closeTo, describeValue, expectFunction, expectNumber, show } from "./grading";
import { expectAccountant, expectFittedModel, expectMatrix, isRowCount, memo, noPublicSizeMessage, sameMatrix } from "./models";
import { correct, fail } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson4 = defineLesson(4, "Improving with pre-processing");

/** Exercise 4.3's budget and split. */
export const Q3 = { epsilon: 1, pca: 0.5, kmeans: 0.5, nClusters: 3 } as const;

const remember = memo();

/** The six base stats of all 1,025 Pokémon, with their public bounds. */
export function lessonData() {
  return remember("data", () => featureMatrix(loadPokemon(), [...BASE_STAT_COLUMNS]));
}

/** Scale every feature to [−1, 1] with the public bounds only (the reference for exercises 4.3 and 4.4). */
function scaleByBounds(X: readonly (readonly number[])[], bounds: { lower: readonly number[]; upper: readonly number[] }): number[][] {
  return X.map((row) => row.map((v, j) => (v - (bounds.lower[j]! + bounds.upper[j]!) / 2) / ((bounds.upper[j]! - bounds.lower[j]!) / 2)));
}

/** Whether every column of `a` equals the same column of `b` or its negation (PCA's signs are arbitrary). */
function sameUpToSign(a: readonly (readonly number[])[], b: readonly (readonly number[])[], tolerance = 1e-6): boolean {
  if (a.length !== b.length || a[0]!.length !== b[0]!.length) return false;
  return a[0]!.every((_, j) =>
    [1, -1].some((sign) => a.every((row, i) => Math.abs(row[j]! - sign * b[i]![j]!) <= tolerance * Math.max(1, Math.abs(b[i]![j]!)))),
  );
}

/** Absolute correlation of two columns. */
function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return Math.abs(sab / Math.sqrt(saa * sbb));
}

// ---------------------------------------------------------------------------------------------------
// q1: the recipe, StandardScaler then PCA (guided)

const projected = (X: number[][]) => new PCA({ nComponents: 2 }).fitTransform(X);

/** Exercise 4.1: the six base stats, standardised with StandardScaler, projected on 2 principal components. */
export const q1 = lesson4.problem({
  number: 1,
  title: "The recipe: scale, then project",
  hints: [
    "Two steps, as in the Python course: `new StandardScaler().fitTransform(X)` gives the standardised stats; `new PCA({ nComponents: 2 }).fitTransform(...)` projects them.",
    "Chain them: `new PCA({ nComponents: 2 }).fitTransform(new StandardScaler().fitTransform(X))`. Use the non-private classes from `./src/preprocessing/index`.",
  ],
  solution: `
const Z = new PCA({ nComponents: 2 }).fitTransform(new StandardScaler().fitTransform(X));`,
  explanation: "Standardising first gives every stat the same weight; PCA then keeps the two directions along which the Pokémon differ most (62.5% of the variance).",
  grade(answer) {
    const Z = expectMatrix(answer, "the projected features");
    const { X, bounds } = lessonData();
    if (Z.length !== X.length) fail("wrong-shape", `Expected one row per Pokémon (${X.length}); your answer has ${Z.length}.`);
    if (Z[0]!.length === X[0]!.length) {
      fail("not-projected", "Your rows still have 6 numbers: one per stat. Project them on 2 principal components with `PCA`.");
    }
    if (Z[0]!.length !== 2) fail("wrong-components", `Your rows have ${Z[0]!.length} numbers; the exercise asks for 2 principal components.`);
    const expected = remember("q1", () => projected(new StandardScaler().fitTransform(X)));
    if (sameUpToSign(Z, expected)) {
      return correct("Right: standardised, then projected. (The sign of a principal component is arbitrary: either is accepted.)");
    }
    if (sameUpToSign(Z, remember("q1/raw", () => projected(X)))) {
      fail("not-scaled", "That is PCA on the raw stats. Standardise them first, with `StandardScaler`, so every stat counts the same.");
    }
    if (sameUpToSign(Z, remember("q1/public", () => projected(scaleByBounds(X, bounds))))) {
      fail("not-standardised", "You scaled the stats with their public range; this exercise asks for the Python course's recipe, `StandardScaler`.");
    }
    if (Z[0]!.every((_, j) => correlation(Z.map((r) => r[j]!), expected.map((r) => r[j]!)) > 0.9)) {
      fail(
        "not-exact",
        "Close to the recipe, but not exactly it: did you use the DP scaler or PCA (noisy)? This exercise uses the non-private ones, from `./src/preprocessing/index`.",
      );
    }
    fail("wrong-features", "These are not the six stats standardised and projected on 2 components. Start from `X`.");
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: the scaler leaks a newcomer

/** The newcomer of exercise 4.2 (its name is not shown in the notebook). */
const NEWCOMER = "Pikachu";

/** The two published scalers of exercise 4.2: fitted without and with one Pokémon. */
export function q2Scalers(): { before: StandardScaler; after: StandardScaler } {
  return remember("q2", () => {
    const { X } = lessonData();
    const index = loadPokemon().findIndex((p) => p.name === NEWCOMER);
    return { before: new StandardScaler().fit(X.filter((_, i) => i !== index)), after: new StandardScaler().fit(X) };
  });
}

function newcomerValue(stat: number): number {
  const index = loadPokemon().findIndex((p) => p.name === NEWCOMER);
  return lessonData().X[index]![stat]!;
}

const SPEED = BASE_STAT_COLUMNS.indexOf("speed");

/** Exercise 4.2: the newcomer's Speed, from the means of the two published scalers. */
export const q2 = lesson4.problem({
  number: 2,
  title: "The scaler leaks: a newcomer's Speed",
  hints: [
    "A mean times the number of values is the total. `scaler.mean` holds the mean of each stat (Speed is the last), `scaler.nSamplesSeen` the number of Pokémon.",
    "The newcomer's Speed is what the total Speed gained: `after.nSamplesSeen * after.mean[5] - before.nSamplesSeen * before.mean[5]`.",
  ],
  solution: `
const speed = after.nSamplesSeen * after.mean[5] - before.nSamplesSeen * before.mean[5];`,
  explanation:
    "Exact means are exact totals in disguise: two of them reveal whoever was added, every stat of them. A DP scaler adds noise to each mean, so the difference says little.",
  grade(answer) {
    const v = expectNumber(answer, "the newcomer's Speed");
    const { before, after } = q2Scalers();
    const truth = newcomerValue(SPEED);
    if (closeTo(v, truth, { abs: 1e-6 })) {
      return correct(
        `Exactly the newcomer's Speed, from two tables of means. The same works for all six stats: published exact statistics give individuals away.`,
      );
    }
    const ma = after.mean![SPEED]!;
    const mb = before.mean![SPEED]!;
    const na = after.nSamplesSeen;
    const nb = before.nSamplesSeen;
    if (closeTo(v, ma - mb, { abs: 1e-9 })) {
      fail("mean-difference", "That is how much the mean moved: one newcomer moves it by a fraction of its value. Turn each mean into a total first.");
    }
    if (closeTo(v, na * (ma - mb), { abs: 1e-6 }) || closeTo(v, nb * (ma - mb), { abs: 1e-6 })) {
      fail("same-n", "You multiplied both means by the same number of Pokémon. The two scalers saw different numbers: `nSamplesSeen` of each.");
    }
    if (closeTo(v, ma, { abs: 1e-9 }) || closeTo(v, mb, { abs: 1e-9 })) fail("just-the-mean", "That is a mean Speed of all Pokémon, not the newcomer's.");
    const other = BASE_STAT_COLUMNS.findIndex((_, j) => j !== SPEED && closeTo(v, na * after.mean![j]! - nb * before.mean![j]!, { abs: 1e-6 }));
    if (other >= 0) fail("wrong-stat", `That is the newcomer's ${BASE_STAT_COLUMNS[other]}. Speed is the last of the six stats (index 5).`);
    if (v < 1 || v > 255) {
      fail("not-a-stat", `Speed is a base stat, between 1 and 255 in every game; ${show(v)} cannot be one. What does a mean times the number of Pokémon give?`);
    }
    fail("wrong-value", `${show(v)} is not the newcomer's Speed. What does a mean times the number of Pokémon give?`);
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: a private pipeline on one receipt

/** Exercise 4.3: `{ accountant, kmeans }` for DP PCA (ε 0.5) and DP k-means (ε 0.5) on one ledger of ε = 1. */
export const q3 = lesson4.problem({
  number: 3,
  title: "One receipt for the whole pipeline",
  hints: [
    "Make ONE `new dp.BudgetAccountant({ epsilon: 1 })` and pass it as `accountant` to both the DP PCA and the DP k-means.",
    "DP PCA: `new dp.PCA({ nComponents: 2, epsilon: 0.5, bounds: [-1, 1], dataNorm: 2.5, publicSize: 1025, randomState: 1, accountant: accountant })` on `publicScaled`; then DP k-means (ε 0.5, k = 3, `publicSize: 1025` too: the Pokédex's size is public) on its output, with `bounds: pca.outputBounds()`.",
  ],
  solution: `
const accountant = new dp.BudgetAccountant({ epsilon: 1 });
const dpPca = new dp.PCA({ nComponents: 2, epsilon: 0.5, bounds: [-1, 1], dataNorm: 2.5, publicSize: 1025, randomState: 1, accountant: accountant });
const features = dpPca.fit(publicScaled).transform(publicScaled);
const kmeans = new dp.KMeans({ epsilon: 0.5, nClusters: 3, bounds: dpPca.outputBounds(), publicSize: 1025, randomState: 1, accountant: accountant }).fit(features);
const pipeline = { accountant: accountant, kmeans: kmeans };`,
  explanation:
    "Both steps read the data, so both must be private and both must be on the receipt: ε = 0.5 + 0.5 = 1 for the whole pipeline. The scaling by public bounds and the Pokédex's public size read nothing private and cost nothing.",
  grade(answer) {
    if (typeof answer !== "object" || answer === null || Array.isArray(answer) || !("accountant" in answer) || !("kmeans" in answer)) {
      fail("wrong-type", `Expected an object \`{ accountant, kmeans }\`; your answer is ${describeValue(answer)}.`);
    }
    const { accountant, kmeans } = answer as { accountant: unknown; kmeans: unknown };
    const acc = expectAccountant(accountant, "`accountant`, the budget accountant");
    const model = expectFittedModel(kmeans, "`kmeans`, the fitted DP k-means", {
      use: "`dp.KMeans`, since the clustering reads the data too",
      handle: "q3",
      subject: "`kmeans`",
    });
    if (!model.info) fail("non-private", "`kmeans` is the non-private KMeans. Use `dp.KMeans`: the clustering reads the data too.");
    if (model.info.boundsFromData) {
      fail("bounds-missing", "Your k-means took its bounds from the data. Give it the DP PCA's public output bounds: `pca.outputBounds()`.");
    }
    if (model.centres[0]!.length !== 2) {
      fail("not-projected", `Your k-means saw ${model.centres[0]!.length} features. Fit it on the DP PCA's output (2 components).`);
    }
    const pcaRows = acc.rows.filter((r) => r.label.startsWith("PCA"));
    const scalerRows = acc.rows.filter((r) => r.label.startsWith("StandardScaler"));
    const onReceipt = model.info.ledger.every((row) => acc.rows.includes(row));
    if (pcaRows.length === 0 && onReceipt) {
      fail("pca-not-on-receipt", "Your k-means is on this ledger, but the PCA is not: it spent its ε on another accountant. Give both the same one.");
    }
    if (!onReceipt) {
      fail("kmeans-not-on-receipt", "Your k-means is not on this ledger: it spent its ε on another accountant. Give the PCA and the k-means the same one.");
    }
    if (scalerRows.length > 0) {
      fail(
        "spent-on-scaling",
        "This receipt pays for a DP StandardScaler too. The data is already scaled with public bounds, which costs nothing: spend the budget on the PCA and the k-means only.",
      );
    }
    const pcaEpsilon = pcaRows.reduce((s, r) => s + r.epsilon, 0);
    if (!closeTo(acc.spent, Q3.epsilon, { abs: 1e-9 })) {
      fail("wrong-total", `The receipt adds up to ε = ${show(acc.spent)}; the whole pipeline should spend another total.`);
    }
    if (!closeTo(pcaEpsilon, Q3.pca, { abs: 1e-9 }) || !closeTo(model.info.epsilon, Q3.kmeans, { abs: 1e-9 })) {
      fail("wrong-split", `Your PCA spent ε = ${show(pcaEpsilon)} and your k-means ε = ${show(model.info.epsilon)}; the exercise splits the budget another way.`);
    }
    if (model.centres.length !== Q3.nClusters) fail("wrong-k", `Your k-means has ${model.centres.length} clusters; the exercise asks for another number.`);
    // Checked last: the split is the same either way (a noisy row count is part of its step's ε).
    const counted = acc.rows.filter(isRowCount).map((r) => (r.label.startsWith("PCA") ? "your PCA" : "your k-means"));
    if (counted.length > 0) {
      const subject = counted.length > 1 ? "Your PCA and your k-means each" : counted[0] === "your PCA" ? "Your PCA" : "Your k-means";
      fail("no-public-size", noPublicSizeMessage(subject));
    }
    return correct(
      `One receipt: the PCA's ${pcaRows.length} release(s) and the k-means' ${model.info.ledger.length}, adding up to ε = ${show(acc.spent)} for the whole pipeline.`,
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q4: open, scaling with public bounds only

/** One data set exercise 4.4 tries a function on. */
export interface ScalingCase {
  readonly label: string;
  readonly X: number[][];
  readonly bounds: { lower: number[]; upper: number[] };
}

/** The data sets of exercise 4.4: the stats, weight and height (other bounds), and one that does not reach its bounds. */
export function scalingCases(): ScalingCase[] {
  return remember("q4", () => {
    const stats = lessonData();
    const body = featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]);
    return [
      { label: "the six base stats", X: stats.X, bounds: stats.bounds },
      { label: "log10 weight and height (other bounds)", X: body.X, bounds: body.bounds },
      { label: "a small data set that does not reach its bounds", X: [[2, 10], [4, 30], [6, 20]], bounds: { lower: [0, 0], upper: [10, 40] } },
    ];
  });
}

const copyCase = (c: ScalingCase): [number[][], { lower: number[]; upper: number[] }] => [
  c.X.map((r) => r.slice()),
  { lower: c.bounds.lower.slice(), upper: c.bounds.upper.slice() },
];

/** Exercise 4.4: `publicScale(X, bounds)`, every feature mapped to [−1, 1] with the public bounds only. */
export const q4 = lesson4.problem({
  number: 4,
  title: "Open: scaling that costs no ε",
  hints: [
    "Only `bounds` may decide the scaling, never the data: map each feature's lower bound to −1 and its upper bound to +1.",
    "For feature j: subtract the middle of its bounds, (lower + upper) / 2, then divide by half its range, (upper − lower) / 2.",
  ],
  solution: `
function publicScale(X: number[][], bounds: { lower: number[]; upper: number[] }): number[][] {
  return X.map((row) => row.map((v, j) =>
    (v - (bounds.lower[j] + bounds.upper[j]) / 2) / ((bounds.upper[j] - bounds.lower[j]) / 2)));
}`,
  explanation:
    "The scaling depends only on public bounds, so it reveals nothing and costs no ε: the same for every data set with those bounds. Data-dependent scaling (min–max of the data, StandardScaler) needs its own share of ε.",
  grade(answer) {
    const fn = expectFunction(answer, "a function `(X, bounds) => scaled rows`");
    for (const c of scalingCases()) {
      const got = callLearnerFunction(fn, copyCase(c), `on ${c.label}`);
      const rows = expectMatrix(got, `what your function returned on ${c.label}`);
      const expected = scaleByBounds(c.X, c.bounds);
      if (rows.length !== expected.length || rows[0]!.length !== expected[0]!.length) {
        fail("wrong-shape", `On ${c.label} your function returned ${rows.length} rows of ${rows[0]!.length}; expected ${expected.length} of ${expected[0]!.length}, one number per value.`);
      }
      if (sameMatrix(rows, expected)) continue;
      const d = c.X[0]!.length;
      const dataLower = Array.from({ length: d }, (_, j) => Math.min(...c.X.map((r) => r[j]!)));
      const dataUpper = Array.from({ length: d }, (_, j) => Math.max(...c.X.map((r) => r[j]!)));
      if (sameMatrix(rows, scaleByBounds(c.X, { lower: dataLower, upper: dataUpper }))) {
        fail("from-data", `On ${c.label} your function scales with the data's own minimum and maximum: that reads the data (and leaks its extremes). Use \`bounds\` only.`);
      }
      if (sameUpToSign(rows, new StandardScaler().fitTransform(c.X), 1e-9)) {
        fail("standardised", `On ${c.label} your function standardises with the data's mean and standard deviation: exact statistics of the data. Use \`bounds\` only.`);
      }
      const zeroOne = c.X.map((r) => r.map((v, j) => (v - c.bounds.lower[j]!) / (c.bounds.upper[j]! - c.bounds.lower[j]!)));
      if (sameMatrix(rows, zeroOne)) fail("zero-one", `On ${c.label} your function maps the bounds to [0, 1]; the exercise asks for [−1, 1].`);
      if (sameMatrix(rows, c.X.map((r) => r.map((v) => (v - 128) / 127)))) {
        fail("hard-coded", `On ${c.label} your function uses the base stats' range (1–255) whatever the bounds. Read the range of each feature from \`bounds\`.`);
      }
      fail("wrong-values", `On ${c.label} your function's values are not the features mapped from [lower, upper] to [−1, 1].`);
    }
    return correct("Your scaling uses only the public bounds: it is the same whoever is in the data, so it costs no ε.");
  },
});

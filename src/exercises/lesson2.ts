/**
 * Lesson 2 exercises: comparing non-private and DP k-means, from guided to open. All on the 1,025 Pokémon
 * by log10 weight and log10 height with public bounds and the Pokédex's public size (`publicSize: 1025`), as
 * in the lesson; the non-private reference is `new KMeans({ nClusters: 3, randomState: 42 })`.
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 a DP model | the fitted model | ε = 0.5, k = 3, public bounds, publicSize 1025, seed 7, refitted here |
 * | q2 count the changes | a whole number | changed Pokémon after matching, DP ε = 0.3, publicSize 1025, seed 0 |
 * | q3 pink near the border | [median margin pink, unchanged] | margins to the non-private centres |
 * | q4 open: your own matching | a function (a, b) → count | five pairs of labelings, one where greedy fails |
 *
 * The graders recognise the typical mistakes (the non-private model, bounds missing or taken from the
 * data, no public size declared, wrong ε, wrong k, no seed, labels not matched before comparing, a share instead of a count,
 * agreements counted, squared distances, greedy matching...) and say so without giving the answer.
 *
 * Import in the exercise notebook as `./src/exercises/lesson2`.
 */
import { borderMargins, changedShare, KMeans, matchLabels, qualityRatio } from "../cluster/index";
import { featureMatrix, loadPokemon } from "../data/index";
import { KMeans as DPKMeans } from "../dp/models";
import { callLearnerFunction, closeTo, describeValue, expectFunction, expectNumber, expectNumberList, show } from "./grading";
import { expectFittedModel, expectPokedexSize, memo, POKEDEX_SIZE, quietly, sameMatrix } from "./models";
import { correct, fail } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson2 = defineLesson(2, "Comparing models");

/** The seed of the non-private reference model (as in the lesson). */
export const SEED = 42;
/** Exercise 2.1's settings. */
export const Q1 = { epsilon: 0.5, nClusters: 3, seed: 7 } as const;
/** The DP model exercises 2.2 and 2.3 compare with the reference (fitted with `publicSize: 1025`, as every DP fit here). */
export const Q2 = { epsilon: 0.3, nClusters: 3, seed: 0 } as const;

const remember = memo();

/** The lesson's data: log10 weight and height of all 1,025 Pokémon, with public bounds. */
export function lessonData() {
  return remember("data", () => featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]));
}

/** The non-private reference model (k = 3, seed 42). */
function reference(): KMeans {
  return remember("reference", () => new KMeans({ nClusters: 3, randomState: SEED }).fit(lessonData().X));
}

/** The labels of the DP model of exercises 2.2 and 2.3. */
export function q2Labels(): number[] {
  return remember("q2labels", () => {
    const { X, bounds } = lessonData();
    return quietly(() => new DPKMeans({ epsilon: Q2.epsilon, nClusters: Q2.nClusters, bounds, publicSize: POKEDEX_SIZE, randomState: Q2.seed }).fitPredict(X));
  });
}

/** How many points changed cluster between two labelings, after matching (the reference answer). */
function changedCount(a: readonly number[], b: readonly number[]): number {
  const perm = matchLabels(a, b);
  return a.filter((label, i) => perm[b[i]!] !== label).length;
}

const sameBounds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, j) => closeTo(v, b[j]!, { abs: 1e-9 }));

// ---------------------------------------------------------------------------------------------------
// q1: fit a DP model with given settings (guided)

/** Exercise 2.1: a DP k-means model with ε = 0.5, 3 clusters, the public bounds and size and seed 7, fitted on `X`. */
export const q1 = lesson2.problem({
  number: 1,
  title: "A DP model with given settings",
  hints: [
    "The DP model is `dp.KMeans` (from `./src/dp/models`), not the `KMeans` of `./src/cluster/index`. Its settings go in one object: `epsilon`, `nClusters`, `bounds`, `publicSize`, `randomState`.",
    "`new dp.KMeans({ epsilon: ..., nClusters: ..., bounds: bounds, publicSize: publicSize, randomState: ... })`, then call `.fit(X)` on it and pass the model. `publicSize` (set up in the first cell) is the Pokédex's 1,025 species: public, known without looking at the data, so the model need not spend ε counting the rows.",
  ],
  solution: `
const dpModel = new dp.KMeans({ epsilon: 0.5, nClusters: 3, bounds: bounds, publicSize: publicSize,
  randomState: 7 });
dpModel.fit(X);`,
  explanation:
    "The public bounds come from `featureMatrix` (the Pokédex's ranges, not the data) and the public size from the Pokédex (1,025 species), so all of ε = 0.5 goes to the centres. The seed only makes the noise reproducible for the check.",
  grade(answer) {
    const model = expectFittedModel(answer, "the fitted DP model", { use: "`new dp.KMeans({ ... })` (from `./src/dp/models`)", handle: "q1" });
    const { X, bounds } = lessonData();
    const info = model.info!; // a DP model: expectFittedModel ended the check for a non-private one
    if (info.boundsFromData) {
      fail(
        "bounds-missing",
        "Your model took its bounds from the data (see the PrivacyWarning under your cell), so it is not private. Pass the public `bounds` from `featureMatrix`.",
      );
    }
    const lower = X[0]!.map((_, j) => Math.min(...X.map((row) => row[j]!)));
    const upper = X[0]!.map((_, j) => Math.max(...X.map((row) => row[j]!)));
    if (sameBounds(info.bounds.lower, lower) && sameBounds(info.bounds.upper, upper)) {
      fail(
        "bounds-from-data",
        "Your bounds are the smallest and largest values in the data: they reveal the most extreme Pokémon. Use the public bounds from `featureMatrix` (the Pokédex's ranges).",
      );
    }
    if (!sameBounds(info.bounds.lower, bounds.lower) || !sameBounds(info.bounds.upper, bounds.upper)) {
      fail("bounds-not-public", "Those are not the public bounds of these two features. Use `bounds`, as `featureMatrix` returns them.");
    }
    if (info.epsilon !== Q1.epsilon) {
      fail("wrong-epsilon", `Your model spent ε = ${show(info.epsilon)}; this exercise asks for another ε. Set \`epsilon\` in the settings object.`);
    }
    if (model.centres.length !== Q1.nClusters) {
      fail("wrong-k", `Your model has ${model.centres.length} clusters; this exercise asks for another number. Set \`nClusters\`.`);
    }
    if (model.labels.length !== X.length || model.centres[0]!.length !== 2) {
      fail("wrong-data", `Your model was fitted on ${model.labels.length} rows of ${model.centres[0]!.length} feature(s); fit it on \`X\` (1,025 Pokémon, 2 features).`);
    }
    expectPokedexSize(info.size);
    if (info.noiseSource === "secure") {
      fail("no-seed", "Your model has no seed, so its noise cannot be reproduced by the check. Add `randomState: 7` (for teaching only: never seed a real release).");
    }
    if (model.randomState !== Q1.seed) {
      fail("wrong-seed", `Your model's seed is ${describeValue(model.randomState)}; this exercise asks for \`randomState: ${Q1.seed}\`.`);
    }
    const expected = remember(`q1/${info.method}`, () =>
      quietly(() => new DPKMeans({ epsilon: Q1.epsilon, nClusters: Q1.nClusters, bounds, publicSize: POKEDEX_SIZE, randomState: Q1.seed, method: info.method }).fit(X).clusterCenters),
    );
    if (!sameMatrix(model.centres, expected)) {
      fail(
        "other-settings",
        "Same ε, k, bounds, size and seed, but different centres: leave the other settings at their defaults and fit on `X` (all 1,025 Pokémon).",
      );
    }
    const ratio = qualityRatio(X, model.centres, reference().clusterCenters);
    return correct(
      `Right: a DP model at ε = ${Q1.epsilon} with public bounds and size. Its quality ratio against non-private k-means is ${ratio.toFixed(3)} (1.00 = as good).`,
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: count the changed Pokémon, after matching

/** Exercise 2.2: how many Pokémon are in a different cluster in `dpLabels` than in `npLabels`, after matching. */
export const q2 = lesson2.problem({
  number: 2,
  title: "Count the changes, after matching",
  hints: [
    "Cluster numbers are arbitrary: first find which DP cluster corresponds to which non-private one. `matchLabels(npLabels, dpLabels)` returns `perm`: DP cluster `b` is non-private cluster `perm[b]`.",
    "Relabel the DP labels with `perm`, then count the Pokémon whose two labels differ: `npLabels.filter((a, i) => a !== perm[dpLabels[i]]).length`.",
  ],
  solution: `
const perm = matchLabels(npLabels, dpLabels);
const changed = npLabels.filter((a, i) => a !== perm[dpLabels[i]]).length;`,
  explanation: "Without matching, the same groups under other numbers would count as different. `changedShare(npLabels, dpLabels)` gives the same count as a share.",
  grade(answer) {
    const n = expectNumber(answer, "the number of Pokémon that changed cluster");
    const npLabels = reference().labels;
    const dpLabels = q2Labels();
    const total = npLabels.length;
    const expected = changedCount(npLabels, dpLabels);
    if (n === expected) {
      return correct(
        `Yes: ${n} of ${total} Pokémon (${((100 * n) / total).toFixed(1)}%) changed cluster, so the two models still agree on the majority.`,
      );
    }
    if (n < 0) fail("negative", `A number of Pokémon is 0 or more; your answer is ${show(n)}.`);
    if (n > 0 && n < 1) {
      fail("share-not-count", `${show(n)} is a share. The exercise asks how many Pokémon: a whole number.`);
    }
    if (!Number.isInteger(n)) {
      if (closeTo((n / 100) * total, expected, { abs: 0.5 })) fail("percent", "That is a percentage. Pass the number of Pokémon: a whole number.");
      fail("not-whole", `A number of Pokémon is a whole number; your answer is ${show(n)}.`);
    }
    const raw = npLabels.filter((a, i) => a !== dpLabels[i]).length;
    if (n === raw) {
      fail(
        "not-matched",
        "You compared the cluster numbers as they come. They are arbitrary: match the DP clusters to the non-private ones first (`matchLabels`), then count.",
      );
    }
    if (n === total - expected) {
      fail("counted-agreements", "That is how many Pokémon kept their cluster. The exercise asks for those that changed.");
    }
    const lesson = remember("lesson-model", () => {
      const { X, bounds } = lessonData();
      return changedCount(npLabels, quietly(() => new DPKMeans({ epsilon: 1, nClusters: 3, bounds, publicSize: POKEDEX_SIZE, randomState: SEED }).fitPredict(X)));
    });
    if (n === lesson) {
      fail("lesson-model", "That is the count for the lesson's DP model (ε = 1, seed 42). This exercise compares `dpLabels`, from another ε and seed.");
    }
    if (n === total) fail("all-pokemon", `${total} is every Pokémon. Count only those whose (matched) cluster differs.`);
    fail("wrong-count", "That is not the number of Pokémon whose cluster differs after matching. Compare `npLabels` with `dpLabels`, matched.");
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: the pink Pokémon sit near the borders

/** How the margins of exercise 2.3 are computed; the variants are the typical mistakes. */
interface MarginVariant {
  /** Distances or squared distances. */
  squared?: boolean;
  /** Centres to measure from: the non-private ones (right) or the DP model's. */
  dpCentres?: boolean;
  /** Which Pokémon count as changed: after matching (right) or by raw numbers. */
  unmatched?: boolean;
  /** The statistic: the median (right) or the mean. */
  mean?: boolean;
}

/** [pink, unchanged] for a variant; for the median, the two middle values of each group (any convention). */
function marginStatistics(variant: MarginVariant): { pink: [number, number]; other: [number, number] } {
  return remember(`q3/${JSON.stringify(variant)}`, () => {
    const { X, bounds } = lessonData();
    const npLabels = reference().labels;
    const dpLabels = q2Labels();
    const centres = variant.dpCentres
      ? quietly(() => new DPKMeans({ epsilon: Q2.epsilon, nClusters: Q2.nClusters, bounds, publicSize: POKEDEX_SIZE, randomState: Q2.seed }).fit(X).clusterCenters)
      : reference().clusterCenters;
    const perm = matchLabels(npLabels, dpLabels);
    const changed = npLabels.map((a, i) => (variant.unmatched ? a !== dpLabels[i] : a !== perm[dpLabels[i]!]));
    // The right margins are the course's one definition (borderMargins, as lessons 2 and 6 use).
    const margins = variant.squared
      ? X.map((p) => {
          const d = centres.map((c) => (p[0]! - c[0]!) ** 2 + (p[1]! - c[1]!) ** 2).sort((a, b) => a - b);
          return d[1]! - d[0]!;
        })
      : borderMargins(X, centres);
    const stat = (v: number[]): [number, number] => {
      if (variant.mean) {
        const m = v.reduce((a, b) => a + b, 0) / v.length;
        return [m, m];
      }
      const s = [...v].sort((a, b) => a - b);
      return [s[Math.ceil(s.length / 2) - 1]!, s[Math.floor(s.length / 2)]!];
    };
    return { pink: stat(margins.filter((_, i) => changed[i])), other: stat(margins.filter((_, i) => !changed[i])) };
  });
}

const within = (v: number, [lo, hi]: [number, number]) => v >= lo - 1e-9 && v <= hi + 1e-9;
const matches = (answer: number[], s: { pink: [number, number]; other: [number, number] }) =>
  within(answer[0]!, s.pink) && within(answer[1]!, s.other);

/** Exercise 2.3: the median margin of the changed Pokémon and of the unchanged ones, `[pink, unchanged]`. */
export const q3 = lesson2.problem({
  number: 3,
  title: "Pink near the border",
  hints: [
    "A Pokémon's margin: the distance to its second-nearest non-private centre minus the distance to its nearest (`Math.hypot` gives a distance). Compute it for every Pokémon.",
    "Split the margins by whether the Pokémon changed cluster (after matching, as in exercise 2), then take the median of each group: sort, and take the middle value.",
  ],
  solution: `
const perm2 = matchLabels(npLabels, dpLabels);
const centres = npModel.clusterCenters;
const margins = X.map((p) => {
  const d = centres.map((c) => Math.hypot(p[0] - c[0], p[1] - c[1])).sort((a, b) => a - b);
  return d[1] - d[0];
});
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const isPink = npLabels.map((a, i) => a !== perm2[dpLabels[i]]);
const medians = [median(margins.filter((_, i) => isPink[i])), median(margins.filter((_, i) => !isPink[i]))];`,
  explanation:
    "The noise moves the centres a little, so the borders between clusters move a little: the Pokémon that switch are those with a small margin. Either median convention is accepted.",
  grade(answer) {
    const medians = expectNumberList(answer, "the two medians, `[pink, unchanged]`");
    if (medians.length !== 2) fail("wrong-shape", `Expected two numbers, \`[pink, unchanged]\`; your list has ${medians.length}.`);
    const right = marginStatistics({});
    if (matches(medians, right)) {
      return correct(
        `Yes: the pink Pokémon's median margin is ${show(medians[0]!)}, against ${show(medians[1]!)} for the others. ` +
          "The Pokémon that change cluster are those that were almost in another one.",
      );
    }
    if (matches([medians[1]!, medians[0]!], right)) fail("swapped", "Right numbers, wrong order: the pink Pokémon's median first, then the unchanged ones'.");
    if (matches(medians, marginStatistics({ squared: true }))) {
      fail("squared-distances", "Those margins use squared distances. Take the square root first (`Math.hypot` does it), then subtract.");
    }
    if (matches(medians, marginStatistics({ unmatched: true }))) {
      fail("not-matched", "Your pink Pokémon are those whose cluster NUMBERS differ. Match the labels first (`matchLabels`), as in exercise 2.");
    }
    if (matches(medians, marginStatistics({ mean: true }))) fail("mean-not-median", "Those are means. The exercise asks for medians: the middle value of each sorted group.");
    if (matches(medians, marginStatistics({ dpCentres: true }))) {
      fail("dp-centres", "Your margins are measured to the DP model's centres. Measure them to the non-private centres (`npModel.clusterCenters`).");
    }
    fail(
      "wrong-margins",
      "Those are not the two medians. For each Pokémon: distance to its second-nearest non-private centre minus distance to the nearest; then the median over the pink ones and over the others.",
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q4: open, write the matching yourself

/** One pair of labelings exercise 2.4 tries a function on. */
export interface MatchingCase {
  /** What the pair is, for messages (never the answer). */
  readonly label: string;
  readonly a: number[];
  readonly b: number[];
  /** The right count. */
  readonly changed: number;
}

/** Labels of `n` points given as runs: [label a, label b, how many]. */
function fromRuns(runs: [number, number, number][]): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (const [la, lb, count] of runs) {
    for (let i = 0; i < count; i++) {
      a.push(la);
      b.push(lb);
    }
  }
  return { a, b };
}

/**
 * The pairs of labelings exercise 2.4 tries a function on: the notebook's, the same clustering under other
 * numbers, a pair where taking the largest overlap first is wrong, one where a clustering uses only two
 * labels, and a DP fit the learner has not seen.
 */
export function matchingCases(): MatchingCase[] {
  return remember("q4", () => {
    const { X, bounds } = lessonData();
    const np = reference().labels;
    // Overlaps (rows b, columns a): b1 {a0: 5, a1: 4}, b2 {a0: 4}, b0 {a2: 1}. Greedy pairs b1–a0 (5) and
    // then has nothing left for b2 (changed: 8); the best pairs b1–a1 and b2–a0 (changed: 5). Raw: 10.
    const trap = fromRuns([[0, 1, 5], [1, 1, 4], [0, 2, 4], [2, 0, 1]]);
    const twoLabels = fromRuns([[0, 0, 3], [1, 0, 2], [2, 1, 4], [1, 1, 1]]);
    const unseen = quietly(() => new DPKMeans({ epsilon: 0.2, nClusters: 3, bounds, publicSize: POKEDEX_SIZE, randomState: 3 }).fitPredict(X));
    const cases = [
      { label: "the notebook's `npLabels` and `dpLabels`", a: np, b: q2Labels() },
      { label: "a clustering and the same clustering under other numbers", a: np, b: np.map((l) => (l + 1) % 3) },
      { label: "a small case where the largest overlap is not part of the best matching", ...trap },
      { label: "a small case where one clustering uses only two labels", ...twoLabels },
      { label: "a DP fit at ε = 0.2 that the notebook does not show", a: np, b: unseen },
    ];
    return cases.map((c) => ({ ...c, changed: changedCount(c.a, c.b) }));
  });
}

/** The count a greedy matching gives (largest overlap first). */
function greedyCount(a: readonly number[], b: readonly number[]): number {
  const k = Math.max(...a, ...b) + 1;
  const pairs: [number, number, number][] = [];
  for (let lb = 0; lb < k; lb++) for (let la = 0; la < k; la++) pairs.push([a.filter((v, i) => v === la && b[i] === lb).length, lb, la]);
  pairs.sort((x, y) => y[0] - x[0]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let agree = 0;
  for (const [count, lb, la] of pairs) {
    if (usedA.has(la) || usedB.has(lb)) continue;
    usedA.add(la);
    usedB.add(lb);
    agree += count;
  }
  return a.length - agree;
}

/** Exercise 2.4: a function that counts the changed points between two labelings of 3 clusters, after the best matching. */
export const q4 = lesson2.problem({
  number: 4,
  title: "Open: your own label matching",
  hints: [
    "With 3 clusters there are only 6 ways to pair the labels of `b` with those of `a`: [0,1,2], [0,2,1], [1,0,2], [1,2,0], [2,0,1], [2,1,0]. For each, count the points that agree.",
    "Keep the pairing with the most agreements; the answer is the number of points minus those agreements. Taking the largest overlap first is not always best.",
  ],
  solution: `
function countChanged(a: number[], b: number[]): number {
  const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  const agreeing = perms.map((p) => a.filter((label, i) => p[b[i]] === label).length);
  return a.length - Math.max(...agreeing);
}`,
  explanation:
    "Trying every pairing is exact, and cheap for 3 clusters (6 pairings). For many clusters there are k! pairings: the Hungarian algorithm (`matchLabels`) finds the best one in about k³ steps.",
  grade(answer) {
    const fn = expectFunction(answer, "a function `(a, b) => number of changed points`");
    const cases = matchingCases();
    for (const [index, c] of cases.entries()) {
      const got = callLearnerFunction(fn, [c.a.slice(), c.b.slice()], `on ${c.label}`);
      if (typeof got !== "number" || Number.isNaN(got)) {
        fail("wrong-return-type", `On ${c.label} your function returned ${describeValue(got)}; it should return how many points changed, a number.`);
      }
      if (got === c.changed) continue;
      if (got === greedyCount(c.a, c.b)) {
        fail(
          "greedy",
          `On ${c.label} your function gives the count of a matching that takes the largest overlap first. That is not always the best matching: try every pairing.`,
        );
      }
      const raw = c.a.filter((l, i) => l !== c.b[i]).length;
      if (got === raw) {
        fail(
          "not-matched",
          `On ${c.label} your function counts labels that differ as numbers. Match the clusters first: try every pairing and keep the best.`,
        );
      }
      if (got > 0 && got < 1) fail("share", `On ${c.label} your function returned a share (${show(got)}); return the number of points.`);
      if (got === c.a.length - c.changed) fail("counted-agreements", `On ${c.label} your function counts the points that agree; return those that changed.`);
      if (index > 0 && got === cases[0]!.changed) {
        fail("hard-coded", `Right for the notebook's labels, but on ${c.label} your function returns the same number: compute it from \`a\` and \`b\`.`);
      }
      fail("wrong-count", `On ${c.label} your function returned ${show(got)}, which is not the number of changed points after the best matching.`);
    }
    return correct(`Your matching is right on all ${cases.length} pairs, including the one where the largest overlap misleads a greedy matching.`);
  },
});

/** The share of exercise 2.2's answer, for the lesson's tests. */
export function q2Share(): number {
  return changedShare(reference().labels, q2Labels());
}

/**
 * Lesson 5 exercises: the elbow method, non-private and private, from guided to open.
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 the non-private elbow | inertia for k = 1…8 | `elbowCurve` (seed 42), within 1% |
 * | q2 choose k | a whole number | the lesson's elbow rule on q1's curve |
 * | q3 a private elbow from one synopsis | synopsis inertia for k = 1…8 | ε = 0.5, public bounds, publicSize 1025, seed 7, exactly |
 * | q4 open: choose k for new data, privately | `{ k, accountant, synopsis }` | the blobs' true number, one synopsis in the ledger, over the sensors' public range, with the readings counted privately |
 *
 * Exercise 5.4's data has public bounds (the sensors' range) but NO public size: nobody says how many
 * readings there are, so the synopsis must count them (5% of ε, a ledger row "eugkmSynopsis: number of
 * rows"). A synopsis told a size (`publicSize: mystery.X.length` reads the data; a typed-in number is a guess
 * nobody published) and a grid over bounds taken from the readings are the two mistakes lessons 3 and 5 warn
 * about: both are refused, named. A k that is the elbow of the learner's own curve, but not the data's, is
 * told apart from a misread curve: the release was too noisy (half the budget gives k = 3 here).
 *
 * The graders recognise the typical mistakes (the DP model where the non-private one was asked, the
 * non-private curve where the private one was asked, bounds from the data, no public size declared for the
 * Pokédex, the lesson's ε, one DP fit per
 * k scored on the raw data, the lowest inertia taken as the best k, a choice made without a private
 * release...) and say so without giving the answer. Expected values are computed with the course library
 * (seeded), once per kernel session.
 *
 * Import in the exercise notebook as `./src/exercises/lesson5`.
 */
import { captureWarnings } from "../errors";
import { elbowCurve } from "../cluster/elbow";
import { makeBlobs } from "../cluster/blobs";
import { featureMatrix, loadPokemon } from "../data/index";
import { BudgetAccountant } from "../dp/accountant";
import { dpElbow, eugkmSynopsis, privateElbow } from "../dp/kmeans/elbow";
import { EUGkMSynopsis } from "../dp/kmeans/eugkm";
import { toRows } from "../validate";
import { closeTo, describeValue, expectNumberList, expectWholeNumber, show } from "./grading";
import { isRowCount, noPublicSizeMessage, POKEDEX_SIZE, quietly } from "./models";
import { isTodo } from "./blank";
import { correct, fail, stillBlank } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson5 = defineLesson(5, "The elbow method");

/** The numbers of clusters every curve of the lesson covers: 1 to 8. */
export const KS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];
/** The seed of the non-private elbow (as in the lesson). */
export const SEED = 42;
/** ε of exercise 5.3's synopsis. */
export const Q3_EPSILON = 0.5;
/** The seed of exercise 5.3's synopsis and private elbow. */
export const Q3_SEED = 7;
/** The budget of exercise 5.4. */
export const Q4_BUDGET = 1;
/** "One more cluster must explain at least 10% more of the spread" (the lesson's elbow rule). */
export const GAIN = 0.1;

const FEATURES = ["log10_weight_kg", "log10_height_m"] as const;

const memo = new Map<string, unknown>();
function remember<T>(key: string, compute: () => T): T {
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}

/** The lesson's data: all 1,025 Pokémon, log10 weight and height, public bounds. */
const pokemonData = () => remember("pokemon", () => featureMatrix(loadPokemon(), FEATURES));

/**
 * The lesson's elbow rule: the first k after which one more cluster explains less than {@link GAIN} more
 * of the spread (1 − inertia(k) / inertia(1)); the last k when every step gains more.
 *
 * @param inertias - inertia for k = 1, 2, … (in order, k = 1 first)
 * @returns the chosen k (1-based position in the list)
 */
export function elbowK(inertias: readonly number[]): number {
  const share = inertias.map((v) => 1 - v / inertias[0]!);
  for (let i = 0; i + 1 < share.length; i++) if (share[i + 1]! - share[i]! < GAIN) return i + 1;
  return share.length;
}

/** The non-private elbow of the lesson's data (seed 42), k = 1…8. */
export function nonPrivateElbow(): number[] {
  return remember("np", () => elbowCurve(pokemonData().X, KS, { randomState: SEED }).map((p) => p.inertia));
}

/**
 * A private elbow of the Pokémon data: synopsis ε, bounds (public, or none = from the data), size (the
 * Pokédex's public 1,025, or none = a noisy count), seeds.
 */
function privateCurve(epsilon: number, publicBounds: boolean, seed: number = Q3_SEED, publicSize = true): number[] {
  return remember(`private/${epsilon}/${publicBounds}/${seed}/${publicSize}`, () => {
    const { X, bounds } = pokemonData();
    const { result } = captureWarnings(() =>
      eugkmSynopsis(X, {
        epsilon,
        bounds: publicBounds ? bounds : undefined,
        publicSize: publicSize ? POKEDEX_SIZE : undefined,
        randomState: seed,
        accountant: new BudgetAccountant(),
      }),
    );
    return privateElbow(result, KS, { randomState: seed }).map((p) => p.inertia);
  });
}

/**
 * A curve from the learner: a list of numbers, or of `{ k, inertia }` points (what `elbowCurve` and
 * `privateElbow` return), one per k = 1…8.
 */
function expectCurve(answer: unknown, what: string): number[] {
  const points =
    Array.isArray(answer) && answer.length > 0 && answer.every((p) => typeof p === "object" && p !== null && "inertia" in p)
      ? (answer as { inertia: unknown }[]).map((p) => p.inertia)
      : answer;
  const curve = expectNumberList(points, what);
  if (curve.length !== KS.length) {
    fail(
      "wrong-length",
      `Expected ${KS.length} values, one for each k from 1 to 8; your list has ${curve.length}. Use ` +
        "`ks = [1, 2, 3, 4, 5, 6, 7, 8]`.",
    );
  }
  return curve;
}

const sameCurve = (a: readonly number[], b: readonly number[], rel: number) =>
  a.length === b.length && a.every((v, i) => closeTo(v, b[i]!, { rel, abs: 0 }));

/**
 * The learner's curve of exercise 5.1 once it was checked correct (as numbers, also when the points were
 * passed), for the cell that draws it; undefined before. The notebook's `inertias` has no declared type
 * (so a wrong answer reaches the check), hence this typed way back to it.
 */
export function checkedCurve(): number[] | undefined {
  const answer = q1.correctAnswer;
  if (answer === undefined) return undefined;
  return Array.from(answer as ArrayLike<unknown>, (p) => (typeof p === "number" ? p : Number((p as { inertia: unknown }).inertia)));
}

// ---------------------------------------------------------------------------------------------------
// q1: the non-private elbow (guided)

/** Exercise 5.1: the inertia of non-private k-means for k = 1…8 on the lesson's data. */
export const q1 = lesson5.problem({
  number: 1,
  title: "The non-private elbow",
  hints: [
    "`elbowCurve(X, ks, { randomState: 42 })` from `./src/cluster/index` fits non-private k-means at every k and returns `{ k, inertia }` per k.",
    "Pass the inertias, one per k from 1 to 8: `.map((p) => p.inertia)` (a list of the points is accepted too).",
  ],
  solution: `
const inertias = elbowCurve(X, ks, { randomState: 42 }).map((p) => p.inertia);`,
  explanation:
    "Each value is the best of 10 k-means++ starts at that k. More clusters always fit at least as well, so the curve falls; the elbow is where it stops falling fast.",
  grade(answer) {
    const curve = expectCurve(answer, "the inertia for each k");
    const expected = nonPrivateElbow();
    if (sameCurve(curve, expected, 0.01)) {
      return correct(
        `Yes: from ${show(curve[0]!)} at k = 1 down to ${show(curve[7]!)} at k = 8, falling at every step. Where does it ` +
          "stop falling fast? That is exercise 2.",
      );
    }
    if (sameCurve([...curve].reverse(), expected, 0.01)) {
      fail("wrong-order", "These are the right values in the wrong order: the list starts at k = 1 (the largest inertia) and ends at k = 8.");
    }
    if (curve.every((v) => v >= 0 && v <= 1)) {
      fail(
        "shares-not-inertia",
        "All your values are between 0 and 1: shares of the spread, not inertias. Pass the inertia itself (the sum of squared distances).",
      );
    }
    const first251 = remember("np251", () =>
      elbowCurve(featureMatrix(loadPokemon({ first: 251 }), FEATURES).X, KS, { randomState: SEED }).map((p) => p.inertia),
    );
    if (sameCurve(curve, first251, 0.01)) {
      fail("first-251", "That is the curve of the first 251 Pokémon. This lesson uses all 1,025: `loadPokemon()` without `first`.");
    }
    const raw = remember("npRaw", () =>
      elbowCurve(featureMatrix(loadPokemon(), ["weight_kg", "height_m"]).X, KS, { randomState: SEED }).map((p) => p.inertia),
    );
    if (curve[0]! > 10 * expected[0]! || sameCurve(curve, raw, 0.01)) {
      fail(
        "raw-features",
        "Your inertias are far larger than on the lesson's data: did you cluster the raw weight and height? The lesson " +
          'uses their log10: `featureMatrix(pokemon, ["log10_weight_kg", "log10_height_m"])`.',
      );
    }
    const allAbove = curve.every((v, i) => v >= expected[i]! * 0.99);
    const someFarAbove = curve.some((v, i) => v > expected[i]! * 1.05);
    if (allAbove && someFarAbove) {
      fail(
        "dp-model",
        "Your inertias are above the best non-private fit at some k by more than 5%. Did you use the DP `KMeans` from " +
          "`./src/dp/models`? This curve is non-private: `elbowCurve` or the `KMeans` of `./src/cluster/index`.",
      );
    }
    if (allAbove) {
      fail(
        "local-optimum",
        "Close, but some of your inertias are a little above the best fit: a single k-means start can get stuck. Keep the " +
          "best of several starts (`nInit`, or `elbowCurve`, which uses 10).",
      );
    }
    fail("wrong-curve", "These are not the inertias of k-means on the lesson's data. Check `X` (all Pokémon, log10 weight and height) and that k runs from 1 to 8.");
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: choose k

/** Exercise 5.2: the k the lesson's elbow rule picks on the non-private curve. */
export const q2 = lesson5.problem({
  number: 2,
  title: "Choose k",
  hints: [
    "Inertia always falls with k, so the lowest inertia cannot choose k. Look for the k after which one more cluster buys little.",
    "Compute the share explained, `1 − inertias[i] / inertias[0]`, and find the first k after which the next k adds less than 0.1 (10%).",
  ],
  solution: `
const share = inertias.map((v) => 1 - v / inertias[0]);
const chosenK = ks.find((k, i) => share[i + 1] - share[i] < 0.1);`,
  explanation:
    "The share explained jumps at k = 2 and again at k = 3, then each extra cluster adds less than 10%: small, medium and large Pokémon.",
  grade(answer) {
    const k = expectWholeNumber(answer, "the number of clusters k");
    const curve = nonPrivateElbow();
    const target = elbowK(curve);
    const share = curve.map((v) => 1 - v / curve[0]!);
    if (k === target) {
      return correct(
        `Yes: ${Math.round(100 * share[k - 1]!)}% of the spread is explained at k = ${k}, and k = ${k + 1} would add only ` +
          `${Math.round(100 * (share[k]! - share[k - 1]!))}%. The curve's elbow.`,
      );
    }
    if (k < 1 || k > KS.length) fail("k-out-of-range", `The curve covers k = 1 to 8; ${k} is outside it.`);
    if (k === KS.length) {
      fail("lowest-inertia", "k = 8 has the lowest inertia, but inertia always falls as k grows. The elbow is where it stops falling fast.");
    }
    if (k === 1) fail("one-cluster", "One cluster is no clustering at all: it explains none of the spread. Look where the curve bends.");
    if (k < target) {
      fail(
        "before-the-elbow",
        `At k = ${k} the next cluster still explains ${Math.round(100 * (share[k]! - share[k - 1]!))}% more of the spread: the curve is still falling fast.`,
      );
    }
    fail(
      "past-the-elbow",
      `The step to k = ${k} explains only ${Math.round(100 * (share[k - 1]! - share[k - 2]!))}% more: the curve had already flattened. Choose the k just before the gains become small.`,
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: the private elbow from one synopsis

/** Exercise 5.3: the private elbow from one synopsis at ε = 0.5 (seed 7). */
export const q3 = lesson5.problem({
  number: 3,
  title: "A private elbow from one synopsis",
  hints: [
    "Two steps: `eugkmSynopsis(X, { epsilon, bounds, publicSize, randomState, accountant })` releases the noisy grid once; `privateElbow(synopsis, ks, { randomState })` does every k on it for free.",
    "Use ε = 0.5, the public `bounds` from `featureMatrix`, `publicSize: 1025` (the Pokédex's size is public: no ε spent counting the rows) and `randomState: 7` in both calls.",
  ],
  solution: `
const budget = new BudgetAccountant({ epsilon: 0.5 });
const synopsis = eugkmSynopsis(X, { epsilon: 0.5, bounds: bounds, publicSize: 1025, randomState: 7, accountant: budget });
const privateInertias = privateElbow(synopsis, ks, { randomState: 7 }).map((p) => p.inertia);`,
  explanation:
    "One release of ε = 0.5 (the grid counts; the size is public, so nothing is spent counting the rows), then eight k-means runs on the synopsis, all post-processing. The accountant's ledger has one row.",
  grade(answer) {
    const curve = expectCurve(answer, "the private inertia for each k");
    const expected = privateCurve(Q3_EPSILON, true);
    if (sameCurve(curve, expected, 1e-6)) {
      return correct(
        `Yes: the whole curve for ε = ${Q3_EPSILON}, spent once. Its elbow is at k = ${elbowK(curve)}, like the non-private ` +
          "one; the values sit higher, because inertia on a noisy grid counts the cells' own width and the noise.",
      );
    }
    if (sameCurve(curve, nonPrivateElbow(), 0.01)) {
      fail("non-private", "That is the non-private elbow of exercise 1. Here the curve must come from a private synopsis: `eugkmSynopsis`, then `privateElbow`.");
    }
    if (sameCurve(curve, privateCurve(Q3_EPSILON, false), 1e-6)) {
      fail(
        "bounds-from-data",
        "Your synopsis was built without bounds, so the grid was drawn around the data's own extremes (and a PrivacyWarning said so). Pass the public `bounds`.",
      );
    }
    if (sameCurve(curve, privateCurve(Q3_EPSILON, true, Q3_SEED, false), 1e-6)) fail("no-public-size", noPublicSizeMessage("Your synopsis"));
    for (const epsilon of [1, 0.2, 0.1, 2, 5]) {
      if (sameCurve(curve, privateCurve(epsilon, true), 1e-6)) {
        fail("wrong-epsilon", `That synopsis was released at ε = ${epsilon}. This exercise asks for ε = ${Q3_EPSILON}.`);
      }
    }
    const perK = remember("dpElbow", () => {
      const { X, bounds } = pokemonData();
      return quietly(() => dpElbow(X, KS, { epsilon: Q3_EPSILON, bounds, publicSize: POKEDEX_SIZE, seeds: [Q3_SEED] })).map((p) => p.median);
    });
    // Fits scored on the raw data have, at k = 1, about the exact total spread (the one centre is a noisy mean);
    // a synopsis adds the width of its cells and the noise mass of empty cells (≥ 10% more at ε ≤ 2).
    const np = nonPrivateElbow();
    const scoredOnRawData = curve[0]! <= np[0]! * 1.09 && curve.every((v, i) => v >= np[i]! * 0.99);
    if (sameCurve(curve, perK, 1e-6) || scoredOnRawData) {
      fail(
        "dp-per-k",
        "These look like DP models fitted once per k and scored on the raw data: that costs ε per k, and the scores are not private. " +
          "Release ONE synopsis and measure every k on it with `privateElbow`.",
      );
    }
    fail(
      "other-synopsis",
      `This is not the curve of the synopsis asked for. Check ε = ${Q3_EPSILON}, the public bounds and \`randomState: ${Q3_SEED}\` in BOTH ` +
        "`eugkmSynopsis` and `privateElbow` (with another seed the noise, and the curve, differ).",
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q4: open, choose k for new data, privately

/** The data of exercise 5.4: readings of two sensors, with the sensors' public range. */
export interface MysteryData {
  /** 800 readings, two per row. */
  X: number[][];
  /** The sensors' range, known without looking at the data: −15 to 15 on both. */
  bounds: { lower: number[]; upper: number[] };
}

/**
 * The data of exercise 5.4: 800 points from a few Gaussian blobs (seeded), with public bounds that come
 * from the "sensors' range", not from the data.
 */
export function mysteryData(): MysteryData {
  return remember("mystery", () => {
    const blobs = makeBlobs({ n: 800, k: 4, spread: 1.5, box: 10, seed: 7 });
    return { X: toRows(blobs.X.data, blobs.X.n, blobs.X.d), bounds: { lower: [-15, -15], upper: [15, 15] } };
  });
}

/** How many blobs the mystery data has (the answer of exercise 5.4). */
const MYSTERY_K = 4;

/** Exercise 5.4: k for new data, chosen from a private elbow within a budget of ε = 1. */
export const q4 = lesson5.problem({
  number: 4,
  title: "Open: choose k for new data, privately",
  hints: [
    "Spend the budget once: a synopsis of `mystery.X` with the sensors' `mystery.bounds` and `accountant: budget4`, then `privateElbow` for k = 1…8. The range is public, the number of readings is not (`mystery.X.length` reads the data): leave `publicSize` out, and the synopsis counts them with 5% of its ε, on the same receipt.",
    "Apply the lesson's rule (or your eye, on `viz.elbowFigure`) to the private curve, and pass what you used: `{ k: mysteryK, accountant: budget4, synopsis: mysterySynopsis }`.",
  ],
  solution: `
const mysterySynopsis = eugkmSynopsis(mystery.X, { epsilon: 1, bounds: mystery.bounds, randomState: 3,
  accountant: budget4 });
const mysteryCurve = privateElbow(mysterySynopsis, ks, { randomState: 3 }).map((p) => p.inertia);
const mysteryShare = mysteryCurve.map((v) => 1 - v / mysteryCurve[0]);
const mysteryK = ks.find((k, i) => mysteryShare[i + 1] - mysteryShare[i] < 0.1);`,
  explanation:
    "One release of ε = 1 answers the question for every k (with no public size, 5% of it counts the readings first, on the same receipt). The elbow of the private curve is as clear as the non-private one: the data has that many groups.",
  grade(answer) {
    if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
      fail("wrong-type", `Pass an object \`{ k: yourK, accountant: budget4, synopsis: mysterySynopsis }\`. Your answer is ${describeValue(answer)}.`);
    }
    const { k: kAnswer, accountant, synopsis } = answer as { k?: unknown; accountant?: unknown; synopsis?: unknown };
    if (kAnswer instanceof BudgetAccountant && (typeof accountant === "number" || isTodo(accountant))) {
      fail("swapped", "`k` holds the accountant and `accountant` holds your k: the two are swapped. Pass `{ k: mysteryK, accountant: budget4, synopsis: mysterySynopsis }`.");
    }
    if (isTodo(kAnswer) || kAnswer === undefined) stillBlank();
    const k = expectWholeNumber(kAnswer, "k, the number of clusters you chose");
    if (!(accountant instanceof BudgetAccountant)) {
      fail(
        "no-accountant",
        "Pass the accountant too: `{ k: yourK, accountant: budget4, synopsis: mysterySynopsis }`, where `budget4` is the accountant you built the synopsis with.",
      );
    }
    const rows = accountant.rows();
    if (rows.length === 0) {
      fail(
        "no-private-release",
        "The accountant has no release in it: k was chosen without a private release. Build the synopsis with `accountant: budget4`, and choose k from its private elbow.",
      );
    }
    if (accountant.total.epsilon > Q4_BUDGET * (1 + 1e-12)) {
      fail("over-budget", `The accountant spent ε = ${show(accountant.total.epsilon)}, more than the budget of ${Q4_BUDGET}.`);
    }
    // One synopsis: its grid counts, after (with no public size) its own noisy count of the rows.
    const releases = rows.filter((r) => !isRowCount(r));
    const counts = rows.length - releases.length;
    if (releases.length !== 1 || !releases[0]!.label.startsWith("EUGkM grid counts") || counts > 1) {
      const also = counts > 0 ? `, plus ${counts} noisy count(s) of the rows` : "";
      fail(
        "several-releases",
        `The ledger shows ${releases.length} release(s) (${releases.map((r) => r.label).slice(0, 3).join("; ")}${releases.length > 3 ? "; ..." : ""})${also}. ` +
          "One EUGkM synopsis answers every k: release it once and do the rest on it.",
      );
    }
    if (counts === 0) {
      fail(
        "size-not-public",
        "The ledger has no noisy count of the readings, so the synopsis was told a size. Nobody published how many readings there are: " +
          "`mystery.X.length` reads the private data, and a number typed in is a guess the data may have given you. Leave `publicSize` out: " +
          "the synopsis then counts the readings with 5% of its ε, on the same receipt.",
      );
    }
    if (!(synopsis instanceof EUGkMSynopsis)) {
      fail(
        "no-synopsis",
        "Pass the synopsis you chose k from too: `{ k: mysteryK, accountant: budget4, synopsis: mysterySynopsis }` (the check looks at its grid's bounds).",
      );
    }
    const range = mysteryData().bounds;
    const sameRange = synopsis.bounds.lower.every((v, t) => v === range.lower[t]) && synopsis.bounds.upper.every((v, t) => v === range.upper[t]);
    if (!sameRange) {
      fail(
        "bounds-not-public",
        "Your synopsis's grid does not span the sensors' range. Bounds taken from the readings (their smallest and largest values, or none at all, " +
          "which makes the library take them from the data with a warning) are a statistic of the private data: the grid's edge gives a reading away. " +
          "Pass `bounds: mystery.bounds`, the range from the data sheet.",
      );
    }
    const target = MYSTERY_K;
    if (k === target) {
      return correct(
        `Yes: the data has ${target} groups, and one private release of ε = ${show(accountant.total.epsilon)} was enough to see it.`,
      );
    }
    if (k === KS.length) fail("lowest-inertia", "k = 8 has the lowest inertia, but inertia always falls with k. Look for the bend.");
    // Did the learner read their own curve right? Then the release, not the reading, is the problem.
    const ownK = [1, 2, 3].map((seed) => elbowK(privateElbow(synopsis, KS, { randomState: seed }).map((p) => p.inertia)));
    if (ownK.includes(k)) {
      if (accountant.total.epsilon < Q4_BUDGET * 0.99) {
        fail(
          "spend-the-budget",
          `Your private curve does bend at k = ${k}: you read it right. But that synopsis spent only ε = ${show(accountant.total.epsilon)} of the budget of ${Q4_BUDGET}, ` +
            "and its noise blurs the bend. Spend the whole budget on your one synopsis: less noise, a clearer elbow.",
        );
      }
      fail(
        "noisy-release",
        `Your private curve does bend at k = ${k}: you read it right, but one synopsis is one draw of the noise. Look at the curve with \`viz.elbowFigure\`: ` +
          "is the bend clear, or do two k's gain about the same?",
      );
    }
    if (k === 3) {
      fail("lesson-k", "k = 3 is the Pokémon's elbow. This is other data: read its own private curve.");
    }
    if (k < target) fail("before-the-elbow", `At k = ${k} the private curve is still falling fast: one more cluster still explains much more.`);
    fail("past-the-elbow", `At k = ${k} the private curve has already flattened: go back to where the gains became small.`);
  },
});

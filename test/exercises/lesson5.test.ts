/**
 * Lesson 5's exercises (the elbow method): every solution correct, every stub not attempted, and the
 * typical wrong answers (computed the way a learner making the mistake would) each get their message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { captureWarnings } from "../../src/errors";
import { elbowCurve } from "../../src/cluster/index";
import { featureMatrix, loadPokemon } from "../../src/data/index";
import { BudgetAccountant, KMeans, eugkmSynopsis, privateElbow } from "../../src/dp/models";
import type { EUGkMSynopsis } from "../../src/dp/kmeans/eugkm";
import { TODO } from "../../src/exercises/index";
import { KS, elbowK, lesson5, mysteryData, q1, q3, q4 } from "../../src/exercises/lesson5";
import { testLessonExercises } from "./harness";

const ks = [...KS];
const { X, bounds } = featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]);
const inertias = (points: { inertia: number }[]) => points.map((p) => p.inertia);
const nonPrivate = () => inertias(elbowCurve(X, ks, { randomState: 42 }));
const synopsisCurve = (options: { epsilon?: number; bounds?: typeof bounds; publicSize?: number; seed?: number; data?: number[][] } = {}) => {
  const { result } = captureWarnings(() =>
    eugkmSynopsis(options.data ?? X, {
      epsilon: options.epsilon ?? 0.5,
      bounds: "bounds" in options ? options.bounds : bounds,
      publicSize: "publicSize" in options ? options.publicSize : 1025,
      randomState: options.seed ?? 7,
      accountant: new BudgetAccountant(),
    }),
  );
  return inertias(privateElbow(result, ks, { randomState: options.seed ?? 7 }));
};
/** Exercise 5.4's answer: k, the accountant, and the synopsis the plan built (if any). */
const mysteryAnswer = (
  k: number | undefined,
  plan: (budget: BudgetAccountant) => EUGkMSynopsis | void,
  budget = new BudgetAccountant({ epsilon: 1 }),
) => {
  const synopsis = plan(budget);
  return { k, accountant: budget, synopsis };
};
/** One synopsis of the mystery data over the sensors' public range, with no size declared (as the solution). */
const oneSynopsis = (epsilon = 1, seed = 3) => (budget: BudgetAccountant) => {
  const mystery = mysteryData();
  return eugkmSynopsis(mystery.X, { epsilon, bounds: mystery.bounds, randomState: seed, accountant: budget });
};
const privateMysteryK = (seed = 3) => {
  const mystery = mysteryData();
  const synopsis = eugkmSynopsis(mystery.X, { epsilon: 1, bounds: mystery.bounds, randomState: seed, accountant: new BudgetAccountant() });
  return elbowK(inertias(privateElbow(synopsis, ks, { randomState: seed })));
};

testLessonExercises(lesson5, {
  q1: {
    solution: () => nonPrivate(),
    stub: TODO,
    wrong: [
      { name: "listed from k = 8 down to 1", answer: () => [...nonPrivate()].reverse(), code: "wrong-order", message: /wrong order/ },
      {
        name: "the first 251 Pokémon",
        answer: () => inertias(elbowCurve(featureMatrix(loadPokemon({ first: 251 }), ["log10_weight_kg", "log10_height_m"]).X, ks, { randomState: 42 })),
        code: "first-251",
        message: /all 1,025/,
      },
      {
        name: "raw weight and height",
        answer: () => inertias(elbowCurve(featureMatrix(loadPokemon(), ["weight_kg", "height_m"]).X, ks, { randomState: 42 })),
        code: "raw-features",
        message: /log10/,
      },
      {
        name: "DP k-means (DPLloyd) at every k",
        answer: () => ks.map((k) => new KMeans({ nClusters: k, epsilon: 1, bounds, method: "dplloyd", randomState: 42, accountant: new BudgetAccountant() }).fit(X).inertia),
        code: "dp-model",
        message: /DP `KMeans`.*non-private/,
      },
      { name: "k from 1 to 10", answer: () => inertias(elbowCurve(X, [...ks, 9, 10], { randomState: 42 })), code: "wrong-length", message: /one for each k from 1 to 8/ },
      { name: "the share explained", answer: () => nonPrivate().map((v, _, all) => 1 - v / all[0]!), code: "shares-not-inertia", message: /shares of the spread/ },
      { name: "one value", answer: () => nonPrivate()[2], code: "number-not-list", message: /one number, but the inertia for each k is a list of numbers/, quotesAnswer: true },
    ],
  },
  q2: {
    solution: () => elbowK(nonPrivate()),
    stub: TODO,
    secret: /\bk = 3\b/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "the shares explained", answer: () => nonPrivate().map((v, _, all) => 1 - v / all[0]!), code: "list-not-number", message: /a list of 8 values/ },
      { name: "the lowest inertia", answer: () => 8, code: "lowest-inertia", message: /inertia always falls/ },
      { name: "the biggest drop", answer: () => 2, code: "before-the-elbow", message: /still falling fast/ },
      { name: "one past the elbow", answer: () => 4, code: "past-the-elbow", message: /already flattened/ },
      { name: "one cluster", answer: () => 1, code: "one-cluster", message: /no clustering/ },
      { name: "a fraction", answer: () => 2.5, code: "not-whole", message: /whole number/ },
      { name: "outside the curve", answer: () => 12, code: "k-out-of-range", message: /k = 1 to 8/ },
    ],
  },
  q3: {
    solution: () => synopsisCurve(),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "one number", answer: () => synopsisCurve()[2]!, code: "number-not-list", message: /the private inertia for each k is a list of numbers/, quotesAnswer: true },
      { name: "the non-private curve", answer: () => nonPrivate(), code: "non-private", message: /non-private elbow of exercise 1/ },
      { name: "no bounds", answer: () => synopsisCurve({ bounds: undefined }), code: "bounds-from-data", message: /without bounds/ },
      { name: "forgot publicSize", answer: () => synopsisCurve({ publicSize: undefined }), code: "no-public-size", message: /Your synopsis was not told.*`publicSize: 1025`/ },
      { name: "the lesson's ε = 1", answer: () => synopsisCurve({ epsilon: 1 }), code: "wrong-epsilon", message: /ε = 1\. This exercise asks for ε = 0\.5/ },
      { name: "another seed", answer: () => synopsisCurve({ seed: 8 }), code: "other-synopsis", message: /randomState: 7/ },
      {
        name: "one DP fit per k, scored on the raw data",
        answer: () => ks.map((k) => new KMeans({ nClusters: k, epsilon: 0.5, bounds, publicSize: 1025, randomState: 7, accountant: new BudgetAccountant() }).fit(X).inertia),
        code: "dp-per-k",
        message: /ONE synopsis/,
      },
      { name: "k from 1 to 6", answer: () => synopsisCurve().slice(0, 6), code: "wrong-length", message: /your list has 6/ },
    ],
  },
  q4: {
    solution: () => mysteryAnswer(privateMysteryK(), oneSynopsis()),
    stub: { k: TODO, accountant: new BudgetAccountant({ epsilon: 1 }), synopsis: TODO },
    secret: /\b4\b/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "k and accountant swapped", answer: () => ({ k: new BudgetAccountant({ epsilon: 1 }), accountant: 4 }), code: "swapped", message: /the two are swapped/ },
      { name: "k chosen without a private release", answer: () => mysteryAnswer(4, () => {}), code: "no-private-release", message: /no release/ },
      {
        name: "one DP fit per k at ε/8",
        answer: () =>
          mysteryAnswer(4, (budget) => {
            const mystery = mysteryData();
            for (const k of ks) new KMeans({ nClusters: k, epsilon: 1 / 8, bounds: mystery.bounds, randomState: 3, accountant: budget }).fit(mystery.X);
          }),
        code: "several-releases",
        message: /8 release\(s\).*plus 8 noisy count\(s\) of the rows.*release it once/,
      },
      {
        name: "a synopsis at ε = 2 on an unlimited accountant",
        answer: () => mysteryAnswer(4, oneSynopsis(2), new BudgetAccountant()),
        code: "over-budget",
        message: /more than the budget/,
      },
      {
        name: "two synopses (each counting the rows)",
        answer: () =>
          mysteryAnswer(4, (budget) => {
            oneSynopsis(0.5, 3)(budget);
            oneSynopsis(0.5, 4)(budget);
          }),
        code: "several-releases",
        message: /2 release\(s\).*plus 2 noisy count/,
      },
      { name: "the lowest inertia", answer: () => mysteryAnswer(8, oneSynopsis()), code: "lowest-inertia", message: /inertia always falls/ },
      { name: "the Pokémon's k", answer: () => mysteryAnswer(3, oneSynopsis()), code: "lesson-k", message: /other data/ },
      {
        name: "publicSize: mystery.X.length (the size read off the data)",
        answer: () =>
          mysteryAnswer(4, (budget) => {
            const mystery = mysteryData();
            return eugkmSynopsis(mystery.X, { epsilon: 1, bounds: mystery.bounds, publicSize: mystery.X.length, randomState: 3, accountant: budget });
          }),
        code: "size-not-public",
        message: /no noisy count of the readings.*Leave `publicSize` out/,
      },
      {
        name: "a size typed in (800)",
        answer: () =>
          mysteryAnswer(4, (budget) => {
            const mystery = mysteryData();
            return eugkmSynopsis(mystery.X, { epsilon: 1, bounds: mystery.bounds, publicSize: 800, randomState: 3, accountant: budget });
          }),
        code: "size-not-public",
        message: /Nobody published how many readings/,
      },
      {
        name: "bounds from the readings' own minimum and maximum",
        answer: () =>
          mysteryAnswer(4, (budget) => {
            const { X: readings } = mysteryData();
            const column = (t: number) => readings.map((row) => row[t]!);
            const dataBounds = { lower: [0, 1].map((t) => Math.min(...column(t))), upper: [0, 1].map((t) => Math.max(...column(t))) };
            return eugkmSynopsis(readings, { epsilon: 1, bounds: dataBounds, randomState: 3, accountant: budget });
          }),
        code: "bounds-not-public",
        message: /does not span the sensors' range.*`bounds: mystery\.bounds`/,
      },
      {
        name: "no bounds (the library takes them from the data, with a warning)",
        answer: () =>
          mysteryAnswer(4, (budget) =>
            captureWarnings(() => eugkmSynopsis(mysteryData().X, { epsilon: 1, randomState: 3, accountant: budget })).result,
          ),
        code: "bounds-not-public",
        message: /statistic of the private data/,
      },
      {
        name: "half the budget, its own curve read right (k = 3 from the noise)",
        answer: () => mysteryAnswer(3, oneSynopsis(0.5, 3)),
        code: "spend-the-budget",
        message: /you read it right.*spent only ε = 0\.5/,
      },
      { name: "no synopsis passed", answer: () => ({ ...mysteryAnswer(4, oneSynopsis()), synopsis: undefined }), code: "no-synopsis", message: /Pass the synopsis/ },
      { name: "before the elbow", answer: () => mysteryAnswer(2, oneSynopsis()), code: "before-the-elbow", message: /still falling fast/ },
      { name: "past the elbow", answer: () => mysteryAnswer(6, oneSynopsis()), code: "past-the-elbow", message: /already flattened/ },
      { name: "k alone", answer: () => 4, code: "wrong-type", message: /Pass an object/, quotesAnswer: true },
      { name: "no accountant", answer: () => ({ k: 4 }), code: "no-accountant", message: /Pass the accountant too/ },
    ],
  },
});

test("exercises 5.1 and 5.3 accept the points as elbowCurve / privateElbow return them", () => {
  assert.equal(q1.grade(elbowCurve(X, ks, { randomState: 42 })).status, "correct");
  const synopsis = eugkmSynopsis(X, { epsilon: 0.5, bounds, publicSize: 1025, randomState: 7, accountant: new BudgetAccountant() });
  assert.equal(q3.grade(privateElbow(synopsis, ks, { randomState: 7 })).status, "correct");
});

test("exercise 5.4 with half the budget: the synopsis's own elbow is k = 3 (the case the old check misnamed lesson-k)", () => {
  const { synopsis } = mysteryAnswer(undefined, oneSynopsis(0.5, 3));
  assert.equal(elbowK(inertias(privateElbow(synopsis!, ks, { randomState: 3 }))), 3);
  // and with the whole budget the same seed sees the true k, so k = 3 there is a misread curve
  const { synopsis: full } = mysteryAnswer(undefined, oneSynopsis(1, 3));
  assert.equal(elbowK(inertias(privateElbow(full!, ks, { randomState: 3 }))), privateMysteryK(3));
});

test("exercise 5.1 accepts another seed (the best of 10 starts finds the same fits)", () => {
  const outcome = q1.grade(inertias(elbowCurve(X, ks, { randomState: 1 })));
  assert.equal(outcome.status, "correct", outcome.message);
});

test("exercise 5.4: the private elbow of the mystery data has its elbow at the true k for any synopsis seed", () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const outcome = q4.grade(mysteryAnswer(privateMysteryK(seed), oneSynopsis(1, seed)));
    assert.equal(outcome.status, "correct", `seed ${seed}: ${outcome.message}`);
  }
  // the ledger the solution leaves: the synopsis' own noisy count of the readings, then its grid counts
  const budget = mysteryAnswer(undefined, oneSynopsis()).accountant;
  assert.deepEqual(budget.rows().map((r) => r.label.replace(/\(.*\)/, "")), ["eugkmSynopsis: number of rows", "EUGkM grid counts "]);
  // The sensors' range really is public knowledge that contains the data: nothing is clipped.
  const { X: readings, bounds: range } = mysteryData();
  assert.ok(readings.every((row) => row.every((v, t) => v >= range.lower[t]! && v <= range.upper[t]!)));
});

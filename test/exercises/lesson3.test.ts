/**
 * Lesson 3's exercises: every solution correct, every stub not attempted, and the typical wrong answers
 * (computed the way a learner making the mistake would) each get their intended message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { featureMatrix, loadPokemon } from "../../src/data/index";
import * as dp from "../../src/dp/models";
import { BudgetExceededError, setWarningHandler } from "../../src/errors";
import { TODO } from "../../src/exercises/index";
import { lesson3, lessonData, q3Fit, q4, thirdIterationEpsilon } from "../../src/exercises/lesson3";
import { testLessonExercises } from "./harness";

setWarningHandler(() => {});

const { X, bounds } = lessonData();
const stats = featureMatrix(loadPokemon(), ["attack", "defense"]).X;

/** Fits at ε until the accountant refuses (or `max` fits), the way exercise 3.2 asks. */
function spend(acc: dp.BudgetAccountant, epsilon: number, max = Infinity, publicSize: number | null = 1025): dp.BudgetAccountant {
  try {
    for (let fits = 0; fits < max; fits++) {
      new dp.KMeans({ epsilon, nClusters: 3, bounds, publicSize: publicSize ?? undefined, randomState: fits, accountant: acc }).fit(X);
    }
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
  }
  return acc;
}

const { step } = q3Fit();
const nearest = (p: number[], cs: number[][]) =>
  cs.reduce((best, c, j) => (Math.hypot(p[0]! - c[0]!, p[1]! - c[1]!) < Math.hypot(p[0]! - cs[best]![0]!, p[1]! - cs[best]![1]!) ? j : best), 0);

testLessonExercises(lesson3, {
  q1: {
    solution: () => ({ lower: [1, 1], upper: [255, 255] }),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "a number", answer: () => 255, code: "not-bounds-object", message: /an object with one lower and one upper bound/ },
      {
        name: "the data's min and max",
        answer: () => ({
          lower: [0, 1].map((j) => Math.min(...stats.map((r) => r[j]!))),
          upper: [0, 1].map((j) => Math.max(...stats.map((r) => r[j]!))),
        }),
        code: "from-data",
        message: /smallest and largest values in the data/,
      },
      { name: "a guess that is too tight", answer: () => ({ lower: [10, 10], upper: [150, 150] }), code: "too-tight", message: /Pokémon have a value outside them/ },
      { name: "rounded data range", answer: () => ({ lower: [0, 0], upper: [250, 250] }), code: "narrower-than-range", message: /not every value the games allow/ },
      { name: "absurdly wide", answer: () => ({ lower: [-1000, -1000], upper: [1000, 1000] }), code: "too-loose", message: /noise grows with the range/ },
      { name: "one feature only", answer: () => ({ lower: [1], upper: [255] }), code: "invalid-bounds", message: /not bounds for two features/ },
      { name: "lower and upper swapped", answer: () => ({ lower: [255, 255], upper: [1, 1] }), code: "swapped", message: /lower and upper are swapped/ },
    ],
  },
  q2: {
    solution: () => spend(new dp.BudgetAccountant({ epsilon: 2 }), 0.3),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "the last model instead of the accountant", answer: () => new dp.KMeans({ epsilon: 0.3, nClusters: 3, bounds, randomState: 0, accountant: new dp.BudgetAccountant({ epsilon: 2 }) }).fit(X), code: "model-not-accountant", message: /a fitted model, but the accountant is the `BudgetAccountant`/ },
      { name: "the number of fits", answer: () => 6, code: "wrong-type", message: /BudgetAccountant/ },
      {
        name: "a new accountant for each fit",
        answer: () => {
          let acc = new dp.BudgetAccountant({ epsilon: 2 });
          for (let i = 0; i < 6; i++) acc = spend(new dp.BudgetAccountant({ epsilon: 2 }), 0.3, 1);
          return acc;
        },
        code: "one-fit",
        message: /new accountant for each fit/,
      },
      { name: "stopped after 3 fits", answer: () => spend(new dp.BudgetAccountant({ epsilon: 2 }), 0.3, 3), code: "stopped-early", message: /enough for another fit/ },
      { name: "ε = 0.5 per fit", answer: () => spend(new dp.BudgetAccountant({ epsilon: 2 }), 0.5), code: "wrong-epsilon", message: /did not spend ε = 0\.3/ },
      {
        name: "forgot publicSize (each fit counts the rows)",
        answer: () => spend(new dp.BudgetAccountant({ epsilon: 2 }), 0.3, Infinity, null),
        code: "no-public-size",
        message: /Each of your fits was not told.*`publicSize: 1025`/,
      },
      { name: "budget ε = 3", answer: () => spend(new dp.BudgetAccountant({ epsilon: 3 }), 0.3), code: "wrong-budget", message: /budget is ε = 3/ },
      { name: "no accountant given to the models", answer: () => new dp.BudgetAccountant({ epsilon: 2 }), code: "nothing-spent", message: /Nothing was charged/ },
      { name: "the receipt text", answer: () => spend(new dp.BudgetAccountant({ epsilon: 2 }), 0.3).toTable(), code: "wrong-type", message: /toTable/ },
    ],
  },
  q3: {
    solution: () => step.noisySums.map((sums, j) => sums.map((s) => s / step.noisyCounts[j]!)),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "one number", answer: () => step.centres[0]![0]!, code: "number-not-list", message: /the new centres is a list of numbers/, quotesAnswer: true },
      {
        name: "exact means",
        answer: () => {
          const assigned = X.map((p) => nearest(p, step.assignedTo));
          return step.assignedTo.map((_, j) => {
            const members = X.filter((_, i) => assigned[i] === j);
            return [0, 1].map((t) => members.reduce((s, p) => s + p[t]!, 0) / members.length);
          });
        },
        code: "exact-means",
        message: /exact means.*not private/,
      },
      { name: "count ÷ sum", answer: () => step.noisySums.map((sums, j) => sums.map((s) => step.noisyCounts[j]! / s)), code: "upside-down", message: /counts by the sums/ },
      { name: "sums only", answer: () => step.noisySums, code: "not-divided", message: /noisy sums themselves/ },
      { name: "÷ all Pokémon", answer: () => step.noisySums.map((sums) => sums.map((s) => s / 1025)), code: "divided-by-total", message: /number of all Pokémon/ },
      { name: "the starting centres", answer: () => step.assignedTo, code: "old-centres", message: /started from/ },
      { name: "the final centres", answer: () => q3Fit().final, code: "final-centres", message: /final centres/ },
      { name: "a flat list", answer: () => step.centres.flat(), code: "wrong-type", message: /list of rows/ },
      { name: "one centre missing", answer: () => step.centres.slice(1), code: "wrong-shape", message: /Expected 3 centres/ },
    ],
  },
  q4: {
    solution: () => {
      let threshold = 0.01;
      while (dp.dplloydIterations(threshold, 1025, 6, 3) <= 2) threshold += 0.01;
      return threshold;
    },
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "an arbitrary number", answer: () => 0.7, code: "still-two", message: /still gives 2 iterations/ },
      { name: "the iterations at several ε", answer: () => [0.5, 1, 2].map((e) => dp.dplloydIterations(e, 1025, 6, 3)), code: "list-not-number", message: /the smallest ε is one number/ },
      {
        name: "the threshold for two features",
        answer: () => {
          let threshold = 0.01;
          while (dp.dplloydIterations(threshold, 1025, 2, 3) <= 2) threshold += 0.01;
          return threshold;
        },
        code: "wrong-d",
        message: /2 features/,
      },
      { name: "ε = 1 (the lesson's)", answer: () => 1, code: "still-two", message: /still gives 2 iterations/ },
      { name: "a coarse scan in whole numbers", answer: () => Math.ceil(thirdIterationEpsilon(1025, 6, 3)) + 1, code: "not-smallest", message: /smaller ε already gives 3/ },
      { name: "zero", answer: () => 0, code: "not-positive", message: /greater than 0/ },
    ],
  },
});

test("exercise 3.3's iteration needs no clamping or re-seeding (sum ÷ count is the whole update)", () => {
  assert.deepEqual(step.reseeded, []);
  step.noisySums.forEach((sums, j) =>
    sums.forEach((s, t) => {
      const c = s / step.noisyCounts[j]!;
      assert.ok(c >= bounds.lower[t]! && c <= bounds.upper[t]!, "inside the bounds");
      assert.ok(Math.abs(c - step.centres[j]![t]!) < 1e-12);
    }),
  );
});

test("exercise 3.4's threshold: the rule jumps from 2 to 3 iterations there", () => {
  const t = thirdIterationEpsilon(1025, 6, 3);
  assert.equal(dp.dplloydIterations(t, 1025, 6, 3), 3);
  assert.equal(dp.dplloydIterations(t * (1 - 1e-9), 1025, 6, 3), 2);
  assert.equal(q4.grade(t).status, "correct");
});

/**
 * Lesson 8's exercises (privacy in practice): every solution correct, every stub not attempted, and the
 * typical wrong answers (computed the way a learner making the mistake would, typed mistakes included:
 * the fitted model or an object where a number is asked) each get their message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { featureMatrix, loadPokemon } from "../../src/data/index";
import { countHalfWidth, meanHalfWidth } from "../../src/dp/accuracy";
import { BudgetAccountant, KMeans, type DPKMeansOptions } from "../../src/dp/models";
import { captureWarnings } from "../../src/errors";
import { TODO } from "../../src/exercises/index";
import { lesson8, q2Answer, q3Answer } from "../../src/exercises/lesson8";
import { testLessonExercises } from "./harness";

const { X, bounds } = featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]);
const fit = (options: DPKMeansOptions = {}) =>
  captureWarnings(() =>
    new KMeans({ nClusters: 3, epsilon: 0.8, bounds, randomState: 42, accountant: new BudgetAccountant(), ...options }).fit(X),
  ).result;
const undeclared = fit();
/** The smallest n with the given half-width formula at most 0.01, as a learner solving it by hand would. */
const solveFor = (width: (n: number) => number) => {
  let n = 1;
  while (width(n) > 0.01) n++;
  return n;
};

testLessonExercises(lesson8, {
  q1: {
    solution: () => countHalfWidth(0.25),
    stub: TODO,
    secret: /±12\b|\b12 records/,
    wrong: [
      { name: "the noise scale 1/ε", answer: () => 1 / 0.25, code: "scale-not-width", message: /scale 1\/ε/ },
      { name: "the continuous Laplace ln 20 / ε", answer: () => Math.log(20) / 0.25, code: "continuous-not-discrete", message: /whole w/ },
      { name: "the Gaussian 1.96 / ε", answer: () => 1.96 / 0.25, code: "gaussian", message: /normal distribution/ },
      { name: "the full width 2w", answer: () => 2 * countHalfWidth(0.25), code: "full-width", message: /whole width/ },
      { name: "the lesson's ε = 1", answer: () => countHalfWidth(1), code: "wrong-epsilon", message: /ε = 1, the lesson's default/ },
      { name: "an arbitrary number", answer: () => 100, code: "wrong-width", message: /countHalfWidth/ },
      { name: "a fitted model", answer: () => undeclared, code: "model-not-number", message: /fitted model/ },
      { name: "a list of widths", answer: () => [countHalfWidth(0.25)], code: "list-not-number", message: /is one number/ },
    ],
  },
  q2: {
    solution: () => undeclared.fitInfo.size.epsilon,
    stub: TODO,
    secret: /0\.04\b/,
    wrong: [
      { name: "a fit with publicSize: 1025", answer: () => fit({ publicSize: 1025 }).fitInfo.size.epsilon, code: "declared-size", message: /WITH `publicSize`/ },
      { name: "the whole ε", answer: () => 0.8, code: "whole-epsilon", message: /whole ε/ },
      { name: "the rest of ε", answer: () => 0.8 - undeclared.fitInfo.size.epsilon, code: "rest-not-size", message: /left for the clustering/ },
      { name: "the 5% share", answer: () => 0.05, code: "share-not-epsilon", message: /share of ε/ },
      // Issue 22 finding 7: the percentage was called "the size itself".
      { name: "the share as a percentage, 5", answer: () => 5, code: "percent-not-epsilon", message: /percentage/ },
      { name: "the noisy size itself", answer: () => undeclared.fitInfo.size.value, code: "size-not-epsilon", message: /size itself/ },
      { name: "the fitted model", answer: () => undeclared, code: "model-not-number", message: /fitInfo\.size\.epsilon/ },
      { name: "the fitInfo.size object", answer: () => undeclared.fitInfo.size, code: "size-object", message: /`epsilon` field/ },
      { name: "an arbitrary number", answer: () => 0.3, code: "wrong-epsilon", message: /without `publicSize`/ },
    ],
  },
  q3: {
    solution: () => solveFor((n) => meanHalfWidth({ epsilon: 0.5, lower: -1, upper: 3, publicSize: n })),
    stub: TODO,
    secret: /\b119\d\b/,
    wrong: [
      { name: "diffprivlib's replace-one (u − l)/n", answer: () => solveFor((n) => (Math.log(20) * 4) / (n * 0.5)), code: "replace-one", message: /\(u − l\)\/\(2n₀\)/ },
      { name: "the scale instead of the 95% width", answer: () => solveFor((n) => 4 / (2 * n * 0.5)), code: "scale-not-width", message: /SCALE/ },
      { name: "the Gaussian 1.96", answer: () => solveFor((n) => (1.96 * 4) / (2 * n * 0.5)), code: "gaussian", message: /about 3/ },
      { name: "ε = 1", answer: () => solveFor((n) => meanHalfWidth({ epsilon: 1, lower: -1, upper: 3, publicSize: n })), code: "wrong-epsilon", message: /ε = 1; this exercise/ },
      { name: "not rounded up", answer: () => (Math.log(20) * 4) / (2 * 0.5 * 0.01), code: "not-whole", message: /round up/, quotesAnswer: true },
      { name: "too few records", answer: () => 1000, code: "too-few", message: /wider than 0\.01/ },
      { name: "more than enough", answer: () => 5000, code: "not-smallest", message: /smallest/ },
      { name: "a fitted model", answer: () => undeclared, code: "model-not-number", message: /number of records/ },
    ],
  },
});

test("exercise 8.2's answer is what a fit without publicSize spends (5% of ε, split exactly)", () => {
  assert.equal(undeclared.fitInfo.size.source, "noisy-count");
  assert.equal(undeclared.fitInfo.size.epsilon, q2Answer());
});

test("exercise 8.3's answer is the smallest size, next to the textbook ln 20 · (u − l)/(2ε · 0.01)", () => {
  const n = q3Answer();
  assert.ok(meanHalfWidth({ epsilon: 0.5, lower: -1, upper: 3, publicSize: n }) <= 0.01);
  assert.ok(meanHalfWidth({ epsilon: 0.5, lower: -1, upper: 3, publicSize: n - 1 }) > 0.01);
  assert.ok(Math.abs(n - (Math.log(20) * 4) / (2 * 0.5 * 0.01)) <= 2, `${n}`);
});

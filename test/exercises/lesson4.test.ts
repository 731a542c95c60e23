/**
 * Lesson 4's exercises: every solution correct, every stub not attempted, and the typical wrong answers
 * (computed the way a learner making the mistake would) each get their intended message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as dp from "../../src/dp/models";
import { setWarningHandler } from "../../src/errors";
import { TODO } from "../../src/exercises/index";
import { lesson4, lessonData, q2Scalers, q4, scalingCases } from "../../src/exercises/lesson4";
import { KMeans } from "../../src/cluster/index";
import { PCA, StandardScaler } from "../../src/preprocessing/index";
import { testLessonExercises } from "./harness";

setWarningHandler(() => {});

const { X, bounds } = lessonData();
const { before, after } = q2Scalers();
const publicScaled = X.map((row) => row.map((v) => (v - 128) / 127));
type B = { lower: number[]; upper: number[] };
const publicScale = (rows: number[][], b: B) =>
  rows.map((row) => row.map((v, j) => (v - (b.lower[j]! + b.upper[j]!) / 2) / ((b.upper[j]! - b.lower[j]!) / 2)));

/** The exercise 4.3 pipeline, with knobs for the typical mistakes. */
function pipeline(
  options: { shared?: boolean; pcaEpsilon?: number; kmeansEpsilon?: number; k?: number; bounds?: boolean; returnPcaAccountant?: boolean; pcaSize?: boolean; kmeansSize?: boolean } = {},
) {
  const shared = options.shared ?? true;
  const accountant = new dp.BudgetAccountant({ epsilon: 1 });
  const other = shared ? accountant : new dp.BudgetAccountant({ epsilon: 1 });
  const publicSize = (declared = true) => (declared ? 1025 : undefined);
  const pca = new dp.PCA({ nComponents: 2, epsilon: options.pcaEpsilon ?? 0.5, bounds: [-1, 1], dataNorm: 2.5, publicSize: publicSize(options.pcaSize), randomState: 1, accountant });
  const features = pca.fit(publicScaled).transform(publicScaled);
  const kmeans = new dp.KMeans({
    epsilon: options.kmeansEpsilon ?? 0.5,
    nClusters: options.k ?? 3,
    bounds: options.bounds === false ? undefined : pca.outputBounds(),
    publicSize: publicSize(options.kmeansSize),
    randomState: 1,
    accountant: other,
  }).fit(features);
  return { accountant: options.returnPcaAccountant === false ? other : accountant, kmeans };
}

testLessonExercises(lesson4, {
  q1: {
    solution: () => new PCA({ nComponents: 2 }).fitTransform(new StandardScaler().fitTransform(X)),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "one number", answer: () => 1.5, code: "number-not-list", message: /the projected features is a list of numbers/ },
      { name: "PCA on the raw stats", answer: () => new PCA({ nComponents: 2 }).fitTransform(X), code: "not-scaled", message: /Standardise them first/ },
      { name: "scaled only", answer: () => new StandardScaler().fitTransform(X), code: "not-projected", message: /6 numbers/ },
      { name: "3 components", answer: () => new PCA({ nComponents: 3 }).fitTransform(new StandardScaler().fitTransform(X)), code: "wrong-components", message: /3 numbers/ },
      {
        name: "public scaling instead of StandardScaler",
        answer: () => new PCA({ nComponents: 2 }).fitTransform(publicScaled),
        code: "not-standardised",
        message: /public range/,
      },
      {
        name: "the DP scaler and PCA",
        answer: () => {
          const scaled = new dp.StandardScaler({ epsilon: 1000, bounds, randomState: 1 }).fitTransform(X);
          return new dp.PCA({ nComponents: 2, epsilon: 1000, centered: true, dataNorm: 20, randomState: 1 }).fitTransform(scaled);
        },
        code: "not-exact",
        message: /DP scaler or PCA/,
      },
      { name: "the first 251 Pokémon", answer: () => new PCA({ nComponents: 2 }).fitTransform(new StandardScaler().fitTransform(X.slice(0, 251))), code: "wrong-shape", message: /1025/ },
    ],
  },
  q2: {
    solution: () => after.nSamplesSeen * after.mean![5]! - before.nSamplesSeen * before.mean![5]!,
    stub: TODO,
    secret: /\b90\b/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "an arbitrary number", answer: () => 1000, code: "not-a-stat", message: /between 1 and 255/, quotesAnswer: true },
      { name: "an arbitrary stat value", answer: () => 254, code: "wrong-value", message: /not the newcomer's Speed/, quotesAnswer: true },
      { name: "difference of means", answer: () => after.mean![5]! - before.mean![5]!, code: "mean-difference", message: /how much the mean moved/ },
      { name: "the same n twice", answer: () => 1025 * (after.mean![5]! - before.mean![5]!), code: "same-n", message: /same number of Pokémon/ },
      { name: "HP instead of Speed", answer: () => after.nSamplesSeen * after.mean![0]! - before.nSamplesSeen * before.mean![0]!, code: "wrong-stat", message: /newcomer's hp/ },
      { name: "the mean", answer: () => after.mean![5]!, code: "just-the-mean", message: /mean Speed/ },
      { name: "the six values", answer: () => after.mean!.map((m, j) => after.nSamplesSeen * m - before.nSamplesSeen * before.mean![j]!), code: "list-not-number", message: /a list of 6 values, but the newcomer's Speed is one number/ },
    ],
  },
  q3: {
    solution: () => pipeline(),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "the non-private KMeans", answer: () => ({ accountant: pipeline().accountant, kmeans: new KMeans({ nClusters: 3, randomState: 1 }).fit(publicScaled) }), code: "non-private", message: /`kmeans` is the non-private `KMeans`.*`q3\.hint\(\)`/ },
      { name: "a number", answer: () => 1, code: "wrong-type", message: /\{ accountant, kmeans \}/ },
      { name: "separate accountants, passing the PCA's", answer: () => pipeline({ shared: false }), code: "kmeans-not-on-receipt", message: /k-means is not on this ledger/ },
      { name: "separate accountants, passing the k-means'", answer: () => pipeline({ shared: false, returnPcaAccountant: false }), code: "pca-not-on-receipt", message: /PCA is not/ },
      {
        name: "privatePipeline (spends on a DP scaler)",
        answer: () => {
          const run = dp.privatePipeline(publicScaled, { epsilon: 1, bounds: [-1, 1], nClusters: 3, nComponents: 2, randomState: 1 });
          return { accountant: run.accountant, kmeans: run.kmeans };
        },
        code: "spent-on-scaling",
        message: /DP StandardScaler too/,
      },
      { name: "k-means without bounds", answer: () => pipeline({ bounds: false }), code: "bounds-missing", message: /bounds from the data/ },
      { name: "PCA 0.25, k-means 0.75", answer: () => pipeline({ pcaEpsilon: 0.25, kmeansEpsilon: 0.75 }), code: "wrong-split", message: /splits the budget another way/ },
      { name: "half the budget unspent", answer: () => pipeline({ pcaEpsilon: 0.25, kmeansEpsilon: 0.25 }), code: "wrong-total", message: /adds up to ε = 0\.5/ },
      { name: "k = 4", answer: () => pipeline({ k: 4 }), code: "wrong-k", message: /4 clusters/ },
      { name: "forgot publicSize on both", answer: () => pipeline({ pcaSize: false, kmeansSize: false }), code: "no-public-size", message: /Your PCA and your k-means each was not told.*`publicSize: 1025`/ },
      { name: "forgot publicSize on the k-means", answer: () => pipeline({ kmeansSize: false }), code: "no-public-size", message: /^Your k-means was not told/ },
      {
        name: "k-means on the scaled stats, not the PCA output",
        answer: () => {
          const accountant = new dp.BudgetAccountant({ epsilon: 1 });
          new dp.PCA({ nComponents: 2, epsilon: 0.5, bounds: [-1, 1], dataNorm: 2.5, randomState: 1, accountant }).fit(publicScaled);
          return { accountant, kmeans: new dp.KMeans({ epsilon: 0.5, nClusters: 3, bounds: [-1, 1], randomState: 1, accountant }).fit(publicScaled) };
        },
        code: "not-projected",
        message: /saw 6 features/,
      },
      { name: "the accountant only", answer: () => pipeline().accountant, code: "wrong-type", message: /\{ accountant, kmeans \}/ },
    ],
  },
  q4: {
    solution: () => publicScale,
    stub: () => TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "a function returning one number", answer: () => (rows: number[][]) => rows.length, code: "number-not-list", message: /is a list of numbers/ },
      { name: "the scaled rows instead of the function", answer: () => publicScale(X, bounds), code: "result-not-function", message: /a result, not a function/ },
      {
        name: "the data's min and max",
        answer: () => (rows: number[][]) => {
          const lower = rows[0]!.map((_, j) => Math.min(...rows.map((r) => r[j]!)));
          const upper = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!)));
          return publicScale(rows, { lower, upper });
        },
        code: "from-data",
        message: /data's own minimum and maximum/,
      },
      { name: "StandardScaler", answer: () => (rows: number[][]) => new StandardScaler().fitTransform(rows), code: "standardised", message: /mean and standard deviation/ },
      {
        name: "[0, 1]",
        answer: () => (rows: number[][], b: B) => rows.map((r) => r.map((v, j) => (v - b.lower[j]!) / (b.upper[j]! - b.lower[j]!))),
        code: "zero-one",
        message: /\[0, 1\]/,
      },
      { name: "the stats' constants", answer: () => (rows: number[][]) => rows.map((r) => r.map((v) => (v - 128) / 127)), code: "hard-coded", message: /whatever the bounds/ },
      { name: "returns nothing", answer: () => (rows: number[][], b: B) => void publicScale(rows, b), code: "returned-undefined", message: /forget `return`/ },
      { name: "one row only", answer: () => (rows: number[][], b: B) => publicScale(rows, b).slice(0, 1), code: "wrong-shape", message: /returned 1 rows/ },
    ],
  },
});

test("exercise 4.4's cases include data that does not reach its bounds (data min–max differs from the bounds)", () => {
  const small = scalingCases().find((c) => c.label.includes("does not reach"))!;
  assert.ok(small);
  assert.notDeepEqual([Math.min(...small.X.map((r) => r[0]!)), Math.max(...small.X.map((r) => r[0]!))], [small.bounds.lower[0], small.bounds.upper[0]]);
  assert.equal(q4.grade(publicScale).status, "correct");
});

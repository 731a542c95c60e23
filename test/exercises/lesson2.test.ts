/**
 * Lesson 2's exercises: every solution correct, every stub not attempted, and the typical wrong answers
 * (computed the way a learner making the mistake would) each get their intended message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { KMeans, matchLabels } from "../../src/cluster/index";
import * as dp from "../../src/dp/models";
import { setWarningHandler } from "../../src/errors";
import { TODO } from "../../src/exercises/index";
import { lesson2, lessonData, matchingCases, q1, q2Labels, q4 } from "../../src/exercises/lesson2";
import { join } from "node:path";
import { cellSource, readNotebook } from "../../scripts/lib/notebook";
import { projectRoot } from "../../scripts/lib/project";
import { testLessonExercises } from "./harness";

setWarningHandler(() => {}); // the "bounds missing" answers warn, as they should; keep the test output quiet

const { X, bounds } = lessonData();
const npModel = new KMeans({ nClusters: 3, randomState: 42 }).fit(X);
const npLabels = npModel.labels;
const dpLabels = q2Labels();
const dpModel = (options: Partial<dp.DPKMeansOptions> = {}) =>
  new dp.KMeans({ epsilon: 0.5, nClusters: 3, bounds, publicSize: 1025, randomState: 7, ...options }).fit(X);

const q1Solution = q1.solutionCode;

const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
const countChanged = (a: number[], b: number[]) => a.length - Math.max(...perms.map((p) => a.filter((l, i) => p[b[i]!] === l).length));
const expectedChanged = countChanged(npLabels, dpLabels);
const rawDisagreement = npLabels.filter((a, i) => a !== dpLabels[i]).length;

function margins(centres: number[][], squared = false): number[] {
  return X.map((p) => {
    const d = centres.map((c) => (squared ? (p[0]! - c[0]!) ** 2 + (p[1]! - c[1]!) ** 2 : Math.hypot(p[0]! - c[0]!, p[1]! - c[1]!)));
    d.sort((a, b) => a - b);
    return d[1]! - d[0]!;
  });
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
function medians(options: { centres?: number[][]; squared?: boolean; unmatched?: boolean; stat?: (v: number[]) => number } = {}): number[] {
  const m = margins(options.centres ?? npModel.clusterCenters, options.squared);
  const perm = matchLabels(npLabels, dpLabels);
  const pink = npLabels.map((a, i) => (options.unmatched ? a !== dpLabels[i] : a !== perm[dpLabels[i]!]));
  const stat = options.stat ?? median;
  return [stat(m.filter((_, i) => pink[i])), stat(m.filter((_, i) => !pink[i]))];
}

testLessonExercises(lesson2, {
  q1: {
    solution: () => dpModel(),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "a number", answer: () => 0.5, code: "wrong-type", message: /a model made with `new \.\.\.KMeans/ },
      { name: "the non-private KMeans", answer: () => new KMeans({ nClusters: 3, randomState: 7 }).fit(X), code: "non-private", message: /non-private `KMeans`.*dp\.KMeans.*`q1\.hint\(\)`/ },
      { name: "no bounds", answer: () => dpModel({ bounds: undefined }), code: "bounds-missing", message: /took its bounds from the data/ },
      {
        name: "bounds computed from the data by hand",
        answer: () => {
          const lower = [0, 1].map((j) => Math.min(...X.map((r) => r[j]!)));
          const upper = [0, 1].map((j) => Math.max(...X.map((r) => r[j]!)));
          return dpModel({ bounds: { lower, upper } });
        },
        code: "bounds-from-data",
        message: /smallest and largest values in the data/,
      },
      { name: "other bounds", answer: () => dpModel({ bounds: { lower: [-2, -2], upper: [4, 3] } }), code: "bounds-not-public", message: /not the public bounds/ },
      { name: "forgot publicSize", answer: () => dpModel({ publicSize: undefined }), code: "no-public-size", message: /noisy count of the rows.*`publicSize: 1025`/ },
      { name: "publicSize of the first 251", answer: () => dpModel({ publicSize: 251 }), code: "wrong-public-size", message: /publicSize: 251.*whole Pokédex/ },
      { name: "ε = 1, the lesson's", answer: () => dpModel({ epsilon: 1 }), code: "wrong-epsilon", message: /spent ε = 1; this exercise asks for another ε/ },
      { name: "k = 4", answer: () => dpModel({ nClusters: 4 }), code: "wrong-k", message: /4 clusters/ },
      { name: "no seed", answer: () => dpModel({ randomState: undefined }), code: "no-seed", message: /no seed/ },
      { name: "the lesson's seed", answer: () => dpModel({ randomState: 42 }), code: "wrong-seed", message: /seed is the number 42/ },
      {
        name: "fitted on the first 251 Pokémon",
        answer: () => new dp.KMeans({ epsilon: 0.5, nClusters: 3, bounds, publicSize: 1025, randomState: 7 }).fit(X.slice(0, 251)),
        code: "wrong-data",
        message: /251 rows/,
      },
      { name: "other defaults (fewer restarts)", answer: () => dpModel({ nInit: 1 }), code: "other-settings", message: /defaults/ },
      { name: "the labels", answer: () => dpModel().labels, code: "wrong-type", message: /labels or centres/ },
      { name: "not fitted", answer: () => new dp.KMeans({ epsilon: 0.5, nClusters: 3, bounds, randomState: 7 }), code: "not-fitted", message: /not fitted yet/ },
    ],
  },
  q2: {
    solution: () => {
      const perm = matchLabels(npLabels, dpLabels);
      return npLabels.filter((a, i) => a !== perm[dpLabels[i]!]).length;
    },
    stub: TODO,
    secret: new RegExp(`\\b${expectedChanged}\\b`),
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "an arbitrary number", answer: () => 123, code: "wrong-count", message: /not the number of Pokémon whose cluster differs/ },
      { name: "a negative number", answer: () => -3, code: "negative", message: /0 or more/ },
      { name: "the labels", answer: () => dpLabels, code: "list-not-number", message: /a list of 1025 values/ },
      { name: "labels not matched", answer: () => rawDisagreement, code: "not-matched", message: /match the DP clusters/ },
      { name: "agreements", answer: () => npLabels.length - expectedChanged, code: "counted-agreements", message: /kept their cluster/ },
      { name: "a share", answer: () => expectedChanged / npLabels.length, code: "share-not-count", message: /is a share/, quotesAnswer: true },
      { name: "a percentage", answer: () => (100 * expectedChanged) / npLabels.length, code: "percent", message: /percentage/ },
      {
        name: "the lesson's model (ε = 1, seed 42)",
        answer: () => countChanged(npLabels, new dp.KMeans({ epsilon: 1, nClusters: 3, bounds, publicSize: 1025, randomState: 42 }).fitPredict(X)),
        code: "lesson-model",
        message: /lesson's DP model/,
      },
      { name: "every Pokémon", answer: () => 1025, code: "all-pokemon", message: /every Pokémon/ },
    ],
  },
  q3: {
    solution: () => medians(),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "one number", answer: () => medians()[0]!, code: "number-not-list", message: /is a list of numbers/, quotesAnswer: true },
      { name: "swapped", answer: () => medians().reverse(), code: "swapped", message: /wrong order/ },
      { name: "squared distances", answer: () => medians({ squared: true }), code: "squared-distances", message: /squared distances/ },
      { name: "labels not matched", answer: () => medians({ unmatched: true }), code: "not-matched", message: /cluster NUMBERS differ/ },
      { name: "means", answer: () => medians({ stat: meanOf }), code: "mean-not-median", message: /means/ },
      {
        name: "margins to the DP centres",
        answer: () => medians({ centres: new dp.KMeans({ epsilon: 0.3, nClusters: 3, bounds, publicSize: 1025, randomState: 0 }).fit(X).clusterCenters }),
        code: "dp-centres",
        message: /DP model's centres/,
      },
      { name: "three numbers", answer: () => [...medians(), 0], code: "wrong-shape", message: /two numbers/ },
      { name: "one median of all margins", answer: () => [median(margins(npModel.clusterCenters)), 1], code: "wrong-margins", message: /not the two medians/ },
    ],
  },
  q4: {
    solution: () => countChanged,
    stub: () => TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "the count instead of the function", answer: () => expectedChanged, code: "result-not-function", message: /a result, not a function/, quotesAnswer: true },
      { name: "no matching", answer: () => (a: number[], b: number[]) => a.filter((l, i) => l !== b[i]).length, code: "not-matched", message: /as numbers/ },
      {
        name: "greedy matching",
        answer: () => (a: number[], b: number[]) => {
          const overlaps: [number, number, number][] = [];
          for (let lb = 0; lb < 3; lb++) for (let la = 0; la < 3; la++) overlaps.push([a.filter((v, i) => v === la && b[i] === lb).length, lb, la]);
          overlaps.sort((x, y) => y[0] - x[0]);
          const usedA = new Set<number>();
          const usedB = new Set<number>();
          let agree = 0;
          for (const [count, lb, la] of overlaps) {
            if (usedA.has(la) || usedB.has(lb)) continue;
            usedA.add(la);
            usedB.add(lb);
            agree += count;
          }
          return a.length - agree;
        },
        code: "greedy",
        message: /largest overlap first/,
      },
      { name: "a share", answer: () => (a: number[], b: number[]) => countChanged(a, b) / a.length, code: "share", message: /a share/ },
      { name: "agreements", answer: () => (a: number[], b: number[]) => a.length - countChanged(a, b), code: "counted-agreements", message: /agree/ },
      { name: "hard-coded", answer: () => () => expectedChanged, code: "hard-coded", message: /same number/ },
      { name: "forgot return", answer: () => (a: number[], b: number[]) => void countChanged(a, b), code: "returned-undefined", message: /forget `return`/ },
    ],
  },
});

test("exercise 2.2 uses a DP model whose cluster numbers differ from the reference's (matching matters)", () => {
  assert.notEqual(rawDisagreement, expectedChanged);
  assert.notEqual(rawDisagreement, npLabels.length - expectedChanged, "the two typical mistakes give different numbers");
  assert.notEqual(rawDisagreement, npLabels.length, "'not matched' and 'every Pokémon' give different numbers");
  assert.ok(expectedChanged < npLabels.length / 2);
});

test("exercise 2.2's DP labels are the notebook's fit, with the Pokédex's public size (no noisy count of the rows)", () => {
  const acc = new dp.BudgetAccountant();
  const labels = new dp.KMeans({ epsilon: 0.3, nClusters: 3, bounds, publicSize: 1025, randomState: 0, accountant: acc }).fitPredict(X);
  assert.deepEqual(labels, dpLabels);
  assert.ok(acc.rows().every((row) => !row.label.endsWith(": number of rows")));
});

test("exercise 2.4's cases: a greedy matching is wrong on one of them, and no two mistakes collide there", () => {
  const cases = matchingCases();
  assert.ok(cases.length >= 5);
  const trap = cases.find((c) => c.label.includes("largest overlap"))!;
  assert.equal(trap.changed, 5);
  assert.equal(trap.a.filter((l, i) => l !== trap.b[i]).length, 10, "raw disagreement differs from greedy (8) and the best (5)");
  assert.equal(q4.grade(countChanged).status, "correct");
});

test("exercise 2.1 (issue 22 finding 7): every name its text and solution use is set up before it, so writing it as read compiles", () => {
  const learner = readNotebook(join(projectRoot, "notebooks", "exercises", "02-comparing-models.ipynb"));
  const setup = cellSource(learner.cells.find((c) => c.cell_type === "code")!);
  const text = learner.cells.map(cellSource).find((s) => s.startsWith("## Exercise 1"))!;
  // The names the text puts in code spans that are values (not option names), and the solution's values.
  const solutionValues = [...q1Solution.matchAll(/:\s*([A-Za-z_]\w*)\b/g)].map((m) => m[1]!).filter((n) => !/^\d/.test(n));
  const textValues = ["bounds", "publicSize", "X"].filter((n) => text.includes(`\`${n}\``));
  assert.ok(textValues.includes("publicSize"), "the text names publicSize");
  for (const name of new Set([...textValues, ...solutionValues])) {
    assert.match(setup, new RegExp(`\\bconst (?:${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\})`), `the set-up cell declares ${name}`);
  }
  assert.match(setup, /const publicSize = 1025;/);
});

test("the exercise notebooks point nowhere a learner in my-notebooks/ lacks", () => {
  for (const name of ["01-deidentification", "02-comparing-models"]) {
    const text = readNotebook(join(projectRoot, "notebooks", "exercises", `${name}.ipynb`)).cells.map(cellSource).join("\n");
    assert.doesNotMatch(text, /notebooks\/exercises/);
  }
});

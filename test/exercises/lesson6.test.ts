/**
 * Lesson 6's exercises (epsilon trade-offs): every solution correct, every stub not attempted, and the
 * typical wrong answers (computed the way a learner making the mistake would) each get their message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { captureWarnings } from "../../src/errors";
import { KMeans as NonPrivateKMeans, changedShare } from "../../src/cluster/index";
import { featureMatrix, loadPokemon } from "../../src/data/index";
import { BudgetAccountant, KMeans, epsilonSweep, type DPKMeansOptions } from "../../src/dp/models";
import { TODO } from "../../src/exercises/index";
import { Q3_EPSILONS, lesson6, q1, referenceModel } from "../../src/exercises/lesson6";
import { testLessonExercises } from "./harness";

const pokemon = loadPokemon();
const { X, bounds } = featureMatrix(pokemon, ["log10_weight_kg", "log10_height_m"]);
const reference = new NonPrivateKMeans({ nClusters: 3, nInit: 50, randomState: 42 }).fit(X);
const fit = (options: DPKMeansOptions = {}, data: number[][] = X) =>
  captureWarnings(() =>
    new KMeans({ nClusters: 3, epsilon: 0.5, bounds, publicSize: 1025, randomState: 42, accountant: new BudgetAccountant(), ...options }).fit(data),
  ).result;
const model = fit();
const share = () => changedShare(reference.labels, model.labels, 3);
const sweeps = new Map<string, ReturnType<typeof epsilonSweep>>();
const sweep = (method: "dplloyd" | "eugkm", publicSize: number | null = 1025) => {
  const key = `${method}/${publicSize}`;
  if (!sweeps.has(key)) {
    sweeps.set(key, captureWarnings(() => epsilonSweep({ X, bounds, k: 3, epsilons: Q3_EPSILONS, seeds: 20, methods: [method], publicSize: publicSize ?? undefined })).result);
  }
  return sweeps.get(key)!;
};
const enough = (method: "dplloyd" | "eugkm", publicSize: number | null = 1025) => sweep(method, publicSize).rows.find((r) => r.quality.median <= 1.5)!.epsilon;

testLessonExercises(lesson6, {
  q1: {
    solution: () => model,
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "a number", answer: () => 0.5, code: "wrong-type", message: /fitted DP model itself/ },
      { name: "the non-private model", answer: () => reference, code: "non-private", message: /non-private `KMeans`.*`q1\.hint\(\)`/ },
      { name: "not fitted", answer: () => new KMeans({ nClusters: 3, epsilon: 0.5, bounds, randomState: 42 }), code: "not-fitted", message: /call `\.fit\(X\)`/ },
      { name: "k = 4", answer: () => fit({ nClusters: 4 }), code: "wrong-k", message: /nClusters = 4/ },
      { name: "the lesson's ε = 1", answer: () => fit({ epsilon: 1 }), code: "wrong-epsilon", message: /ε = 1 \(one of the lesson's two budgets\)/ },
      { name: "bounds forgotten", answer: () => fit({ bounds: undefined }), code: "bounds-missing", message: /computed them from the data/ },
      {
        name: "bounds from the data's min and max",
        answer: () =>
          fit({
            bounds: {
              lower: [0, 1].map((t) => Math.min(...X.map((r) => r[t]!))),
              upper: [0, 1].map((t) => Math.max(...X.map((r) => r[t]!))),
            },
          }),
        code: "bounds-from-data",
        message: /data's own minimum and maximum/,
      },
      { name: "DPLloyd instead of the default", answer: () => fit({ method: "dplloyd" }), code: "wrong-method", message: /default algorithm/ },
      { name: "forgot publicSize", answer: () => fit({ publicSize: undefined }), code: "no-public-size", message: /The model was not told.*`publicSize: 1025`/ },
      { name: "publicSize of the first 251", answer: () => fit({ publicSize: 251 }), code: "wrong-public-size", message: /publicSize: 251/ },
      { name: "another seed", answer: () => fit({ randomState: 7 }), code: "wrong-seed", message: /randomState: 42/ },
      { name: "the first 251 Pokémon", answer: () => fit({}, X.slice(0, 251)), code: "wrong-data", message: /fitted to 251 rows/ },
      {
        name: "raw weight and height with the log bounds",
        answer: () => fit({}, featureMatrix(pokemon, ["weight_kg", "height_m"]).X),
        code: "wrong-data",
        message: /not the centres/,
      },
      { name: "the labels", answer: () => model.labels, code: "wrong-type", message: /fitted DP model itself/ },
    ],
  },
  q2: {
    solution: () => share(),
    stub: TODO,
    secret: /9\.6%|0\.0956/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "an arbitrary share", answer: () => 0.77, code: "wrong-share", message: /not the share of changed Pokémon/ },
      { name: "the model", answer: () => model, code: "model-not-number", message: /a whole fitted model/ },
      {
        name: "labels compared without matching",
        answer: () => model.labels.filter((l, i) => l !== reference.labels[i]).length / X.length,
        code: "not-matched",
        message: /match the labels first/,
      },
      { name: "a count", answer: () => share() * X.length, code: "count-not-share", message: /divide by 1025/ },
      { name: "a percentage", answer: () => share() * 100, code: "percent-not-share", message: /percentage/ },
      { name: "the ones that stayed", answer: () => 1 - share(), code: "agreement-not-change", message: /stayed/ },
      {
        name: "the model of 6.1 fitted without publicSize",
        answer: () => changedShare(reference.labels, fit({ publicSize: undefined }).labels, 3),
        code: "no-public-size",
        message: /without `publicSize`.*`publicSize: 1025`/,
      },
      { name: "the model at ε = 1", answer: () => changedShare(reference.labels, fit({ epsilon: 1 }).labels, 3), code: "wrong-model", message: /ε = 1\. Use the model of exercise 1/ },
      { name: "the labels", answer: () => model.labels, code: "list-not-number", message: /a list of 1025 values, but the share of Pokémon that changed cluster is one number/ },
    ],
  },
  q3: {
    solution: () => enough("dplloyd"),
    stub: TODO,
    secret: /\b0\.5\b/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "the swept ε list", answer: () => [...Q3_EPSILONS], code: "list-not-number", message: /is one number/ },
      { name: "EUGkM's crossing", answer: () => enough("eugkm"), code: "wrong-method", message: /about DPLloyd/ },
      {
        name: "the last ε above the threshold",
        answer: () => {
          const rows = sweep("dplloyd").rows;
          return rows[rows.findIndex((r) => r.quality.median <= 1.5) - 1]!.epsilon;
        },
        code: "above-threshold",
        message: /still above 1\.5/,
      },
      { name: "the largest ε", answer: () => 2, code: "not-smallest", message: /find the first/ },
      { name: "swept without publicSize", answer: () => enough("dplloyd", null), code: "no-public-size", message: /counts the rows.*`publicSize: 1025`/ },
      {
        name: "the quality ratio at the crossing",
        answer: () => sweep("dplloyd").rows.find((r) => r.quality.median <= 1.5)!.quality.median,
        code: "ratio-not-epsilon",
        message: /quality ratio/,
        quotesAnswer: true,
      },
      { name: "an ε that was not swept", answer: () => 0.4, code: "not-a-swept-epsilon", message: /not one of the ε values swept/ },
    ],
  },
});

test("exercise 6.2 builds on the same reference as the notebook (50 starts, seed 42)", () => {
  assert.deepEqual(referenceModel().labels, reference.labels);
});

test("exercise 6.1 accepts the model however it was charged (default accountant or its own)", () => {
  const own = captureWarnings(() =>
    new KMeans({ nClusters: 3, epsilon: 0.5, bounds, publicSize: 1025, randomState: 42, accountant: new BudgetAccountant({ epsilon: 0.5 }) }).fit(X),
  ).result;
  assert.equal(q1.grade(own).status, "correct");
});

test("exercise 6.3's typical answers are distinct ε values (no mistake is hidden behind another's code)", () => {
  const rows = sweep("dplloyd").rows;
  const crossingAt = rows.findIndex((r) => r.quality.median <= 1.5);
  const answers = [enough("dplloyd"), enough("eugkm"), rows[crossingAt - 1]!.epsilon, enough("dplloyd", null)];
  assert.equal(new Set(answers).size, answers.length, `right, EUGkM's, one too small, without publicSize: ${answers.join(", ")}`);
  // the crossing is not a knife edge: the ε before it is clearly above 1.5, the crossing clearly below
  assert.ok(rows[crossingAt - 1]!.quality.median > 1.55 && rows[crossingAt]!.quality.median < 1.45, rows.map((r) => r.quality.median.toFixed(3)).join(" "));
});

/**
 * Lesson 6 exercises: epsilon trade-offs, from guided to open.
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 fit DP k-means at ε = 0.5 | the fitted model | its settings (k, ε, public bounds, publicSize 1025, default method, seed) and centres |
 * | q2 how many Pokémon changed cluster? | a share from 0 to 1 | `changedShare` vs the non-private reference |
 * | q3 where quality crosses 1.5 | an ε of the sweep | `epsilonSweep` (DPLloyd, 20 seeds, publicSize 1025): the smallest ε whose median ≤ 1.5 |
 *
 * The graders recognise the typical mistakes (the non-private model, a model not fitted, wrong k or ε,
 * bounds missing or computed from the data, no public size declared, labels compared without matching them first, a count or a
 * percentage instead of a share, the other algorithm, the ε just before the crossing...) and say so
 * without giving the answer. Expected values are computed with the course library (seeded), once per
 * kernel session.
 *
 * Import in the exercise notebook as `./src/exercises/lesson6`.
 */
import { KMeans as NonPrivateKMeans } from "../cluster/kmeans";
import { changedShare } from "../cluster/metrics";
import { featureMatrix, loadPokemon } from "../data/index";
import { BudgetAccountant } from "../dp/accountant";
import { DPKMeans, type DPKMeansMethod } from "../dp/kmeans/model";
import { epsilonSweep } from "../sweep";
import { closeTo, describeValue, expectNumber, isModelLike, matchCentroids, show } from "./grading";
import { expectPokedexSize, noPublicSizeMessage, POKEDEX_SIZE, quietly } from "./models";
import { correct, fail } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson6 = defineLesson(6, "Epsilon trade-offs");

/** Number of clusters in every exercise. */
export const K = 3;
/** The seed of the models (as in the lesson). */
export const SEED = 42;
/** ε of exercises 6.1 and 6.2. */
export const Q1_EPSILON = 0.5;
/** The ε values exercise 6.3 sweeps. */
export const Q3_EPSILONS: readonly number[] = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2];
/** Seeds per ε in exercise 6.3. */
export const Q3_SEEDS = 20;
/** "Acceptable" quality in exercise 6.3: median inertia at most 1.5 × non-private. */
export const Q3_THRESHOLD = 1.5;

const FEATURES = ["log10_weight_kg", "log10_height_m"] as const;

const memo = new Map<string, unknown>();
function remember<T>(key: string, compute: () => T): T {
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}

const pokemonData = () => remember("pokemon", () => featureMatrix(loadPokemon(), FEATURES));

/**
 * The non-private reference of the lesson: k-means with 50 starts (seed 42) on the lesson's data. The
 * exercise notebook uses the same one.
 */
export function referenceModel(): NonPrivateKMeans {
  return remember("reference", () => new NonPrivateKMeans({ nClusters: K, nInit: 50, randomState: SEED }).fit(pokemonData().X));
}

/**
 * DP k-means on the lesson's data at ε (seed 42, public bounds, default algorithm), told the Pokédex's
 * public size, or (`publicSize: false`) counting the rows instead.
 */
function dpModel(epsilon: number, publicSize = true): DPKMeans {
  return remember(`dp/${epsilon}/${publicSize}`, () => {
    const { X, bounds } = pokemonData();
    return quietly(() =>
      new DPKMeans({
        nClusters: K,
        epsilon,
        bounds,
        publicSize: publicSize ? POKEDEX_SIZE : undefined,
        randomState: SEED,
        accountant: new BudgetAccountant(),
      }).fit(X),
    );
  });
}

/** The ε sweep of exercise 6.3 for one algorithm, told the Pokédex's public size or (`false`) not. */
function sweepOf(method: DPKMeansMethod, publicSize = true) {
  return remember(`sweep/${method}/${publicSize}`, () => {
    const { X, bounds } = pokemonData();
    return quietly(() =>
      epsilonSweep({ X, bounds, k: K, epsilons: Q3_EPSILONS, seeds: Q3_SEEDS, methods: [method], publicSize: publicSize ? POKEDEX_SIZE : undefined }),
    );
  });
}

/** The smallest swept ε whose median quality ratio is at most the threshold. */
function crossing(method: DPKMeansMethod, publicSize = true): number | undefined {
  return sweepOf(method, publicSize).rows.find((r) => r.quality.median <= Q3_THRESHOLD)?.epsilon;
}

const sameBounds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => closeTo(v, b[i]!, { abs: 1e-9 }));

// ---------------------------------------------------------------------------------------------------
// q1: fit DP k-means at ε = 0.5 (guided)

/** Exercise 6.1: DP k-means with k = 3, ε = 0.5, the public bounds and seed 42, fitted to `X`. */
export const q1 = lesson6.problem({
  number: 1,
  title: "Fit DP k-means at ε = 0.5",
  hints: [
    "The DP `KMeans` from `./src/dp/models` takes `{ nClusters, epsilon, bounds, publicSize, randomState }`, like diffprivlib's `KMeans(epsilon=..., n_clusters=..., bounds=...)` plus the public size; then `.fit(X)`.",
    "Use `nClusters: 3`, `epsilon: 0.5`, the public `bounds` from `featureMatrix`, `publicSize: 1025` (the Pokédex's size is public, so no ε goes to counting the rows) and `randomState: 42`, and pass the fitted model itself.",
  ],
  solution: `
const model = new KMeans({ nClusters: 3, epsilon: 0.5, bounds: bounds,
  publicSize: 1025, randomState: 42 }).fit(X);`,
  explanation:
    "The public bounds come from the Pokédex's limits and the public size from its 1,025 species, so the model spends exactly ε = 0.5, all of it on the centres, and nothing leaks through the bounds or the size.",
  grade(answer) {
    if (answer instanceof NonPrivateKMeans) {
      fail(
        "non-private",
        "That is the non-private `KMeans` (`NonPrivateKMeans` here, from `./src/cluster/index`): it has no ε and protects nobody. " +
          "Use the DP `KMeans` from `./src/dp/models`. `q1.hint()` is about exactly this mix-up.",
      );
    }
    if (!(answer instanceof DPKMeans)) {
      if (isModelLike(answer)) {
        fail("non-private", "That model has no ε: it is not the DP `KMeans` from `./src/dp/models`. `q1.hint()` is about exactly this mix-up.");
      }
      fail("wrong-type", `Pass the fitted DP model itself (\`new KMeans({...}).fit(X)\`). Your answer is ${describeValue(answer)}.`);
    }
    const model = answer;
    if (!model.isFitted) fail("not-fitted", "The model is not fitted yet: call `.fit(X)` on it (fit returns the model).");
    if (model.nClusters !== K) fail("wrong-k", `The model has nClusters = ${model.nClusters}; this exercise asks for ${K} clusters.`);
    if (model.epsilon !== Q1_EPSILON) {
      const lesson = model.epsilon === 0.2 || model.epsilon === 1 ? " (one of the lesson's two budgets)" : "";
      fail("wrong-epsilon", `The model was fitted with ε = ${show(model.epsilon)}${lesson}; this exercise asks for ε = ${Q1_EPSILON}.`);
    }
    const info = model.fitInfo;
    if (info.boundsFromData) {
      fail(
        "bounds-missing",
        "The model had no bounds, so it computed them from the data (a PrivacyWarning said so): not private. Pass the public `bounds` from `featureMatrix`.",
      );
    }
    const { X, bounds } = pokemonData();
    if (!sameBounds(info.bounds.lower, bounds.lower) || !sameBounds(info.bounds.upper, bounds.upper)) {
      const lower = [0, 1].map((t) => Math.min(...X.map((row) => row[t]!)));
      const upper = [0, 1].map((t) => Math.max(...X.map((row) => row[t]!)));
      if (sameBounds(info.bounds.lower, lower) && sameBounds(info.bounds.upper, upper)) {
        fail(
          "bounds-from-data",
          "These bounds are the data's own minimum and maximum: they reveal the most extreme Pokémon. Use the public `bounds` from `featureMatrix`, which come from the Pokédex's limits.",
        );
      }
      fail("wrong-bounds", "The model's bounds are not the public bounds of the two features. Pass `bounds` from `featureMatrix` unchanged.");
    }
    if (model.method !== "auto") {
      fail(
        "wrong-method",
        `The model uses method "${model.method}"; keep the library's default algorithm (leave \`method\` out: "auto" chooses from public numbers).`,
      );
    }
    if (String(model.randomState) !== String(SEED)) {
      fail("wrong-seed", `Pass \`randomState: ${SEED}\`: with a seed the noise is reproducible, so the result can be checked (and exercise 2 builds on it).`);
    }
    if (model.labels.length !== X.length || model.nFeaturesIn !== 2) {
      fail("wrong-data", `The model was fitted to ${model.labels.length} rows of ${model.nFeaturesIn} feature(s); fit it to \`X\`: all ${X.length} Pokémon, log10 weight and height.`);
    }
    expectPokedexSize(info.size, "The model");
    const expected = dpModel(Q1_EPSILON);
    if (matchCentroids(model.clusterCenters, expected.clusterCenters).maxDistance > 1e-9) {
      fail("wrong-data", "Right settings, but not the centres of the model fitted to `X`: fit it to the lesson's data (log10 weight and height of all 1,025 Pokémon).");
    }
    const ratio = model.inertia / referenceModel().inertia;
    return correct(
      `Yes: ε = ${Q1_EPSILON} spent once, with public bounds and size. Its inertia is ${show(Number(ratio.toFixed(3)))} × the non-private one.`,
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: the share of Pokémon that changed cluster

/** Exercise 6.2: the share of Pokémon whose cluster differs between the reference and the model of 6.1. */
export const q2 = lesson6.problem({
  number: 2,
  title: "How many Pokémon changed cluster?",
  hints: [
    "Cluster numbers are arbitrary: cluster 0 of one model can be cluster 2 of the other. Match them before comparing.",
    "`changedShare(reference.labels, model.labels, 3)` from `./src/cluster/index` matches the labels (Hungarian algorithm) and returns the share that differs.",
  ],
  solution: `
const changed = changedShare(reference.labels, model.labels, 3);`,
  explanation: "After matching, only the Pokémon near the borders between clusters change: the pink points of the lessons.",
  grade(answer) {
    const share = expectNumber(answer, "the share of Pokémon that changed cluster");
    const reference = referenceModel();
    const model = dpModel(Q1_EPSILON);
    const n = reference.labels.length;
    const expected = changedShare(reference.labels, model.labels, K);
    if (closeTo(share, expected, { abs: 1e-9 })) {
      return correct(
        `Yes: ${(100 * share).toFixed(1)}% of the Pokémon are in another cluster than non-private k-means puts them in, ` +
          "all of them near the borders between clusters.",
      );
    }
    const unmatched = model.labels.filter((l, i) => l !== reference.labels[i]).length / n;
    if (closeTo(share, unmatched, { abs: 1e-9 })) {
      fail(
        "not-matched",
        "You compared the cluster numbers as they are. But the numbers are arbitrary (cluster 0 of one model can be cluster 2 of the other): match the labels first.",
      );
    }
    if (closeTo(share, expected * n, { abs: 1e-6 })) fail("count-not-share", `That is a number of Pokémon; give the share: divide by ${n}.`);
    if (closeTo(share, expected * 100, { abs: 1e-6 })) fail("percent-not-share", "That is a percentage; give the share, from 0 to 1.");
    if (closeTo(share, 1 - expected, { abs: 1e-9 })) {
      fail("agreement-not-change", "That is the share of Pokémon that stayed in their cluster; the question asks for those that changed.");
    }
    for (const epsilon of [1, 0.2]) {
      if (closeTo(share, changedShare(reference.labels, dpModel(epsilon).labels, K), { abs: 1e-9 })) {
        fail("wrong-model", `That is the share for the model at ε = ${epsilon}. Use the model of exercise 1 (ε = ${Q1_EPSILON}).`);
      }
    }
    if (closeTo(share, changedShare(reference.labels, dpModel(Q1_EPSILON, false).labels, K), { abs: 1e-9 })) {
      fail("no-public-size", `That is the share for a model fitted without \`publicSize\`. ${noPublicSizeMessage("It")} Then compare again.`);
    }
    if (share < 0 || share > 1) fail("not-a-share", `A share is between 0 and 1; your answer is ${show(share)}.`);
    fail("wrong-share", "That is not the share of changed Pokémon between `reference` and the model of exercise 1. Compare `reference.labels` with `model.labels`, after matching.");
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: open, the ε where quality crosses the threshold

/** Exercise 6.3: the smallest swept ε at which DPLloyd's median quality ratio is at most 1.5. */
export const q3 = lesson6.problem({
  number: 3,
  title: "Open: where does DPLloyd become acceptable?",
  hints: [
    '`epsilonSweep({ X, bounds, k: 3, epsilons: sweepEpsilons, seeds: 20, methods: ["dplloyd"], publicSize: 1025 })` fits and scores every (ε, seed); each row has the ε and `quality.median`.',
    "Go through the rows in order of ε and keep the first whose `quality.median` is at most 1.5.",
  ],
  solution: `
const sweep = epsilonSweep({ X: X, bounds: bounds, k: 3, epsilons: sweepEpsilons, seeds: 20,
  methods: ["dplloyd"], publicSize: 1025 });
const enough = sweep.rows.find((r) => r.quality.median <= 1.5).epsilon;`,
  explanation:
    "Below that ε, DPLloyd's clusters are more than 50% worse than non-private (in inertia) in at least half of the runs; EUGkM gets there with a fraction of the budget.",
  grade(answer) {
    const epsilon = expectNumber(answer, "an ε, one of `sweepEpsilons`");
    const target = crossing("dplloyd");
    if (target !== undefined && closeTo(epsilon, target, { abs: 1e-12 })) {
      const row = sweepOf("dplloyd").rows.find((r) => r.epsilon === target)!;
      return correct(
        `Yes: at ε = ${target} DPLloyd's median inertia is ${row.quality.median.toFixed(2)} × non-private. ` +
          `EUGkM reaches the same quality from ε = ${crossing("eugkm")}.`,
      );
    }
    if (!Q3_EPSILONS.some((e) => closeTo(epsilon, e, { abs: 1e-12 }))) {
      const ratios = sweepOf("dplloyd").rows.map((r) => r.quality.median);
      if (epsilon >= 1 && ratios.some((r) => closeTo(epsilon, r, { rel: 1e-6 }))) {
        fail("ratio-not-epsilon", "That is a quality ratio. The question asks for the ε at which the ratio first reaches 1.5 or less.");
      }
      fail("not-a-swept-epsilon", `${show(epsilon)} is not one of the ε values swept (\`sweepEpsilons\`): answer with one of them.`);
    }
    if (epsilon === crossing("eugkm") && epsilon !== target) {
      fail("wrong-method", 'That is where EUGkM, the algorithm "auto" picks here, crosses. The question is about DPLloyd: `methods: ["dplloyd"]`.');
    }
    if (epsilon === crossing("dplloyd", false) && epsilon !== target) {
      fail(
        "no-public-size",
        "That is where DPLloyd crosses when every fit of the sweep counts the rows with 5% of its ε. The Pokédex's size is public: " +
          `pass \`publicSize: ${POKEDEX_SIZE}\` to \`epsilonSweep\`, as for a single model.`,
      );
    }
    if (target !== undefined && epsilon < target) {
      fail("above-threshold", `At ε = ${epsilon} DPLloyd's median inertia is still above 1.5 × non-private.`);
    }
    fail("not-smallest", `At ε = ${epsilon} the quality is acceptable, but a smaller ε of the sweep already is: find the first.`);
  },
});

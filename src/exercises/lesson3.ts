/**
 * Lesson 3 exercises: building DP clustering models, from guided to open.
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 public bounds | bounds for Attack and Defense | the games' range 1–255, the data's own range |
 * | q2 spend a budget | the accountant | ε = 2, fits at ε = 0.3 (publicSize 1025) until one is refused |
 * | q3 one DPLloyd update | the new centres, k × d | iteration 1 of a seeded DPLloyd fit (publicSize 1025) |
 * | q4 open: a third iteration | the smallest ε | Su et al.'s rule for the six base stats |
 *
 * The graders recognise the typical mistakes (bounds taken from the data, too tight, narrower than the
 * public range or far too wide; a new accountant per fit, stopping early, another ε, fits that counted the
 * rows instead of declaring the Pokédex's public size; exact means instead
 * of released values, count ÷ sum, the final centres; the threshold for two features...) and say so
 * without giving the answer.
 *
 * Import in the exercise notebook as `./src/exercises/lesson3`.
 */
import { featureMatrix, loadPokemon, PUBLIC_BOUNDS } from "../data/index";
import { KMeans as DPKMeans, dplloydIterations } from "../dp/models";
import type { DPKMeansStep } from "../dp/models";
import { validateBounds, type Bounds } from "../validate";
import { closeTo, describeValue, expectNumber, show } from "./grading";
import { expectAccountant, expectMatrix, isRowCount, memo, nearestCentre, noPublicSizeMessage, POKEDEX_SIZE, quietly, sameMatrix } from "./models";
import { correct, fail } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson3 = defineLesson(3, "Building DP clustering models");

/** Exercise 3.2's budget and the ε of each fit. */
export const Q2 = { budget: 2, epsilon: 0.3 } as const;
/** Exercise 3.3's DPLloyd fit. */
export const Q3 = { epsilon: 1, nClusters: 3, seed: 1 } as const;
/** Exercise 3.4's data: the six base stats of the 1,025 Pokémon, k = 3. */
export const Q4 = { n: 1025, d: 6, k: 3 } as const;

const remember = memo();

/** log10 weight and height of all 1,025 Pokémon, with public bounds (the lesson's data). */
export function lessonData() {
  return remember("data", () => featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]));
}

/** Attack and Defense of all 1,025 Pokémon (exercise 3.1). */
function stats() {
  return remember("stats", () => featureMatrix(loadPokemon(), ["attack", "defense"]).X);
}

// ---------------------------------------------------------------------------------------------------
// q1: public bounds (guided)

/** Exercise 3.1: bounds for DP k-means on Attack and Defense, chosen without looking at the data. */
export const q1 = lesson3.problem({
  number: 1,
  title: "Public bounds for two stats",
  hints: [
    "Bounds must be known before anyone looks at the data: what range do the games allow for a base stat? `PUBLIC_BOUNDS.attack` says, with its reason.",
    "Give one lower and one upper bound per feature: `{ lower: [attack's, defense's], upper: [attack's, defense's] }`.",
  ],
  solution: `
const statBounds = { lower: [1, 1], upper: [255, 255] };`,
  explanation:
    "Every base stat lies within 1–255 by the games' rules, whoever is in the data: those bounds reveal nothing. The data's own minimum and maximum would reveal the most extreme Pokémon.",
  grade(answer) {
    if (typeof answer === "number" || Array.isArray(answer)) {
      fail(
        "not-bounds-object",
        `Your answer is ${describeValue(answer)}, but bounds are an object with one lower and one upper bound per feature: ` +
          "`{ lower: [attack's, defense's], upper: [attack's, defense's] }`.",
      );
    }
    const raw = answer as { lower?: unknown; upper?: unknown };
    if (Array.isArray(raw.lower) && Array.isArray(raw.upper) && raw.lower.length === raw.upper.length) {
      const lo = raw.lower as unknown[];
      const hi = raw.upper as unknown[];
      if (lo.every((v, j) => typeof v === "number" && typeof hi[j] === "number" && v > (hi[j] as number))) {
        fail("swapped", "Every lower bound is above its upper bound: lower and upper are swapped. Swap them back.");
      }
    }
    let bounds: Bounds;
    try {
      bounds = validateBounds(answer as never, 2, "your bounds");
    } catch (error) {
      fail("invalid-bounds", `Those are not bounds for two features: ${(error as Error).message}`);
    }
    const X = stats();
    const lower = [0, 1].map((j) => Math.min(...X.map((r) => r[j]!)));
    const upper = [0, 1].map((j) => Math.max(...X.map((r) => r[j]!)));
    if (bounds.lower.every((v, j) => v === lower[j]) && bounds.upper.every((v, j) => v === upper[j])) {
      fail(
        "from-data",
        "These are the smallest and largest values in the data: they reveal the most extreme Pokémon, and change when one is added. Choose bounds from what the games allow.",
      );
    }
    const clipped = X.filter((r) => r.some((v, j) => v < bounds.lower[j]! || v > bounds.upper[j]!)).length;
    if (clipped > 0) {
      fail(
        "too-tight",
        `With these bounds ${clipped} Pokémon have a value outside them, and would be clipped. Bounds should hold every value the games allow.`,
      );
    }
    const domain = PUBLIC_BOUNDS.attack;
    if (bounds.lower.some((v) => v > domain.lower) || bounds.upper.some((v) => v < domain.upper)) {
      fail(
        "narrower-than-range",
        "These bounds hold today's Pokémon, but not every value the games allow: a new Pokémon could fall outside. Where did the numbers come from, if not from the data?",
      );
    }
    const width = domain.upper - domain.lower;
    if (bounds.lower.some((v) => v < domain.lower - width) || bounds.upper.some((v) => v > domain.upper + width)) {
      fail(
        "too-loose",
        "These bounds are safe but far wider than any stat can be: the noise grows with the range, so the model gets needlessly noisy. Use the range the games allow.",
      );
    }
    return correct(
      `Right: [${bounds.lower.join(", ")}] to [${bounds.upper.join(", ")}] holds every stat the games allow, and says nothing about who is in the data.`,
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: spend a budget, fit by fit

/** Exercise 3.2: an accountant of ε = 2 after DP k-means fits at ε = 0.3 until one was refused. */
export const q2 = lesson3.problem({
  number: 2,
  title: "Spend a budget, fit by fit",
  hints: [
    "Make ONE `new dp.BudgetAccountant({ epsilon: 2 })` and pass it to every model as `accountant`. Fit again and again in a loop, each time at `epsilon: 0.3`, with `publicSize: 1025` as in the lesson: the Pokédex's size is public, so no fit need spend ε counting the rows.",
    "The accountant throws a `BudgetExceededError` when a fit would go over the budget: wrap the loop in `try { ... } catch (error) { ... }` and pass the accountant to the check.",
  ],
  solution: `
const acc = new dp.BudgetAccountant({ epsilon: 2 });
let fits = 0;
try {
  for (;;) {
    new dp.KMeans({ epsilon: 0.3, nClusters: 3, bounds: bounds, publicSize: 1025, randomState: fits, accountant: acc }).fit(X);
    fits++;
  }
} catch (error) {
  if (!(error instanceof BudgetExceededError)) throw error;
}`,
  explanation:
    "Six fits spend ε = 1.8; the seventh would need 0.3 of the 0.2 left, so the accountant refuses it before it reads the data. Each fit adds its ε: that is sequential composition.",
  grade(answer) {
    const acc = expectAccountant(answer, "the accountant");
    const budget = acc.spent + acc.remaining;
    if (acc.rows.length === 0) {
      fail("nothing-spent", "Nothing was charged to this accountant: pass it to each model as `accountant: acc`.");
    }
    if (!closeTo(budget, Q2.budget, { abs: 1e-9 })) {
      fail("wrong-budget", `This accountant's budget is ε = ${show(budget)}; the exercise asks for another budget.`);
    }
    const fits = acc.spent / Q2.epsilon;
    if (acc.rows.some((r) => r.epsilon > Q2.epsilon + 1e-12) || !closeTo(fits, Math.round(fits), { abs: 1e-9 })) {
      fail("wrong-epsilon", "Some fits on this ledger did not spend ε = 0.3 each. Set `epsilon: 0.3` on every model.");
    }
    if (Math.round(fits) === 1) {
      fail(
        "one-fit",
        "Only one fit is on this ledger. Did you make a new accountant for each fit? Make one before the loop and give the same one to every model.",
      );
    }
    if (acc.remaining >= Q2.epsilon - 1e-12) {
      fail("stopped-early", `There is still ε = ${show(acc.remaining)} left: enough for another fit at 0.3. Keep fitting until the accountant refuses.`);
    }
    // Checked last: the budget arithmetic is the same either way (each fit still spends 0.3 in all).
    if (acc.rows.some(isRowCount)) fail("no-public-size", noPublicSizeMessage("Each of your fits"));
    return correct(
      `Yes: ${Math.round(fits)} fits spent ε = ${show(acc.spent)}, and the next one was refused with ε = ${show(acc.remaining)} left. ` +
        "Every fit on the same Pokémon adds its ε.",
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: one DPLloyd update, by hand

/** The DPLloyd fit of exercise 3.3 and its first iteration. */
export function q3Fit(): { step: DPKMeansStep; final: number[][] } {
  return remember("q3", () => {
    const { X, bounds } = lessonData();
    const fit = quietly(() =>
      new DPKMeans({ epsilon: Q3.epsilon, nClusters: Q3.nClusters, bounds, publicSize: POKEDEX_SIZE, randomState: Q3.seed, method: "dplloyd" }).fit(X),
    );
    return { step: fit.steps[0]!, final: fit.clusterCenters };
  });
}

/** Exercise 3.3: the centres after iteration 1, from the released noisy counts and sums. */
export const q3 = lesson3.problem({
  number: 3,
  title: "One DPLloyd update, by hand",
  hints: [
    "Use only what was released in iteration 1: `step.noisyCounts` (one per cluster) and `step.noisySums` (one row per cluster, one sum per feature).",
    "Each new centre is its cluster's noisy sums divided by its noisy count: `step.noisySums.map((sums, j) => sums.map((s) => s / step.noisyCounts[j]))`.",
  ],
  solution: `
const newCentres = step.noisySums.map((sums, j) => sums.map((s) => s / step.noisyCounts[j]));`,
  explanation:
    "The update reads only released values, so it costs no ε (post-processing). The library also keeps each centre inside the bounds and re-seeds clusters whose noisy count is below 1; neither happens in this iteration.",
  grade(answer) {
    const centres = expectMatrix(answer, "the new centres");
    const { step, final } = q3Fit();
    const k = step.noisyCounts.length;
    if (centres.length !== k || centres.some((c) => c.length !== 2)) {
      fail("wrong-shape", `Expected ${k} centres of 2 coordinates (one row per cluster); your answer has ${centres.length} row(s) of ${centres[0]!.length}.`);
    }
    if (sameMatrix(centres, step.centres)) {
      return correct("Right: noisy sum ÷ noisy count, cluster by cluster, from released values only. These are the centres iteration 2 starts from.");
    }
    const { X } = lessonData();
    const assigned = X.map((p) => nearestCentre(p, step.assignedTo));
    const exact = step.assignedTo.map((_, j) => {
      const members = X.filter((_, i) => assigned[i] === j);
      return [0, 1].map((t) => members.reduce((s, p) => s + p[t]!, 0) / members.length);
    });
    if (sameMatrix(centres, exact)) {
      fail(
        "exact-means",
        "Those are the exact means of each cluster's Pokémon: computed from the raw data, they are not private. Use only the released `noisyCounts` and `noisySums`.",
      );
    }
    if (sameMatrix(centres, step.noisySums.map((s, j) => s.map((v) => step.noisyCounts[j]! / v)))) {
      fail("upside-down", "You divided the counts by the sums. A centre is a mean: sum ÷ count.");
    }
    if (sameMatrix(centres, step.noisySums)) fail("not-divided", "Those are the noisy sums themselves. Divide each by its cluster's noisy count.");
    const n = step.noisyCounts.reduce((a, b) => a + b, 0);
    if (sameMatrix(centres, step.noisySums.map((s) => s.map((v) => v / n))) || sameMatrix(centres, step.noisySums.map((s) => s.map((v) => v / X.length)))) {
      fail("divided-by-total", "You divided by the number of all Pokémon. Divide each cluster's sums by that cluster's own noisy count.");
    }
    if (sameMatrix(centres, step.assignedTo)) fail("old-centres", "Those are the centres iteration 1 started from. The update moves them: compute the new ones.");
    if (sameMatrix(centres, final)) fail("final-centres", "Those are the model's final centres, after the last iteration. The exercise asks for the update of iteration 1.");
    fail("wrong-centres", "Those are not noisy sum ÷ noisy count for each cluster. Check which count goes with which row of sums.");
  },
});

// ---------------------------------------------------------------------------------------------------
// q4: open, when does DPLloyd afford a third iteration?

/** The smallest ε at which DPLloyd runs at least 3 iterations for (n, d, k), by bisection on the rule. */
export function thirdIterationEpsilon(n: number, d: number, k: number): number {
  let lo = 0;
  let hi = 1;
  while (dplloydIterations(hi, n, d, k) < 3) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (dplloydIterations(mid, n, d, k) >= 3) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** How far above the threshold an answer may be (found by a scan in small steps): 2%. */
export const Q4_TOLERANCE = 0.02;

/** Exercise 3.4: the smallest ε at which DPLloyd runs more than 2 iterations on the six base stats. */
export const q4 = lesson3.problem({
  number: 4,
  title: "Open: when is a third iteration affordable?",
  hints: [
    "`dp.dplloydIterations(epsilon, n, d, k)` gives the number of iterations. Here n = 1025 Pokémon (the Pokédex's public size, as a fit with `publicSize: 1025` uses), d = 6 stats, k = 3. Try a few values of ε: where does it jump from 2 to 3?",
    "Scan ε in small steps (e.g. 0.01) from a small value upwards, and stop at the first ε where the rule gives 3 or more; a finer scan or a bisection gets closer.",
  ],
  solution: `
let threshold = 0.01;
while (dp.dplloydIterations(threshold, 1025, 6, 3) <= 2) threshold += 0.01;`,
  explanation:
    "Below that ε, Su et al.'s rule allows DPLloyd only its minimum of 2 noisy iterations on six features: one reason DP k-means struggles in higher dimensions at ε = 1 (lesson 4).",
  grade(answer) {
    const eps = expectNumber(answer, "the smallest ε");
    if (!(eps > 0)) fail("not-positive", `ε is greater than 0; your answer is ${show(eps)}.`);
    const { n, d, k } = Q4;
    const threshold = remember("q4", () => thirdIterationEpsilon(n, d, k));
    const iterations = dplloydIterations(eps, n, d, k);
    if (iterations >= 3 && eps <= threshold * (1 + Q4_TOLERANCE)) {
      return correct(
        `Yes: from ε ≈ ${threshold.toFixed(2)} DPLloyd affords ${iterations} iterations on the six stats. Below it, only 2, each with half the budget.`,
      );
    }
    const forTwo = remember("q4/d2", () => thirdIterationEpsilon(n, 2, k));
    if (Math.abs(eps - forTwo) <= forTwo * Q4_TOLERANCE) {
      fail("wrong-d", "That is the threshold for 2 features (the lesson's weight and height). This exercise has d = 6 base stats.");
    }
    if (iterations < 3) {
      fail("still-two", `At ε = ${show(eps)} the rule still gives ${iterations} iterations for n = 1025, d = 6, k = 3. Look higher.`);
    }
    fail(
      "not-smallest",
      `At ε = ${show(eps)} the rule gives ${iterations} iterations, but a smaller ε already gives 3. Scan in smaller steps.`,
    );
  },
});

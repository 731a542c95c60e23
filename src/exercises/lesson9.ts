/**
 * Lesson 9 exercises: attack the models, from guided to open.
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 write an attack | a function `(release, knowledge) => score` | a seeded game against non-private k-means on the outlier: advantage ≥ 0.8 |
 * | q2 the most advantage ε allows | a number | (e^ε − 1)/(e^ε + 1) at ε = 0.5 |
 * | q3 judge a vendor's ROC curve | a number: the smallest ε the curve allows | max over the points of ln(TPR/FPR) and ln((1 − FPR)/(1 − TPR)) |
 *
 * Every `grade` takes `unknown` and discriminates at run time, so typed mistakes reach the check and get
 * a card naming the mistake. The graders recognise the typical wrong answers (a constant or reversed score,
 * the ratio e^ε instead of the advantage, the cap at another ε, the curve's first inequality only, a
 * base-10 log, the advantage instead of ε, the vendor's own claim) and say so without giving the answer.
 *
 * Import in the exercise notebook as `./src/exercises/lesson9`.
 */
import { featureMatrix, loadPokemon } from "../data/index";
import { captureWarnings } from "../errors";
import { createRandom } from "../dp/random";
import { playGame } from "../attacks/game";
import { nonPrivateModel, type GameRelease } from "../attacks/models";
import { outlierTarget } from "../attacks/targets";
import { advantage, advantageBound } from "../attacks/roc";
import type { Knowledge } from "../attacks/attacks";
import { callLearnerFunction, closeTo, describeValue, expectFunction, expectNumber } from "./grading";
import { correct, fail } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson9 = defineLesson(9, "Attack the models");

/** Exercise 9.1: the advantage a learner's attack must reach, and the game it is played in. */
export const Q1 = { minAdvantage: 0.8, roundsPerSide: 100, seed: "exercise-9.1", k: 3 } as const;
/** Exercise 9.2: the ε whose advantage cap is asked. */
export const Q2_EPSILON = 0.5;
/** Exercise 9.3: the vendor's published ROC points and the ε it claims. */
export const Q3 = {
  claimedEpsilon: 1,
  roc: [
    { fpr: 0.02, tpr: 0.1 },
    { fpr: 0.1, tpr: 0.35 },
    { fpr: 0.3, tpr: 0.9 },
    { fpr: 0.6, tpr: 0.97 },
  ],
} as const;

/** The game of exercise 9.1: the weights of the first 251 Pokémon, the outlier as the target. */
export function q1Game(): { others: number[][]; target: number[]; bounds: { lower: number[]; upper: number[] } } {
  const { X, bounds } = featureMatrix(loadPokemon({ first: 251 }), ["weight_kg"]);
  const t = outlierTarget(X);
  return { others: t.others, target: t.record, bounds };
}

/** The attack's scores in exercise 9.1's seeded game (the same game for every learner). */
export function q1Scores(score: (release: GameRelease, knowledge: Knowledge) => number) {
  const game = q1Game();
  const model = nonPrivateModel({ k: Q1.k, bounds: game.bounds, publicSize: 251 });
  return captureWarnings(() =>
    playGame(game, { model, attacks: [{ name: "yours", score }], roundsPerSide: Q1.roundsPerSide, seed: Q1.seed }),
  ).result.scores[0]!;
}

/** The answer of exercise 9.3: the smallest ε (δ = 0) the vendor's points allow. */
export function q3Answer(): number {
  return Math.max(...Q3.roc.map((p) => Math.max(Math.log(p.tpr / p.fpr), Math.log((1 - p.fpr) / (1 - p.tpr)))));
}

// ---------------------------------------------------------------------------------------------------
// q1: write an attack (guided)

/** Exercise 9.1: an attack on non-private k-means that reaches an advantage of at least 0.8 on the outlier. */
export const q1 = lesson9.problem({
  number: 1,
  title: "Write an attack",
  hints: [
    "Your function gets `release.centres` (k·d numbers: here d = 1, so one weight per centre) and `knowledge.target` (the target's weight). When the target is in, one centre is pulled towards it.",
    "Return minus the distance from `knowledge.target[0]` to the nearest of `release.centres`: `-Math.min(...Array.from(release.centres, (c) => Math.abs(c - knowledge.target[0])))`.",
  ],
  solution: `
function myAttack(release: attack.GameRelease, knowledge: attack.Knowledge) {
  const t = knowledge.target[0];
  return -Math.min(...Array.from(release.centres, (c) => Math.abs(c - t)));
}`,
  explanation:
    "Non-private k-means publishes exact means: one heavy record moves its cluster's centre by (t − mean)/(n + 1), and an attacker who knows the rest sees it. DP models add noise scaled to the largest such move.",
  grade(answer: unknown) {
    const fn = expectFunction(answer, "a function `(release, knowledge) => score`") as (r: GameRelease, k: Knowledge) => unknown;
    const game = q1Game();
    const probe = captureWarnings(() =>
      nonPrivateModel({ k: Q1.k, bounds: game.bounds, publicSize: 251 }).fit(
        { data: Float64Array.from(game.others.flat()), n: game.others.length, d: 1 },
        createRandom("exercise-9.1-probe"),
      ),
    ).result;
    const knowledge: Knowledge = {
      others: { data: Float64Array.from(game.others.flat()), n: game.others.length, d: 1 },
      target: Float64Array.from(game.target),
      bounds: game.bounds,
    };
    const first = callLearnerFunction(fn, [probe, knowledge], "on a release of k-means");
    if (typeof first !== "number" || Number.isNaN(first)) {
      fail("not-a-number", `Your function returned ${describeValue(first)}; it should return a score, one number (higher = "the target was in").`);
    }
    const scores = q1Scores((r, k) => {
      const s = callLearnerFunction(fn, [r, k], "in the game");
      return typeof s === "number" ? s : NaN;
    });
    if ([...scores.in, ...scores.out].some((s) => Number.isNaN(s))) {
      fail("not-a-number", "In some rounds your function returned something that is not a number: return a score in every round.");
    }
    const all = [...scores.in, ...scores.out];
    if (all.every((s) => s === all[0])) {
      fail("constant-score", "Your attack gives every release the same score, so it cannot tell in from out: compute the score from `release.centres`.");
    }
    const adv = advantage(scores);
    if (adv >= Q1.minAdvantage) {
      return correct(`Yes: your attack's advantage is ${adv.toFixed(3)} over ${2 * Q1.roundsPerSide} rounds. Non-private k-means gives the outlier away.`);
    }
    const reversed = advantage({ in: scores.in.map((s) => -s), out: scores.out.map((s) => -s) });
    if (reversed >= Q1.minAdvantage) {
      fail("reversed-score", "Your score is higher when the target was OUT: the game reads a higher score as \"in\". Flip its sign (e.g. minus the distance).");
    }
    fail("too-weak", `Your attack's advantage is ${adv.toFixed(3)}, below ${Q1.minAdvantage}: look at how far the nearest released centre is from the target.`);
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: the most advantage ε allows

/** Exercise 9.2: the largest advantage TPR − FPR an ε = 0.5 model allows any attack. */
export const q2 = lesson9.problem({
  number: 2,
  title: "The most advantage ε allows",
  hints: [
    "The two inequalities TPR ≤ e^ε·FPR and 1 − FPR ≤ e^ε·(1 − TPR) meet at one corner; TPR − FPR is largest there.",
    "At the corner FPR = 1/(e^ε + 1) and TPR = e^ε/(e^ε + 1): compute (Math.exp(0.5) - 1) / (Math.exp(0.5) + 1).",
  ],
  solution: `
const cap = (Math.exp(0.5) - 1) / (Math.exp(0.5) + 1);`,
  explanation:
    "At small ε the cap is about ε/2: an ε = 0.5 model lets the best possible attacker be right only a little more often than a coin.",
  grade(answer: unknown) {
    const v = expectNumber(answer, "the largest advantage, a number between 0 and 1");
    const e = Math.exp(Q2_EPSILON);
    const expected = advantageBound(Q2_EPSILON);
    if (closeTo(v, expected, { abs: 1e-4 })) {
      return correct(`Yes: at ε = ${Q2_EPSILON} no attack beats a coin by more than ${expected.toFixed(4)} (TPR − FPR).`);
    }
    if (closeTo(v, e, { abs: 1e-4 })) fail("ratio-not-advantage", "That is e^ε, the most TPR/FPR may be: a ratio, not the difference TPR − FPR.");
    if (closeTo(v, e - 1, { abs: 1e-4 })) fail("ratio-minus-one", "That is e^ε − 1; the advantage at the corner also divides by e^ε + 1.");
    if (closeTo(v, Q2_EPSILON, { abs: 1e-9 })) fail("epsilon-itself", "That is ε itself: the advantage is a difference of two rates, computed from e^ε.");
    if (closeTo(v, advantageBound(1), { abs: 1e-4 })) fail("wrong-epsilon", `That is the cap at ε = 1, the lesson's middle ε; this exercise asks for ε = ${Q2_EPSILON}.`);
    if (closeTo(v, 1 - 1 / e, { abs: 1e-4 })) fail("one-line-only", "That is where one inequality alone would cap it; the mirror inequality lowers the corner: find where both lines meet.");
    if (v < 0 || v > 1) fail("not-a-rate", `An advantage TPR − FPR lies between 0 and 1; your answer is ${describeValue(v)}.`);
    fail("wrong-cap", "That is not the cap. Find the corner where TPR = e^ε·FPR meets 1 − FPR = e^ε·(1 − TPR), then take TPR − FPR there.");
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: judge a vendor's claim (open)

/** Exercise 9.3: the smallest ε consistent with the vendor's published ROC points (δ = 0). */
export const q3 = lesson9.problem({
  number: 3,
  title: "Open: judge a vendor's claim",
  hints: [
    "Every point must satisfy TPR ≤ e^ε·FPR AND 1 − FPR ≤ e^ε·(1 − TPR). Solve each for ε: ε ≥ ln(TPR/FPR) and ε ≥ ln((1 − FPR)/(1 − TPR)).",
    "Take the largest of those values over all points and both inequalities (natural log, `Math.log`).",
  ],
  solution: `
const smallestEpsilon = Math.max(...vendorRoc.map((p) =>
  Math.max(Math.log(p.tpr / p.fpr), Math.log((1 - p.fpr) / (1 - p.tpr)))));`,
  explanation:
    "The curve needs ε ≥ that value, far above the claimed ε = 1: the vendor's claim cannot be right (or its δ is not 0). A lower bound from a curve can refute a claim, never confirm one.",
  grade(answer: unknown) {
    const v = expectNumber(answer, "the smallest ε the curve allows, one number");
    const expected = q3Answer();
    if (closeTo(v, expected, { abs: 1e-3 })) {
      return correct(`Yes: the curve needs ε ≥ ${expected.toFixed(3)}, so the claimed ε = ${Q3.claimedEpsilon} is refuted.`);
    }
    const firstOnly = Math.max(...Q3.roc.map((p) => Math.log(p.tpr / p.fpr)));
    if (closeTo(v, firstOnly, { abs: 1e-3 })) {
      fail("first-inequality-only", "You used TPR ≤ e^ε·FPR only. Its mirror, 1 − FPR ≤ e^ε·(1 − TPR), binds too: check it at every point.");
    }
    if (closeTo(v, Math.exp(expected), { rel: 1e-3 })) fail("ratio-not-epsilon", "That is the ratio e^ε; take its natural logarithm.");
    if (closeTo(v, expected / Math.LN10, { rel: 1e-3 })) fail("log10", "That is a base-10 logarithm; ε uses the natural one (`Math.log`).");
    const adv = Math.max(...Q3.roc.map((p) => p.tpr - p.fpr));
    if (closeTo(v, adv, { abs: 1e-6 })) fail("advantage-not-epsilon", "That is the curve's advantage TPR − FPR; the question asks for the smallest ε the points allow.");
    if (closeTo(v, Q3.claimedEpsilon, { abs: 1e-9 })) fail("vendor-claim", "That is the vendor's own claim. Compute what its curve requires instead.");
    fail("wrong-epsilon", `That is not the smallest ε these points allow (your answer: ${describeValue(v)}). Solve both inequalities for ε at every point.`);
  },
});

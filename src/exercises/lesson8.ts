/**
 * Lesson 8 exercises: privacy in practice, from guided to open.
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 how wide is a noisy count? | a whole number of records | `countHalfWidth(0.25)`: the discrete Laplace's 95% half-width |
 * | q2 what does an undeclared size cost? | an ε | `fitInfo.size.epsilon` of a fit without `publicSize` (5% of ε, split exactly) |
 * | q3 how many records for a precise mean? | a whole number of records | the smallest n₀ with `meanHalfWidth(...) ≤ 0.01` |
 *
 * Every `grade` takes `unknown` and discriminates at run time, so the typical typed mistakes (the fitted
 * model where its number is asked, an object, a list) reach the check and get a card naming the mistake.
 * The graders recognise the typical wrong numbers (the noise scale instead of the interval, the Gaussian
 * 1.96, the full width, the lesson's ε, a declared size, the whole ε, the share (or its percentage) instead of the ε, diffprivlib's
 * replace-one sensitivity, a number of records that is not whole or not the smallest) and say so without
 * giving the answer.
 *
 * Import in the exercise notebook as `./src/exercises/lesson8`.
 */
import { countHalfWidth, meanHalfWidth } from "../dp/accuracy";
import { DPKMeans } from "../dp/kmeans/model";
import { NOISY_SIZE_SHARE } from "../dp/public-size";
import { splitEpsilon } from "../dp/split";
import { closeTo, describeValue, expectNumber, show } from "./grading";
import { correct, fail } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson8 = defineLesson(8, "Privacy in practice");

/** ε of the noisy count in exercise 8.1. */
export const Q1_EPSILON = 0.25;
/** ε of the fit in exercise 8.2. */
export const Q2_EPSILON = 0.8;
/** Exercise 8.3: ε of the mean, its bounds and the half-width asked for. */
export const Q3 = { epsilon: 0.5, lower: -1, upper: 3, target: 0.01 } as const;

const LN20 = Math.log(20);

/** The smallest public size whose mean half-width (with the given half-width function) is at most the target. */
function smallestSize(width: (n: number) => number): number {
  let hi = 1;
  while (width(hi) > Q3.target) hi *= 2;
  let lo = Math.max(1, hi / 2);
  if (width(lo) <= Q3.target) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (width(mid) <= Q3.target) hi = mid;
    else lo = mid;
  }
  return hi;
}

const memo = new Map<string, number>();
function remember(key: string, compute: () => number): number {
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key)!;
}

/** The answer of exercise 8.3, from the real mechanism's grid and rate. */
export function q3Answer(): number {
  return remember("q3", () => smallestSize((n) => meanHalfWidth({ epsilon: Q3.epsilon, lower: Q3.lower, upper: Q3.upper, publicSize: n })));
}

/** The ε a fit without a public size spends on its noisy count in exercise 8.2 (exactly as the model splits it). */
export function q2Answer(): number {
  return splitEpsilon(Q2_EPSILON, [NOISY_SIZE_SHARE, 1 - NOISY_SIZE_SHARE])[0]!;
}

// ---------------------------------------------------------------------------------------------------
// q1: how wide is a noisy count? (guided)

/** Exercise 8.1: the 95% half-width of a noisy count at ε = 0.25, in records. */
export const q1 = lesson8.problem({
  number: 1,
  title: "How wide is a noisy count?",
  hints: [
    "The lesson's calculator has a function for exactly this: `countHalfWidth(epsilon)` from `./src/dp/accuracy`.",
    "`countHalfWidth(0.25)`: the smallest whole number w such that the noise is within ±w in at least 95% of releases.",
  ],
  solution: `
const width = countHalfWidth(0.25);`,
  explanation:
    "About 3/ε: the count's noise does not depend on how many records you count, so a count of 50 and one of 50,000 are both ±12.",
  grade(answer: unknown) {
    if (answer instanceof DPKMeans) {
      fail("model-not-number", "That is a fitted model; this exercise asks for one number: the 95% half-width of a noisy count, in records.");
    }
    const w = expectNumber(answer, "the 95% half-width of a noisy count (a number of records)");
    const expected = countHalfWidth(Q1_EPSILON);
    if (w === expected) {
      return correct(`Yes: at ε = ${Q1_EPSILON}, 95% of noisy counts land within ±${expected} records of the truth, however many you count.`);
    }
    if (closeTo(w, 1 / Q1_EPSILON, { abs: 1e-9 })) {
      fail("scale-not-width", "That is the noise's scale 1/ε, not the interval: 95% of the noise is within about 3 scales (ln 20), not one.");
    }
    if (closeTo(w, LN20 / Q1_EPSILON, { rel: 1e-6 })) {
      fail("continuous-not-discrete", "Close: that is the continuous Laplace's ln 20 / ε. A noisy count is a whole number; find the smallest whole w that covers 95%.");
    }
    if (closeTo(w, 1.96 / Q1_EPSILON, { rel: 1e-3 })) {
      fail("gaussian", "1.96 scales is the 95% rule of the normal distribution; Laplace noise has heavier tails: about 3 scales (ln 20).");
    }
    if (closeTo(w, 2 * expected, { abs: 1e-9 })) {
      fail("full-width", "That is the interval's whole width, from −w to +w; the half-width is half of it.");
    }
    if (closeTo(w, countHalfWidth(1), { abs: 1e-9 })) {
      fail("wrong-epsilon", `That is the half-width at ε = 1, the lesson's default; this exercise asks for ε = ${Q1_EPSILON}.`);
    }
    if (!Number.isInteger(w)) fail("not-whole", `A count's noise is a whole number, so its half-width is too; your answer is ${show(w)}.`);
    fail("wrong-width", `That is not the 95% half-width at ε = ${Q1_EPSILON}. Use \`countHalfWidth\` from \`./src/dp/accuracy\`.`);
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: what does an undeclared size cost?

/** Exercise 8.2: the ε a DP k-means fit at ε = 0.8 without `publicSize` spends on the number of rows. */
export const q2 = lesson8.problem({
  number: 2,
  title: "What does an undeclared size cost?",
  hints: [
    "Fit `new KMeans({ nClusters: 3, epsilon: 0.8, bounds: bounds, randomState: 42 })` to `X` WITHOUT `publicSize`, then look at its `fitInfo.size`.",
    "`model.fitInfo.size` says where the size came from (`source`) and the ε spent on it (`epsilon`): pass that number.",
  ],
  solution: `
const model = new KMeans({ nClusters: 3, epsilon: 0.8, bounds: bounds, randomState: 42 }).fit(X);
const sizeEpsilon = model.fitInfo.size.epsilon;`,
  explanation:
    "Without a declared size the exact number of rows is private, so the model releases a noisy count of it first and charges that to the receipt; declaring 1,025 keeps all of ε for the clusters.",
  grade(answer: unknown) {
    if (answer instanceof DPKMeans) {
      fail("model-not-number", "That is the fitted model itself; pass the one number asked for: `model.fitInfo.size.epsilon`.");
    }
    if (typeof answer === "object" && answer !== null && "source" in answer && "epsilon" in answer) {
      fail("size-object", "That is the whole `fitInfo.size` object; pass its `epsilon` field.");
    }
    const e = expectNumber(answer, "the ε spent on the number of rows");
    const expected = q2Answer();
    if (closeTo(e, expected, { rel: 1e-9 })) {
      return correct(`Yes: ε = ${show(e)} (5% of ${Q2_EPSILON}) went to a noisy count of the rows, one more row on the receipt.`);
    }
    if (e === 0) {
      fail("declared-size", "0 is what a fit WITH `publicSize` spends on its size. Leave `publicSize` out, as the exercise asks, and read `fitInfo.size.epsilon`.");
    }
    if (closeTo(e, Q2_EPSILON, { rel: 1e-9 })) fail("whole-epsilon", `That is the whole ε of the fit; only a share of it goes to the size.`);
    if (closeTo(e, Q2_EPSILON - expected, { rel: 1e-6 })) fail("rest-not-size", "That is the ε left for the clustering after the size was counted; the question asks for the size's part.");
    if (closeTo(e, NOISY_SIZE_SHARE, { rel: 1e-9 })) fail("share-not-epsilon", `That is the share of ε, not the ε itself: multiply by the fit's ε, or read \`fitInfo.size.epsilon\`.`);
    if (closeTo(e, 100 * NOISY_SIZE_SHARE, { rel: 1e-9 })) {
      fail("percent-not-epsilon", "That is the share as a percentage, not the ε itself: the fit's ε times that share is the answer, or read `fitInfo.size.epsilon`.");
    }
    // A number of rows: far above any ε of this exercise (a noisy count of 1,025 rows lands near 1,025).
    if (e >= 100 && Number.isInteger(e)) {
      fail("size-not-epsilon", "That looks like the size itself (a noisy number of rows, `fitInfo.size.value`); the question asks for the ε spent on it.");
    }
    fail("wrong-epsilon", `That is not the ε the fit spent on its size (your answer: ${describeValue(e)}). Read \`model.fitInfo.size.epsilon\` of a fit at ε = ${Q2_EPSILON} without \`publicSize\`.`);
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: open, how many records for a precise mean

/** Exercise 8.3: the smallest public size n₀ for which `noisyMean` at ε = 0.5 on [−1, 3] is within ±0.01 in 95% of releases. */
export const q3 = lesson8.problem({
  number: 3,
  title: "Open: how many records for a precise mean?",
  hints: [
    "The mean's noise has scale (u − l)/(2·n·ε), and 95% of Laplace noise is within ln 20 ≈ 3 scales. Solve for n, or try sizes with `meanHalfWidth`.",
    "`meanHalfWidth({ epsilon: 0.5, lower: -1, upper: 3, publicSize: n })` for n = 1, 2, 3, … until it is at most 0.01 (or solve 3.0·4/(2·n·0.5) ≤ 0.01 and round up).",
  ],
  solution: `
let size = 1;
while (meanHalfWidth({ epsilon: 0.5, lower: -1, upper: 3, publicSize: size }) > 0.01) size++;`,
  explanation:
    "The mean's width falls as 1/(n·ε): ten times fewer records need ten times the ε for the same precision.",
  grade(answer: unknown) {
    if (answer instanceof DPKMeans) fail("model-not-number", "That is a fitted model; this exercise asks for one number: a number of records.");
    const n = expectNumber(answer, "a number of records");
    const expected = q3Answer();
    if (Number.isInteger(n) && Math.abs(n - expected) <= 1) {
      return correct(`Yes: from about ${expected} records on, the DP mean of values in [${Q3.lower}, ${Q3.upper}] at ε = ${Q3.epsilon} is within ±${Q3.target} in 95% of releases.`);
    }
    const range = Q3.upper - Q3.lower;
    const near = (m: number) => Math.abs(n - m) <= 1.5;
    if (near((LN20 * range) / (Q3.epsilon * Q3.target))) {
      fail("replace-one", "You used (u − l)/n, diffprivlib's replace-one sensitivity. Under add/remove with a public n₀ the centred mean moves by at most (u − l)/(2n₀).");
    }
    if (near(range / (2 * Q3.epsilon * Q3.target))) {
      fail("scale-not-width", "That size makes the noise's SCALE 0.01; 95% of releases need about 3 scales (ln 20) within 0.01.");
    }
    if (near((1.96 * range) / (2 * Q3.epsilon * Q3.target))) {
      fail("gaussian", "1.96 scales is the normal distribution's 95% rule; Laplace noise needs about 3 (ln 20).");
    }
    if (near((LN20 * range) / (2 * 1 * Q3.target))) fail("wrong-epsilon", `That is the size for ε = 1; this exercise asks for ε = ${Q3.epsilon}.`);
    if (!Number.isInteger(n)) fail("not-whole", `A number of records is whole; round up (your answer is ${show(n)}).`);
    if (n < 1) fail("not-a-size", "A number of records is at least 1.");
    if (n < expected) {
      const w = meanHalfWidth({ epsilon: Q3.epsilon, lower: Q3.lower, upper: Q3.upper, publicSize: n });
      fail("too-few", `With ${n} records the mean is within ±${show(Number(w.toPrecision(3)))}: wider than ${Q3.target}. You need more records.`);
    }
    fail("not-smallest", `${n} records are enough, but fewer would do: find the smallest size.`);
  },
});

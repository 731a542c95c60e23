/**
 * Lesson 9's exercises (attack the models): every solution correct, every stub not attempted, and the
 * typical wrong answers (computed the way a learner making the mistake would) each get their message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { advantage, advantageBound, type GameRelease, type Knowledge } from "../../src/attacks/index";
import { TODO } from "../../src/exercises/index";
import { lesson9, Q3, q1Scores, q3Answer } from "../../src/exercises/lesson9";
import { testLessonExercises } from "./harness";

const nearest = (release: GameRelease, knowledge: Knowledge) =>
  Math.min(...Array.from(release.centres, (c) => Math.abs(c - knowledge.target[0]!)));
const vendorRoc = Q3.roc;
const log = Math.log;

testLessonExercises(lesson9, {
  q1: {
    solution: () => (release: GameRelease, knowledge: Knowledge) => -nearest(release, knowledge),
    stub: () => TODO,
    wrong: [
      { name: "the distance itself (sign reversed)", answer: () => nearest, code: "reversed-score", message: /higher score as "in"/ },
      { name: "a constant score", answer: () => () => 1, code: "constant-score", message: /same score/ },
      { name: "a random score", answer: () => () => Math.random(), code: "too-weak", message: /below 0\.8/ },
      { name: "the score of one release, not the function", answer: () => 3, code: "result-not-function", message: /not a function|the function itself/ },
      { name: "returns a string", answer: () => () => "in", code: "not-a-number", message: /a score, one number/ },
      { name: "throws", answer: () => () => { throw new Error("oops"); }, code: "function-threw", message: /oops/ },
    ],
  },
  q2: {
    solution: () => (Math.exp(0.5) - 1) / (Math.exp(0.5) + 1),
    stub: TODO,
    secret: /0\.24\d/,
    wrong: [
      { name: "the ratio e^ε", answer: () => Math.exp(0.5), code: "ratio-not-advantage", message: /ratio/ },
      { name: "e^ε − 1", answer: () => Math.exp(0.5) - 1, code: "ratio-minus-one", message: /divides by e\^ε \+ 1/ },
      { name: "ε itself", answer: () => 0.5, code: "epsilon-itself", message: /ε itself/ },
      { name: "the cap at ε = 1", answer: () => (Math.E - 1) / (Math.E + 1), code: "wrong-epsilon", message: /ε = 1/ },
      { name: "one inequality only: 1 − e^−ε", answer: () => 1 - Math.exp(-0.5), code: "one-line-only", message: /mirror/ },
      { name: "a negative number", answer: () => -0.2, code: "not-a-rate", message: /between 0 and 1/ },
    ],
  },
  q3: {
    solution: () => Math.max(...vendorRoc.map((p) => Math.max(log(p.tpr / p.fpr), log((1 - p.fpr) / (1 - p.tpr))))),
    stub: TODO,
    secret: /2\.59/,
    wrong: [
      { name: "TPR ≤ e^ε·FPR only", answer: () => Math.max(...vendorRoc.map((p) => log(p.tpr / p.fpr))), code: "first-inequality-only", message: /mirror/ },
      { name: "the ratio, not its log", answer: () => Math.max(...vendorRoc.map((p) => Math.max(p.tpr / p.fpr, (1 - p.fpr) / (1 - p.tpr)))), code: "ratio-not-epsilon", message: /natural logarithm/ },
      { name: "log10", answer: () => Math.max(...vendorRoc.map((p) => Math.max(Math.log10(p.tpr / p.fpr), Math.log10((1 - p.fpr) / (1 - p.tpr))))), code: "log10", message: /base-10/ },
      { name: "the advantage", answer: () => Math.max(...vendorRoc.map((p) => p.tpr - p.fpr)), code: "advantage-not-epsilon", message: /advantage/ },
      { name: "the vendor's claim", answer: () => 1, code: "vendor-claim", message: /vendor's own claim/ },
    ],
  },
});

test("exercise 9.1's game: the solution clears the bar, the reversed score fails it", () => {
  const scores = q1Scores((r, k) => -nearest(r, k));
  assert.ok(advantage(scores) >= 0.8, `${advantage(scores)}`);
  assert.ok(advantage({ in: scores.in.map((s) => -s), out: scores.out.map((s) => -s) }) < 0.2);
});

test("exercise 9.2's cap is tanh(ε/2) and 9.3's curve refutes the vendor's ε", () => {
  assert.ok(Math.abs(advantageBound(0.5) - Math.tanh(0.25)) < 1e-12);
  assert.ok(Math.abs(q3Answer() - log(0.4 / 0.03)) < 1e-12, "the mirror inequality at the last point binds");
  assert.ok(q3Answer() > Q3.claimedEpsilon);
});

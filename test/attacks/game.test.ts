/**
 * The membership-inference game (src/attacks): the ROC arithmetic on hand-checkable scores, the game's
 * coin and determinism, the attacks on non-private k-means, the course's DP models kept inside the region
 * their ε allows, and a deliberately broken DPLloyd (noise halved) that the same check catches.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { featureMatrix, loadPokemon } from "../../src/data/index";
import { captureWarnings, InvalidInputError } from "../../src/errors";
import {
  advantage,
  advantageBound,
  auditEpsilonLowerBound,
  checkAgainstEpsilon,
  dpModel,
  exactShiftAttack,
  halfNoiseDPLloydModel,
  likelihoodRatioAttack,
  maxTprAllowed,
  nearestCentreAttack,
  nonPrivateModel,
  outlierTarget,
  playGame,
  readGame,
  rocCurve,
  roundsWon,
  typicalTarget,
  type GameModel,
} from "../../src/attacks/index";
import { createRandom } from "../../src/dp/random";

const pokemon = loadPokemon({ first: 251 });
const { X, bounds } = featureMatrix(pokemon, ["weight_kg"]);
const settings = { k: 3, bounds, publicSize: 251 };
const outlier = outlierTarget(X);
const typical = typicalTarget(X);

/** Play quietly (the seeded-noise warning is expected: the tests are seeded). */
function play(model: GameModel, target: { others: number[][]; record: number[] }, rounds: number, seed: number | string) {
  return captureWarnings(() =>
    playGame(
      { others: target.others, target: target.record, bounds },
      { model, attacks: [nearestCentreAttack, model.kind === "kmeans" ? exactShiftAttack : likelihoodRatioAttack], roundsPerSide: rounds, seed },
    ),
  ).result;
}

describe("ROC arithmetic", () => {
  test("the region and the advantage bound are the hypothesis-testing view of ε-DP", () => {
    assert.ok(Math.abs(advantageBound(Math.log(3)) - 0.5) < 1e-12); // (3 − 1)/(3 + 1)
    assert.equal(advantageBound(0), 0);
    assert.equal(advantageBound(Infinity), 1);
    assert.ok(Math.abs(maxTprAllowed(0.1, Math.log(3)) - 0.3) < 1e-12); // e^ε·FPR below the corner
    assert.ok(Math.abs(maxTprAllowed(0.5, Math.log(3)) - (1 - 0.5 / 3)) < 1e-12); // the mirror above it
    // The corner FPR = 1/(1 + e^ε) is where the two lines meet, and gives the advantage bound.
    const corner = 1 / (1 + 3);
    assert.ok(Math.abs(maxTprAllowed(corner, Math.log(3)) - corner - 0.5) < 1e-12);
    assert.throws(() => advantageBound(-1), InvalidInputError);
  });

  test("rocCurve and advantage on hand-made scores", () => {
    const scores = { in: Float64Array.of(3, 2, 2, 1), out: Float64Array.of(2, 0, 0, 0) };
    const roc = rocCurve(scores);
    assert.deepEqual(
      roc.map((p) => [p.fpr, p.tpr]),
      [[0, 0], [0, 0.25], [0.25, 0.75], [0.25, 1], [1, 1]],
    );
    assert.equal(advantage(scores), 0.75);
    assert.equal(rocCurve({ in: new Float64Array(500).map((_, i) => i), out: new Float64Array(500) }, 11).length, 11);
  });

  test("the region check: identical sides prove nothing, separated sides prove a large ε", () => {
    const rng = createRandom("roc");
    const same = { in: Float64Array.from({ length: 2000 }, () => rng.uniform()), out: Float64Array.from({ length: 2000 }, () => rng.uniform()) };
    const check = checkAgainstEpsilon(same, 0.1);
    assert.equal(check.outside, 0);
    assert.ok(check.epsilonLowerBound < 0.1);
    const apart = { in: Float64Array.from({ length: 2000 }, () => 1 + rng.uniform()), out: Float64Array.from({ length: 2000 }, () => rng.uniform()) };
    const separated = checkAgainstEpsilon(apart, 2);
    assert.ok(separated.outside > 0 && separated.epsilonLowerBound > 4, `ε_lb = ${separated.epsilonLowerBound}`);
    assert.ok(separated.advantageLower > 0.9);
    assert.equal(checkAgainstEpsilon(apart, Infinity).outside, 0, "nothing is outside the region of ε = ∞");
    assert.throws(() => checkAgainstEpsilon({ in: new Float64Array(5), out: new Float64Array(5) }, 1), InvalidInputError);
  });
});

test("roundsWon counts in-rounds above the threshold and out-rounds at or below it", () => {
  assert.deepEqual(roundsWon({ in: Float64Array.of(1, 0, -1), out: Float64Array.of(0, -2, 3) }), { wins: 3, rounds: 6 });
  assert.deepEqual(roundsWon({ in: Float64Array.of(1, 0, -1), out: Float64Array.of(0, -2, 3) }, -1.5), { wins: 4, rounds: 6 });
});

describe("the game", () => {
  test("a fair deck: exactly the rounds asked on each side; seeded games are byte-identical", () => {
    const model = dpModel("eugkm", 1, settings);
    const a = play(model, outlier, 40, 5);
    const b = play(model, outlier, 40, 5);
    assert.equal(a.scores[0]!.in.length, 40);
    assert.equal(a.scores[0]!.out.length, 40);
    assert.deepEqual(a.scores.map((s) => [...s.in, ...s.out]), b.scores.map((s) => [...s.in, ...s.out]));
    const c = play(model, outlier, 40, 6);
    assert.notDeepEqual(a.scores[1]!.in, c.scores[1]!.in, "another seed, another game");
  });

  test("bad input is refused with a clear error", () => {
    const model = nonPrivateModel(settings);
    assert.throws(() => playGame({ others: X, target: [1, 2], bounds }, { model, attacks: [], roundsPerSide: 20 }), /target has 2 features/);
    assert.throws(() => playGame({ others: X, target: [1], bounds }, { model, attacks: [], roundsPerSide: 5 }), /at least 20/);
    const release = model.fit({ data: Float64Array.from(X.flat()), n: X.length, d: 1 }, createRandom(1));
    assert.throws(() => likelihoodRatioAttack.score(release, { others: { data: new Float64Array(0), n: 0, d: 1 }, target: Float64Array.of(1), bounds }), /exactShiftAttack/);
  });

  test("targets: the typical record sits in the crowd, the outlier far from its nearest neighbour", () => {
    const gap = (t: typeof outlier) => Math.min(...t.others.map((r) => Math.abs(r[0]! - t.record[0]!)));
    assert.ok(gap(outlier) > 10 * gap(typical));
    assert.equal(outlier.others.length, X.length - 1);
  });
});

describe("attacks against the models", () => {
  test("non-private k-means: the exact shift wins nearly every round on the outlier", () => {
    const game = play(nonPrivateModel(settings), outlier, 200, 11);
    const shift = game.scores[1]!;
    const wins = shift.in.filter((s) => s > 0).length + shift.out.filter((s) => s <= 0).length;
    assert.ok(wins >= 0.98 * 400, `${wins} of 400 rounds won`);
    assert.ok(checkAgainstEpsilon(shift, Infinity).epsilonLowerBound > 2, "200 rounds prove ε > 2");
    const readings = readGame(game);
    assert.deepEqual(readings.map((r) => [r.attack, r.epsilon, r.advantageBound, r.roundsPerSide]), [
      ["nearest centre", Infinity, 1, 200],
      ["exact centre shift", Infinity, 1, 200],
    ]);
    assert.equal(readings[1]!.advantage, advantage(shift));
  });

  for (const method of ["dplloyd", "eugkm"] as const) {
    for (const epsilon of [0.5, 2]) {
      test(`DP k-means (${method}, ε = ${epsilon}): no attack's ROC point outside the ε-DP region`, () => {
        const game = play(dpModel(method, epsilon, settings), outlier, 600, `${method}/${epsilon}`);
        for (const s of game.scores) {
          const check = checkAgainstEpsilon(s, epsilon);
          assert.equal(check.outside, 0, `${s.attack}: ε_lb = ${check.epsilonLowerBound}`);
          assert.ok(check.epsilonLowerBound <= epsilon);
        }
      });
    }
  }

  test("EUGkM: the likelihood-ratio attack gets close to the bound (the check has power)", () => {
    const game = play(dpModel("eugkm", 3, settings), typical, 1000, "power");
    const check = checkAgainstEpsilon(game.scores[1]!, 3);
    assert.ok(check.epsilonLowerBound > 2, `ε_lb = ${check.epsilonLowerBound}`);
  });

  test("a BROKEN DPLloyd (noise halved) lets the likelihood-ratio attack cross its claimed ε; the real one does not", () => {
    // A record beyond the upper bound: clipped to 999.9 kg, the largest contribution a record can make.
    const beyond = { others: X, record: [5000] };
    const broken = play(halfNoiseDPLloydModel(2, settings), beyond, 2000, "broken");
    const check = checkAgainstEpsilon(broken.scores[1]!, 2);
    assert.ok(check.outside > 0 && check.epsilonLowerBound > 2, `broken: ε_lb = ${check.epsilonLowerBound}`);
    assert.ok(auditEpsilonLowerBound(broken.scores[1]!) > 2, "the model audit's own bound agrees");
    const correct = play(dpModel("dplloyd", 2, settings), beyond, 2000, "broken");
    const control = checkAgainstEpsilon(correct.scores[1]!, 2);
    assert.equal(control.outside, 0, `correct: ε_lb = ${control.epsilonLowerBound}`);
  });

  test("clipping: a record beyond the bound is exactly as exposed as one on it", () => {
    const model = dpModel("dplloyd", 1, settings);
    const onBound = play(model, { others: X, record: [999.9] }, 50, "clip");
    const beyond = play(model, { others: X, record: [1e6] }, 50, "clip");
    assert.deepEqual(Array.from(onBound.scores[1]!.in), Array.from(beyond.scores[1]!.in));
    assert.deepEqual(Array.from(onBound.scores[1]!.out), Array.from(beyond.scores[1]!.out));
  });
});

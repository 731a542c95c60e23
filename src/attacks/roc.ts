/**
 * Reading a game: ROC curves, the region (ε, δ)-DP allows, the attacker's advantage and an empirical lower
 * bound on ε.
 *
 * For any test that says "in" when its score is ≥ τ, differential privacy bounds both error rates
 * (Wasserman & Zhou 2010; Kairouz, Oh & Viswanath 2015; Dong, Roth & Su 2019):
 *
 *     TPR ≤ e^ε · FPR + δ        and        1 − FPR ≤ e^ε · (1 − TPR) + δ
 *
 * so the advantage TPR − FPR is at most (e^ε − 1 + 2δ)/(e^ε + 1) (for δ = 0, the corner where the two lines
 * meet). A game measures the rates with sampling error; a point counts as OUTSIDE the region only when it
 * is outside beyond its Clopper–Pearson interval:
 *
 *     lower(TPR) > e^ε · upper(FPR) + δ     or     lower(1 − FPR) > e^ε · upper(1 − TPR) + δ
 *
 * The thresholds are chosen on the first quarter of the rounds and checked on the rest (so the choice
 * cannot overfit the noise); the intervals are Bonferroni-corrected over every check, so a correct model
 * shows a point outside with probability at most α (default 10⁻³) per game. The largest ε the checked
 * points prove, ln((lower(TPR) − δ) / upper(FPR)) and its mirror, is a lower bound on the model's true ε
 * with the same confidence: it can catch a broken promise, never prove one (as the model audit of lesson 7,
 * `src/dp/testing/model-audit.ts`, whose Clopper–Pearson intervals this reuses).
 */
import { InvalidInputError } from "../errors";
import { clopperPearson, epsilonLowerBound } from "../dp/testing/model-audit";
import type { AttackScores, GameResult } from "./game";

/** One point of an ROC curve: the rates of the test "score ≥ threshold". */
export interface RocPoint {
  /** The threshold. */
  readonly threshold: number;
  /** False-positive rate: share of "out" rounds with score ≥ threshold. */
  readonly fpr: number;
  /** True-positive rate: share of "in" rounds with score ≥ threshold. */
  readonly tpr: number;
}

/**
 * The empirical ROC curve of "in when score ≥ τ" over every distinct score, from (1, 1) down to (0, 0).
 *
 * @param scores - one attack's scores on both sides
 * @param maxPoints - at most this many points (evenly spread over the thresholds; the ends kept). Default 201.
 */
export function rocCurve(scores: Pick<AttackScores, "in" | "out">, maxPoints = 201): RocPoint[] {
  const all = [...Array.from(scores.in, (s) => [s, 1] as const), ...Array.from(scores.out, (s) => [s, 0] as const)];
  all.sort((a, b) => b[0] - a[0]);
  const nIn = scores.in.length;
  const nOut = scores.out.length;
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i]![1] === 1) tp++;
    else fp++;
    // A threshold lies between distinct scores: ties move together.
    if (i + 1 < all.length && all[i + 1]![0] === all[i]![0]) continue;
    points.push({ threshold: all[i]![0], fpr: fp / nOut, tpr: tp / nIn });
  }
  if (points.length <= maxPoints) return points;
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * step)]!);
}

/**
 * The attacker's advantage max over thresholds of TPR − FPR (a point estimate on all rounds).
 *
 * @param scores - one attack's scores on both sides
 */
export function advantage(scores: Pick<AttackScores, "in" | "out">): number {
  return rocCurve(scores, Infinity).reduce((best, p) => Math.max(best, p.tpr - p.fpr), 0);
}

/**
 * The largest advantage (ε, δ)-DP allows: (e^ε − 1 + 2δ)/(e^ε + 1); 1 for ε = ∞.
 *
 * @param epsilon - ε ≥ 0 (Infinity allowed)
 * @param delta - δ in [0, 1]. Default 0.
 */
export function advantageBound(epsilon: number, delta = 0): number {
  if (!(epsilon >= 0) || !(delta >= 0 && delta <= 1)) {
    throw new InvalidInputError("invalid-privacy", `advantageBound needs ε ≥ 0 and δ in [0, 1]; got ε = ${epsilon}, δ = ${delta}.`);
  }
  if (epsilon === Infinity) return 1;
  return Math.min(1, (Math.exp(epsilon) - 1 + 2 * delta) / (Math.exp(epsilon) + 1));
}

/**
 * The largest TPR (ε, δ)-DP allows at a given FPR: min(1, e^ε·FPR + δ, 1 − e^−ε·(1 − FPR − δ)).
 *
 * @param fpr - false-positive rate in [0, 1]
 * @param epsilon - ε ≥ 0
 * @param delta - δ. Default 0.
 */
export function maxTprAllowed(fpr: number, epsilon: number, delta = 0): number {
  if (epsilon === Infinity) return 1;
  const e = Math.exp(epsilon);
  return Math.max(0, Math.min(1, e * fpr + delta, 1 - (1 - fpr - delta) / e));
}

/** A checked ROC point, with Clopper–Pearson intervals and what it proves. */
export interface CheckedPoint {
  /** The threshold (chosen on the calibration rounds). */
  readonly threshold: number;
  /** Rates on the evaluation rounds. */
  readonly fpr: number;
  readonly tpr: number;
  /** Clopper–Pearson intervals (Bonferroni-corrected). */
  readonly fprInterval: { lower: number; upper: number };
  readonly tprInterval: { lower: number; upper: number };
  /** The ε this point proves at the chosen confidence (0 when none). */
  readonly epsilonProved: number;
}

/** What {@link checkAgainstEpsilon} found. */
export interface RegionCheck {
  /** The checked points. */
  readonly points: readonly CheckedPoint[];
  /** Points outside the (ε, δ) region beyond their intervals. */
  readonly outside: number;
  /** The largest ε proved by a point: an empirical lower bound on the model's ε (confidence 1 − α). */
  readonly epsilonLowerBound: number;
  /** Lower bound of the advantage: max over points of lower(TPR) − upper(FPR) (confidence 1 − α). */
  readonly advantageLower: number;
  /** Rounds used to choose thresholds and to check them, per side. */
  readonly calibrationRounds: number;
  readonly evaluationRounds: number;
}

/** Options of {@link checkAgainstEpsilon}. */
export interface RegionCheckOptions {
  /** δ of the claim. Default 0. */
  delta?: number;
  /** 1 − confidence of the whole check. Default 1e-3. */
  alpha?: number;
  /** Thresholds checked (pooled quantiles of the calibration scores). Default 19. */
  thresholds?: number;
  /** Share of the rounds used to choose thresholds. Default 0.25. */
  calibrationShare?: number;
}

/**
 * Check a game against the ε a model declares: is any ROC point outside the (ε, δ) region beyond its
 * confidence interval? Also gives the empirical lower bound on ε and on the advantage (module comment).
 *
 * @param scores - one attack's scores on both sides (at least 20 rounds a side)
 * @param epsilon - the declared ε (Infinity: nothing can be outside)
 * @param options - δ, α, thresholds, calibration share
 */
export function checkAgainstEpsilon(
  scores: Pick<AttackScores, "in" | "out">,
  epsilon: number,
  options: RegionCheckOptions = {},
): RegionCheck {
  const delta = options.delta ?? 0;
  const alpha = options.alpha ?? 1e-3;
  const m = options.thresholds ?? 19;
  const share = options.calibrationShare ?? 0.25;
  const nIn = scores.in.length;
  const nOut = scores.out.length;
  if (nIn < 20 || nOut < 20) {
    throw new InvalidInputError("too-few-rounds", `a region check needs at least 20 rounds a side; got ${nIn} in, ${nOut} out.`);
  }
  const cutIn = Math.floor(nIn * share);
  const cutOut = Math.floor(nOut * share);
  const pooled = [...scores.in.subarray(0, cutIn), ...scores.out.subarray(0, cutOut)].sort((a, b) => a - b);
  const thresholds = [...new Set(Array.from({ length: m }, (_, q) => pooled[Math.floor(((q + 1) / (m + 1)) * (pooled.length - 1))]!))];
  const evalIn = scores.in.subarray(cutIn);
  const evalOut = scores.out.subarray(cutOut);
  // Two one-sided statements per threshold, each from two intervals: Bonferroni over all of them.
  const perInterval = alpha / (2 * thresholds.length);
  const e = Math.exp(epsilon);
  const points: CheckedPoint[] = thresholds.map((threshold) => {
    const tp = evalIn.reduce((n, s) => n + (s >= threshold ? 1 : 0), 0);
    const fp = evalOut.reduce((n, s) => n + (s >= threshold ? 1 : 0), 0);
    const tprInterval = clopperPearson(tp, evalIn.length, perInterval);
    const fprInterval = clopperPearson(fp, evalOut.length, perInterval);
    const proved = Math.max(
      proves(tprInterval.lower - delta, fprInterval.upper),
      proves(1 - fprInterval.upper - delta, 1 - tprInterval.lower),
    );
    return { threshold, fpr: fp / evalOut.length, tpr: tp / evalIn.length, fprInterval, tprInterval, epsilonProved: proved };
  });
  const outside = points.filter(
    (p) =>
      epsilon !== Infinity &&
      (p.tprInterval.lower > e * p.fprInterval.upper + delta || 1 - p.fprInterval.upper > e * (1 - p.tprInterval.lower) + delta),
  ).length;
  return {
    points,
    outside,
    epsilonLowerBound: points.reduce((best, p) => Math.max(best, p.epsilonProved), 0),
    advantageLower: points.reduce((best, p) => Math.max(best, p.tprInterval.lower - p.fprInterval.upper), 0),
    calibrationRounds: Math.min(cutIn, cutOut),
    evaluationRounds: Math.min(evalIn.length, evalOut.length),
  };
}

/** ln(a/b) when it proves something (a > b > 0), else 0; ∞ is never returned (b ≥ the interval's upper > 0). */
function proves(a: number, b: number): number {
  return a > 0 && b > 0 && a > b ? Math.log(a / b) : 0;
}

/**
 * The model audit's own lower bound (`epsilonLowerBound` of `src/dp/testing/model-audit.ts`: the best
 * threshold event chosen on a quarter of the rounds, Clopper–Pearson on the rest), on an attack's scores.
 * A second opinion on {@link checkAgainstEpsilon}'s bound, from lesson 7's audit.
 *
 * @param scores - one attack's scores on both sides
 * @param alpha - 1 − confidence. Default 1e-3.
 */
export function auditEpsilonLowerBound(scores: Pick<AttackScores, "in" | "out">, alpha = 1e-3): number {
  return epsilonLowerBound({ onD: Array.from(scores.out), onDprime: Array.from(scores.in), alpha }).epsilonLowerBound;
}

/** One attack in one game, read against the model's declared ε (a row of the lesson's tables). */
export interface GameReading {
  /** The model's name. */
  readonly model: string;
  /** The declared ε (Infinity: not private). */
  readonly epsilon: number;
  /** The target's name. */
  readonly target: string;
  /** The attack's name. */
  readonly attack: string;
  /** Rounds on each side. */
  readonly roundsPerSide: number;
  /** Best TPR − FPR over all thresholds, on all rounds (a point estimate). */
  readonly advantage: number;
  /** The most advantage ε allows. */
  readonly advantageBound: number;
  /** The region check on the evaluation rounds (intervals, points outside, ε lower bound). */
  readonly check: RegionCheck;
  /** The ROC curve on all rounds. */
  readonly roc: readonly RocPoint[];
}

/**
 * Read every attack of a game against the model's declared ε.
 *
 * @param game - a played game
 * @param options - passed to {@link checkAgainstEpsilon}
 * @returns one reading per attack
 */
export function readGame(game: GameResult, options: RegionCheckOptions = {}): GameReading[] {
  return game.scores.map((s) => ({
    model: game.model,
    epsilon: game.epsilon,
    target: game.target,
    attack: s.attack,
    roundsPerSide: game.roundsPerSide,
    advantage: advantage(s),
    advantageBound: advantageBound(game.epsilon, options.delta ?? 0),
    check: checkAgainstEpsilon(s, game.epsilon, options),
    roc: rocCurve(s),
  }));
}

/**
 * Rounds won by the rule "in when the score is above `threshold`": in-rounds scored above it plus
 * out-rounds scored at or below it.
 *
 * @param scores - one attack's scores on both sides
 * @param threshold - default 0 (the exact-shift attack's natural cut: positive means the "in" mean)
 * @returns `{ wins, rounds }`
 */
export function roundsWon(scores: Pick<AttackScores, "in" | "out">, threshold = 0): { wins: number; rounds: number } {
  let wins = 0;
  for (const s of scores.in) if (s > threshold) wins++;
  for (const s of scores.out) if (s <= threshold) wins++;
  return { wins, rounds: scores.in.length + scores.out.length };
}

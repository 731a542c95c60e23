/**
 * An empirical differential-privacy test in the manner of Google's DP Statistical Tester
 * (google/differential-privacy, java/tests/.../statistical: `StatisticalTestsUtil.verifyApproximateDp`,
 * `VotingUtil.runBallot`). NOT part of the public API (test support only).
 *
 * Draw n outputs of M(D) and n of M(D′) for neighbouring D, D′, bucket them (to a granularity for real
 * outputs), and estimate the "δ" the histograms need on top of ε:
 *
 *     δ̂(A, B) = Σ_b max(0, c_A(b) − e^ε·c_B(b)) / n
 *
 * An ε-DP mechanism has δ = 0, so δ̂ is only sampling noise; a mechanism with less noise than claimed has
 * buckets where the ratio exceeds e^ε and δ̂ grows with n. A vote passes when both δ̂(A, B) and δ̂(B, A)
 * are at most the tolerance; the test passes when the majority of votes pass.
 */
import type { RandomSource } from "../random";

/** Both directions of the statistic. */
export interface DpStatistic {
  /** δ̂(A, B). */
  readonly ab: number;
  /** δ̂(B, A). */
  readonly ba: number;
  /** max(ab, ba), the number compared with the tolerance. */
  readonly max: number;
}

/**
 * The histogram statistic of two equally sized samples.
 *
 * @param a - outputs of M(D)
 * @param b - outputs of M(D′)
 * @param epsilon - the claimed ε
 * @param granularity - bucket width: outputs are rounded to the nearest multiple (0 = exact values)
 */
export function approximateDpStatistic(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  epsilon: number,
  granularity = 0,
): DpStatistic {
  const bucket = (x: number): number => (granularity > 0 ? Math.round(x / granularity) : x);
  const counts = new Map<number, [number, number]>();
  for (let i = 0; i < a.length; i++) {
    const key = bucket(a[i]!);
    const c = counts.get(key);
    if (c) c[0]++;
    else counts.set(key, [1, 0]);
  }
  for (let i = 0; i < b.length; i++) {
    const key = bucket(b[i]!);
    const c = counts.get(key);
    if (c) c[1]++;
    else counts.set(key, [0, 1]);
  }
  const e = Math.exp(epsilon);
  let ab = 0;
  let ba = 0;
  for (const [ca, cb] of counts.values()) {
    ab += Math.max(0, ca - e * cb);
    ba += Math.max(0, cb - e * ca);
  }
  ab /= a.length;
  ba /= b.length;
  return { ab, ba, max: Math.max(ab, ba) };
}

/** One configuration of the tester. */
export interface DpTestConfig {
  /** Draw one output of M(D). */
  sampleA: (rng: RandomSource) => number;
  /** Draw one output of M(D′). */
  sampleB: (rng: RandomSource) => number;
  /** The claimed ε. */
  epsilon: number;
  /** Draws per side per vote. */
  samples: number;
  /** Bucket width for real outputs (0 for integers). */
  granularity: number;
  /** A vote passes when max(δ̂(A,B), δ̂(B,A)) ≤ tolerance. */
  tolerance: number;
  /** Number of votes (odd). */
  votes: number;
}

/** The outcome of {@link runDpTest}. */
export interface DpTestResult {
  /** True when the majority of votes passed (the mechanism looks ε-DP). */
  readonly pass: boolean;
  /** The statistic of each vote. */
  readonly statistics: number[];
  /** The median statistic over votes (what the majority decision amounts to). */
  readonly median: number;
  /** How many votes passed. */
  readonly votesPassed: number;
}

/**
 * Run the voting DP test.
 * @param config - samplers, ε, sizes, tolerance, votes
 * @param rng - the random source for every draw
 */
export function runDpTest(config: DpTestConfig, rng: RandomSource): DpTestResult {
  const statistics: number[] = [];
  let votesPassed = 0;
  const a = new Float64Array(config.samples);
  const b = new Float64Array(config.samples);
  for (let v = 0; v < config.votes; v++) {
    for (let i = 0; i < config.samples; i++) {
      a[i] = config.sampleA(rng);
      b[i] = config.sampleB(rng);
    }
    const s = approximateDpStatistic(a, b, config.epsilon, config.granularity).max;
    statistics.push(s);
    if (s <= config.tolerance) votesPassed++;
  }
  const sorted = statistics.slice().sort((x, y) => x - y);
  return {
    pass: votesPassed * 2 > config.votes,
    statistics,
    median: sorted[Math.floor(sorted.length / 2)]!,
    votesPassed,
  };
}

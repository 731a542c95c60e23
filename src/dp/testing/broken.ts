/**
 * DELIBERATELY BROKEN mechanisms, so the privacy tests can prove they are able to fail.
 * NOT part of the public API and never to be used for a release. Each mirrors a real-world mistake:
 *
 * - too little noise: the noise scale 15% below what ε needs (ε silently inflated by 1/0.85);
 * - forgotten clamping: values summed as they are, with noise calibrated to the bounds;
 * - missing rejection: CKS Algorithm 2 without the "B = 1 and Y = 0" restart, which counts 0 twice;
 * - naive floating-point Laplace: value ± (−b·ln u) on doubles (Mironov, CCS 2012);
 * - swapped budget split: DPLloyd's count/sum split the wrong way round (diffprivlib 0.6.6).
 */
import { ClampedSumMechanism } from "../clamped-sum";
import { DiscreteLaplaceMechanism } from "../discrete-laplace";
import { gridIndex } from "../grid";
import { randomBit, type RandomSource } from "../random";
import { bernoulliExp, rateAtMost, sampleDiscreteLaplace, type RationalRate } from "../samplers";

/** How much too little noise the "too little noise" variants add: scale × 0.85. */
export const TOO_LITTLE_NOISE_FACTOR = 0.85;

/**
 * BROKEN: a count mechanism whose noise scale is 15% too small for the ε it claims.
 * @returns a sampler value ↦ noisy value
 */
export function tooLittleNoiseCount(epsilon: number): (value: number, rng: RandomSource) => number {
  const mechanism = new DiscreteLaplaceMechanism({ epsilon: epsilon / TOO_LITTLE_NOISE_FACTOR });
  return (value, rng) => mechanism.randomise(value, rng);
}

/**
 * BROKEN: a clamped sum whose noise scale is 15% too small for the ε it claims.
 */
export function tooLittleNoiseSum(
  epsilon: number,
  lower: number,
  upper: number,
): (values: ArrayLike<number>, rng: RandomSource) => number {
  const mechanism = new ClampedSumMechanism({ epsilon: epsilon / TOO_LITTLE_NOISE_FACTOR, lower, upper });
  return (values, rng) => mechanism.randomise(values, rng).value;
}

/**
 * BROKEN: noise calibrated to the bounds, but the values are summed without clamping them first.
 */
export function unclampedSum(
  epsilon: number,
  lower: number,
  upper: number,
): (values: ArrayLike<number>, rng: RandomSource) => number {
  const mechanism = new ClampedSumMechanism({ epsilon, lower, upper });
  const grid = mechanism.grid!;
  const rate = mechanism.rate!;
  return (values, rng) => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    return (gridIndex(sum, grid) + sampleDiscreteLaplace(rng, rate)) * grid;
  };
}

/**
 * BROKEN: CKS Algorithm 2 without the rejection of (B = 1, Y = 0): zero gets twice its probability,
 * so the distribution is not the discrete Laplace (a shape bug, caught by the KS test).
 */
export function sampleDiscreteLaplaceWithoutRejection(rng: RandomSource, rate: RationalRate): number {
  const s = rate.numerator;
  const t = rate.denominator;
  for (;;) {
    const u = Math.floor(rng.uniform() * t);
    if (!bernoulliExp(rng, u, t)) continue;
    let v = 0;
    while (bernoulliExp(rng, 1, 1)) v++;
    const y = Math.floor((u + t * v) / s);
    return randomBit(rng) === 1 ? -y : y;
  }
}

/** The magnitude the naive sampler computes from the integer k (u = k/2^53): −b·ln(u). */
function naiveMagnitude(k: number, scale: number): number {
  return -scale * Math.log(k / 2 ** 53);
}

/**
 * BROKEN: textbook Laplace noise in floating point, value ± (−b·ln u) with u uniform on the doubles
 * k/2^53 in (0, 1]. Its outputs near any value are an irregular, value-dependent subset of the doubles.
 */
export function naiveFloatLaplace(value: number, scale: number, rng: RandomSource): number {
  const k = 2 ** 53 - Math.floor(rng.uniform() * 2 ** 53); // u = 1 − uniform() = k/2^53, k in [1, 2^53]
  const magnitude = naiveMagnitude(k, scale);
  return randomBit(rng) === 1 ? value - magnitude : value + magnitude;
}

/**
 * Whether {@link naiveFloatLaplace}(value, scale) can output exactly `x` (Mironov's test): search the few
 * integers k whose u = k/2^53 could give a magnitude m with fl(value ± m) = x. Conservative: when the
 * search window would be huge it answers true ("possible").
 */
export function naiveFloatLaplaceCanProduce(x: number, value: number, scale: number): boolean {
  for (const sign of [1, -1]) {
    const target = sign * (x - value); // the magnitude needed, ≈ |x − value| on the matching side
    if (target < -1e-300) continue;
    const m = Math.max(0, target);
    const u = Math.exp(-m / scale);
    const centre = Math.round(u * 2 ** 53);
    const ulp = (y: number): number => (y === 0 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(Math.abs(y))) - 52));
    const spread = ((2 ** 53 * u) / scale) * 4 * (ulp(x) + ulp(m) + ulp(value));
    const window = Math.ceil(spread) + 16;
    if (window > 1_000_000) return true;
    for (let k = Math.max(1, centre - window); k <= Math.min(2 ** 53, centre + window); k++) {
      const out = sign === 1 ? value + naiveMagnitude(k, scale) : value - naiveMagnitude(k, scale);
      if (out === x) return true;
    }
  }
  return false;
}

/**
 * Whether a grid mechanism with step `grid` can output `x` on any input: exactly when x is a multiple of
 * the grid (the discrete Laplace noise gives every integer index a positive probability).
 */
export function gridCanProduce(x: number, grid: number): boolean {
  return Number.isInteger(x / grid);
}

/**
 * BROKEN: DPLloyd's per-iteration split with the count/sum shares swapped, as diffprivlib 0.6.6 does.
 * The intended split gives ε_count : ε_dim = ∛(4dρ²) : 1 with ε_count + d·ε_dim = ε_iteration.
 * @returns the ε handed to the count and to each dimension's sum, swapped
 */
export function swappedDplloydSplit(epsilonIteration: number, d: number, rho = 0.225): { count: number; dim: number } {
  const ratio = Math.cbrt(4 * d * rho * rho);
  // Correct: count = ratio/(ratio + d)·ε, dim = 1/(ratio + d)·ε. Swapped: the two shares exchanged.
  return { count: epsilonIteration / (ratio + d), dim: (ratio * epsilonIteration) / (ratio + d) };
}

/** The rate a broken count sampler would use, for the KS shape test of the "too little noise" variant. */
export function tooLittleNoiseRate(epsilon: number, sensitivity = 1): RationalRate {
  return rateAtMost(epsilon / TOO_LITTLE_NOISE_FACTOR, sensitivity);
}

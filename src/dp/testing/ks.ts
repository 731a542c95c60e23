/**
 * The Kolmogorov–Smirnov goodness-of-fit test against an integer-valued distribution, for the noise-shape
 * tests. NOT part of the public API (test support only).
 *
 * For a discrete null distribution the statistic must be evaluated at every jump and just before it:
 * D = sup over integers k of max(|Fₙ(k) − F(k)|, |Fₙ(k−) − F(k − 1)|). Between observed values Fₙ is flat
 * and F is monotone, so checking each distinct observed value v (and the point just below it) covers the
 * supremum, tails included. The critical value of the continuous case is then conservative (Conover,
 * "A Kolmogorov goodness-of-fit test for discontinuous distributions", JASA 1972): the false-rejection
 * rate is at most the nominal p.
 */

/**
 * The KS statistic of integer samples against the CDF of an integer-valued distribution.
 *
 * @param samples - integer draws
 * @param cdf - F(k) = P[X ≤ k] for integers k
 * @returns D = sup_x |Fₙ(x) − F(x)|
 */
export function ksStatisticDiscrete(samples: ArrayLike<number>, cdf: (k: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  let i = 0;
  while (i < n) {
    const v = sorted[i]!;
    let j = i;
    while (j < n && sorted[j] === v) j++;
    const below = i / n; // Fₙ(v−)
    const at = j / n; // Fₙ(v)
    d = Math.max(d, Math.abs(below - cdf(v - 1)), Math.abs(at - cdf(v)));
    i = j;
  }
  return d;
}

/** P[K > x] for the Kolmogorov distribution: 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²x²). */
export function kolmogorovSurvival(x: number): number {
  if (x <= 0) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-300) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * The critical value of D for n draws at significance p: D is rejected above it.
 * Solves P[K > x] = p by bisection (x = 2.6934 for p = 1e-6; 1.9495 is the p = 0.001 value) and applies
 * Stephens' finite-sample correction D·(√n + 0.12 + 0.11/√n) ~ K.
 *
 * @param n - number of draws
 * @param p - significance level (default 1e-6)
 */
export function ksCriticalValue(n: number, p = 1e-6): number {
  let lo = 0.1;
  let hi = 10;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (kolmogorovSurvival(mid) > p) lo = mid;
    else hi = mid;
  }
  const x = (lo + hi) / 2;
  const rootN = Math.sqrt(n);
  return x / (rootN + 0.12 + 0.11 / rootN);
}

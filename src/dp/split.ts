/**
 * Splitting a privacy budget into parts that add up to it EXACTLY.
 *
 * A model that promises ε must hand its mechanisms parts whose sum is ε, not ε ± rounding. Computing
 * `epsilon / 3` three times does not do that in floating point. Instead we write ε as an integer number of
 * small units q = 2^(e−52) (ε = N·q with 2^52 ≤ N < 2^53), share the integer N among the parts in
 * proportion to their weights (largest-remainder apportionment), and return `nᵢ·q`. Every part and every
 * partial sum is then an integer times q below 2^53·q, so each is a double and any floating-point sum of
 * the parts of one split, in any order, equals ε exactly. (Parts of nested splits — ε split over
 * iterations, each iteration split again — still add up to ε exactly as rationals, which is what the
 * accountant and `checkLedger` compare, but a plain floating-point sum across them may be off by an ulp.)
 */
import { InvalidInputError } from "../errors";
import { checkEpsilon, checkInteger } from "./validate";

function unitOf(epsilon: number): number {
  // q = 2^(floor(log2 ε) − 52), kept ≥ 2^-1074 (the smallest double) for absurdly small ε.
  let exponent = Math.floor(Math.log2(epsilon));
  if (2 ** exponent > epsilon) exponent--;
  if (2 ** (exponent + 1) <= epsilon) exponent++;
  return 2 ** Math.max(exponent - 52, -1074);
}

/**
 * Split ε into parts proportional to `weights` whose sum is exactly ε.
 *
 * @param epsilon - the budget to split: > 0, finite or `Infinity` (then every part is `Infinity`)
 * @param weights - one positive finite weight per part; the parts are proportional to them up to a
 *   relative error of about 2^-52
 * @returns one ε per weight, in order, with `parts.reduce((a, b) => a + b) === epsilon`
 * @throws InvalidInputError for a bad ε, an empty weight list, or a weight that is not positive and finite
 * @example
 * splitEpsilon(1, [1, 1, 1]);   // three parts ≈ 0.3333…, summing to exactly 1
 * splitEpsilon(0.5, [2, 1]);    // [0.3333…, 0.1666…], summing to exactly 0.5
 */
export function splitEpsilon(epsilon: number, weights: ArrayLike<number>): number[] {
  checkEpsilon(epsilon);
  if (weights.length === 0) {
    throw new InvalidInputError(
      "invalid-weights",
      "splitEpsilon needs at least one weight. Fix: pass one weight per part, e.g. [1, 1] for two halves.",
    );
  }
  let totalWeight = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (typeof w !== "number" || !Number.isFinite(w) || w <= 0) {
      throw new InvalidInputError(
        "invalid-weights",
        `weight ${i} is ${w}; every weight must be a finite number > 0. Fix: drop parts that should get ` +
          `no budget instead of giving them weight 0.`,
      );
    }
    totalWeight += w;
  }
  if (epsilon === Infinity) return Array.from({ length: weights.length }, () => Infinity);

  const unit = unitOf(epsilon);
  const units = epsilon / unit; // an integer < 2^53 (exact: dividing by a power of two)
  if (units < weights.length) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `epsilon = ${epsilon} is too small to split into ${weights.length} parts. Fix: use a larger epsilon.`,
    );
  }
  // Largest-remainder apportionment of `units` among the weights.
  const shares = new Array<number>(weights.length);
  const remainders = new Array<number>(weights.length);
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    const exact = (units * weights[i]!) / totalWeight;
    shares[i] = Math.max(1, Math.floor(exact));
    remainders[i] = exact - Math.floor(exact);
    assigned += shares[i]!;
  }
  const order = Array.from({ length: weights.length }, (_, i) => i).sort(
    (a, b) => remainders[b]! - remainders[a]! || a - b,
  );
  // Hand out (or take back) single units until the integer shares add up to `units` exactly.
  for (let r = 0; assigned < units; r = (r + 1) % order.length) {
    shares[order[r]!]!++;
    assigned++;
  }
  for (let r = order.length - 1; assigned > units; r = (r - 1 + order.length) % order.length) {
    if (shares[order[r]!]! > 1) {
      shares[order[r]!]!--;
      assigned--;
    }
  }
  return shares.map((n) => n * unit);
}

/**
 * Split ε into `parts` equal parts whose sum is exactly ε (the parts may differ in the last bit).
 *
 * @param epsilon - the budget: > 0, finite or `Infinity`
 * @param parts - how many parts: a whole number ≥ 1
 * @returns `parts` values summing exactly to ε
 * @throws InvalidInputError for a bad ε or part count
 * @example
 * splitEvenly(1, 3); // [0.3333333333333335, 0.33333333333333326, 0.33333333333333326]: sum exactly 1
 */
export function splitEvenly(epsilon: number, parts: number): number[] {
  checkInteger(parts, "parts", 1);
  return splitEpsilon(epsilon, new Array<number>(parts).fill(1));
}

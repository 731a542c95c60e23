/**
 * Exact arithmetic on doubles, for the few places where privacy depends on a sum or a ratio being exact:
 * the budget ledger (the ε parts of a fit must add up to the declared ε exactly) and the rational noise
 * rate of the discrete Laplace sampler (it must never be larger than ε / sensitivity).
 *
 * Every finite double is a dyadic rational m·2^e with -1074 ≤ e, so multiplying by 2^1074 turns it into
 * an integer. We hold such integers as BigInt ("scaled" values): sums and comparisons are then exact.
 */

/** The scale of every exact value: a finite double `x` is held as the integer `x · 2^1074`. */
const SCALE_BITS = 1074;

const view = new DataView(new ArrayBuffer(8));

/**
 * The exact value of a finite double, as the integer `x · 2^1074`.
 *
 * @param x - a finite double
 * @returns `x · 2^1074` exactly, as a BigInt
 * @throws RangeError for NaN or ±Infinity (they have no exact rational value)
 */
export function toScaled(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`toScaled needs a finite number, got ${x}.`);
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const negative = high >>> 31 === 1;
  const exponentField = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << BigInt(32)) | BigInt(low);
  let shift = 0;
  if (exponentField !== 0) {
    // Normal: x = (2^52 + fraction) · 2^(exponentField - 1075), so x · 2^1074 = mantissa · 2^(exponentField - 1).
    mantissa |= BigInt(1) << BigInt(52);
    shift = exponentField - 1;
  }
  const scaled = mantissa << BigInt(shift);
  return negative ? -scaled : scaled;
}

/**
 * The double nearest to a scaled exact value (exact when the value is itself a double).
 *
 * @param scaled - an integer holding `x · 2^1074`
 * @returns `x` rounded to a double (±Infinity beyond the double range)
 */
export function fromScaled(scaled: bigint): number {
  const zero = BigInt(0);
  if (scaled === zero) return 0;
  const negative = scaled < zero;
  const magnitude = negative ? -scaled : scaled;
  const bits = magnitude.toString(2).length;
  // Keep the top 64 bits: when the value is a double (≤ 53 significant bits) nothing non-zero is dropped,
  // so the conversion is exact; otherwise the result is within an ulp of the true value.
  const shift = Math.max(0, bits - 64);
  const top = Number(magnitude >> BigInt(shift));
  // Scale back in two steps so that neither factor underflows or overflows on its own.
  const exponent = shift - SCALE_BITS;
  const half = Math.trunc(exponent / 2);
  const value = top * 2 ** half * 2 ** (exponent - half);
  return negative ? -value : value;
}

/**
 * The exact sum of finite doubles, as a scaled integer (see {@link toScaled}).
 * @param values - finite doubles
 */
export function exactSumScaled(values: readonly number[]): bigint {
  let total = BigInt(0);
  for (const v of values) total += toScaled(v);
  return total;
}

/**
 * The largest integer `s` with `s / 2^k ≤ numerator / denominator`, for positive finite doubles.
 *
 * This is how a noise rate ε/Δ becomes an exact rational `s / 2^k` rounded DOWN: the sampler then adds
 * at least as much noise as ε/Δ asks for, never less.
 *
 * @param numerator - a finite double > 0
 * @param denominator - a finite double > 0
 * @param k - the number of bits of the denominator 2^k (0 ≤ k ≤ 1000)
 * @returns `floor(numerator · 2^k / denominator)`, computed exactly (may exceed 2^53; the caller checks)
 */
export function floorRatioTimesPowerOfTwo(numerator: number, denominator: number, k: number): bigint {
  return (toScaled(numerator) << BigInt(k)) / toScaled(denominator);
}

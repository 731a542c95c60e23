/**
 * Synthetic, seeded Gaussian blobs (like scikit-learn's `make_blobs`) for tests, benchmarks and demos.
 */
import { createRandom, type RandomSource } from "../dp/random";
import { validateInteger, validateNonNegative, type FlatMatrix } from "../validate";

/** Options of {@link makeBlobs}. */
export interface BlobOptions {
  /** Number of points. */
  n: number;
  /** Number of features. Default 2. */
  d?: number;
  /** Number of blobs. Default 3. */
  k?: number;
  /** Standard deviation of each blob along each feature. Default 1. */
  spread?: number;
  /** Blob centres are drawn uniformly in [−box, box]^d. Default 10. */
  box?: number;
  /** Seed; the same seed gives the same points. Default 0. */
  seed?: number | string;
}

/** Points, the blob each came from, and the blob centres. */
export interface Blobs {
  /** The points, n × d. */
  readonly X: FlatMatrix;
  /** The blob of each point (0 … k − 1); points are assigned to blobs in turn (i mod k). */
  readonly labels: Int32Array;
  /** The blob centres, k × d. */
  readonly centres: number[][];
}

/** A standard normal draw (Box–Muller; 1 − u keeps the logarithm finite). */
function gaussian(random: RandomSource): number {
  const u = 1 - random.uniform();
  const v = random.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Seeded isotropic Gaussian blobs.
 *
 * @param options - `n`; `d` (2), `k` (3), `spread` (1), `box` (10), `seed` (0)
 * @returns the points (flat), true blob labels and blob centres
 * @example
 * const { X } = makeBlobs({ n: 1000, k: 3, seed: 1 });
 */
export function makeBlobs(options: BlobOptions): Blobs {
  const n = validateInteger(options.n, "n");
  const d = validateInteger(options.d ?? 2, "d");
  const k = validateInteger(options.k ?? 3, "k");
  const spread = validateNonNegative(options.spread ?? 1, "spread");
  const box = validateNonNegative(options.box ?? 10, "box");
  const random = createRandom(options.seed ?? 0);
  const centres: number[][] = [];
  for (let j = 0; j < k; j++) {
    const c: number[] = [];
    for (let t = 0; t < d; t++) c.push((2 * random.uniform() - 1) * box);
    centres.push(c);
  }
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i % k;
    labels[i] = j;
    for (let t = 0; t < d; t++) data[i * d + t] = centres[j]![t]! + spread * gaussian(random);
  }
  return { X: { data, n, d }, labels, centres };
}

// The fast paths for large data: k-means++ on a sample above KMEANS_PLUS_PLUS_SAMPLE_ABOVE points, and the
// memory-order variance from d = 3 on (which must equal the per-feature computation to the bit).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRandom } from "../../src/dp/random";
import { InvalidInputError } from "../../src/errors";
import { kmeansPlusPlus, makeBlobs, meanFeatureVariance } from "../../src/cluster";
import { KMEANS_PLUS_PLUS_SAMPLE, KMEANS_PLUS_PLUS_SAMPLE_ABOVE } from "../../src/cluster/init";
import type { FlatMatrix } from "../../src/validate";

/** The per-feature two-pass variance, written plainly: the reference the fast path must match exactly. */
function referenceVariance(X: FlatMatrix, weights?: Float64Array): number {
  const { data, n, d } = X;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights === undefined ? 1 : weights[i]!;
  let sum = 0;
  for (let t = 0; t < d; t++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += weights === undefined ? data[i * d + t]! : weights[i]! * data[i * d + t]!;
    mean /= total;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const a = data[i * d + t]! - mean;
      ss += weights === undefined ? a * a : weights[i]! * a * a;
    }
    sum += ss / total;
  }
  return sum / d;
}

describe("meanFeatureVariance", () => {
  test("equals the per-feature computation to the bit for d = 1 … 10, with and without weights", () => {
    for (const d of [1, 2, 3, 6, 10]) {
      const { X } = makeBlobs({ n: 2_001, d, k: 3, spread: 2.5, box: 40, seed: `var-${d}` });
      const w = new Float64Array(X.n);
      for (let i = 0; i < X.n; i++) w[i] = (i % 5) * 0.7;
      assert.equal(meanFeatureVariance(X), referenceVariance(X), `d = ${d}`);
      assert.equal(meanFeatureVariance(X, w), referenceVariance(X, w), `d = ${d}, weighted`);
    }
  });
});

describe("kmeansPlusPlus on large data (a sample)", () => {
  test("the sample is only used above the threshold: below it, the default is plain k-means++", () => {
    const { X } = makeBlobs({ n: 5_000, d: 2, k: 4, seed: "small" });
    assert.ok(X.n <= KMEANS_PLUS_PLUS_SAMPLE_ABOVE);
    // A sample size smaller than n would change the result if it were (wrongly) used here.
    assert.deepEqual(
      kmeansPlusPlus(X, 4, createRandom(3), { sampleSize: 100 }),
      kmeansPlusPlus(X, 4, createRandom(3), { sampleSize: Infinity }),
    );
  });

  const n = KMEANS_PLUS_PLUS_SAMPLE_ABOVE + 1_000;
  const big = makeBlobs({ n, d: 2, k: 5, spread: 0.5, box: 50, seed: "big" }).X;

  test("above it: seeded results repeat, centres are data points, well-separated blobs each get one", () => {
    const a = kmeansPlusPlus(big, 5, createRandom("big"));
    assert.deepEqual(a, kmeansPlusPlus(big, 5, createRandom("big")));
    // With sampling the draws differ from plain k-means++ on all points (so the sample is in use).
    assert.notDeepEqual(a, kmeansPlusPlus(big, 5, createRandom("big"), { sampleSize: Infinity }));
    const isPoint = (x: number, y: number) => {
      for (let i = 0; i < big.n; i++) if (big.data[2 * i] === x && big.data[2 * i + 1] === y) return true;
      return false;
    };
    const blobs = new Set<number>();
    for (let j = 0; j < 5; j++) {
      assert.ok(isPoint(a[2 * j]!, a[2 * j + 1]!), `centre ${j} is a data point`);
      // Nearest true blob centre of this seed: makeBlobs puts points within a few spreads of it.
      blobs.add(Math.round(a[2 * j]! / 5) * 1000 + Math.round(a[2 * j + 1]! / 5));
    }
    assert.equal(blobs.size, 5, "one seed per blob");
  });

  // The sample is drawn in proportion to weight and each sampled point then counts once, so the first
  // centre's law is still ∝ weight overall. Values 0, 1, 2 (one third each) with weights 0, 1, 3.
  const law = (() => {
    const data = new Float64Array(n);
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      data[i] = i % 3;
      weights[i] = [0, 1, 3][i % 3]!;
    }
    return { X: { data, n, d: 1 } as FlatMatrix, weights };
  })();
  const draws = 400; // 3σ of a share near 0.25 is 0.065
  const shares = (pick: (r: ReturnType<typeof createRandom>) => number): number[] => {
    const r = createRandom("law");
    const hits = [0, 0, 0];
    for (let t = 0; t < draws; t++) hits[pick(r)]!++;
    return hits.map((h) => h / draws);
  };
  const lawOk = (s: number[]) => s[0] === 0 && Math.abs(s[1]! - 0.25) < 0.07 && Math.abs(s[2]! - 0.75) < 0.07;

  test("the first centre is still drawn in proportion to weight (weight 0 never)", () => {
    const s = shares((r) => kmeansPlusPlus(law.X, 1, r, { weights: law.weights, sampleSize: 8 })[0]!);
    assert.ok(lawOk(s), `shares ${s}`);
  });

  test("…and the same check rejects a sample drawn uniformly whose points then count once", () => {
    const broken = (r: ReturnType<typeof createRandom>) => {
      // Uniform sample of 8 indices, then a uniform pick among those with weight > 0.
      const picks = Array.from({ length: 8 }, () => Math.floor(r.uniform() * n)).filter((i) => law.weights[i]! > 0);
      return picks.length === 0 ? 1 : law.X.data[picks[Math.floor(r.uniform() * picks.length)]!]!;
    };
    assert.equal(lawOk(shares(broken)), false);
  });

  test("a bad sampleSize is refused with a clear error", () => {
    for (const bad of [0, -3, 2.5, Number.NaN]) {
      assert.throws(() => kmeansPlusPlus(big, 2, createRandom(1), { sampleSize: bad }), InvalidInputError);
    }
    assert.equal(KMEANS_PLUS_PLUS_SAMPLE, 65_536);
  });
});

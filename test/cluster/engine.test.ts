import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRandom } from "../../src/dp/random";
import {
  assignAndSummarize,
  centresFromStatistics,
  kmeansPlusPlus,
  lloyd,
  makeBlobs,
  meanFeatureVariance,
  relocateEmptyClusters,
} from "../../src/cluster";
import { toMatrix, type FlatMatrix } from "../../src/validate";

const flat = (rows: number[][]): FlatMatrix => toMatrix(rows);

describe("assignAndSummarize", () => {
  test("two obvious blobs in 2-D: labels, counts, sums and inertia by hand", () => {
    const X = flat([
      [0, 0],
      [0, 2],
      [10, 0],
      [10, 2],
    ]);
    const s = assignAndSummarize(X, Float64Array.of(0, 1, 10, 1), 2);
    assert.deepEqual(Array.from(s.labels), [0, 0, 1, 1]);
    assert.deepEqual(Array.from(s.counts), [2, 2]);
    assert.deepEqual(Array.from(s.sums), [0, 2, 20, 2]);
    assert.equal(s.inertia, 4); // every point is 1 away from its centre
    assert.equal(s.changed, 4);
  });

  test("1-D: a tie goes to the lower index", () => {
    const s = assignAndSummarize(flat([[0], [5], [10]]), Float64Array.of(0, 10), 2);
    assert.deepEqual(Array.from(s.labels), [0, 0, 1]);
    assert.equal(s.inertia, 25);
  });

  test("the d = 1, d = 2 and general kernels agree (padding with a zero column changes nothing)", () => {
    for (const d of [1, 2]) {
      const { X } = makeBlobs({ n: 300, d, k: 4, seed: `kernels-${d}` });
      const padded = new Float64Array(X.n * (d + 1));
      for (let i = 0; i < X.n; i++) for (let t = 0; t < d; t++) padded[i * (d + 1) + t] = X.data[i * d + t]!;
      const centres = kmeansPlusPlus(X, 4, createRandom(1));
      const paddedCentres = new Float64Array(4 * (d + 1));
      for (let j = 0; j < 4; j++) for (let t = 0; t < d; t++) paddedCentres[j * (d + 1) + t] = centres[j * d + t]!;
      const a = assignAndSummarize(X, centres, 4);
      const b = assignAndSummarize({ data: padded, n: X.n, d: d + 1 }, paddedCentres, 4);
      assert.deepEqual(a.labels, b.labels);
      assert.deepEqual(a.counts, b.counts);
      assert.equal(a.inertia, b.inertia);
    }
  });

  test("weights multiply counts, sums and inertia", () => {
    const X = flat([[0], [2], [10]]);
    const s = assignAndSummarize(X, Float64Array.of(1, 10), 2, { weights: Float64Array.of(1, 3, 2) });
    assert.deepEqual(Array.from(s.counts), [4, 2]);
    assert.deepEqual(Array.from(s.sums), [6, 20]);
    assert.equal(s.inertia, 1 * 1 + 3 * 1 + 0);
  });

  test("a reused labels buffer counts only the labels that changed", () => {
    const X = flat([[0], [4], [10]]);
    const labels = new Int32Array(3).fill(-1);
    assignAndSummarize(X, Float64Array.of(0, 10), 2, { labels });
    const again = assignAndSummarize(X, Float64Array.of(0, 10), 2, { labels });
    assert.equal(again.changed, 0);
    const moved = assignAndSummarize(X, Float64Array.of(0, 5), 2, { labels });
    assert.equal(moved.changed, 1); // only 4 moves (to 5); 10 was already in cluster 1
  });
});

describe("centresFromStatistics", () => {
  test("sums / counts, and an empty cluster keeps its previous centre", () => {
    const u = centresFromStatistics(
      { counts: Float64Array.of(2, 0), sums: Float64Array.of(2, 4, 0, 0) },
      Float64Array.of(9, 9, 7, 7),
    );
    assert.deepEqual(Array.from(u.centres), [1, 2, 7, 7]);
    assert.deepEqual(u.kept, [1]);
  });

  test("noisy statistics: counts ≤ minCount keep their centre; bounds clamp the result", () => {
    const u = centresFromStatistics(
      { counts: [-0.5, 0.8, 4], sums: [3, 3, 100, 0.8, 4, -8] },
      Float64Array.of(1, 1, 2, 2, 3, 3),
      { minCount: 1, bounds: { lower: [0, 0], upper: [10, 10] } },
    );
    assert.deepEqual(Array.from(u.centres), [1, 1, 2, 2, 1, 0]);
    assert.deepEqual(u.kept, [0, 1]);
  });
});

describe("relocateEmptyClusters", () => {
  test("an empty cluster takes the point farthest from its centre, and the statistics follow", () => {
    const X = flat([[0], [1], [2], [10], [11], [12]]);
    const centres = Float64Array.of(0, 11, 1000);
    const s = assignAndSummarize(X, centres, 3);
    assert.equal(s.counts[2], 0);
    const moved = relocateEmptyClusters(X, centres, s);
    assert.equal(moved, 1);
    // distances to own centre: 0, 1, 4, 1, 0, 1 → point 2 (value 2) moves
    assert.equal(s.labels[2], 2);
    assert.deepEqual(Array.from(s.counts), [2, 3, 1]);
    assert.deepEqual(Array.from(s.sums), [1, 33, 2]);
  });

  test("zero-weight points are never moved", () => {
    const X = flat([[0], [1], [50]]);
    const centres = Float64Array.of(0, 1000);
    const weights = Float64Array.of(1, 1, 0);
    const s = assignAndSummarize(X, centres, 2, { weights });
    relocateEmptyClusters(X, centres, s, weights);
    assert.equal(s.labels[1], 1); // point 1 (distance 1), not the weightless 50
  });
});

describe("kmeansPlusPlus", () => {
  test("returns k distinct data points on well-spread data, deterministically for a seed", () => {
    const { X } = makeBlobs({ n: 200, k: 4, seed: 3 });
    const a = kmeansPlusPlus(X, 4, createRandom("pp"));
    const b = kmeansPlusPlus(X, 4, createRandom("pp"));
    assert.deepEqual(a, b);
    const rows = new Set<string>();
    for (let j = 0; j < 4; j++) {
      const c = `${a[2 * j]},${a[2 * j + 1]}`;
      rows.add(c);
      let found = false;
      for (let i = 0; i < X.n; i++) if (X.data[2 * i] === a[2 * j] && X.data[2 * i + 1] === a[2 * j + 1]) found = true;
      assert.ok(found, `centre ${c} is a data point`);
    }
    assert.equal(rows.size, 4);
  });

  test("fewer distinct points than k: still k centres, no NaN", () => {
    const X = flat([[1], [1], [1], [2]]);
    const c = kmeansPlusPlus(X, 3, createRandom(0));
    assert.equal(c.length, 3);
    for (const v of c) assert.ok(v === 1 || v === 2);
  });

  // Seeded statistical checks of the sampling law, each shown to reject a broken sampler.
  const draws = 4000;
  const firstCentreShare = (pick: (r: ReturnType<typeof createRandom>) => number): number[] => {
    const r = createRandom("first-centre");
    const hits = [0, 0, 0];
    for (let t = 0; t < draws; t++) hits[pick(r)]!++;
    return hits.map((h) => h / draws);
  };
  const X3 = flat([[0], [1], [3]]);
  const w3 = Float64Array.of(0, 1, 3);
  const fromKpp = (r: ReturnType<typeof createRandom>) => {
    const v = kmeansPlusPlus(X3, 1, r, { weights: w3 })[0]!;
    return [0, 1, 3].indexOf(v);
  };
  const firstCentreOk = (share: number[]) =>
    share[0] === 0 && Math.abs(share[1]! - 0.25) < 0.03 && Math.abs(share[2]! - 0.75) < 0.03;

  test("the first centre is drawn in proportion to weight (weight 0 never)", () => {
    assert.ok(firstCentreOk(firstCentreShare(fromKpp)));
  });

  test("…and the same check rejects a sampler that ignores the weights", () => {
    const uniform = (r: ReturnType<typeof createRandom>) => Math.floor(r.uniform() * 3);
    assert.equal(firstCentreOk(firstCentreShare(uniform)), false);
  });

  // Second centre with one local trial: probability ∝ w·D² (Arthur & Vassilvitskii).
  // Points 0 (huge weight, so almost surely first), 1 and 3: D² = 1 and 9 → shares 0.1 and 0.9.
  const XD = flat([[0], [1], [3]]);
  const wD = Float64Array.of(1e9, 1, 1);
  const secondShare = (pick: (r: ReturnType<typeof createRandom>) => number): number => {
    const r = createRandom("second-centre");
    let three = 0;
    for (let t = 0; t < draws; t++) if (pick(r) === 3) three++;
    return three / draws;
  };
  test("the second centre is drawn in proportion to w·D²", () => {
    const share = secondShare((r) => kmeansPlusPlus(XD, 2, r, { weights: wD, localTrials: 1 })[1]!);
    assert.ok(Math.abs(share - 0.9) < 0.02, `share of the far point ${share}`);
  });
  test("…and the same check rejects D (not D²) sampling", () => {
    // D-proportional: 1 : 3 → 0.75 for the far point.
    const share = secondShare((r) => (r.uniform() < 0.25 ? 1 : 3));
    assert.equal(Math.abs(share - 0.9) < 0.02, false);
  });
});

describe("lloyd", () => {
  test("converges on two blobs to the blob means", () => {
    const X = flat([
      [0, 0],
      [0, 2],
      [10, 0],
      [10, 2],
    ]);
    const r = lloyd(X, Float64Array.of(0, 0, 10, 0));
    assert.deepEqual(Array.from(r.centres), [0, 1, 10, 1]);
    assert.deepEqual(Array.from(r.labels), [0, 0, 1, 1]);
    assert.equal(r.inertia, 4);
    assert.equal(r.converged, true);
  });

  test("from a bad start it stops in a local optimum (why k-means++ and restarts matter)", () => {
    const X = flat([
      [0, 0],
      [0, 2],
      [10, 0],
      [10, 2],
    ]);
    const r = lloyd(X, Float64Array.of(0, 0, 0, 2));
    assert.deepEqual(Array.from(r.centres), [5, 0, 5, 2]); // bottom row vs top row
    assert.equal(r.inertia, 100);
  });

  test("maxIter stops early, and labels/inertia still belong to the returned centres", () => {
    const { X } = makeBlobs({ n: 500, k: 3, spread: 4, seed: 11 });
    const start = kmeansPlusPlus(X, 3, createRandom(2));
    const r = lloyd(X, start, { maxIter: 1 });
    assert.equal(r.nIter, 1);
    const check = assignAndSummarize(X, r.centres, 3);
    assert.deepEqual(r.labels, check.labels);
    assert.equal(r.inertia, check.inertia);
  });

  test("an empty cluster is refilled, so every centre ends with points", () => {
    const X = flat([[0], [1], [2], [10], [11], [12]]);
    const r = lloyd(X, Float64Array.of(0, 11, 1000), { tol: 0 });
    const counts = [0, 0, 0];
    for (const l of r.labels) counts[l]!++;
    assert.ok(counts.every((c) => c > 0), `counts ${counts}`);
    assert.equal(r.inertia, 2.5); // one of the two optimal 3-clusterings
  });

  test("weighted Lloyd equals Lloyd on duplicated points", () => {
    const base = makeBlobs({ n: 120, k: 3, spread: 3, seed: 5 }).X;
    const weights = new Float64Array(base.n);
    const dup: number[] = [];
    for (let i = 0; i < base.n; i++) {
      weights[i] = 1 + (i % 4);
      for (let c = 0; c < weights[i]!; c++) dup.push(base.data[2 * i]!, base.data[2 * i + 1]!);
    }
    const dupX: FlatMatrix = { data: Float64Array.from(dup), n: dup.length / 2, d: 2 };
    const start = Float64Array.of(base.data[0]!, base.data[1]!, base.data[2]!, base.data[3]!, base.data[4]!, base.data[5]!);
    const w = lloyd(base, start, { weights, tol: 0 });
    const u = lloyd(dupX, start, { tol: 0 });
    assert.equal(w.nIter, u.nIter);
    for (let i = 0; i < w.centres.length; i++) assert.ok(Math.abs(w.centres[i]! - u.centres[i]!) < 1e-9);
    assert.ok(Math.abs(w.inertia - u.inertia) < 1e-9 * u.inertia);
    let row = 0;
    for (let i = 0; i < base.n; i++) for (let c = 0; c < weights[i]!; c++) assert.equal(u.labels[row++], w.labels[i]);
  });
});

test("meanFeatureVariance: by hand, and weights act like repeats", () => {
  // features: [0, 2] var 1; [0, 4] var 4 → mean 2.5
  assert.equal(meanFeatureVariance(flat([[0, 0], [2, 4]])), 2.5);
  const w = meanFeatureVariance(flat([[0], [3]]), Float64Array.of(2, 1));
  assert.equal(w, meanFeatureVariance(flat([[0], [0], [3]])));
});

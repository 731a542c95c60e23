import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import { createRandom } from "../../src/dp/random";
import {
  KMeans,
  changedPoints,
  changedShare,
  elbowCurve,
  hungarian,
  inertia,
  makeBlobs,
  matchLabels,
  meanSquaredDistance,
  qualityRatio,
} from "../../src/cluster";

describe("inertia and mean squared distance", () => {
  test("by hand", () => {
    assert.equal(inertia([[0], [2], [10]], [[1], [10]]), 2);
    assert.equal(meanSquaredDistance([[0], [2], [10]], [[1], [10]]), 2 / 3);
    assert.equal(inertia([[0, 0], [3, 4]], [[0, 0]]), 25);
  });
  test("weights", () => {
    assert.equal(inertia([[0], [2]], [[1]], [3, 1]), 4);
    assert.equal(meanSquaredDistance([[0], [2]], [[1]], [3, 1]), 1);
  });
  test("centres must match the data's features", () => {
    assert.throws(() => inertia([[0, 0]], [[1]]), (e: unknown) => e instanceof InvalidInputError && e.code === "dimension-mismatch");
  });
});

describe("qualityRatio", () => {
  const X = [[0], [2], [10], [12]];
  test("1 for the reference itself, > 1 for worse centres", () => {
    const best = [[1], [11]];
    assert.equal(qualityRatio(X, best, best), 1);
    // centres [0], [10]: 0 + 4 + 0 + 4 = 8 vs 4 → 2
    assert.equal(qualityRatio(X, [[0], [10]], best), 2);
    assert.equal(qualityRatio(X, [[0], [10]], 4), 2);
  });
  test("a zero-inertia reference is rejected", () => {
    assert.throws(() => qualityRatio([[1], [2]], [[1]], [[1], [2]]), /positive inertia/);
  });
});

/** All permutations of 0..k-1. */
function permutations(k: number): number[][] {
  if (k === 1) return [[0]];
  return permutations(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)]));
}

describe("hungarian", () => {
  test("a 2 × 2 case by hand", () => {
    assert.deepEqual(hungarian([[4, 1], [2, 3]]), [1, 0]);
  });
  test("matches brute force on random matrices up to 6 × 6", () => {
    const r = createRandom("hungarian");
    for (let trial = 0; trial < 60; trial++) {
      const k = 2 + (trial % 5);
      const cost = Array.from({ length: k }, () => Array.from({ length: k }, () => Math.floor(r.uniform() * 20)));
      const got = hungarian(cost);
      assert.deepEqual([...got].sort(), Array.from({ length: k }, (_, i) => i), "a permutation");
      const total = got.reduce((s, j, i) => s + cost[i]![j]!, 0);
      const best = Math.min(...permutations(k).map((p) => p.reduce((s, j, i) => s + cost[i]![j]!, 0)));
      assert.equal(total, best);
    }
  });
  test("rejects non-square and non-finite matrices", () => {
    assert.throws(() => hungarian([[1, 2]]), /square/);
    assert.throws(() => hungarian([[1, NaN], [0, 1]]), /finite/);
  });
});

describe("matchLabels and changedShare", () => {
  test("recovers known permutations, k up to 10", () => {
    const r = createRandom("perm");
    for (let k = 1; k <= 10; k++) {
      // a random permutation (Fisher–Yates)
      const perm = Array.from({ length: k }, (_, i) => i);
      for (let i = k - 1; i > 0; i--) {
        const j = Math.floor(r.uniform() * (i + 1));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const a = Array.from({ length: 20 * k }, (_, i) => i % k);
      const b = a.map((l) => perm[l]!); // b's label perm[l] is a's label l
      const match = matchLabels(a, b, k);
      for (let l = 0; l < k; l++) assert.equal(match[perm[l]!], l);
      assert.equal(changedShare(a, b), 0);
    }
  });

  test("beats greedy matching where greedy is wrong", () => {
    // Overlap of a's label (row) with b's label (column): [[5, 4], [4, 0]].
    // Greedy takes the biggest cell (a0↔b0: 5), forcing a1↔b1 (0): 5 agree. Best is a0↔b1, a1↔b0: 8 agree.
    const a: number[] = [];
    const b: number[] = [];
    const add = (la: number, lb: number, count: number) => {
      for (let i = 0; i < count; i++) {
        a.push(la);
        b.push(lb);
      }
    };
    add(0, 0, 5);
    add(0, 1, 4);
    add(1, 0, 4);
    assert.deepEqual(matchLabels(a, b), [1, 0]);
    assert.equal(changedShare(a, b), 5 / 13);
  });

  test("changedShare and changedPoints on a small case", () => {
    const a = [0, 0, 0, 1, 1, 1];
    const b = [2, 2, 1, 1, 1, 1]; // b has 3 labels; 2 ↔ 0, 1 ↔ 1; one point differs
    assert.equal(changedShare(a, b), 1 / 6);
    assert.deepEqual(changedPoints(a, b), [false, false, true, false, false, false]);
  });

  test("rejects labelings of different lengths and bad labels", () => {
    assert.throws(() => changedShare([0, 1], [0]), /different lengths/);
    assert.throws(() => matchLabels([0, -1], [0, 0]), /whole numbers ≥ 0/);
    assert.throws(() => matchLabels([0, 3], [0, 0], 2), /k = 2/);
  });
});

describe("elbowCurve", () => {
  const { X } = makeBlobs({ n: 400, k: 4, spread: 1, seed: 31 });
  test("inertia decreases with k, sharply up to the true k, then slowly", () => {
    const curve = elbowCurve(X, [1, 2, 3, 4, 5, 6], { randomState: 0 });
    assert.deepEqual(curve.map((p) => p.k), [1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < curve.length; i++) assert.ok(curve[i]!.inertia < curve[i - 1]!.inertia, `k = ${curve[i]!.k}`);
    const drop = (i: number) => curve[i - 1]!.inertia - curve[i]!.inertia;
    assert.ok(drop(3) > 5 * drop(4), "the elbow is at k = 4");
  });
  test("seeded: the value at each k is reproducible and independent of the other ks", () => {
    const a = elbowCurve(X, [2, 3, 5], { randomState: "e" });
    const b = elbowCurve(X, [5, 3], { randomState: "e" });
    assert.equal(a[2]!.inertia, b[0]!.inertia);
    assert.equal(a[1]!.inertia, b[1]!.inertia);
  });
  test("k = n gives inertia 0; k = 1 gives the total sum of squares", () => {
    const tiny = [[0], [2], [4]];
    const c = elbowCurve(tiny, [1, 3], { randomState: 0 });
    assert.equal(c[0]!.inertia, 8);
    assert.equal(c[1]!.inertia, 0);
  });
  test("bad ks are explained", () => {
    assert.throws(() => elbowCurve(X, []), /non-empty/);
    assert.throws(() => elbowCurve([[0], [1]], [3]), /more than the 2 point/);
  });
  test("matches KMeans with the derived seed", () => {
    const [p] = elbowCurve(X, [3], { randomState: 5 });
    const km = new KMeans({ nClusters: 3, randomState: "5/k=3" }).fit(X);
    assert.equal(p!.inertia, km.inertia);
  });
});

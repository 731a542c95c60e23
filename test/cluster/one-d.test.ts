import assert from "node:assert/strict";
import { describe, test } from "node:test";
import seedrandom from "seedrandom";
import { KMeans } from "../../src/cluster/index";
import { optimalKMeans1d, stableOrder, stableOrderByRank } from "../../src/cluster/one-d";
import { loadPokemon } from "../../src/data/index";
import { InvalidInputError } from "../../src/errors";

/** The best inertia over every split of the sorted values into k non-empty intervals (exhaustive). */
function bruteForce(values: number[], k: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const sse = (a: number, b: number): number => {
    const part = sorted.slice(a, b);
    const mean = part.reduce((s, v) => s + v, 0) / part.length;
    return part.reduce((s, v) => s + (v - mean) ** 2, 0);
  };
  const best = (start: number, clusters: number): number => {
    if (clusters === 1) return sse(start, n);
    let result = Infinity;
    for (let cut = start + 1; cut <= n - clusters + 1; cut++) result = Math.min(result, sse(start, cut) + best(cut, clusters - 1));
    return result;
  };
  return best(0, k);
}

describe("optimalKMeans1d", () => {
  test("matches an exhaustive search on small random inputs (with ties)", () => {
    const rng = seedrandom("one-d");
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rng() * 9);
      const values = Array.from({ length: n }, () => (t % 2 ? Math.floor(rng() * 5) : rng() * 100));
      const distinct = new Set(values).size;
      const k = 1 + Math.floor(rng() * distinct);
      const fit = optimalKMeans1d(values, k);
      assert.ok(Math.abs(fit.inertia - bruteForce(values, k)) <= 1e-9 * (1 + fit.inertia), `case ${t}: ${values} k=${k}`);
      // Labels are intervals numbered by value, equal values share a cluster, no cluster is empty.
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (values[i]! < values[j]!) assert.ok(fit.labels[i]! <= fit.labels[j]!);
          if (values[i] === values[j]) assert.equal(fit.labels[i], fit.labels[j]);
        }
      }
      assert.ok(Array.from(fit.sizes).every((s) => s > 0));
    }
  });

  test("a broken variant (cost without the square of the mean) is caught by the same exhaustive check", () => {
    // Power: the check above fails for a plausible bug, a clustering that is not optimal (equal-size groups).
    const values = [1, 2, 3, 50, 51, 200];
    const equalSizes = [0, 0, 1, 1, 2, 2];
    const mean = (c: number): number => {
      const m = values.filter((_, i) => equalSizes[i] === c);
      return m.reduce((s, v) => s + v, 0) / m.length;
    };
    const wrong = values.reduce((s, v, i) => s + (v - mean(equalSizes[i]!)) ** 2, 0);
    assert.ok(wrong > bruteForce(values, 3) + 1, "a non-optimal split has a larger inertia");
    assert.ok(Math.abs(optimalKMeans1d(values, 3).inertia - bruteForce(values, 3)) < 1e-9);
  });

  test("on the Pokémon weights it is never worse than k-means++ with 10 restarts", () => {
    const weights = loadPokemon().map((p) => p.weight_kg);
    for (const k of [2, 3, 5, 10]) {
      const optimal = optimalKMeans1d(weights, k).inertia;
      const lloyd = new KMeans({ nClusters: k, randomState: 1 }).fit(weights.map((w) => [w])).inertia;
      assert.ok(optimal <= lloyd * (1 + 1e-12), `k = ${k}: ${optimal} vs ${lloyd}`);
    }
  });

  test("refuses a k above the distinct values and non-finite values", () => {
    assert.throws(() => optimalKMeans1d([5, 5, 5], 2), (e: unknown) => e instanceof InvalidInputError && /from 1 to 1/.test(e.message));
    assert.throws(() => optimalKMeans1d([1, NaN], 1), /values\[1\] is NaN/);
  });
});

describe("stableOrder", () => {
  test("equals a comparator sort by (value, position) on random data with ties", () => {
    const rng = seedrandom("order");
    for (let t = 0; t < 50; t++) {
      const values = Array.from({ length: Math.floor(rng() * 40) }, () => (t % 2 ? Math.floor(rng() * 5) - 2 : rng() - 0.5));
      const expected = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
      assert.deepEqual(Array.from(stableOrder(values)), expected);
    }
    assert.deepEqual(Array.from(stableOrder([-0, 0, -0])), [0, 1, 2], "-0 and 0 are equal values");
    // Large arrays with negatives, fractions, huge and tiny magnitudes, and many ties; and the fallback.
    const big = Array.from({ length: 5000 }, (_, i) =>
      [(i % 97) - 48, (rng() - 0.5) * 1e-300, (rng() - 0.5) * 1e300, Math.floor(rng() * 10) / 4, -rng()][i % 5]!,
    );
    const expected = big.map((_, i) => i).sort((a, b) => big[a]! - big[b]! || a - b);
    assert.deepEqual(Array.from(stableOrder(big)), expected);
    assert.deepEqual(Array.from(stableOrderByRank(big)), expected);
  });
});

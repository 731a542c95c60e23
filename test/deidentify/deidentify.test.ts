import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPokemon } from "../../src/data/index";
import {
  deidentify,
  describeColumn,
  quantileSorted,
  relabelByCentroid,
  SKEW_THRESHOLD,
  type Deidentification,
} from "../../src/deidentify/index";
import { InvalidInputError } from "../../src/errors";

const records = loadPokemon({ first: 251 });
const release = deidentify(records, { column: "weight_kg", k: 3, seed: 42 });

function meanOfMembers(r: Deidentification, cluster: number): number {
  const members = r.values.filter((_, i) => r.labels[i] === cluster);
  return members.reduce((a, b) => a + b, 0) / members.length;
}

describe("the four outputs of the Airflow example", () => {
  test("each centroid is the mean weight of its members, at k = 3 and k = 10", () => {
    for (const r of [release, deidentify(records, { column: "weight_kg", k: 10, seed: 1 })]) {
      for (const c of r.clusters) {
        const expected = meanOfMembers(r, c.cluster);
        assert.ok(Math.abs(c.centroid - expected) <= 1e-12 * expected, `cluster ${c.cluster}: ${c.centroid} vs ${expected}`);
      }
    }
  });

  test("sizes add up to the rows, and match the labels", () => {
    assert.equal(release.clusters.reduce((s, c) => s + c.size, 0), 251);
    for (const c of release.clusters) assert.equal(release.labels.filter((l) => l === c.cluster).length, c.size);
  });

  test("clusters are numbered 0..k−1 in increasing order of centroid", () => {
    assert.deepEqual(release.clusters.map((c) => c.cluster), [0, 1, 2]);
    for (let c = 1; c < release.clusters.length; c++) {
      assert.ok(release.clusters[c]!.centroid > release.clusters[c - 1]!.centroid);
    }
    // The first 251 Pokémon at k = 3 (as measured: 176 light, 61 middle, 14 heavy).
    assert.deepEqual(release.clusters.map((c) => c.size), [176, 61, 14]);
  });

  test("raw data: every record keeps its fields and gains the three cluster columns", () => {
    assert.equal(release.raw.length, 251);
    const bulbasaur = release.raw[0]!;
    assert.equal(bulbasaur.name, "Bulbasaur");
    assert.equal(bulbasaur.weight_kg, 6.9);
    assert.equal(bulbasaur.parent_cluster, 0);
    assert.equal(bulbasaur.parent_centroid, release.clusters[0]!.centroid);
    assert.equal(bulbasaur.deviation_factor, 6.9 / release.clusters[0]!.centroid);
    release.raw.forEach((r, i) => {
      assert.equal(r.parent_cluster, release.labels[i]);
      assert.equal(r.parent_centroid, release.clusters[r.parent_cluster]!.centroid);
    });
    // The input records are not modified.
    assert.equal("parent_cluster" in records[0]!, false);
  });

  test("anonymized information has no weight column, and everything else of the raw data", () => {
    for (const row of release.anonymized) assert.equal("weight_kg" in row, false);
    const expected = Object.keys(release.raw[0]!).filter((k) => k !== "weight_kg");
    assert.deepEqual(Object.keys(release.anonymized[0]!), expected);
    assert.equal(release.anonymized[5]!.deviation_factor, release.raw[5]!.deviation_factor);
  });

  test("inertia is the within-cluster sum of squares", () => {
    const sse = release.values.reduce((s, v, i) => s + (v - release.clusters[release.labels[i]!]!.centroid) ** 2, 0);
    assert.ok(Math.abs(release.inertia - sse) <= 1e-9 * sse);
  });

  test("a seed gives the same release every time", () => {
    const again = deidentify(records, { column: "weight_kg", k: 3, seed: 42 });
    assert.deepEqual(again.clusters, release.clusters);
    assert.deepEqual(again.labels, release.labels);
  });

  test("works on any numeric column of plain records", () => {
    const rows = [
      { id: "a", score: 1 },
      { id: "b", score: 2 },
      { id: "c", score: 10 },
      { id: "d", score: 11 },
    ];
    const r = deidentify(rows, { column: "score", k: 2, seed: 0 });
    assert.deepEqual(r.clusters, [
      { cluster: 0, centroid: 1.5, size: 2 },
      { cluster: 1, centroid: 10.5, size: 2 },
    ]);
    assert.deepEqual(r.anonymized[2], { id: "c", parent_cluster: 1, parent_centroid: 10.5, deviation_factor: 10 / 10.5 });
  });

  test("relabelByCentroid renumbers by mean and refuses an empty cluster", () => {
    const { labels, clusters } = relabelByCentroid([5, 1, 6, 2], [0, 1, 0, 1], 2);
    assert.deepEqual(labels, [1, 0, 1, 0]);
    assert.deepEqual(clusters, [
      { cluster: 0, centroid: 1.5, size: 2 },
      { cluster: 1, centroid: 5.5, size: 2 },
    ]);
    assert.throws(() => relabelByCentroid([1, 2], [0, 0], 2), { code: "empty-cluster" });
  });
});

describe("statistics of the sensitive column", () => {
  const stats = release.statistics;

  test("count, mean, median, quartiles, min and max as pandas' describe() gives them", () => {
    assert.equal(stats.count, 251);
    assert.ok(Math.abs(stats.mean - release.values.reduce((a, b) => a + b, 0) / 251) < 1e-12);
    assert.equal(stats.min, 0.1);
    assert.equal(stats.max, 460);
    assert.equal(stats.median, 29.5);
    assert.equal(stats.q25, 8.7);
    assert.equal(stats.q75, 57.25);
  });

  test("the standard deviation divides by n − 1", () => {
    const s = describeColumn([1, 2, 3, 4]);
    assert.ok(Math.abs(s.std - Math.sqrt(5 / 3)) < 1e-15);
    assert.equal(describeColumn([7]).std, 0);
  });

  test("linear interpolation between order statistics", () => {
    assert.equal(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
    assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantileSorted([5], 0.75), 5);
  });

  test("weights are flagged as skewed (mean far above the median); symmetric data is not", () => {
    assert.ok(stats.skewed);
    assert.ok(stats.skew > SKEW_THRESHOLD);
    assert.match(stats.note, /right-skewed/);
    const symmetric = describeColumn([1, 2, 3, 4, 5], "x");
    assert.equal(symmetric.skewed, false);
    assert.match(symmetric.note, /roughly symmetric/);
    const left = describeColumn([1, 9, 9.5, 10, 10], "x");
    assert.ok(left.skewed);
    assert.match(left.note, /left-skewed/);
  });
});

describe("bad input gets a message that names the problem and the fix", () => {
  test("an unknown column lists the numeric columns", () => {
    assert.throws(
      () => deidentify(records, { column: "weight", k: 3 }),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.code === "unknown-column" &&
        /Valid numeric columns are: .*weight_kg/.test(e.message),
    );
  });

  test("a text column is refused as non-numeric", () => {
    assert.throws(() => deidentify(records, { column: "name", k: 3 }), { code: "non-numeric-column" });
  });

  test("k must be a whole number from 1 to the number of distinct values", () => {
    for (const k of [0, -1, 2.5, NaN, 10_000]) {
      assert.throws(
        () => deidentify(records, { column: "weight_kg", k }),
        (e: unknown) => e instanceof InvalidInputError && e.code === "invalid-k" && /from 1 to \d+/.test(e.message),
        `k = ${k}`,
      );
    }
    // At most as many clusters as distinct values: two records of the same weight make one value.
    const twins = [{ w: 1 }, { w: 1 }, { w: 2 }];
    assert.throws(() => deidentify(twins, { column: "w", k: 3 }), { code: "invalid-k" });
    assert.equal(deidentify(twins, { column: "w", k: 2, seed: 1 }).clusters.length, 2);
  });

  test("no records", () => {
    assert.throws(() => deidentify([], { column: "weight_kg", k: 1 }), { code: "empty-data" });
  });
});

test("a non-numeric value is refused without naming its record or its value (the message may sit beside a DP release)", () => {
  const base = [{ name: "a", w: 1 }, { name: "b", w: 2 }, { name: "c", w: 3 }];
  const messageFor = (records: object[]) => {
    try {
      deidentify(records as never, { column: "w", k: 2 });
    } catch (error) {
      return (error as Error).message;
    }
    return "accepted";
  };
  const early = messageFor([{ name: "x", w: "n/a" }, ...base]);
  const late = messageFor([...base, { name: "x", w: "secret-42" }]);
  assert.equal(early, late, "the same message wherever the bad value sits and whatever it is");
  assert.doesNotMatch(early, /n\/a|secret-42|record \d/);
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPokemon } from "../../src/data/index";
import seedrandom from "seedrandom";
import { informationLoss, mdav, microaggregate } from "../../src/deidentify/index";
import { MDAV_MAX_RECORDS_MULTIVARIATE, mdav1d } from "../../src/deidentify/mdav";
import { InvalidInputError } from "../../src/errors";

const sortedGroups = (groups: number[][]): number[][] => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe("MDAV on hand-checked examples", () => {
  test("1..9 with m = 3: the ends first, then the middle", () => {
    // centroid 5; farthest: 1 (tie with 9, the earlier wins); farthest from 1: 9.
    const r = mdav([1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
    assert.deepEqual(r.groups, [
      [0, 1, 2],
      [8, 7, 6],
      [3, 4, 5],
    ]);
    assert.deepEqual(Array.from(r.centroids), [2, 8, 5]);
    assert.deepEqual(Array.from(r.labels), [0, 0, 0, 2, 2, 2, 1, 1, 1]);
  });

  test("7 records with m = 3: one group around the farthest, the other four together", () => {
    // n = 7 < 3m, ≥ 2m: centroid 139/7 ≈ 19.9, farthest 100; its 2 nearest: 12, 11; the rest form a group of 4.
    const r = mdav([1, 2, 3, 10, 11, 12, 100], 3);
    assert.deepEqual(sortedGroups(r.groups), [
      [0, 1, 2, 3],
      [4, 5, 6],
    ]);
    assert.deepEqual(Array.from(r.centroids), [41, 4]);
  });

  test("fewer than 2m records form one group", () => {
    const r = mdav([3, 1, 2, 9, 8], 3);
    assert.deepEqual(r.groups, [[0, 1, 2, 3, 4]]);
  });

  test("two dimensions: Euclidean distances", () => {
    const points = [
      [0, 0],
      [0, 1],
      [1, 0],
      [10, 10],
      [10, 11],
      [11, 10],
    ];
    const r = mdav(points, 3);
    assert.deepEqual(sortedGroups(r.groups), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
    assert.equal(r.d, 2);
  });

  test("many equal values (ties everywhere) still give groups of m to 2m − 1", () => {
    const r = mdav(new Array<number>(11).fill(4), 3);
    const sizes = r.groups.map((g) => g.length);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 11);
    assert.ok(sizes.every((s) => s >= 3 && s <= 5), `sizes ${sizes}`);
    assert.equal(new Set(r.groups.flat()).size, 11);
  });

  test("m = 1 keeps every record alone: nothing is lost", () => {
    const r = mdav([5, 1, 3], 1);
    assert.equal(r.groups.length, 3);
  });

  test("a bad minimum group size or bad data is refused", () => {
    for (const m of [0, 2.5, 10]) {
      assert.throws(
        () => mdav([1, 2, 3], m),
        (e: unknown) => e instanceof InvalidInputError && e.code === "invalid-min-group" && /from 1 to 3/.test(e.message),
      );
    }
    assert.throws(() => mdav([1, NaN, 3], 1), InvalidInputError);
  });
});

describe("microaggregation of the Pokémon weights", () => {
  const records = loadPokemon({ first: 251 });
  const weights = records.map((r) => r.weight_kg);

  for (const m of [3, 5]) {
    test(`m = ${m}: every group has at least ${m} and at most ${2 * m - 1} Pokémon`, () => {
      const fix = microaggregate(records, { column: "weight_kg", minGroupSize: m });
      assert.equal(fix.smallestGroup, m);
      for (const g of fix.groups) assert.ok(g.size >= m && g.size <= 2 * m - 1, `group ${g.cluster}: ${g.size}`);
      assert.equal(fix.groups.reduce((s, g) => s + g.size, 0), 251);
      // The released value is the group mean, and the group mean is the mean of the group's weights.
      for (const g of fix.groups) {
        const members = weights.filter((_, i) => fix.labels[i] === g.cluster);
        assert.ok(Math.abs(g.centroid - members.reduce((a, b) => a + b, 0) / members.length) < 1e-9);
      }
      fix.released.forEach((r, i) => {
        assert.equal(r.weight_kg, fix.groups[fix.labels[i]!]!.centroid);
        assert.equal(r.group_size, fix.groups[r.group]!.size);
        assert.equal(r.name, records[i]!.name);
      });
    });
  }

  test("variance lost: 1.50% (m = 3) and 4.86% (m = 5) on the first 251; 0.09% (m = 3) on all 1,025", () => {
    const loss3 = microaggregate(records, { column: "weight_kg", minGroupSize: 3 }).loss.share;
    const loss5 = microaggregate(records, { column: "weight_kg", minGroupSize: 5 }).loss.share;
    assert.ok(Math.abs(loss3 - 0.0150) < 0.0005, `m = 3: ${loss3}`);
    assert.ok(Math.abs(loss5 - 0.0486) < 0.0005, `m = 5: ${loss5}`);
    const all = microaggregate(loadPokemon(), { column: "weight_kg", minGroupSize: 3 });
    assert.ok(Math.abs(all.loss.share - 0.0009) < 0.0001, `all: ${all.loss.share}`);
    assert.equal(all.smallestGroup, 3);
  });

  test("the input records are not modified", () => {
    microaggregate(records, { column: "weight_kg" });
    assert.equal(records[0]!.weight_kg, 6.9);
  });
});

describe("information loss SSE/SST", () => {
  test("by hand", () => {
    const loss = informationLoss([[1], [2], [10], [11]], [0, 0, 1, 1]);
    assert.equal(loss.sse, 1);
    assert.equal(loss.sst, 82);
    assert.equal(loss.share, 1 / 82);
  });

  test("one group loses everything, one record per group nothing", () => {
    assert.equal(informationLoss([[1], [3]], [0, 0]).share, 1);
    assert.equal(informationLoss([[1], [3]], [0, 1]).share, 0);
    assert.equal(informationLoss([[2], [2]], [0, 0]).share, 0);
  });

  test("mismatched labels are refused", () => {
    assert.throws(() => informationLoss([[1]], [0, 1]), { code: "invalid-labels" });
  });
});

describe("univariate MDAV (sort and two pointers) against the general algorithm", () => {
  // The general algorithm runs on [v, 0]: the second coordinate adds 0 to every squared distance.
  const general = (values: number[], m: number) => mdav(values.map((v) => [v, 0]), m);

  test("the same groups, in the same order, on random data with many ties and without", () => {
    const rng = seedrandom("mdav-1d");
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(rng() * 60);
      // Integers keep the running mean exact, so even exact distance ties are broken the same way.
      const values = Array.from({ length: n }, () => (t % 3 === 0 ? Math.floor(rng() * 4) : Math.floor(rng() * 1000) - 500));
      const m = 1 + Math.floor(rng() * Math.min(n, 6));
      const fast = mdav1d(values, m);
      const slow = general(values, m);
      assert.deepEqual(fast.groups, slow.groups, `case ${t}: m = ${m}, values ${values}`);
      assert.deepEqual(Array.from(fast.centroids), Array.from(slow.centroids).filter((_, j) => j % 2 === 0));
      assert.deepEqual(fast.labels, slow.labels);
    }
    const weights = loadPokemon().map((p) => p.weight_kg);
    for (const m of [3, 5]) assert.deepEqual(mdav(weights, m).groups, general(weights, m).groups, `Pokémon weights, m = ${m}`);
  });

  test("power: breaking the tie rule at the high end (later record first) is caught by the same comparison", () => {
    // Sorting the high end by (value descending, position DEscending) is the plausible bug; the data below has
    // ties at the top, so the groups would differ.
    const values = [5, 9, 1, 9, 2, 9, 3, 9];
    const broken = (() => {
      const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || b - a);
      return order.slice(0, 3);
    })();
    const slowFirstHighGroup = general(values, 3).groups.find((g) => g.includes(1) || g.includes(3))!;
    assert.notDeepEqual(broken, slowFirstHighGroup);
    assert.deepEqual(mdav1d(values, 3).groups, general(values, 3).groups);
  });

  test("several features past the stated size are refused before any work, with the fix", () => {
    const rows = Array.from({ length: MDAV_MAX_RECORDS_MULTIVARIATE + 1 }, (_, i) => [i, i % 7]);
    assert.throws(
      () => mdav(rows, 3),
      (e: unknown) =>
        e instanceof InvalidInputError && e.code === "too-many-records" && /10,001 records is past its limit of 10,000/.test(e.message) &&
        /Fix: microaggregate one column at a time/.test(e.message),
    );
    // One feature has no such limit.
    assert.equal(mdav(rows.map((r) => r[0]!), 3).groups.length, Math.floor((MDAV_MAX_RECORDS_MULTIVARIATE + 1) / 3));
  });
});

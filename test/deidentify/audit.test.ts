import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPokemon } from "../../src/data/index";
import {
  auditDisclosure,
  auditTable,
  deidentify,
  differencingAttack,
  publishedTotal,
  recoverValues,
} from "../../src/deidentify/index";

const records = loadPokemon({ first: 251 });
const k10 = deidentify(records, { column: "weight_kg", k: 10, seed: 42 });
const k10Before = deidentify(records.slice(0, -1), { column: "weight_kg", k: 10, seed: 42 });
const audit10 = auditDisclosure(k10, { minGroupSize: 3, neighbour: k10Before, resolution: 0.1 });

describe("the disclosure audit on the first 251 Pokémon", () => {
  test("k = 10 makes a singleton cluster whose centroid is Golem's exact weight", () => {
    assert.equal(audit10.singletons.length, 1);
    const [golem] = audit10.singletons;
    assert.deepEqual(golem!.members, ["Golem"]);
    assert.equal(golem!.centroid, 300);
    assert.equal(golem!.centroid, records.find((r) => r.name === "Golem")!.weight_kg);
    assert.ok(audit10.findings.some((f) => f.includes("one member (Golem)")));
  });

  test("every cluster below the minimum group size is flagged, with its members", () => {
    assert.deepEqual(
      audit10.smallClusters.map((c) => [c.size, c.members.slice().sort()]),
      [
        [1, ["Golem"]],
        [2, ["Snorlax", "Steelix"]],
      ],
    );
    // With a minimum of 1 nothing is below it; with 15 the heavy cluster of k = 3 (14 members) is.
    assert.equal(auditDisclosure(k10, { minGroupSize: 1 }).smallClusters.length, 0);
    const k3 = deidentify(records, { column: "weight_kg", k: 3, seed: 42 });
    assert.deepEqual(auditDisclosure(k3, { minGroupSize: 15 }).smallClusters.map((c) => c.size), [14]);
  });

  test("the weights come back exactly from parent_centroid × deviation_factor", () => {
    assert.equal(audit10.recovery.records, 251);
    assert.equal(audit10.recovery.withinTolerance, 251);
    assert.equal(audit10.recovery.atResolution, 251);
    assert.ok(audit10.recovery.exact > 200, `bit-for-bit: ${audit10.recovery.exact}`);
    assert.ok(audit10.recovery.maxAbsError < 1e-12);
    const recovered = recoverValues(k10);
    recovered.forEach((r, i) => assert.ok(Math.abs(r - records[i]!.weight_kg) <= 1e-9));
  });

  test("differencing the releases over 251 and 250 records reveals Celebi's weight", () => {
    const d = audit10.differencing!;
    assert.equal(d.recordsAfter, 251);
    assert.equal(d.recordsBefore, 250);
    assert.equal(d.target, "Celebi");
    assert.equal(d.actual, 5);
    assert.ok(d.error! < 1e-9, `error ${d.error}`);
    assert.ok(Math.abs(d.revealedFromStatistics - 5) < 1e-9);
    // The attack needs nothing but the two clusters details: Σ size × centroid is the exact total.
    const total = records.reduce((s, r) => s + r.weight_kg, 0);
    assert.ok(Math.abs(publishedTotal(k10.clusters) - total) < 1e-9);
  });

  test("the differencing attack works whatever k the two releases used", () => {
    const other = deidentify(records.slice(0, -1), { column: "weight_kg", k: 4, seed: 9 });
    assert.ok(Math.abs(differencingAttack(k10, other).revealed - 5) < 1e-9);
  });

  test("values no other record shares are counted", () => {
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.weight_kg, (counts.get(r.weight_kg) ?? 0) + 1);
    const unique = [...counts.values()].filter((c) => c === 1).length;
    assert.equal(audit10.uniqueValues, unique);
    assert.equal(unique, 111);
  });

  test("the audit table says which checks leak", () => {
    const rows = auditTable(audit10);
    assert.equal(rows.length, 5);
    assert.deepEqual(rows.map((r) => r.leaks), ["yes", "yes", "risk", "yes", "yes"]);
    assert.match(rows[1]!.result, /Golem = 300/);
  });

  test("without a neighbour release there is no differencing result", () => {
    const a = auditDisclosure(k10);
    assert.equal(a.differencing, undefined);
    assert.equal(a.minGroupSize, 3);
    assert.equal(auditTable(a).length, 4);
  });

  test("a release with no small clusters and shared values passes those checks", () => {
    const rows = [1, 1, 1, 5, 5, 5].map((w, i) => ({ name: `p${i}`, w }));
    const r = deidentify(rows, { column: "w", k: 2, seed: 0 });
    const a = auditDisclosure(r, { minGroupSize: 3 });
    assert.equal(a.smallClusters.length, 0);
    assert.equal(a.uniqueValues, 0);
    assert.equal(a.recovery.withinTolerance, 6); // the deviation factor still gives every value back
  });

  test("a bad minimum group size is refused", () => {
    for (const m of [0, 1.5, -2]) assert.throws(() => auditDisclosure(k10, { minGroupSize: m }), { code: "invalid-min-group" });
  });
});

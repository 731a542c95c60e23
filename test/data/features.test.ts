import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NUMERIC_FEATURES, PUBLIC_BOUNDS, column, featureMatrix, loadPokemon } from "../../src/data";
import { InvalidInputError } from "../../src/errors";

const gen1 = loadPokemon({ first: 151 });

describe("PUBLIC_BOUNDS", () => {
  test("cover every numeric feature with the documented domain values", () => {
    assert.deepEqual(Object.keys(PUBLIC_BOUNDS).sort(), [...NUMERIC_FEATURES].sort());
    const pick = (f: keyof typeof PUBLIC_BOUNDS) => [PUBLIC_BOUNDS[f].lower, PUBLIC_BOUNDS[f].upper];
    assert.deepEqual(pick("weight_kg"), [0.1, 999.9]);
    assert.deepEqual(pick("height_m"), [0.1, 100]);
    assert.deepEqual(pick("generation"), [1, 9]);
    assert.deepEqual(pick("national_number"), [1, 1025]);
    for (const s of ["hp", "attack", "defense", "sp_attack", "sp_defense", "speed"] as const) assert.deepEqual(pick(s), [1, 255]);
    assert.deepEqual(pick("log10_height_m"), [-1, 2]);
    assert.equal(PUBLIC_BOUNDS.log10_weight_kg.lower, -1);
    assert.ok(Math.abs(PUBLIC_BOUNDS.log10_weight_kg.upper - 2.99996) < 1e-5);
  });
});

describe("featureMatrix and column", () => {
  test("gives the features in the order asked, with their public bounds", () => {
    const m = featureMatrix(gen1, ["weight_kg", "hp"]);
    assert.deepEqual(m.features, ["weight_kg", "hp"]);
    assert.equal(m.X.length, 151);
    assert.deepEqual(m.X[24], [6, 35]); // Pikachu
    assert.deepEqual(m.X[142], [460, 160]); // Snorlax
    assert.deepEqual(m.bounds, { lower: [0.1, 1], upper: [999.9, 255] });
  });

  test("computes the derived log10 features on the fly", () => {
    const m = featureMatrix(gen1, ["log10_weight_kg", "log10_height_m"]);
    assert.ok(Math.abs(m.X[142][0] - Math.log10(460)) < 1e-12);
    assert.ok(Math.abs(m.X[24][1] - Math.log10(0.4)) < 1e-12);
    assert.deepEqual(m.bounds.lower, [-1, -1]);
    assert.deepEqual(m.bounds.upper, [Math.log10(999.9), 2]);
    for (const row of m.X) {
      row.forEach((v, j) => assert.ok(v >= m.bounds.lower[j] && v <= m.bounds.upper[j]));
    }
    assert.deepEqual(column(gen1, "log10_weight_kg"), m.X.map((r) => r[0]));
  });

  test("column returns one numeric column", () => {
    const w = column(gen1, "weight_kg");
    assert.equal(w.length, 151);
    assert.equal(w[142], 460);
  });

  test("an unknown name lists the valid columns", () => {
    for (const call of [() => featureMatrix(gen1, ["weight"]), () => column(gen1, "weight")]) {
      assert.throws(call, (e: unknown) => {
        assert.ok(e instanceof InvalidInputError);
        assert.equal(e.code, "unknown-feature");
        assert.match(e.message, /"weight"/);
        for (const name of ["weight_kg", "height_m", "national_number", "type1", "log10_weight_kg"]) assert.ok(e.message.includes(name), name);
        return true;
      });
    }
  });

  test("a non-numeric column says which features are numeric", () => {
    assert.throws(
      () => featureMatrix(gen1, ["name"]),
      (e: unknown) => e instanceof InvalidInputError && e.code === "non-numeric-feature" && /"name" is not numeric/.test(e.message) && e.message.includes("log10_height_m"),
    );
    assert.throws(() => column(gen1, "legendary"), (e: unknown) => e instanceof InvalidInputError && e.code === "non-numeric-feature");
  });

  test("rejects no features, repeated features and non-finite values", () => {
    assert.throws(() => featureMatrix(gen1, []), (e: unknown) => e instanceof InvalidInputError && e.code === "no-features");
    assert.throws(() => featureMatrix(gen1, ["hp", "hp"]), (e: unknown) => e instanceof InvalidInputError && e.code === "duplicate-feature");
    const broken = [{ ...gen1[0], weight_kg: 0 }];
    assert.throws(() => featureMatrix(broken, ["log10_weight_kg"]), (e: unknown) => e instanceof InvalidInputError && e.code === "non-finite-value");
  });
});

test("PUBLIC_BOUNDS cannot be edited in place", () => {
  assert.throws(() => {
    (PUBLIC_BOUNDS.weight_kg as { lower: number }).lower = 0;
  }, TypeError);
  assert.equal(PUBLIC_BOUNDS.weight_kg.lower, 0.1);
});

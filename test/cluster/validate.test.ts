import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import {
  checkWithinBounds,
  toMatrix,
  toRows,
  validateBounds,
  validateEpsilon,
  validateNClusters,
  validateWeights,
  type BoundsInput,
  type MatrixInput,
} from "../../src/validate";
import { KMeans } from "../../src/cluster";

/** Assert that `fn` throws an InvalidInputError with this code whose message matches every pattern. */
function assertInvalid(fn: () => unknown, code: string, ...patterns: RegExp[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidInputError, `expected InvalidInputError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

const bad = (X: unknown) => () => toMatrix(X as MatrixInput);

describe("toMatrix: the accepted shapes", () => {
  test("number[][] becomes a flat row-major array", () => {
    const m = toMatrix([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    assert.deepEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
    assert.equal(m.n, 3);
    assert.equal(m.d, 2);
    assert.equal(m.columns, undefined);
    assert.deepEqual(toRows(m.data, m.n, m.d), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  test("rows may be typed arrays", () => {
    const m = toMatrix([Float64Array.of(1, 2), Float32Array.of(3, 4)]);
    assert.deepEqual(Array.from(m.data), [1, 2, 3, 4]);
  });

  test("a duck-typed DataFrame keeps its column names", () => {
    const df = { columns: ["w", "h"], values: [[1, 2], [3, 4]] };
    const m = toMatrix(df);
    assert.deepEqual(Array.from(m.data), [1, 2, 3, 4]);
    assert.deepEqual(m.columns, ["w", "h"]);
  });

  test("a duck-typed Series is one feature", () => {
    const m = toMatrix({ columns: ["weight"], values: [6.9, 13, 100] });
    assert.equal(m.d, 1);
    assert.equal(m.n, 3);
    assert.deepEqual(Array.from(m.data), [6.9, 13, 100]);
  });

  test("a flat matrix with a Float64Array is used without copying", () => {
    const data = Float64Array.of(1, 2, 3, 4);
    const m = toMatrix({ data, n: 2, d: 2 });
    assert.equal(m.data, data);
  });

  test("features: a mismatch names both counts", () => {
    assertInvalid(() => toMatrix([[1, 2, 3]], { features: 2 }), "dimension-mismatch", /3 feature/, /had 2/);
  });
});

describe("toMatrix: each bad input has its own message", () => {
  test("NaN names row and column and suggests dropping", () => {
    assertInvalid(bad([[1, 2], [3, NaN]]), "nan-value", /X\[1\]\[1\] is NaN/, /drop/);
  });
  test("+Infinity", () => {
    assertInvalid(bad([[Infinity, 2]]), "infinite-value", /X\[0\]\[0\] is Infinity/, /log/);
  });
  test("-Infinity", () => {
    assertInvalid(bad([[1, 2], [1, -Infinity]]), "infinite-value", /X\[1\]\[1\] is -Infinity/);
  });
  test("a string, even a numeric one", () => {
    assertInvalid(bad([[1, "12.5"]]), "non-numeric-value", /X\[0\]\[1\] is the string "12.5"/, /Number\(v\)/);
  });
  test("null", () => {
    assertInvalid(bad([[1, 2], [null, 2]]), "missing-value", /X\[1\]\[0\] is null/, /missing/);
  });
  test("undefined", () => {
    assertInvalid(bad([[1, 2], [3, undefined]]), "missing-value", /X\[1\]\[1\] is undefined/);
  });
  test("a boolean", () => {
    assertInvalid(bad([[true, 2]]), "non-numeric-value", /boolean/);
  });
  test("ragged rows name both lengths", () => {
    assertInvalid(bad([[1, 2], [3, 4], [5]]), "ragged-rows", /row 0 has 2 values but row 2 has 1/);
  });
  test("0 rows", () => {
    assertInvalid(bad([]), "empty-data", /no rows/);
  });
  test("0 columns", () => {
    assertInvalid(bad([[], []]), "empty-data", /no columns/);
  });
  test("a flat list of numbers says how to wrap it", () => {
    assertInvalid(bad([1, 2, 3]), "not-2d", /2-D/, /values\.map\(v => \[v\]\)/);
  });
  test("not a matrix at all", () => {
    assertInvalid(bad("data.csv"), "not-a-matrix", /number\[\]\[\]/);
    assertInvalid(bad(undefined), "not-a-matrix", /undefined/);
  });
  test("a DataFrame with a text column names the column", () => {
    const df = { columns: ["weight", "name"], values: [[1, "Bulbasaur"]] };
    assertInvalid(() => toMatrix(df), "non-numeric-value", /column "name"/, /"Bulbasaur"/);
  });
  test("a DataFrame with a missing value names the column", () => {
    const df = { columns: ["weight", "height"], values: [[1, 2], [NaN, 3]] };
    assertInvalid(() => toMatrix(df), "nan-value", /X\[1\]\[0\] \(column "weight"\) is NaN/);
  });
  test("a flat matrix of the wrong length", () => {
    assertInvalid(() => toMatrix({ data: new Float64Array(5), n: 2, d: 2 }), "invalid-shape", /5 values/, /2 × 2/);
  });
  test("a flat matrix with NaN reports row and column", () => {
    assertInvalid(() => toMatrix({ data: Float64Array.of(1, 2, 3, NaN), n: 2, d: 2 }), "nan-value", /X\[1\]\[1\]/);
  });
  test("the name given appears in the message", () => {
    assertInvalid(() => toMatrix([[NaN]], { name: "init" }), "nan-value", /init\[0\]\[0\]/);
  });
});

describe("validateNClusters", () => {
  test("accepts 1 ≤ k ≤ n", () => {
    assert.equal(validateNClusters(3, 10), 3);
    assert.equal(validateNClusters(10, 10), 10);
  });
  test("k < 1", () => assertInvalid(() => validateNClusters(0, 10), "invalid-k", /at least 1; got 0/));
  test("k not an integer", () => assertInvalid(() => validateNClusters(2.5, 10), "invalid-k", /whole number.*2\.5/));
  test("k not a number", () => assertInvalid(() => validateNClusters("3", 10), "invalid-k", /the string "3"/));
  test("k > n", () => assertInvalid(() => validateNClusters(11, 10), "k-exceeds-n", /11 is more than the 10 point/));
  test("KMeans.fit checks k against the data", () => {
    assertInvalid(() => new KMeans({ nClusters: 3 }).fit([[1], [2]]), "k-exceeds-n", /nClusters = 3/);
  });
});

describe("validateEpsilon", () => {
  test("accepts ε > 0", () => assert.equal(validateEpsilon(0.5), 0.5));
  test("ε = 0", () => assertInvalid(() => validateEpsilon(0), "invalid-epsilon", /greater than 0; got 0/));
  test("ε < 0", () => assertInvalid(() => validateEpsilon(-1), "invalid-epsilon", /greater than 0; got -1/));
  test("ε NaN", () => assertInvalid(() => validateEpsilon(NaN), "invalid-epsilon", /positive number.*NaN/));
  test("ε not a number", () => assertInvalid(() => validateEpsilon("1"), "invalid-epsilon", /the string "1"/));
  test("ε = ∞ only when allowed", () => {
    assertInvalid(() => validateEpsilon(Infinity), "invalid-epsilon", /no privacy/);
    assert.equal(validateEpsilon(Infinity, { allowInfinity: true }), Infinity);
  });
  test("the parameter's name is used", () => {
    assertInvalid(() => validateEpsilon(0, { name: "epsilonCount" }), "invalid-epsilon", /^epsilonCount/);
  });
});

describe("validateBounds", () => {
  test("object form with arrays", () => {
    assert.deepEqual(validateBounds({ lower: [0, 1], upper: [10, 20] }, 2), { lower: [0, 1], upper: [10, 20] });
  });
  test("diffprivlib tuple with scalars applies to every feature", () => {
    assert.deepEqual(validateBounds([0, 5], 3), { lower: [0, 0, 0], upper: [5, 5, 5] });
  });
  test("tuple mixing a scalar and an array", () => {
    assert.deepEqual(validateBounds([0, [10, 20]], 2), { lower: [0, 0], upper: [10, 20] });
  });
  test("inverted bounds say to swap", () => {
    assertInvalid(() => validateBounds([[0, 20], [10, 10]], 2), "invalid-bounds", /feature 1: lower \(20\) is greater than upper \(10\)/, /Swap/);
  });
  test("zero-width bounds", () => {
    assertInvalid(() => validateBounds([5, 5], 1), "invalid-bounds", /lower = upper = 5/, /zero width/);
  });
  test("wrong dimension", () => {
    assertInvalid(() => validateBounds({ lower: [0, 0, 0], upper: [1, 1, 1] }, 2), "bounds-dimension", /3 value\(s\) but the data has 2/);
  });
  test("non-finite bounds", () => {
    assertInvalid(() => validateBounds([[0, -Infinity], 1] as unknown as BoundsInput, 2), "invalid-bounds", /lower\[1\] is -Infinity/, /domain/);
    assertInvalid(() => validateBounds([0, NaN], 1), "invalid-bounds", /upper\[0\] is NaN/);
  });
  test("wrong shape", () => {
    assertInvalid(() => validateBounds([0, 1, 2] as unknown as BoundsInput, 1), "invalid-bounds", /two entries/);
    assertInvalid(() => validateBounds(null as unknown as BoundsInput, 1), "invalid-bounds", /\{ lower, upper \}/);
  });
});

describe("checkWithinBounds", () => {
  test("counts values and rows outside, per feature", () => {
    const X = toMatrix([
      [0, 5],
      [11, 5],
      [-1, 30],
      [5, 5],
    ]);
    const r = checkWithinBounds(X, { lower: [0, 0], upper: [10, 10] });
    assert.deepEqual(r, { outside: 3, rowsOutside: 2, perFeature: [2, 1] });
  });
  test("values on the bounds are inside", () => {
    const r = checkWithinBounds(toMatrix([[0], [10]]), { lower: [0], upper: [10] });
    assert.equal(r.outside, 0);
  });
});

describe("validateWeights", () => {
  test("copies valid weights", () => {
    const w = [1, 0, 2.5];
    const out = validateWeights(w, 3);
    assert.deepEqual(Array.from(out), w);
  });
  test("rejects wrong length, negatives, non-finite and all zero", () => {
    assertInvalid(() => validateWeights([1, 2], 3), "invalid-weights", /2 weight\(s\) but the data has 3/);
    assertInvalid(() => validateWeights([1, -1, 2], 3), "invalid-weights", /\[1\] is -1/, /set those to 0/);
    assertInvalid(() => validateWeights([1, NaN], 2), "invalid-weights", /NaN/);
    assertInvalid(() => validateWeights([0, 0], 2), "invalid-weights", /all 0/);
  });
});

test("a real danfojs DataFrame is accepted, and a text column is named", async () => {
  const dfd = await import("danfojs-node");
  const df = new dfd.DataFrame({ weight: [6.9, 13, 100], height: [0.7, 1, 2] });
  const m = toMatrix(df as unknown as MatrixInput);
  assert.deepEqual(m.columns, ["weight", "height"]);
  assert.deepEqual(Array.from(m.data), [6.9, 0.7, 13, 1, 100, 2]);
  const named = new dfd.DataFrame({ weight: [6.9, 13], name: ["Bulbasaur", "Ivysaur"] });
  assertInvalid(() => toMatrix(named as unknown as MatrixInput), "non-numeric-value", /column "name"/);
});

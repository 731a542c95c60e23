// Numeric limits (issue 19 item 2, "Overflow is not checked"): data and bounds beyond ±1e100, ε below the
// smallest the exact samplers support, and counts beyond 2^53 are refused up front with an
// InvalidInputError that names the limit (src/limits.ts), in every model (DP and non-private) and mechanism.
// Before the fix each of the "found" rows below gave NaN/±Infinity results silently, or a RangeError.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KMeans } from "../../src/cluster";
import {
  BudgetAccountant,
  DiscreteLaplaceMechanism,
  GridLaplaceMechanism,
  checkBounds,
  checkSensitivity,
  clamp,
  createRandom,
  noisyCount,
  rateAtMost,
} from "../../src/dp";
import { DPKMeans, DPPCA, DPStandardScaler, type DPKMeansMethod } from "../../src/dp/models";
import { InvalidInputError } from "../../src/errors";
import { MAX_MAGNITUDE, MAX_SENSITIVITY, MIN_EPSILON, MIN_MODEL_EPSILON } from "../../src/limits";
import { PCA, StandardScaler } from "../../src/preprocessing";
import { toMatrix, validateBounds, validateEpsilon } from "../../src/validate";

/** Assert an InvalidInputError with this code whose message matches every pattern. */
function assertInvalid(fn: () => unknown, code: string, ...patterns: RegExp[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidInputError, `expected InvalidInputError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

const METHODS: DPKMeansMethod[] = ["eugkm", "dplloyd", "hybrid"];
const MAGNITUDE = /±1e100, the largest magnitude supported/;
/** Two well separated groups in [0, 20]². */
const X = [
  [1, 1],
  [2, 1],
  [1, 2],
  [18, 18],
  [19, 18],
  [18, 19],
];

function dpKMeans(method: DPKMeansMethod, accountant: BudgetAccountant, options: { epsilon?: number; bounds?: [number, number] } = {}) {
  return new DPKMeans({ nClusters: 2, method, randomState: 1, accountant, epsilon: 1, bounds: [0, 20], ...options });
}

describe("found: bounds whose width overflows (±1.7e308)", () => {
  for (const method of METHODS) {
    test(`DP KMeans (${method}) refuses them before spending any budget`, () => {
      const accountant = new BudgetAccountant({ epsilon: 10 });
      assertInvalid(
        () => dpKMeans(method, accountant, { bounds: [-1.7e308, 1.7e308] }).fit(X),
        "invalid-bounds",
        /lower\[0\] is -1\.7e\+308/,
        MAGNITUDE,
      );
      assert.equal(accountant.length, 0);
    });
  }

  test("non-private KMeans refuses data whose range overflows (its width is Infinity)", () => {
    assert.equal(1.7e308 - -1.7e308, Infinity); // the premise
    assertInvalid(
      () => new KMeans({ nClusters: 2, randomState: 1 }).fit([[-1.7e308], [1.7e308], [0], [1]]),
      "value-too-large",
      /X\[0\]\[0\] is -1\.7e\+308/,
      MAGNITUDE,
    );
  });

  test("validateBounds and checkBounds (every model and mechanism) refuse |bound| > 1e100", () => {
    assertInvalid(() => validateBounds([0, 1.7e308], 1), "invalid-bounds", MAGNITUDE);
    assertInvalid(() => validateBounds({ lower: [0, -2e100], upper: [1, 1] }, 2), "invalid-bounds", /lower\[1\]/);
    assertInvalid(() => checkBounds(-1.7e308, 1.7e308), "invalid-bounds", MAGNITUDE);
    assertInvalid(() => clamp([1], 0, 1e101), "invalid-bounds", MAGNITUDE);
  });
});

describe("found: values near 1e308 (infinite inertia, arbitrary labels)", () => {
  const huge = [...X, [1e308, 1e308]];
  for (const method of METHODS) {
    test(`DP KMeans (${method}) refuses them, even with public bounds that would clip them`, () => {
      const accountant = new BudgetAccountant({ epsilon: 10 });
      assertInvalid(() => dpKMeans(method, accountant).fit(huge), "outside-record-domain", MAGNITUDE);
      assert.equal(accountant.length, 0);
    });
  }

  test("non-private KMeans refuses them (and init centres that large)", () => {
    assertInvalid(() => new KMeans({ nClusters: 2, randomState: 1 }).fit(huge), "value-too-large", MAGNITUDE);
    assertInvalid(
      () => new KMeans({ nClusters: 2, init: [[0, 0], [-1e300, 0]], nInit: 1 }).fit(X),
      "value-too-large",
      /init\[1\]\[0\]/,
    );
  });

  test("every other model refuses them at the same edge (toMatrix)", () => {
    const wide: [number, number] = [-1e100, 1e100];
    const fits: [string, () => unknown][] = [
      ["StandardScaler", () => new StandardScaler().fit(huge)],
      ["PCA", () => new PCA({ nComponents: 1 }).fit(huge)],
      ["DP StandardScaler", () => new DPStandardScaler({ bounds: wide, accountant: new BudgetAccountant() }).fit(huge)],
      ["DP PCA", () => new DPPCA({ nComponents: 1, bounds: wide, accountant: new BudgetAccountant() }).fit(huge)],
    ];
    for (const [name, fit] of fits) {
      // The DP models' message names no row or value (issue 24): one code for every record outside the domain.
      const code = name.startsWith("DP") ? "outside-record-domain" : "value-too-large";
      assert.throws(fit, (e: unknown) => e instanceof InvalidInputError && e.code === code, name);
    }
  });

  test("mechanisms refuse values beyond ±1e100 (checkFiniteValues)", () => {
    assertInvalid(() => clamp([1, -1e200], 0, 1), "outside-record-domain", MAGNITUDE);
  });
});

describe("the limit is the real edge: ±1e100 works end to end, just beyond is refused", () => {
  const M = MAX_MAGNITUDE;
  const scaled = X.map((r) => r.map((v) => ((v - 10) / 10) * M)); // within [-0.9M, 0.9M]
  const edge = [...scaled, [M, -M]];
  for (const method of METHODS) {
    test(`DP KMeans (${method}) at bounds ±1e100 gives finite centres, labels and inertia`, () => {
      const model = dpKMeans(method, new BudgetAccountant(), { bounds: [-M, M] }).fit(edge);
      assert.ok(model.clusterCenters.flat().every(Number.isFinite), JSON.stringify(model.clusterCenters));
      assert.ok(Number.isFinite(model.inertia), String(model.inertia));
      assert.equal(model.labels.length, edge.length);
    });
  }

  test("non-private KMeans at ±1e100 separates the groups with a finite inertia", () => {
    const model = new KMeans({ nClusters: 2, randomState: 1 }).fit(scaled);
    assert.deepEqual(model.labels.slice(0, 3), [model.labels[0], model.labels[0], model.labels[0]]);
    assert.notEqual(model.labels[3], model.labels[0]);
    assert.ok(Number.isFinite(model.inertia) && model.inertia > 0);
  });

  test("one ulp beyond 1e100 is refused; the data check and the bounds check agree", () => {
    const beyond = 1.0000000000000002e100;
    assert.ok(beyond > M);
    assert.equal(toMatrix([[M], [-M]]).n, 2);
    assertInvalid(() => toMatrix([[beyond]]), "value-too-large", MAGNITUDE);
    assertInvalid(() => toMatrix({ data: Float64Array.of(0, -beyond), n: 2, d: 1 }), "value-too-large", /X\[1\]\[0\]/);
    assert.deepEqual(validateBounds([-M, M], 1), { lower: [-M], upper: [M] });
    assertInvalid(() => validateBounds([-beyond, M], 1), "invalid-bounds", MAGNITUDE);
  });
});

describe("found: ε = 1e-300 threw a RangeError from the sampler", () => {
  for (const method of METHODS) {
    test(`DP KMeans (${method}) refuses it up front with the smallest ε a model supports`, () => {
      const accountant = new BudgetAccountant({ epsilon: 1 });
      assertInvalid(
        () => dpKMeans(method, accountant, { epsilon: 1e-300 }).fit(X),
        "invalid-epsilon",
        /epsilon = 1e-300 is below 1e-6, the smallest ε a model supports/,
        /1e-10/,
      );
      assert.equal(accountant.length, 0);
    });
  }

  test("noisyCount refuses it, naming the smallest ε a release supports and why; nothing is spent", () => {
    const accountant = new BudgetAccountant({ epsilon: 1 });
    assertInvalid(
      () => noisyCount(5, { epsilon: 1e-300, accountant, rng: createRandom(1) }),
      "invalid-epsilon",
      /below 1e-10, the smallest ε a release supports/,
      /2\^-48/,
    );
    assert.equal(accountant.length, 0);
  });

  test("GridLaplaceMechanism refuses it", () => {
    assertInvalid(() => new GridLaplaceMechanism({ epsilon: 1e-300, sensitivity: 1 }), "invalid-epsilon", /below 1e-10/);
  });

  test("a discrete Laplace rate ε/Δ below 2^-48 is refused with a typed error, even when ε itself is fine", () => {
    assertInvalid(
      () => new DiscreteLaplaceMechanism({ epsilon: 1e-3, sensitivity: 1e12 }),
      "invalid-epsilon",
      /below 2\^-48/,
    );
  });
});

describe("the smallest ε is the real edge", () => {
  test("1e-10 works in the worst grid case (2^13 + 1 grid steps); the sampler alone fails at 2.9e-11", () => {
    // Δ just below 2^13: the grid step is 1 and the sensitivity spans ⌈Δ⌉ + 1 = 2^13 + 1 steps.
    const m = new GridLaplaceMechanism({ epsilon: MIN_EPSILON, sensitivity: 2 ** 13 - 2 ** -30 });
    assert.equal(m.gridSensitivity, 2 ** 13 + 1);
    assert.ok(Number.isFinite(m.randomise(3, createRandom(1))));
    assert.ok(m.noiseEpsilon <= MIN_EPSILON);
    // Without the up-front check a slightly smaller ε reaches the sampler's own limit: the floor is needed.
    assert.throws(() => rateAtMost(2.9e-11, 2 ** 13 + 1), InvalidInputError);
    assertInvalid(() => new GridLaplaceMechanism({ epsilon: 9.9e-11, sensitivity: 1 }), "invalid-epsilon", /1e-10/);
    assert.ok(Number.isInteger(noisyCount(5, { epsilon: MIN_EPSILON, accountant: new BudgetAccountant(), rng: createRandom(2) })));
  });

  test("models accept 1e-6 and refuse anything smaller", () => {
    assert.equal(validateEpsilon(MIN_MODEL_EPSILON), MIN_MODEL_EPSILON);
    assertInvalid(() => validateEpsilon(9.9e-7), "invalid-epsilon", /below 1e-6/);
    for (const method of METHODS) {
      const accountant = new BudgetAccountant();
      const model = dpKMeans(method, accountant, { epsilon: MIN_MODEL_EPSILON }).fit(X);
      assert.ok(model.clusterCenters.flat().every(Number.isFinite), method);
      const spent = accountant.rows().reduce((s, r) => s + r.epsilon, 0);
      assert.ok(Math.abs(spent - MIN_MODEL_EPSILON) < 1e-18, `${method}: spent ${spent}`);
    }
  });
});

describe("found: noisyCount(1e308) said it 'releases whole numbers'", () => {
  test("a whole number beyond 2^53 − 1 is refused as such, not as a non-integer; nothing is spent", () => {
    const accountant = new BudgetAccountant({ epsilon: 1 });
    assertInvalid(
      () => noisyCount(1e308, { epsilon: 1, accountant, rng: createRandom(1) }),
      "unsafe-integer-value",
      /up to ±\(2\^53 − 1\) = ±9007199254740991/,
      /got 1e\+308/,
    );
    assertInvalid(() => noisyCount(2 ** 53, { epsilon: 1, accountant }), "unsafe-integer-value");
    assert.equal(accountant.length, 0);
    // The boundary itself is a count it can release, and a fraction is still a different mistake.
    assert.ok(Number.isInteger(noisyCount(Number.MAX_SAFE_INTEGER - 100, { epsilon: 1, accountant, rng: createRandom(1) })));
    assertInvalid(() => noisyCount(2.5, { epsilon: 1, accountant }), "non-integer-value", /whole numbers/);
  });
});

describe("sensitivity and weights", () => {
  test("a sensitivity above 1e250 is refused (the noise itself would overflow); 1e250 is released finitely", () => {
    assertInvalid(() => checkSensitivity(1e300), "invalid-sensitivity", /above 1e\+250/);
    const m = new GridLaplaceMechanism({ epsilon: 1, sensitivity: MAX_SENSITIVITY });
    const rng = createRandom(4);
    for (let i = 0; i < 200; i++) assert.ok(Number.isFinite(m.randomise(0, rng)));
  });

  test("a sample weight above 2^53 is refused (before: weights 1e308 gave NaN centres and inertia ∞)", () => {
    assertInvalid(
      () => new KMeans({ nClusters: 2, randomState: 1 }).fit(X, [1e308, 1e308, 1, 1, 1, 1]),
      "invalid-weights",
      /above 2\^53/,
    );
    assert.equal(new KMeans({ nClusters: 2, randomState: 1 }).fit(X, [2 ** 53, 1, 1, 1, 1, 1]).labels.length, 6);
  });
});

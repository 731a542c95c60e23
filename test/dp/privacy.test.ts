// Empirical privacy tests (Google's DP statistical tester, Mironov's floating-point test), sized for
// `npm test`. Each runs the correct mechanism AND a deliberately broken one that it must reject.
// The full battery (10^6 draws, 9 votes, Google's tolerances) is `npm run audit:privacy`.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClampedSumMechanism, DiscreteLaplaceMechanism, GridLaplaceMechanism, createRandom } from "../../src/dp";
import {
  gridCanProduce,
  naiveFloatLaplace,
  naiveFloatLaplaceCanProduce,
  runDpTest,
  tooLittleNoiseCount,
  unclampedSum,
} from "../../src/dp/testing";

const EPSILON = Math.log(3);

// Sizing. For a correct mechanism the statistic is sampling noise of order 1/√n: at ε = ln 3 on counts
// its mean is ≈ 1.3/√n (half the buckets sit exactly at ratio e^ε), observed 0.0009–0.02 over
// n = 10^4…10^6. Noise 15% too small gives ≈ 0.13–0.15 whatever n. With n = 20,000 and a tolerance of
// 4/√n = 0.028 the correct mechanism has a margin of ~2× over its typical value and the broken one
// exceeds the tolerance ~5×. (At n = 10^6 Google's 0.0025 is 2.5/√n.)
const COUNT_SAMPLES = 20_000;
const COUNT_TOLERANCE = 4 / Math.sqrt(COUNT_SAMPLES);
// Sums bucketed to 1/64 spread over ~1,000 buckets, so the noise term is larger: ≈ 0.06 at n = 20,000,
// 0.03 at 10^5 (Google's 0.02 at 10^6 is 20/√n). Forgetting to clamp gives 1.0 (disjoint outputs).
const SUM_SAMPLES = 20_000;
const SUM_TOLERANCE = 20 / Math.sqrt(SUM_SAMPLES);
const VOTES = 3;

describe("Google's DP statistical tester, counts 0 vs 1 at ε = ln 3", () => {
  const count = new DiscreteLaplaceMechanism({ epsilon: EPSILON });
  const config = { epsilon: EPSILON, samples: COUNT_SAMPLES, granularity: 0, tolerance: COUNT_TOLERANCE, votes: VOTES };

  test("the discrete Laplace count passes", () => {
    const result = runDpTest(
      { ...config, sampleA: (rng) => count.randomise(0, rng), sampleB: (rng) => count.randomise(1, rng) },
      createRandom("count-dp"),
    );
    assert.equal(result.pass, true, `statistics ${result.statistics} vs tolerance ${COUNT_TOLERANCE}`);
  });

  test("broken variant: noise 15% too small is rejected", () => {
    const broken = tooLittleNoiseCount(EPSILON);
    const result = runDpTest(
      { ...config, sampleA: (rng) => broken(0, rng), sampleB: (rng) => broken(1, rng) },
      createRandom("count-dp-broken"),
    );
    assert.equal(result.pass, false, `statistics ${result.statistics} vs tolerance ${COUNT_TOLERANCE}`);
    assert.ok(result.median > 0.1);
  });
});

describe("Google's DP statistical tester, clamped sums on [0, 1], neighbour adds the value 1000", () => {
  const D = [0.3, 0.7];
  const neighbour = [0.3, 0.7, 1000];
  const config = { epsilon: EPSILON, samples: SUM_SAMPLES, granularity: 1 / 64, tolerance: SUM_TOLERANCE, votes: VOTES };

  test("the clamped sum passes", () => {
    const sum = new ClampedSumMechanism({ epsilon: EPSILON, lower: 0, upper: 1 });
    const result = runDpTest(
      {
        ...config,
        sampleA: (rng) => sum.randomise(D, rng).value,
        sampleB: (rng) => sum.randomise(neighbour, rng).value,
      },
      createRandom("sum-dp"),
    );
    assert.equal(result.pass, true, `statistics ${result.statistics} vs tolerance ${SUM_TOLERANCE}`);
  });

  test("broken variant: forgetting to clamp is rejected (statistic 1)", () => {
    const broken = unclampedSum(EPSILON, 0, 1);
    const result = runDpTest(
      { ...config, sampleA: (rng) => broken(D, rng), sampleB: (rng) => broken(neighbour, rng) },
      createRandom("sum-dp-broken"),
    );
    assert.equal(result.pass, false);
    assert.equal(result.median, 1);
  });
});

describe("floating point (Mironov 2012): outputs of M(0) that M(1) could not produce", () => {
  const DRAWS = 2000;

  test("grid mechanism: none (every output is on the grid, which is M(1)'s support too)", () => {
    const m = new GridLaplaceMechanism({ epsilon: EPSILON, sensitivity: 1 });
    const rng = createRandom("grid-support");
    let impossible = 0;
    for (let i = 0; i < DRAWS; i++) {
      if (!gridCanProduce(m.randomise(0, rng), m.grid!)) impossible++;
    }
    assert.equal(impossible, 0);
  });

  test("clamped sum: none", () => {
    const m = new ClampedSumMechanism({ epsilon: EPSILON, lower: 0, upper: 1 });
    const rng = createRandom("sum-support");
    let impossible = 0;
    for (let i = 0; i < DRAWS; i++) {
      if (!gridCanProduce(m.randomise([0], rng).value, m.grid!)) impossible++;
    }
    assert.equal(impossible, 0);
  });

  test("broken variant: naive floating-point Laplace −b·ln(u) fails, most outputs of M(0) are impossible for M(1)", () => {
    const scale = 1 / EPSILON;
    const rng = createRandom("naive-laplace");
    let impossible = 0;
    let selfImpossible = 0;
    for (let i = 0; i < DRAWS; i++) {
      const x = naiveFloatLaplace(0, scale, rng);
      if (!naiveFloatLaplaceCanProduce(x, 1, scale)) impossible++;
      // The checker itself is sound: every output of M(0) is found possible for M(0).
      if (!naiveFloatLaplaceCanProduce(x, 0, scale)) selfImpossible++;
    }
    assert.equal(selfImpossible, 0);
    assert.ok(impossible / DRAWS > 0.5, `only ${impossible} of ${DRAWS} impossible`);
  });
});

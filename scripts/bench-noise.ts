/**
 * Throughput of every noise sampler, with the secure source (crypto) and a seeded one (seedrandom).
 *
 *   npm run bench:noise               readable table
 *   npm run bench:noise -- --json     one JSON object per line: {"sampler","source","perSecond","draws"}
 *
 * Each entry runs for about half a second after a short warm-up; figures vary with machine load.
 */
import {
  BudgetAccountant,
  ClampedSumMechanism,
  DiscreteLaplaceMechanism,
  GridLaplaceMechanism,
  bernoulliExp,
  bernoulliRational,
  createRandom,
  noisyGroupCounts,
  uniformInt,
  type RandomSource,
} from "../src/dp";
import { naiveFloatLaplace } from "../src/dp/testing";

const json = process.argv.includes("--json");
const BUDGET_MS = 500;

const count = new DiscreteLaplaceMechanism({ epsilon: Math.log(3) });
const countSmallEpsilon = new DiscreteLaplaceMechanism({ epsilon: 0.01 });
const grid = new GridLaplaceMechanism({ epsilon: 1, sensitivity: 0.01 });
const sum = new ClampedSumMechanism({ epsilon: 0.5, lower: 0, upper: 100 });
const values = Float64Array.from({ length: 1000 }, (_, i) => (i * 37) % 120);
const labels = Int32Array.from({ length: 1000 }, (_, i) => i % 10);

/** Each sampler: a name, how many noise draws one call makes, and the call. */
const samplers: Array<[string, number, (rng: RandomSource) => unknown]> = [
  ["uint32 (raw words)", 1, (rng) => rng.uint32()],
  ["uniformInt(6)", 1, (rng) => uniformInt(rng, 6)],
  ["bernoulliRational(1/3)", 1, (rng) => bernoulliRational(rng, 1, 3)],
  ["bernoulliExp(1/3)", 1, (rng) => bernoulliExp(rng, 1, 3)],
  ["discrete Laplace count, ε = ln 3", 1, (rng) => count.randomise(10, rng)],
  ["discrete Laplace count, ε = 0.01", 1, (rng) => countSmallEpsilon.randomise(10, rng)],
  ["grid Laplace, ε = 1, Δ = 0.01", 1, (rng) => grid.randomise(0.42, rng)],
  ["clamped sum of 1 value", 1, (rng) => sum.randomise([42], rng)],
  ["clamped sum of 1,000 values (per release)", 1, (rng) => sum.randomise(values, rng)],
  ["group counts, k = 10, n = 1,000 (per count)", 10, (rng) => noisyGroupCounts(labels, 10, { epsilon: 1, rng, accountant: new BudgetAccountant() })],
  ["naive float Laplace (broken, for comparison)", 1, (rng) => naiveFloatLaplace(0, 1, rng)],
];

function measure(call: (rng: RandomSource) => unknown, rng: RandomSource): { calls: number; ms: number } {
  for (let i = 0; i < 2000; i++) call(rng); // warm-up
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < BUDGET_MS) {
    for (let i = 0; i < 1000; i++) call(rng);
    calls += 1000;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { calls, ms: elapsed };
}

if (!json) console.log(`${"sampler".padEnd(46)}  ${"secure /s".padStart(12)}  ${"seeded /s".padStart(12)}`);
for (const [name, perCall, call] of samplers) {
  const figures: Record<string, number> = {};
  for (const sourceName of ["secure", "seeded"] as const) {
    const rng = sourceName === "secure" ? createRandom() : createRandom("bench");
    const { calls, ms } = measure(call, rng);
    const perSecond = ((calls * perCall) / ms) * 1000;
    figures[sourceName] = perSecond;
    if (json) console.log(JSON.stringify({ sampler: name, source: sourceName, perSecond: Math.round(perSecond), draws: calls * perCall }));
  }
  if (!json) {
    const f = (x: number): string => Math.round(x).toLocaleString("en").padStart(12);
    console.log(`${name.padEnd(46)}  ${f(figures.secure!)}  ${f(figures.seeded!)}`);
  }
}

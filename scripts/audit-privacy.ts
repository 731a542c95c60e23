/**
 * The full privacy audit of the mechanisms in `src/dp/`: every test runs on the correct mechanism and on
 * deliberately broken variants, and must pass the first and reject the others.
 *
 *   npm run audit:privacy                  readable table (a few minutes on 2 cores)
 *   npm run audit:privacy -- --json        one JSON object per line:
 *                                          {"test","mechanism","variant","statistic","threshold","pass"}
 *   npm run audit:privacy -- --quick       smaller samples (10^5 draws, 3 votes) for a smoke run
 *   npm run audit:privacy -- --seed S      reproducible (seeded) noise instead of the secure source
 *
 * `pass` is the test's verdict that the mechanism is private. The exit code is 0 when every correct
 * mechanism passes and every broken variant is rejected, 1 otherwise.
 *
 * Tests (see /src/dp/README.md, "How the privacy is tested"):
 * - ledger: ε handed to every mechanism call of a DPLloyd-shaped release sums exactly to the declared ε;
 * - noise-shape: Kolmogorov–Smirnov against the intended distribution, p = 1e-6;
 * - count-dp / sum-dp: Google's DP statistical tester, 10^6 draws per side, majority of 9 votes;
 * - floating-point: outputs of M(0) that M(1) could not produce (Mironov 2012).
 */
import { createProgress } from "./lib/progress";
import {
  ClampedSumMechanism,
  DiscreteLaplaceMechanism,
  GridLaplaceMechanism,
  BudgetAccountant,
  createRandom,
  discreteLaplaceCdf,
  rateAtMost,
  sampleDiscreteLaplace,
  type RandomSource,
  type RationalRate,
} from "../src/dp";
import {
  checkLedger,
  composedRelease,
  gridCanProduce,
  ksCriticalValue,
  ksStatisticDiscrete,
  naiveFloatLaplace,
  naiveFloatLaplaceCanProduce,
  runDpTest,
  sampleDiscreteLaplaceWithoutRejection,
  tooLittleNoiseCount,
  tooLittleNoiseRate,
  tooLittleNoiseSum,
  unclampedSum,
  type DpTestConfig,
} from "../src/dp/testing";

interface AuditRow {
  test: string;
  mechanism: string;
  variant: "correct" | "broken";
  statistic: number;
  threshold: number;
  pass: boolean;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const json = process.argv.includes("--json");
const quick = process.argv.includes("--quick");
const seed = option("--seed");
const DP_SAMPLES = quick ? 100_000 : 1_000_000;
const DP_VOTES = quick ? 3 : 9;
const EPSILON = Math.log(3);
// Google's tolerances at 10^6 draws (2.5/√n for counts, 20/√n for sums bucketed to 1/64), rescaled
// as 1/√n for the quick run.
const COUNT_TOLERANCE = 2.5 / Math.sqrt(DP_SAMPLES);
const SUM_TOLERANCE = 20 / Math.sqrt(DP_SAMPLES);

let streams = 0;
/** A fresh source per test: secure by default, or derived from --seed. */
function source(): RandomSource {
  streams++;
  return seed === undefined ? createRandom() : createRandom(`${seed}/${streams}`);
}

const rows: AuditRow[] = [];
const started = Date.now();

// Progress on stderr; the audit runs in one synchronous loop and starts no process, so Ctrl-C or SIGTERM
// ends it at once (the shell reports 130/143) with nothing to clean up: it writes only to stdout.
const progress = createProgress({ label: "audit:privacy" });

function report(row: AuditRow): void {
  rows.push(row);
  progress.around(() => print(row));
  progress.update(rows.length, `${row.test} ${row.variant}`);
}

function print(row: AuditRow): void {
  if (json) {
    console.log(JSON.stringify(row));
  } else {
    const verdict = row.pass ? "private" : "REJECTED";
    const expected = (row.variant === "correct") === row.pass ? "ok" : "UNEXPECTED";
    console.log(
      [
        row.test.padEnd(15),
        row.mechanism.padEnd(62),
        row.variant.padEnd(8),
        formatStatistic(row.statistic).padStart(10),
        formatStatistic(row.threshold).padStart(10),
        verdict.padEnd(9),
        expected,
      ].join("  "),
    );
  }
}

function formatStatistic(x: number): string {
  if (x === 0) return "0";
  return Math.abs(x) >= 0.001 ? x.toFixed(5) : x.toExponential(2);
}

if (!json) {
  console.log(
    `Privacy audit: ${DP_SAMPLES.toLocaleString("en")} draws per side, ${DP_VOTES} votes, ` +
      `${seed === undefined ? "secure randomness" : `seed ${seed}`}\n`,
  );
  console.log(
    [
      "test".padEnd(15),
      "mechanism".padEnd(62),
      "variant".padEnd(8),
      "statistic".padStart(10),
      "threshold".padStart(10),
      "verdict".padEnd(9),
      "as expected",
    ].join("  "),
  );
}

// --- ledger -------------------------------------------------------------------------------------------
{
  const data = [
    [1, 10],
    [2, 20],
    [3, 30],
    [8, 80],
    [9, 95],
  ];
  const labels = [0, 0, 0, 1, 1];
  for (const split of ["intended", "swapped"] as const) {
    const accountant = new BudgetAccountant(); // unlimited: record what the mechanisms were handed
    composedRelease(data, labels, 3, {
      epsilon: 1,
      iterations: 3,
      lower: [0, 0],
      upper: [10, 100],
      rng: source(),
      accountant,
      split,
    });
    const check = checkLedger(accountant.rows(), 1);
    report({
      test: "ledger",
      mechanism: `DPLloyd-shaped, ε = 1, T = 3, d = 2, ${split === "intended" ? "exact split" : "split swapped (diffprivlib)"}`,
      variant: split === "intended" ? "correct" : "broken",
      statistic: check.difference,
      threshold: 0,
      pass: check.pass,
    });
  }
}

// --- noise shape (KS) -----------------------------------------------------------------------------------
{
  const ks = (mechanism: string, variant: "correct" | "broken", draws: number, sample: (rng: RandomSource) => number, rate: RationalRate): void => {
    const rng = source();
    const values = Array.from({ length: draws }, () => sample(rng)); // samplers built with `from` ignore rng
    const statistic = ksStatisticDiscrete(values, (k) => discreteLaplaceCdf(k, rate));
    const threshold = ksCriticalValue(draws, 1e-6);
    report({ test: "noise-shape", mechanism, variant, statistic, threshold, pass: statistic < threshold });
  };
  const countRate = rateAtMost(EPSILON, 1);
  const sum = new ClampedSumMechanism({ epsilon: EPSILON, lower: 0, upper: 1 });
  const grid = new GridLaplaceMechanism({ epsilon: 0.1, sensitivity: 3 });
  for (const kind of ["secure", "seeded"] as const) {
    const make = kind === "secure" ? (): RandomSource => createRandom() : (): RandomSource => createRandom(`${seed ?? "audit"}/${kind}-${streams++}`);
    const from = (f: (rng: RandomSource) => number) => ((rng: RandomSource) => () => f(rng))(make());
    ks(`discrete Laplace, count ε = ln 3, 5,000 draws (${kind})`, "correct", 5000, from((rng) => sampleDiscreteLaplace(rng, countRate)), countRate);
    ks(`clamped sum [0, 1], grid steps, 5,000 draws (${kind})`, "correct", 5000, from((rng) => sum.randomise([0.5], rng).value / sum.grid! - Math.round(0.5 / sum.grid!)), sum.rate!);
    ks(`grid Laplace ε = 0.1, Δ = 3, grid steps, 5,000 draws (${kind})`, "correct", 5000, from((rng) => grid.randomise(0, rng) / grid.grid!), grid.rate!);
  }
  ks("discrete Laplace without the (B=1, Y=0) rejection, 5,000", "broken", 5000, (rng) => sampleDiscreteLaplaceWithoutRejection(rng, countRate), countRate);
  ks("discrete Laplace, count, 20,000 draws", "correct", 20000, (rng) => sampleDiscreteLaplace(rng, countRate), countRate);
  ks("discrete Laplace, noise 15% too small, 20,000 draws", "broken", 20000, (rng) => sampleDiscreteLaplace(rng, tooLittleNoiseRate(EPSILON)), countRate);
}

// --- Google's DP statistical tester -----------------------------------------------------------------------
function dpTest(test: string, mechanism: string, variant: "correct" | "broken", config: Omit<DpTestConfig, "samples" | "votes" | "epsilon">): void {
  const result = runDpTest({ ...config, samples: DP_SAMPLES, votes: DP_VOTES, epsilon: EPSILON }, source());
  report({ test, mechanism, variant, statistic: result.median, threshold: config.tolerance, pass: result.pass });
}
{
  const count = new DiscreteLaplaceMechanism({ epsilon: EPSILON });
  const broken = tooLittleNoiseCount(EPSILON);
  const base = { granularity: 0, tolerance: COUNT_TOLERANCE };
  dpTest("count-dp", "discrete Laplace, counts 0 vs 1, ε = ln 3", "correct", {
    ...base,
    sampleA: (rng) => count.randomise(0, rng),
    sampleB: (rng) => count.randomise(1, rng),
  });
  dpTest("count-dp", "discrete Laplace, noise 15% too small", "broken", {
    ...base,
    sampleA: (rng) => broken(0, rng),
    sampleB: (rng) => broken(1, rng),
  });
}
{
  const D = [0.3, 0.7];
  const neighbour = [0.3, 0.7, 1000];
  const sum = new ClampedSumMechanism({ epsilon: EPSILON, lower: 0, upper: 1 });
  const noClamp = unclampedSum(EPSILON, 0, 1);
  const tooLittle = tooLittleNoiseSum(EPSILON, 0, 1);
  const base = { granularity: 1 / 64, tolerance: SUM_TOLERANCE };
  dpTest("sum-dp", "clamped sum [0, 1], neighbour adds 1000, 1/64 buckets", "correct", {
    ...base,
    sampleA: (rng) => sum.randomise(D, rng).value,
    sampleB: (rng) => sum.randomise(neighbour, rng).value,
  });
  dpTest("sum-dp", "clamped sum with clamping forgotten", "broken", {
    ...base,
    sampleA: (rng) => noClamp(D, rng),
    sampleB: (rng) => noClamp(neighbour, rng),
  });
  dpTest("sum-dp", "clamped sum, noise 15% too small", "broken", {
    ...base,
    sampleA: (rng) => tooLittle(D, rng),
    sampleB: (rng) => tooLittle(neighbour, rng),
  });
}

// --- floating point (Mironov 2012) ---------------------------------------------------------------------------
{
  const draws = quick ? 20_000 : 100_000;
  const grid = new GridLaplaceMechanism({ epsilon: EPSILON, sensitivity: 1 });
  let rng = source();
  let impossible = 0;
  for (let i = 0; i < draws; i++) if (!gridCanProduce(grid.randomise(0, rng), grid.grid!)) impossible++;
  report({
    test: "floating-point",
    mechanism: `grid Laplace Δ = 1: M(0) outputs M(1) cannot give (${draws.toLocaleString("en")})`,
    variant: "correct",
    statistic: impossible / draws,
    threshold: 0,
    pass: impossible === 0,
  });
  const sum = new ClampedSumMechanism({ epsilon: EPSILON, lower: 0, upper: 1 });
  rng = source();
  impossible = 0;
  for (let i = 0; i < draws; i++) if (!gridCanProduce(sum.randomise([0], rng).value, sum.grid!)) impossible++;
  report({
    test: "floating-point",
    mechanism: `clamped sum [0, 1]: outputs on [0] that [1] cannot give (${draws.toLocaleString("en")})`,
    variant: "correct",
    statistic: impossible / draws,
    threshold: 0,
    pass: impossible === 0,
  });
  const naiveDraws = quick ? 5_000 : 20_000;
  rng = source();
  impossible = 0;
  const scale = 1 / EPSILON;
  for (let i = 0; i < naiveDraws; i++) {
    if (!naiveFloatLaplaceCanProduce(naiveFloatLaplace(0, scale, rng), 1, scale)) impossible++;
  }
  report({
    test: "floating-point",
    mechanism: `naive float Laplace −b·ln(u), b = 1/ln 3 (${naiveDraws.toLocaleString("en")})`,
    variant: "broken",
    statistic: impossible / naiveDraws,
    threshold: 0,
    pass: impossible === 0,
  });
}

progress.end();
const seconds = (Date.now() - started) / 1000;
const unexpected = rows.filter((r) => (r.variant === "correct") !== r.pass);
const summary =
  `${rows.length} checks in ${seconds.toFixed(1)} s: ` +
  `${rows.filter((r) => r.variant === "correct" && r.pass).length}/${rows.filter((r) => r.variant === "correct").length} correct mechanisms private, ` +
  `${rows.filter((r) => r.variant === "broken" && !r.pass).length}/${rows.filter((r) => r.variant === "broken").length} broken variants rejected` +
  (unexpected.length > 0 ? ` — ${unexpected.length} UNEXPECTED` : "");
if (json) console.error(summary);
else console.log(`\n${summary}`);
process.exit(unexpected.length === 0 ? 0 : 1);

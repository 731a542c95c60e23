/**
 * A black-box privacy audit of whole models: run a model on neighbouring datasets D and D′ (one record
 * added or removed) many times and look only at what it RELEASES.
 *
 * Two checks, both on released outputs only (never on exact diagnostics):
 *
 * 1. Structural. For every run seed s, the release on D and on D′ with the same seed are reduced to a
 *    skeleton: object keys, array lengths, strings (ledger labels, mechanism names, warning texts), with
 *    every number replaced by "#". If no skeleton seen on D is ever seen on D′ (or the reverse), the shape
 *    of the release tells the two apart — a deterministic difference, ε = ∞ (e.g. a ledger with 6 rows on
 *    D and 9 on D′). Likewise every numeric leaf that is constant over all seeds on D and constant on D′
 *    but with two different values (e.g. an exact count of clipped values: 0 on D, 1 on D′) is a
 *    deterministic difference. Random differences (a noisy count that sets T) are not flagged: their
 *    skeletons overlap.
 *
 * 2. Statistical. One released scalar per target (a noisy count, a coordinate of a centre, a mean), many
 *    runs per side. The first quarter of the runs picks an event E = {x ≥ t} or {x ≤ t} and a direction;
 *    the rest estimate P[E | D] and P[E | D′] with Clopper–Pearson intervals, giving the lower bound
 *        ε_lb = ln( lower(P[E | A]) / upper(P[E | B]) )
 *    which holds with probability ≥ 1 − α whatever the event (the event is chosen on separate runs). A
 *    correct release must have ε_lb ≤ the ε it declares for that scalar (its ledger row).
 *    (Jagielski, Ullman & Oprea, "Auditing differentially private machine learning", NeurIPS 2020; Ding et
 *    al., "Detecting violations of differential privacy", CCS 2018.)
 *
 * A lower bound never proves privacy; it can only catch a violation. Every check therefore also runs on
 * deliberately broken variants, which it must catch (see scripts/audit-models.ts).
 */
import { createRandom, type RandomSource } from "../random";

/** One run of a target on one dataset: what it released, and the warnings it raised. */
export interface ReleasedRun {
  /** The released outputs (plain objects, arrays, typed arrays, numbers, strings, booleans). */
  readonly released: unknown;
  /** Codes and texts of the warnings raised (a warning is published with a notebook). */
  readonly warnings: readonly string[];
}

/** A neighbouring pair of datasets. */
export interface NeighbourPair<Data> {
  /** What the pair is, e.g. "add a record outside the bounds". */
  readonly name: string;
  /** D. */
  readonly D: Data;
  /** D′: D with one record added or removed. */
  readonly Dprime: Data;
}

/** Options of {@link structuralCheck}. */
export interface StructuralOptions<Data> {
  /** Runs the model on data with a seed. */
  run(data: Data, seed: string): ReleasedRun;
  /** The pair. */
  pair: NeighbourPair<Data>;
  /** Seeds (runs per side). */
  runs: number;
  /** Prefix of the seeds. */
  seed: string;
}

/** What {@link structuralCheck} found. */
export interface StructuralResult {
  /** True when nothing distinguishes D from D′ deterministically. */
  readonly pass: boolean;
  /** Infinity when a deterministic difference was found, else 0 (the structure gives nothing away). */
  readonly epsilonLowerBound: number;
  /** The first difference found, for the report. */
  readonly difference: string | undefined;
}

/**
 * Reduce a release to its shape: keys, lengths, strings and booleans; every number — also inside a string,
 * such as a receipt's "ε = 0.3" or a reason's "n·ε = 58.9" — becomes "#". (Strings are compared whole by
 * the constant-value check, so a count written into a warning is still caught.)
 */
export function skeleton(value: unknown): unknown {
  if (typeof value === "number") return "#";
  if (typeof value === "string") return maskNumbers(value);
  if (value === null || value === undefined || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value)) return `#[${(value as unknown as ArrayLike<number>).length}]`;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "number")) return `#[${value.length}]`;
    return value.map(skeleton);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object).sort()) out[key] = skeleton((value as Record<string, unknown>)[key]);
  return out;
}

/** A string with every number in it replaced by "#". */
function maskNumbers(text: string): string {
  // Also collapse runs of spaces and dashes: a table's column widths follow the widths of its numbers.
  return text.replace(/-?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?/gi, "#").replace(/[ \t]+/g, " ").replace(/-{2,}/g, "--");
}

/** Every string leaf of a release by path, plus its warnings (as "warnings"). */
function stringLeaves(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (typeof value === "string") out.set(path, value);
  else if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as object);
    for (const [key, v] of entries) stringLeaves(v, path ? `${path}.${key}` : key, out);
  }
  return out;
}

/** Every numeric leaf of a release by path ("fitInfo.size.value", "steps.0.noisyCounts.2"). */
export function numericLeaves(value: unknown, path = "", out = new Map<string, number>()): Map<string, number> {
  if (typeof value === "number") out.set(path, value);
  else if (value !== null && typeof value === "object") {
    const entries: Array<[string, unknown]> = ArrayBuffer.isView(value)
      ? Array.from(value as unknown as ArrayLike<number>, (v, i) => [String(i), v])
      : Array.isArray(value)
        ? value.map((v, i) => [String(i), v])
        : Object.entries(value as object);
    for (const [key, v] of entries) numericLeaves(v, path ? `${path}.${key}` : key, out);
  }
  return out;
}

/**
 * The structural check: run the model on D and D′ with the same seeds and look for a difference in the
 * released outputs' shape, ledger, warnings or constant values that does not depend on the noise.
 *
 * @param options - see {@link StructuralOptions}
 * @returns pass, ε lower bound (∞ or 0) and the first difference
 */
export function structuralCheck<Data>(options: StructuralOptions<Data>): StructuralResult {
  const shapes = { D: new Set<string>(), Dprime: new Set<string>() };
  const leaves = { D: [] as Map<string, number>[], Dprime: [] as Map<string, number>[] };
  const texts = { D: [] as Map<string, string>[], Dprime: [] as Map<string, string>[] };
  for (let i = 0; i < options.runs; i++) {
    const seed = `${options.seed}/${i}`;
    for (const side of ["D", "Dprime"] as const) {
      const data = side === "D" ? options.pair.D : options.pair.Dprime;
      const run = options.run(data, seed);
      shapes[side].add(JSON.stringify({ released: skeleton(run.released), warnings: run.warnings }));
      leaves[side].push(numericLeaves(run.released));
      const strings = stringLeaves(run.released);
      strings.set("warnings", run.warnings.join("\n"));
      texts[side].push(strings);
    }
  }
  const shared = [...shapes.D].some((s) => shapes.Dprime.has(s));
  if (!shared) {
    return {
      pass: false,
      epsilonLowerBound: Infinity,
      difference: `the release's shape, ledger or warnings always differ: D gives ${firstDifference([...shapes.D][0]!, [...shapes.Dprime][0]!)}`,
    };
  }
  for (const [path, first] of leaves.D[0]!) {
    const constantOnD = leaves.D.every((m) => m.get(path) === first);
    const other = leaves.Dprime[0]!.get(path);
    if (other === undefined || !constantOnD) continue;
    const constantOnDprime = leaves.Dprime.every((m) => m.get(path) === other);
    if (constantOnDprime && !Object.is(other, first)) {
      return {
        pass: false,
        epsilonLowerBound: Infinity,
        difference: `released value ${path} is ${first} on D and ${other} on D′ in every run (no noise on it)`,
      };
    }
  }
  for (const [path, first] of texts.D[0]!) {
    const other = texts.Dprime[0]!.get(path);
    if (other === undefined || other === first) continue;
    if (texts.D.every((m) => m.get(path) === first) && texts.Dprime.every((m) => m.get(path) === other)) {
      return {
        pass: false,
        epsilonLowerBound: Infinity,
        difference: `released text ${path} is ${JSON.stringify(first.slice(0, 120))} on D and ${JSON.stringify(other.slice(0, 120))} on D′ in every run`,
      };
    }
  }
  return { pass: true, epsilonLowerBound: 0, difference: undefined };
}

/** Where two JSON strings first differ, with a little context. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  return `…${a.slice(from, i + 40)}… and D′ gives …${b.slice(from, i + 40)}…`;
}

// ---------------------------------------------------------------------------------------------------------
// Clopper–Pearson intervals
// ---------------------------------------------------------------------------------------------------------

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error < 1e-13 here). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P[X ≥ x] for X ~ Binomial(n, p), summed in log space. */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logChoose = logGamma(n + 1);
  let total = 0;
  for (let k = x; k <= n; k++) {
    const term = Math.exp(logChoose - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    total += term;
    if (k > n * p && term < total * 1e-17) break; // past the mode the terms only shrink
  }
  return Math.min(1, total);
}

/**
 * The Clopper–Pearson interval for a binomial proportion: exact, conservative.
 *
 * @param successes - x
 * @param trials - n
 * @param alpha - 1 − confidence (two-sided)
 * @returns `{ lower, upper }`
 */
export function clopperPearson(successes: number, trials: number, alpha: number): { lower: number; upper: number } {
  const solve = (f: (p: number) => number, target: number): number => {
    // f is increasing in p; bisection to 1e-12.
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) < target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = successes === 0 ? 0 : solve((p) => binomialUpperTail(successes, trials, p), alpha / 2);
  const upper =
    successes === trials ? 1 : solve((p) => binomialUpperTail(successes + 1, trials, p), 1 - alpha / 2);
  return { lower, upper };
}

// ---------------------------------------------------------------------------------------------------------
// The statistical check
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link epsilonLowerBound}. */
export interface LowerBoundOptions {
  /** Released scalars on D. */
  onD: readonly number[];
  /** Released scalars on D′. */
  onDprime: readonly number[];
  /** Share of the runs used to choose the event. Default 0.25. */
  calibrationShare?: number;
  /** 1 − confidence of the two Clopper–Pearson bounds together. Default 1e-3. */
  alpha?: number;
}

/** What {@link epsilonLowerBound} found. */
export interface LowerBoundResult {
  /** The lower bound on ε (0 when no event separates the two sides). */
  readonly epsilonLowerBound: number;
  /** The event used, e.g. "x ≥ 1027 more likely on D′". */
  readonly event: string;
}

/**
 * An empirical lower bound on the ε of a release from samples on D and D′ (see the module comment).
 *
 * @param options - see {@link LowerBoundOptions}
 * @returns the bound and the event it came from
 */
export function epsilonLowerBound(options: LowerBoundOptions): LowerBoundResult {
  const share = options.calibrationShare ?? 0.25;
  const alpha = options.alpha ?? 1e-3;
  const cut = (xs: readonly number[]) => {
    const c = Math.floor(xs.length * share);
    return { calibrate: xs.slice(0, c), evaluate: xs.slice(c) };
  };
  const a = cut(options.onD);
  const b = cut(options.onDprime);
  const pooled = [...a.calibrate, ...b.calibrate].sort((x, y) => x - y);
  const thresholds = new Set<number>();
  for (let q = 1; q < 100; q++) thresholds.add(pooled[Math.floor((q / 100) * (pooled.length - 1))]!);
  type Event = { t: number; above: boolean; dFirst: boolean };
  const count = (xs: readonly number[], e: Event) => xs.reduce((n, x) => n + ((e.above ? x >= e.t : x <= e.t) ? 1 : 0), 0);
  // Choose the event with the largest smoothed log ratio on the calibration runs.
  let best: Event | undefined;
  let bestScore = -Infinity;
  for (const t of thresholds) {
    for (const above of [true, false]) {
      for (const dFirst of [true, false]) {
        const e = { t, above, dFirst };
        const hi = count(dFirst ? a.calibrate : b.calibrate, e);
        const lo = count(dFirst ? b.calibrate : a.calibrate, e);
        if (hi < 5 || hi <= lo) continue;
        // Score an event by the bound it would give (not its raw ratio): a rare event with a large ratio
        // gives a weak Clopper–Pearson bound on the evaluation runs.
        const score = Math.log(
          clopperPearson(hi, a.calibrate.length, 0.05).lower / clopperPearson(lo, b.calibrate.length, 0.05).upper,
        );
        if (score > bestScore) {
          bestScore = score;
          best = e;
        }
      }
    }
  }
  // Support events (Mironov 2012; the lattice of a grid mechanism): if every calibration output on one side
  // lies on a coarser power-of-two lattice than the other side's, "x is off that lattice" is impossible on
  // the first side and possible on the second: a support difference, which a threshold never sees.
  const latticeA = commonLattice(a.calibrate);
  const latticeB = commonLattice(b.calibrate);
  let lattice: { step: number; dFirst: boolean } | undefined;
  if (latticeA !== latticeB) {
    const step = Math.max(latticeA, latticeB);
    lattice = { step, dFirst: latticeB > latticeA }; // "off the lattice" is more likely on the finer side
  }
  const results: LowerBoundResult[] = [];
  if (best) {
    const e = best;
    const first = e.dFirst ? a.evaluate : b.evaluate;
    const second = e.dFirst ? b.evaluate : a.evaluate;
    results.push({
      epsilonLowerBound: boundFrom(count(first, e), first.length, count(second, e), second.length, alpha),
      event: `x ${e.above ? "≥" : "≤"} ${e.t} more likely on ${e.dFirst ? "D" : "D′"}`,
    });
  }
  if (lattice) {
    const off = (xs: readonly number[]) => xs.reduce((n, x) => n + (Number.isInteger(x / lattice!.step) ? 0 : 1), 0);
    const first = lattice.dFirst ? a.evaluate : b.evaluate;
    const second = lattice.dFirst ? b.evaluate : a.evaluate;
    results.push({
      epsilonLowerBound: boundFrom(off(first), first.length, off(second), second.length, alpha),
      event: `x off the lattice of step ${lattice.step} (seen only on ${lattice.dFirst ? "D" : "D′"})`,
    });
  }
  if (results.length === 0) return { epsilonLowerBound: 0, event: "none" };
  return results.reduce((x, y) => (y.epsilonLowerBound > x.epsilonLowerBound ? y : x));
}

/** ln(lower(x₁/n₁) / upper(x₂/n₂)) with Clopper–Pearson bounds, 0 when nothing is shown, ∞ when x₂ can be 0. */
function boundFrom(x1: number, n1: number, x2: number, n2: number, alpha: number): number {
  const p = clopperPearson(x1, n1, alpha).lower;
  const q = clopperPearson(x2, n2, alpha).upper;
  return p > 0 && q > 0 ? Math.max(0, Math.log(p / q)) : p > 0 ? Infinity : 0;
}

/** The largest power of two that divides every (non-zero, finite) value: their common lattice step. */
export function commonLattice(values: readonly number[]): number {
  let step = Infinity;
  for (const x of values) {
    if (x === 0 || !Number.isFinite(x)) continue;
    let e = Math.floor(Math.log2(Math.abs(x))) + 1;
    while (!Number.isInteger(x / 2 ** e)) e--;
    step = Math.min(step, 2 ** e);
  }
  return step;
}

/**
 * Sample a released scalar on both sides of a pair.
 *
 * @param release - one run: data and a random source → the scalar
 * @param pair - D and D′
 * @param runs - runs per side
 * @param seed - the seed of the whole sampling (reproducible audits)
 * @returns the samples on D and on D′
 */
export function sampleBothSides<Data>(
  release: (data: Data, rng: RandomSource, run: number) => number,
  pair: NeighbourPair<Data>,
  runs: number,
  seed: string,
): { onD: number[]; onDprime: number[] } {
  const rngD = createRandom(`${seed}/D`);
  const rngDprime = createRandom(`${seed}/D′`);
  const onD: number[] = [];
  const onDprime: number[] = [];
  for (let i = 0; i < runs; i++) {
    onD.push(release(pair.D, rngD, i));
    onDprime.push(release(pair.Dprime, rngDprime, i));
  }
  return { onD, onDprime };
}

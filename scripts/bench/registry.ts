/**
 * The benchmark registry: methods and data sets register themselves here; `scripts/bench.ts` runs them.
 *
 * Two benches:
 * - speed: each registered {@link SpeedMethod} fits seeded synthetic blobs (k = 3) at several sizes (d = 2)
 *   and, for methods that list them in `dims`, at 1,000,000 points in d = 6 and 10; the row reports the
 *   median fit time, and the median quality against the best non-private fit. The `floor` method (one tight
 *   pass over the data, `scripts/bench/floor.ts`) is timed in the same run, so every row can be read as a
 *   multiple of it (`floorMultiple`; the readable table prints it).
 * - utility: each registered {@link UtilityMethod} fits each registered {@link UtilityDataset} for every ε in
 *   {@link UTILITY_EPSILONS} × {@link UTILITY_SEEDS} seeds; the row reports median quality ratio and median
 *   share of points whose cluster differs from the best non-private clustering.
 *
 * To add a method, write a module that calls `registerSpeedMethod` / `registerUtilityMethod` and import it
 * from `scripts/bench.ts`.
 */
import { performance } from "node:perf_hooks";
import { KMeans, assignLabels, changedShare, inertia, makeBlobs } from "../../src/cluster";
import type { Bounds, FlatMatrix } from "../../src/validate";

/** One output row (one JSON object per line with `--json`). Figures not measured are `null`. */
export interface BenchRow {
  bench: string;
  method: string;
  n: number;
  d: number;
  k: number;
  epsilon: number | null;
  seeds: number;
  fit_ms_median: number | null;
  quality_ratio_median: number | null;
  changed_share_median: number | null;
}

/** What every fit in a bench is told. */
export interface FitContext {
  /** Number of clusters. */
  k: number;
  /** The seed of this repetition (use it as `randomState`). */
  seed: number;
  /** Public bounds of the data (for DP methods). */
  bounds: Bounds;
  /** The privacy budget, or `null` for non-private methods. */
  epsilon: number | null;
}

/** What a fit returns: its centres (labels are recomputed as nearest centre on the raw data). */
export interface FitOutput {
  centres: number[][];
}

/** A method for the speed bench. `I` is the input form the method takes (prepared outside the timer). */
export interface SpeedMethod<I = FlatMatrix> {
  /** Name in the `method` column, e.g. `"kmeans"` or `"dplloyd"`. */
  method: string;
  /** ε for DP methods; omit (null) for non-private ones. */
  epsilon?: number;
  /** Sizes to run (at d = 2). Default {@link SPEED_SIZES}. */
  sizes?: number[];
  /** Further dimensions to run at {@link SPEED_WIDE_N} points (besides d = 2), e.g. `[6, 10]`. Default none. */
  dims?: number[];
  /** Repetitions (seeds) at size n and dimension d. Default 7, and 3 from 1,000,000 points. */
  repeats?: (n: number, d: number) => number;
  /** Convert the data to the method's input form, outside the timer. Default: the flat matrix itself. */
  prepare?: (X: FlatMatrix) => I;
  /** One fit. Only this call is timed. */
  fit: (input: I, context: FitContext) => FitOutput;
}

/** A method for the utility bench (DP methods; non-private baselines with `private: false`). */
export interface UtilityMethod {
  /** Name in the `method` column. */
  method: string;
  /** False for a non-private baseline: run once per seed, with ε = null. Default true. */
  private?: boolean;
  /** One fit on the data set with `context.epsilon` and `context.seed`. */
  fit: (X: FlatMatrix, context: FitContext) => FitOutput;
}

/** A data set for the utility bench. */
export interface UtilityDataset {
  /** Name used in the `bench` column as `utility:<name>`. */
  name: string;
  /** Number of clusters. */
  k: number;
  /** Load the data and its public bounds. */
  load: () => { X: FlatMatrix; bounds: Bounds };
  /** Seeds per (method, ε). Default {@link UTILITY_SEEDS}. */
  seeds?: number;
}

/** Sizes of the speed bench: 1,000, 100,000 and 1,000,000 points. */
export const SPEED_SIZES = [1_000, 100_000, 1_000_000];
/** k of the speed bench. */
export const SPEED_K = 3;
/** Dimensions of the wide speed rows (d = 2 runs at every size). */
export const SPEED_DIMS = [6, 10];
/** Size of the wide speed rows. */
export const SPEED_WIDE_N = 1_000_000;
/** The ε grid of the utility bench. */
export const UTILITY_EPSILONS = [0.1, 0.2, 0.5, 1, 2, 5];
/** Seeds per (method, data set, ε) in the utility bench. */
export const UTILITY_SEEDS = 50;

const speedMethods: SpeedMethod<unknown>[] = [];
const utilityMethods: UtilityMethod[] = [];
const utilityDatasets: UtilityDataset[] = [];

/** Register a method for the speed bench. */
export function registerSpeedMethod<I>(method: SpeedMethod<I>): void {
  speedMethods.push(method as unknown as SpeedMethod<unknown>);
}

/** Register a method for the utility bench. */
export function registerUtilityMethod(method: UtilityMethod): void {
  utilityMethods.push(method);
}

/** Register a data set for the utility bench. */
export function registerUtilityDataset(dataset: UtilityDataset): void {
  utilityDatasets.push(dataset);
}

/** The registered names, for `--help` and tests. */
export function registered(): { speed: string[]; utility: string[]; datasets: string[] } {
  return {
    speed: speedMethods.map((m) => m.method),
    utility: utilityMethods.map((m) => m.method),
    datasets: utilityDatasets.map((d) => d.name),
  };
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The best non-private clustering of X (many k-means++ restarts): the yardstick of every quality figure. */
export function referenceClustering(X: FlatMatrix, k: number, nInit = 10): { inertia: number; labels: Int32Array } {
  const ref = new KMeans({ nClusters: k, nInit, randomState: "reference" }).fit(X);
  const centres = Float64Array.from(ref.clusterCenters.flat());
  return { inertia: ref.inertia, labels: assignLabels(X, centres, k) };
}

/** Quality ratio and changed share of centres against the reference. */
function score(X: FlatMatrix, centres: number[][], reference: { inertia: number; labels: Int32Array }, k: number) {
  const quality = inertia(X, centres) / reference.inertia;
  const labels = assignLabels(X, Float64Array.from(centres.flat()), centres.length);
  return { quality, changed: changedShare(reference.labels, labels, Math.max(k, centres.length)) };
}

/** Options of the runners. */
export interface RunOptions {
  /** Smaller sizes and fewer seeds, for a smoke run (CI). */
  quick?: boolean;
  /** Only methods with these names. */
  methods?: string[];
  /** Called with each row as soon as it is measured. */
  onRow?: (row: BenchRow) => void;
}

const keep = (name: string, options: RunOptions) => !options.methods || options.methods.includes(name);

/**
 * Synthetic blobs for the speed bench, with public bounds that contain them (centres in ±10, σ = 1).
 * d = 2 keeps the seeds of the earlier 2-D-only bench, so its figures stay comparable.
 */
export function speedData(n: number, d = 2): { X: FlatMatrix; bounds: Bounds } {
  const { X } = makeBlobs({ n, d, k: SPEED_K, spread: 1, box: 10, seed: d === 2 ? `bench-${n}` : `bench-${n}-d${d}` });
  return { X, bounds: { lower: new Array<number>(d).fill(-16), upper: new Array<number>(d).fill(16) } };
}

/** The fit time of a row as a multiple of the `floor` row of the same n and d (null without one). */
export function floorMultiple(row: BenchRow, rows: readonly BenchRow[]): number | null {
  const floor = rows.find((r) => r.bench === row.bench && r.method === "floor" && r.n === row.n && r.d === row.d);
  if (!floor || floor.fit_ms_median === null || row.fit_ms_median === null || floor.fit_ms_median <= 0) return null;
  return row.fit_ms_median / floor.fit_ms_median;
}

/** Run the speed bench. */
export function runSpeed(options: RunOptions = {}): BenchRow[] {
  const rows: BenchRow[] = [];
  const kept = speedMethods.filter((m) => keep(m.method, options));
  // Quick runs (CI) stay 2-D and small; full runs add the wide rows at SPEED_WIDE_N points.
  const cases = (m: SpeedMethod<unknown>): [number, number][] =>
    options.quick
      ? [[1_000, 2], [10_000, 2]]
      : [...(m.sizes ?? SPEED_SIZES).map((n): [number, number] => [n, 2]), ...(m.dims ?? []).map((d): [number, number] => [SPEED_WIDE_N, d])];
  const key = ([n, d]: [number, number]) => `${n}x${d}`;
  const allCases = [...new Map(kept.flatMap(cases).map((c) => [key(c), c])).values()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  for (const [n, d] of allCases) {
    const { X, bounds } = speedData(n, d);
    const reference = referenceClustering(X, SPEED_K);
    const warm = speedData(5_000, d);
    for (const m of kept) {
      if (!cases(m).some((c) => key(c) === key([n, d]))) continue;
      const repeats = options.quick ? 2 : (m.repeats ?? ((size: number) => (size >= 1_000_000 ? 3 : 7)))(n, d);
      const epsilon = m.epsilon ?? null;
      // Warm the JIT on a small data set of the same shape so the first timed run is not a compile run.
      m.fit((m.prepare ?? ((x: FlatMatrix) => x))(warm.X), { k: SPEED_K, seed: 0, bounds: warm.bounds, epsilon });
      const input = (m.prepare ?? ((x: FlatMatrix) => x))(X);
      const times: number[] = [];
      const qualities: number[] = [];
      const changed: number[] = [];
      for (let seed = 1; seed <= repeats; seed++) {
        const start = performance.now();
        const out = m.fit(input, { k: SPEED_K, seed, bounds, epsilon });
        times.push(performance.now() - start);
        const s = score(X, out.centres, reference, SPEED_K);
        qualities.push(s.quality);
        changed.push(s.changed);
      }
      const row: BenchRow = {
        bench: "speed",
        method: m.method,
        n,
        d: X.d,
        k: SPEED_K,
        epsilon,
        seeds: repeats,
        fit_ms_median: median(times),
        quality_ratio_median: median(qualities),
        changed_share_median: median(changed),
      };
      rows.push(row);
      options.onRow?.(row);
    }
  }
  return rows;
}

/** Run the utility bench. */
export function runUtility(options: RunOptions = {}): BenchRow[] {
  const rows: BenchRow[] = [];
  const methods = utilityMethods.filter((m) => keep(m.method, options));
  if (methods.length === 0) return rows;
  const epsilons = options.quick ? [0.5, 1] : UTILITY_EPSILONS;
  for (const dataset of utilityDatasets) {
    const seeds = options.quick ? 3 : (dataset.seeds ?? UTILITY_SEEDS);
    const { X, bounds } = dataset.load();
    const reference = referenceClustering(X, dataset.k, 50);
    for (const m of methods) {
      const grid: (number | null)[] = m.private === false ? [null] : epsilons;
      for (const epsilon of grid) {
        const times: number[] = [];
        const qualities: number[] = [];
        const changed: number[] = [];
        for (let seed = 1; seed <= seeds; seed++) {
          const start = performance.now();
          const out = m.fit(X, { k: dataset.k, seed, bounds, epsilon });
          times.push(performance.now() - start);
          const s = score(X, out.centres, reference, dataset.k);
          qualities.push(s.quality);
          changed.push(s.changed);
        }
        const row: BenchRow = {
          bench: `utility:${dataset.name}`,
          method: m.method,
          n: X.n,
          d: X.d,
          k: dataset.k,
          epsilon,
          seeds,
          fit_ms_median: median(times),
          quality_ratio_median: median(qualities),
          changed_share_median: median(changed),
        };
        rows.push(row);
        options.onRow?.(row);
      }
    }
  }
  return rows;
}

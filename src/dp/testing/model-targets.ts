/**
 * What the model audit (`npm run audit:models`, `model-audit.ts`) runs: every public DP model and release
 * of the course, each on neighbouring datasets chosen to be adversarial (a record far outside the bounds,
 * one on a bound, one removed, sizes where a schedule would change), plus deliberately broken variants that
 * the audit must catch: T from the exact n, an exact clipped count in the output, diffprivlib's swapped
 * count/sum split, the sum sensitivity u − l, the scaler's normaliser from len(X), and half the noise in
 * the scaler, the PCA and the private elbow (each on a neighbour pair and scalar designed so that the
 * correct model's lower bound comes close to its declared ε: issue 24).
 *
 * Every target returns only what the model RELEASES (`model.released`, fitted parameters, the ledger) and
 * the warnings it raised: the audit is black-box over exactly what a notebook could publish.
 */
import { captureWarnings } from "../../errors";
import { BudgetAccountant, type LedgerRow } from "../accountant";
import { DiscreteLaplaceMechanism } from "../discrete-laplace";
import { GridLaplaceMechanism } from "../grid-laplace";
import { createRandom, type RandomSource } from "../random";
import { DPKMeans, type DPKMeansMethod } from "../kmeans/model";
import { DPLLOYD, runDPLloyd, type DPLloydVariant } from "../kmeans/dplloyd";
import { dplloydSchedule } from "../kmeans/schedule";
import { releaseClusterStatistics } from "../kmeans/statistics";
import { eugkmSynopsis, privateElbow } from "../kmeans/elbow";
import { DPStandardScaler } from "../preprocessing/scaler";
import { DPPCA } from "../preprocessing/pca";
import { privatePipeline } from "../pipeline";
import { dpRelease } from "../../deidentify/dp-release";
import { toMatrix } from "../../validate";
import { swappedDplloydSplit } from "./broken";
import type { NeighbourPair, ReleasedRun } from "./model-audit";

/** Rows of numbers. */
export type Rows = number[][];

/** One audited scalar: how to read it off a run, and the ε its release declares. */
export interface AuditedScalar {
  /** What it is, e.g. "iteration 1 count". */
  readonly name: string;
  /** The scalar of one run (data, random source, run index). */
  release(data: Rows, rng: RandomSource, run: number): number;
  /** The ε the ledger declares for the release this scalar comes from (an upper bound it must respect). */
  readonly declaredEpsilon: number;
  /** The pair to sample on. */
  readonly pair: NeighbourPair<Rows>;
}

/** One audit target: a model (or a broken variant of one), its pairs, and its audited scalar. */
export interface AuditTarget {
  /** Model name, e.g. "KMeans (dplloyd)". */
  readonly model: string;
  /** `"correct"` must pass; `"broken"` must be caught. */
  readonly variant: "correct" | "broken";
  /** For broken variants: what is broken. */
  readonly defect?: string;
  /** The ε the model declares for a whole fit. */
  readonly epsilon: number;
  /** One run on some data with a seed: the release and the warnings. */
  run(data: Rows, seed: string): ReleasedRun;
  /** Pairs for the structural check. */
  readonly pairs: readonly NeighbourPair<Rows>[];
  /** The statistical check's scalar, when the target has one. */
  readonly scalar?: AuditedScalar;
}

// ---------------------------------------------------------------------------------------------------------
// Data: small, public-bounded, with adversarial neighbours
// ---------------------------------------------------------------------------------------------------------

/** Three 2-D blobs in [0, 10]², n points, deterministic. */
export function auditBlobs(n: number, seed = "audit-blobs"): Rows {
  const rng = createRandom(seed);
  const centres = [
    [2, 2],
    [8, 3],
    [5, 8],
  ];
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % 3]!;
    return [c[0]! + (rng.uniform() - 0.5) * 2, c[1]! + (rng.uniform() - 0.5) * 2];
  });
}

const BOX2 = { lower: [0, 0], upper: [10, 10] };

/** The standard neighbour pairs of a dataset in [0, 10]². */
export function standardPairs(D: Rows): NeighbourPair<Rows>[] {
  return [
    { name: "add a record inside the bounds", D, Dprime: [...D, [5, 5]] },
    { name: "add a record far outside the bounds", D, Dprime: [...D, [1e6, -1e6]] },
    { name: "add a record on a bound", D, Dprime: [...D, [10, 0]] },
    { name: "remove a record", D, Dprime: D.slice(0, -1) },
  ];
}

/** The outcome of running `fn` with warnings captured, as a {@link ReleasedRun}. */
function observe(fn: () => unknown): ReleasedRun {
  const { result, warnings } = captureWarnings(fn);
  return { released: result, warnings: warnings.map((w) => `${w.code}: ${w.message}`) };
}

/** Ledger rows as released (labels, ε, sensitivities, mechanisms; no running index). */
function ledgerOf(rows: readonly LedgerRow[]): unknown[] {
  return rows.map((r) => ({ label: r.label, epsilon: r.epsilon, sensitivity: r.sensitivity, mechanism: r.mechanism }));
}

// ---------------------------------------------------------------------------------------------------------
// Correct models
// ---------------------------------------------------------------------------------------------------------

function kmeansTarget(method: DPKMeansMethod, epsilon: number, publicSize: number | undefined, D: Rows): AuditTarget {
  const fit = (data: Rows, seed: string) =>
    new DPKMeans({ nClusters: 3, epsilon, bounds: BOX2, method, publicSize, randomState: seed, accountant: new BudgetAccountant() }).fit(data);
  return {
    model: `KMeans (${method}${publicSize === undefined ? ", noisy size" : ""})`,
    variant: "correct",
    epsilon,
    run: (data, seed) => observe(() => fit(data, seed).released),
    pairs: standardPairs(D),
  };
}

/** A DPLloyd-shaped one-cluster fit in 1-D on [10, 20]: its first noisy count and sum are single releases. */
function oneClusterScalars(kind: "count" | "sum", epsilon: number): AuditedScalar {
  const D = [10.5, 11, 12, 14, 15.5, 17, 18, 19.5].map((v) => [v]);
  const pair = { name: "add the value 1000 (clipped to 20)", D, Dprime: [...D, [1000]] };
  const model = (data: Rows, rng: RandomSource) =>
    new DPKMeans({ nClusters: 1, epsilon, bounds: [10, 20], method: "dplloyd", maxIter: 1, publicSize: 8, randomState: rng, accountant: new BudgetAccountant() }).fit(data);
  const probe = captureWarnings(() => model(D, createRandom(1))).result;
  const row = probe.fitInfo.ledger.find((r) => r.label.includes(kind === "count" ? "count" : "sum"))!;
  return {
    name: `iteration 1 ${kind}`,
    declaredEpsilon: row.epsilon,
    pair,
    release: (data, rng) => {
      const step = captureWarnings(() => model(data, rng)).result.steps[0]!;
      return kind === "count" ? step.noisyCounts[0]! : step.noisySums[0]![0]!;
    },
  };
}

/**
 * The scaler's audited scalar, designed for power: a 1-D scaler that only centres (`withStd: false`), so
 * all of its ε goes to one noisy mean (its ledger row declares the whole ε), on [0, 10] with n₀ = 10. D′
 * adds a record far outside the bounds, clipped to 10: the centred sum moves by the half-range 5, so the
 * mean moves by its whole sensitivity (u − l)/(2n₀). Spending ε on one release (rather than ε/4 on each of
 * four, as the 2-D scaler with variances does) is what lets the lower bound come near the declared ε.
 * `epsilonUsed` is the scaler's ε; the declared ε is 1 — a broken variant passes 2 (half the noise).
 */
function scalerMeanScalar(epsilonUsed: number): AuditedScalar {
  const D = [1, 2, 3, 4, 5, 5, 6, 7, 8, 9].map((v) => [v]);
  const fit = (data: Rows, rng: RandomSource) =>
    new DPStandardScaler({ epsilon: epsilonUsed, withStd: false, bounds: [0, 10], publicSize: D.length, randomState: rng, accountant: new BudgetAccountant() }).fit(data);
  return {
    name: "mean (1-D, centring only: one release)",
    declaredEpsilon: 1,
    pair: { name: "add a record far outside the bounds (clipped to 10)", D, Dprime: [...D, [1e6]] },
    release: (data, rng) => captureWarnings(() => fit(data, rng)).result.mean![0]!,
  };
}

function scalerTarget(D: Rows): AuditTarget {
  const epsilon = 1;
  const fit = (data: Rows, seed: string | RandomSource) =>
    new DPStandardScaler({ epsilon, bounds: BOX2, publicSize: D.length, randomState: seed, accountant: new BudgetAccountant() }).fit(data);
  return {
    model: "StandardScaler",
    variant: "correct",
    epsilon,
    run: (data, seed) => observe(() => {
      const s = fit(data, seed);
      return { mean: s.mean, var: s.var, scale: s.scale, nSamplesSeen: s.nSamplesSeen, fitInfo: s.fitInfo };
    }),
    pairs: standardPairs(D),
    scalar: scalerMeanScalar(epsilon),
  };
}

/**
 * The PCA's audited scalar, designed for power: a centred DP PCA in 1-D, so that all of ε goes to the
 * noisy XᵀX, a 1 × 1 matrix (Σx², sensitivity (d + 1)R²/2 = R²), and the explained variance is that noisy
 * number divided by the public n₀ − 1 (post-processing). D holds records of norm 0.8R (Σx² well above 0, so
 * the clamp at 0 never bites); D′ adds one record beyond the norm bound, clipped to norm R: Σx² moves by
 * exactly the sensitivity. The released variance is then grid Laplace noise around two points one
 * sensitivity apart, and a threshold event reaches nearly ε. `epsilonUsed` is the fit's ε; the declared ε
 * is 1 (the whole fit's, all of it on XᵀX) — a broken variant passes 2 (half the noise).
 */
function pcaVarianceScalar(epsilonUsed: number): AuditedScalar {
  const R = 4;
  const D = [0.8, -0.8, 0.8, -0.8, 0.8, -0.8, 0.8, -0.8, 0.8, -0.8].map((v) => [v * R]);
  const fit = (data: Rows, rng: RandomSource) =>
    new DPPCA({ nComponents: 1, epsilon: epsilonUsed, centered: true, dataNorm: R, publicSize: D.length, randomState: rng, accountant: new BudgetAccountant() }).fit(data);
  return {
    name: "explained variance (1-D, centred: the noisy XᵀX)",
    declaredEpsilon: 1,
    pair: { name: "add a record beyond the norm bound (clipped to norm R)", D, Dprime: [...D, [1e6]] },
    release: (data, rng) => captureWarnings(() => fit(data, rng)).result.explainedVariance[0]!,
  };
}

function pcaTarget(D: Rows): AuditTarget {
  const epsilon = 1;
  const fit = (data: Rows, seed: string | RandomSource) =>
    new DPPCA({ nComponents: 1, epsilon, bounds: BOX2, dataNorm: 15, publicSize: D.length, randomState: seed, accountant: new BudgetAccountant() }).fit(data);
  return {
    model: "PCA",
    variant: "correct",
    epsilon,
    run: (data, seed) => observe(() => {
      const p = fit(data, seed);
      return { components: p.components, explainedVariance: p.explainedVariance, mean: p.mean, fitInfo: p.fitInfo };
    }),
    pairs: standardPairs(D),
    scalar: pcaVarianceScalar(epsilon),
  };
}

function pipelineTarget(D: Rows): AuditTarget {
  const epsilon = 2;
  const fit = (data: Rows, seed: string) =>
    privatePipeline(data, { epsilon, bounds: BOX2, publicSize: D.length, nClusters: 3, nComponents: 1, randomState: seed });
  return {
    model: "privatePipeline",
    variant: "correct",
    epsilon,
    run: (data, seed) => observe(() => {
      const r = fit(data, seed);
      return {
        mean: r.scaler.mean,
        scale: r.scaler.scale,
        components: r.pca?.components,
        centres: r.kmeans.released,
        featureBounds: r.featureBounds,
        epsilons: r.epsilons,
        size: r.size,
        ledger: ledgerOf(r.ledger),
        receipt: r.receipt,
      };
    }),
    pairs: standardPairs(D),
  };
}

/**
 * The private elbow's audited scalar, designed for power: a 1-D synopsis on [0, 10] with 2 cells. D has
 * 50 records in the low cell; D′ adds one in the high cell. The high cell's noisy count c₁ (0 + Z on D,
 * 1 + Z on D′) enters the k = 1 inertia as w₁·(13/12)·h² (w₁ = max(c₁, 0), cells h = 5 apart), while the
 * low cell's noise moves it by only h²/12 per unit: the inertia is, in effect, a monotone function of one
 * noisy count, and a threshold event on it reaches nearly ε. `epsilonUsed` is the synopsis's ε; the
 * declared ε is 1 — a broken variant passes 2 (half the noise).
 */
function elbowInertiaScalar(epsilonUsed: number): AuditedScalar {
  const D: Rows = Array.from({ length: 50 }, () => [1]);
  const box = { lower: [0], upper: [10] };
  return {
    name: "k = 1 synopsis inertia (2 cells: a monotone function of the high cell's count)",
    declaredEpsilon: 1,
    pair: { name: "add a record in the empty cell", D, Dprime: [...D, [9]] },
    release: (data, rng) =>
      captureWarnings(() =>
        privateElbow(eugkmSynopsis(data, { epsilon: epsilonUsed, bounds: box, gridSize: 2, rng, accountant: new BudgetAccountant() }), [1], {
          randomState: 1,
          nInit: 1, // k = 1 has one answer: restarts would only cost time
        }),
      ).result[0]!.inertia,
  };
}

function elbowTarget(D: Rows): AuditTarget {
  const epsilon = 1;
  return {
    model: "private elbow",
    variant: "correct",
    epsilon,
    run: (data, seed) => observe(() => {
      const accountant = new BudgetAccountant();
      const synopsis = eugkmSynopsis(data, { epsilon, bounds: BOX2, publicSize: D.length, randomState: seed, accountant });
      return {
        noisyCounts: synopsis.noisyCounts,
        gridSize: synopsis.gridSize,
        size: synopsis.size,
        elbow: privateElbow(synopsis, [1, 2, 3, 4], { randomState: seed }),
        ledger: ledgerOf(accountant.rows()),
      };
    }),
    pairs: standardPairs(D),
    scalar: elbowInertiaScalar(epsilon),
  };
}

function deidentifyTarget(): AuditTarget {
  const epsilon = 1;
  const records = (weights: number[]) => weights.map((w, i) => ({ name: `p${i}`, weight_kg: w }));
  const weights = Array.from({ length: 60 }, (_, i) => [0.5, 6, 60][i % 3]! * (1 + (i % 7) / 10));
  const D = weights.map((w) => [w]);
  const release = (data: Rows, seed: string) =>
    dpRelease(records(data.map((r) => r[0]!)), { column: "weight_kg", k: 3, bounds: { lower: 0.1, upper: 999.9 }, epsilon, seed });
  return {
    model: "de-identification DP release",
    variant: "correct",
    epsilon,
    run: (data, seed) => observe(() => {
      const r = release(data, seed);
      return { clusters: r.clusters, statistics: r.statistics, histogram: r.histogram, range: r.range, basis: r.basis, ledger: ledgerOf(r.ledger) };
    }),
    pairs: [
      { name: "add a 999.9 kg record", D, Dprime: [...D, [999.9]] },
      { name: "add a record beyond the bound", D, Dprime: [...D, [5000]] },
      { name: "remove a record", D, Dprime: D.slice(0, -1) },
    ],
  };
}

/**
 * Sizes where DPLloyd's schedule changes (ε = 1, d = 2, k = 3: T = 2 at n = 1,580, 3 at 1,581): the pair
 * that catches a model reading T off the data.
 */
export function scheduleBoundaryPair(): NeighbourPair<Rows> {
  const D = auditBlobs(1580, "boundary");
  return { name: "n = 1,580 vs 1,581 (DPLloyd's T changes there)", D, Dprime: [...D, [5, 5]] };
}

/** EUGkM in 1-D on [10, 20], one cluster: the released count of the top cell, where the added record falls. */
function eugkmCellScalar(epsilon: number): AuditedScalar {
  const D = [10.5, 11, 12, 14, 15.5, 17, 18, 19.5].map((v) => [v]);
  const fit = (data: Rows, rng: RandomSource) =>
    new DPKMeans({ nClusters: 1, epsilon, bounds: [10, 20], method: "eugkm", publicSize: 8, randomState: rng, accountant: new BudgetAccountant() }).fit(data);
  const probe = captureWarnings(() => fit(D, createRandom(1))).result;
  return {
    name: "count of the top grid cell",
    declaredEpsilon: probe.fitInfo.ledger[0]!.epsilon,
    pair: { name: "add the value 20 (the top cell)", D, Dprime: [...D, [20]] },
    release: (data, rng) => {
      const counts = captureWarnings(() => fit(data, rng)).result.released.noisyCellCounts!;
      return counts[counts.length - 1]!;
    },
  };
}

/** The noisy count of the rows a model releases when no size is declared (ε = 20: the count gets 1). */
function noisySizeScalar(): AuditedScalar {
  const D = auditBlobs(40);
  const fit = (data: Rows, rng: RandomSource) =>
    new DPKMeans({ nClusters: 2, epsilon: 20, bounds: BOX2, method: "dplloyd", randomState: rng, accountant: new BudgetAccountant() }).fit(data);
  const probe = captureWarnings(() => fit(D, createRandom(1))).result;
  return {
    name: "the noisy count of the rows",
    declaredEpsilon: probe.fitInfo.size.epsilon,
    pair: { name: "remove a record", D, Dprime: D.slice(0, -1) },
    release: (data, rng) => captureWarnings(() => fit(data, rng)).result.fitInfo.size.value,
  };
}

/** The correct targets. */
export function correctTargets(): AuditTarget[] {
  const D = auditBlobs(60);
  const boundary = scheduleBoundaryPair();
  const dplloyd = kmeansTarget("dplloyd", 1, 60, D);
  return [
    { ...kmeansTarget("auto", 1, 60, D), scalar: undefined },
    { ...kmeansTarget("eugkm", 1, 60, D), scalar: eugkmCellScalar(2) },
    { ...dplloyd, scalar: oneClusterScalars("count", 3) },
    { ...kmeansTarget("dplloyd", 3, 60, D), model: "KMeans (dplloyd), sums", scalar: oneClusterScalars("sum", 3) },
    { ...kmeansTarget("hybrid", 1, 60, D) },
    {
      ...kmeansTarget("dplloyd", 1, undefined, D),
      model: "KMeans (dplloyd, noisy size)",
      pairs: [...standardPairs(D), boundary],
      scalar: noisySizeScalar(),
    },
    { ...kmeansTarget("dplloyd", 1, 1580, D), model: "KMeans (dplloyd, publicSize 1,580)", pairs: [boundary] },
    scalerTarget(D),
    pcaTarget(D),
    pipelineTarget(D),
    elbowTarget(D),
    deidentifyTarget(),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Broken variants: each must be caught
// ---------------------------------------------------------------------------------------------------------

/** BROKEN: T (and everything else sized by n) from the data's exact number of rows, as diffprivlib does. */
function exactSizeTarget(): AuditTarget {
  const boundary = scheduleBoundaryPair();
  return {
    model: "KMeans (dplloyd)",
    variant: "broken",
    defect: "T from the exact n (publicSize := len(X))",
    epsilon: 1,
    run: (data, seed) =>
      observe(
        () =>
          new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX2, method: "dplloyd", publicSize: data.length, randomState: seed, accountant: new BudgetAccountant() }).fit(data).released,
      ),
    pairs: [boundary],
  };
}

/** BROKEN: the release also carries the exact number of clipped values. */
function exactClipCountTarget(): AuditTarget {
  const D = auditBlobs(60);
  return {
    model: "KMeans (eugkm)",
    variant: "broken",
    defect: "an exact clipped count in the output",
    epsilon: 1,
    run: (data, seed) =>
      observe(() => {
        const km = new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX2, method: "eugkm", publicSize: 60, randomState: seed, accountant: new BudgetAccountant() }).fit(data);
        return { ...km.released, clipped: km.exact.clippedValues };
      }),
    pairs: standardPairs(D),
  };
}

/** A one-iteration, one-cluster DPLloyd in 1-D on [10, 20] with a replaceable variant, from a fixed start. */
function engineScalar(variant: DPLloydVariant, kind: "count" | "sum", epsilon: number, declared: number): AuditedScalar {
  const D = [10.5, 11, 12, 14, 15.5, 17, 18, 19.5].map((v) => [v]);
  const bounds = { lower: [10], upper: [20] };
  return {
    name: `iteration 1 ${kind}`,
    declaredEpsilon: declared,
    pair: { name: "add the value 1000 (clipped to 20)", D, Dprime: [...D, [1000]] },
    release: (data, rng) => {
      const run = runDPLloyd(toMatrix(data), {
        k: 1,
        epsilon,
        bounds,
        rng,
        accountant: new BudgetAccountant(),
        iterations: 1,
        init: Float64Array.of(15),
        variant,
      });
      const step = run.iterations[0]!;
      return kind === "count" ? step.counts[0]! : step.sums[0]!;
    },
  };
}

/** BROKEN (diffprivlib 0.6.6): the count and sum shares swapped; the receipt still shows the intended split. */
function swappedSplitTarget(): AuditTarget {
  const epsilon = 5;
  const intended = dplloydSchedule(epsilon, 1, 1)[0]!;
  const swapped: DPLloydVariant = {
    ...DPLLOYD,
    name: "broken: swapped split",
    schedule: (e, t, d) =>
      Array.from({ length: t }, () => {
        const s = swappedDplloydSplit(e / t, d);
        return { count: s.count, perFeature: new Array<number>(d).fill(s.dim) };
      }),
  };
  return {
    model: "DPLloyd",
    variant: "broken",
    defect: "diffprivlib's swapped count/sum split (receipt shows the intended one)",
    epsilon,
    run: () => ({ released: {}, warnings: [] }),
    pairs: [],
    scalar: engineScalar(swapped, "count", epsilon, intended.count),
  };
}

/**
 * BROKEN (diffprivlib 0.6.6): DPLloyd whose sums' noise is calibrated to u − l instead of max(|l|, |u|);
 * everything else correct. Used by the model audit and the end-to-end test (test/dp-models/privacy.test.ts).
 */
export const RANGE_SENSITIVITY_DPLLOYD: DPLloydVariant = {
  ...DPLLOYD,
  name: "broken: sum sensitivity u − l",
  release(X, centres, k, options) {
    const exact = releaseClusterStatistics(X, centres, k, { ...options, budget: { count: Infinity, perFeature: [Infinity] } });
    const count = new DiscreteLaplaceMechanism({ epsilon: options.budget.count });
    const sum = new GridLaplaceMechanism({ epsilon: options.budget.perFeature[0]!, sensitivity: options.bounds.upper[0]! - options.bounds.lower[0]! });
    return {
      ...exact,
      counts: exact.counts.map((c) => count.randomise(c, options.rng)),
      sums: exact.sums.map((s) => sum.randomise(s, options.rng)),
    };
  },
};

/** BROKEN (diffprivlib 0.6.6): the sums' noise calibrated to u − l instead of max(|l|, |u|). */
function rangeSensitivityTarget(): AuditTarget {
  const epsilon = 3;
  const intended = dplloydSchedule(epsilon, 1, 1)[0]!;
  const variant = RANGE_SENSITIVITY_DPLLOYD;
  return {
    model: "DPLloyd",
    variant: "broken",
    defect: "sum sensitivity u − l",
    epsilon,
    run: () => ({ released: {}, warnings: [] }),
    pairs: [],
    scalar: engineScalar(variant, "sum", epsilon, intended.perFeature[0]!),
  };
}

/** The correct engine-level DPLloyd scalars (the controls of the two broken engine variants). */
function engineControls(): AuditTarget[] {
  const epsilon = 5;
  const intended = dplloydSchedule(epsilon, 1, 1)[0]!;
  const base = { model: "DPLloyd (engine)", variant: "correct" as const, epsilon, run: () => ({ released: {}, warnings: [] }), pairs: [] };
  return [
    { ...base, scalar: engineScalar(DPLLOYD, "count", epsilon, intended.count) },
    { ...base, epsilon: 3, scalar: engineScalar(DPLLOYD, "sum", 3, dplloydSchedule(3, 1, 1)[0]!.perFeature[0]!) },
  ];
}

/**
 * BROKEN (the review's finding 1): a DP StandardScaler whose normaliser is len(X). Its mean's noise grid
 * step is then 2⁻¹³ on 10 rows and 2⁻¹⁴ on 11: half the outputs on D′ are impossible on D (ε = ∞), a
 * difference of support that no threshold event sees — the lattice event does.
 */
function lengthNormaliserTarget(): AuditTarget {
  const epsilon = 2;
  const D = [1, 2, 3, 4, 5, 6, 7, 8, 9, 9.5].map((v) => [v, v]);
  const fit = (data: Rows, rng: RandomSource) =>
    new DPStandardScaler({ epsilon, bounds: BOX2, publicSize: data.length, randomState: rng, accountant: new BudgetAccountant() }).fit(data);
  const probe = captureWarnings(() => fit(D, createRandom(1))).result;
  return {
    model: "StandardScaler",
    variant: "broken",
    defect: "the mean's normaliser from len(X) (publicSize := len(X))",
    epsilon,
    run: () => ({ released: {}, warnings: [] }),
    pairs: [],
    scalar: {
      name: "mean of feature 0",
      declaredEpsilon: probe.fitInfo.ledger[0]!.epsilon,
      pair: { name: "add a record inside the bounds (10 → 11 rows)", D, Dprime: [...D, [5, 5]] },
      release: (data, rng) => captureWarnings(() => fit(data, rng)).result.mean![0]!,
    },
  };
}

/**
 * BROKEN: half the noise — the release runs at 2ε while its ledger row (the declared ε) says ε. Built on the
 * same designed scalar as the correct model's statistical check, so the check that must pass for the model
 * is the one that must catch this.
 */
function halfNoiseTarget(model: string, scalar: AuditedScalar): AuditTarget {
  return {
    model,
    variant: "broken",
    defect: "half the noise (runs at 2ε, the receipt says ε)",
    epsilon: scalar.declaredEpsilon,
    run: () => ({ released: {}, warnings: [] }),
    pairs: [],
    scalar,
  };
}

/** The broken variants, each of which the audit must catch. */
export function brokenTargets(): AuditTarget[] {
  return [
    exactSizeTarget(),
    exactClipCountTarget(),
    swappedSplitTarget(),
    rangeSensitivityTarget(),
    lengthNormaliserTarget(),
    halfNoiseTarget("StandardScaler", scalerMeanScalar(2)),
    halfNoiseTarget("PCA", pcaVarianceScalar(2)),
    halfNoiseTarget("private elbow", elbowInertiaScalar(2)),
  ];
}

/** Every target: the correct models (and engine controls), then the broken variants. */
export function allTargets(): AuditTarget[] {
  return [...correctTargets(), ...engineControls(), ...brokenTargets()];
}

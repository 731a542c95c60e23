/**
 * What the model audit (`npm run audit:models`, `model-audit.ts`) runs: every public DP model and release
 * of the course, each on neighbouring datasets chosen to be adversarial (a record far outside the bounds,
 * one on a bound, one removed, sizes where a schedule would change), plus deliberately broken variants that
 * the audit must catch: T from the exact n, an exact clipped count in the output, diffprivlib's swapped
 * count/sum split, and the sum sensitivity u − l.
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

function scalerTarget(D: Rows): AuditTarget {
  const epsilon = 1;
  const fit = (data: Rows, seed: string | RandomSource) =>
    new DPStandardScaler({ epsilon, bounds: BOX2, publicSize: D.length, randomState: seed, accountant: new BudgetAccountant() }).fit(data);
  const meanRow = captureWarnings(() => fit(D, "probe")).result.fitInfo.ledger[0]!;
  return {
    model: "StandardScaler",
    variant: "correct",
    epsilon,
    run: (data, seed) => observe(() => {
      const s = fit(data, seed);
      return { mean: s.mean, var: s.var, scale: s.scale, nSamplesSeen: s.nSamplesSeen, fitInfo: s.fitInfo };
    }),
    pairs: standardPairs(D),
    scalar: {
      name: "mean of feature 0",
      declaredEpsilon: meanRow.epsilon,
      pair: { name: "add a record at the far corner, outside the bounds", D, Dprime: [...D, [1e6, 1e6]] },
      release: (data, rng) => captureWarnings(() => fit(data, rng)).result.mean![0]!,
    },
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
    scalar: {
      name: "explained variance of component 1",
      declaredEpsilon: epsilon,
      pair: { name: "add a record far outside the bounds", D, Dprime: [...D, [1e6, -1e6]] },
      release: (data, rng) => captureWarnings(() => fit(data, rng)).result.explainedVariance[0]!,
    },
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
    scalar: {
      name: "k = 1 synopsis inertia",
      declaredEpsilon: epsilon,
      pair: { name: "add a record on the far corner", D, Dprime: [...D, [10, 10]] },
      release: (data, rng) =>
        captureWarnings(() =>
          privateElbow(eugkmSynopsis(data, { epsilon, bounds: BOX2, publicSize: D.length, rng, accountant: new BudgetAccountant() }), [1], {
            randomState: 1,
          }),
        ).result[0]!.inertia,
    },
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

/** The broken variants, each of which the audit must catch. */
export function brokenTargets(): AuditTarget[] {
  return [exactSizeTarget(), exactClipCountTarget(), swappedSplitTarget(), rangeSensitivityTarget(), lengthNormaliserTarget()];
}

/** Every target: the correct models (and engine controls), then the broken variants. */
export function allTargets(): AuditTarget[] {
  return [...correctTargets(), ...engineControls(), ...brokenTargets()];
}

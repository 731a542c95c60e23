/**
 * The models the membership-inference game attacks, each reduced to what a fit RELEASES.
 *
 * - non-private k-means (`src/cluster`): its centres;
 * - the course's DP k-means (`src/dp/models`, DPLloyd or EUGkM, a declared public size): its released view —
 *   the centres, DPLloyd's noisy counts and sums of every iteration (with the public centres each iteration
 *   assigned to), EUGkM's noisy grid counts;
 * - a DELIBERATELY BROKEN DPLloyd whose noise is half what its declared ε needs (it really spends 2ε): the
 *   control that shows the game can catch a model breaking its promise. Never for a release.
 */
import { fitKMeans } from "../cluster/kmeans";
import { BudgetAccountant } from "../dp/accountant";
import { DPKMeans } from "../dp/kmeans/model";
import { DPLLOYD, runDPLloyd, type DPLloydVariant } from "../dp/kmeans/dplloyd";
import { dplloydIterations } from "../dp/kmeans/schedule";
import { releaseClusterStatistics } from "../dp/kmeans/statistics";
import type { RandomSource } from "../dp/random";
import type { Bounds, FlatMatrix } from "../validate";

/** One DPLloyd iteration as released: the public centres it assigned to, the noisy statistics, its ε. */
export interface ReleasedStep {
  /** The centres the points were assigned to (public: the previous release or the public start), k × d. */
  readonly assignedTo: Float64Array;
  /** Noisy count of each cluster, length k. */
  readonly counts: Float64Array;
  /** Noisy clamped sums, k × d. */
  readonly sums: Float64Array;
  /** The declared ε of the counts. */
  readonly epsilonCount: number;
  /** The declared ε of each feature's sums. */
  readonly epsilonPerFeature: readonly number[];
}

/** What one fit released, in the shape the attacks read. */
export interface GameRelease {
  /** The released centres, k × d row-major. */
  readonly centres: Float64Array;
  /** Number of clusters. */
  readonly k: number;
  /** Number of features. */
  readonly d: number;
  /** DPLloyd: every iteration's release; empty otherwise. */
  readonly steps: readonly ReleasedStep[];
  /** EUGkM: the noisy count of every grid cell (m^d); undefined otherwise. */
  readonly noisyCellCounts: Float64Array | undefined;
  /** EUGkM: cells per dimension. */
  readonly gridSize: number | undefined;
  /** EUGkM: the declared ε of the grid counts. */
  readonly epsilonCells: number | undefined;
}

/** A model in the game: a name, its declared ε, and one fit → what it releases. */
export interface GameModel {
  /** e.g. "DP k-means (DPLloyd), ε = 1". */
  readonly name: string;
  /** The ε it declares (Infinity: no privacy). */
  readonly epsilon: number;
  /** Which family, for the attacks that need to know the mechanism. */
  readonly kind: "kmeans" | "dplloyd" | "eugkm";
  /** One fit on some data with a fresh random source. */
  fit(data: FlatMatrix, rng: RandomSource): GameRelease;
}

/** Public settings every model of the game shares. */
export interface GameModelSettings {
  /** Number of clusters. */
  k: number;
  /** The public bounds. */
  bounds: Bounds;
  /** The declared public size (sets DPLloyd's iteration count and EUGkM's grid). */
  publicSize: number;
}

const flat = (rows: readonly (readonly number[])[]): Float64Array => Float64Array.from(rows.flat());

/**
 * Non-private k-means (k-means++, restarts, Lloyd run to a fixed point: `tol: 0`).
 *
 * @param settings - k (bounds and size are unused: nothing is clipped)
 */
export function nonPrivateModel(settings: GameModelSettings): GameModel {
  return {
    name: "k-means (not private)",
    epsilon: Infinity,
    kind: "kmeans",
    fit(data, rng) {
      const fit = fitKMeans(data, { nClusters: settings.k, nInit: 3, tol: 0, random: rng });
      return { centres: fit.centres, k: settings.k, d: data.d, steps: [], noisyCellCounts: undefined, gridSize: undefined, epsilonCells: undefined };
    },
  };
}

/**
 * The course's DP k-means (`DPKMeans` of `src/dp/models`), DPLloyd or EUGkM, with a declared public size,
 * reduced to its released view.
 *
 * @param method - `"dplloyd"` or `"eugkm"`
 * @param epsilon - the ε of one fit
 * @param settings - k, public bounds, public size
 */
export function dpModel(method: "dplloyd" | "eugkm", epsilon: number, settings: GameModelSettings): GameModel {
  const label = method === "dplloyd" ? "DPLloyd" : "EUGkM";
  return {
    name: `DP k-means (${label}), ε = ${epsilon}`,
    epsilon,
    kind: method,
    fit(data, rng) {
      const model = new DPKMeans({
        nClusters: settings.k,
        epsilon,
        bounds: settings.bounds,
        method,
        publicSize: settings.publicSize,
        randomState: rng,
        accountant: new BudgetAccountant(),
        nInit: 3,
      }).fit(data);
      const released = model.released;
      const cells = released.fitInfo.ledger.find((r) => r.label.startsWith("EUGkM"));
      return {
        centres: flat(released.clusterCenters),
        k: settings.k,
        d: data.d,
        steps: released.steps.map((s) => ({
          assignedTo: flat(s.assignedTo),
          counts: Float64Array.from(s.noisyCounts),
          sums: flat(s.noisySums),
          epsilonCount: s.epsilonCount,
          epsilonPerFeature: s.epsilonPerFeature,
        })),
        noisyCellCounts: released.noisyCellCounts,
        gridSize: released.fitInfo.gridSize,
        epsilonCells: cells?.epsilon,
      };
    },
  };
}

/**
 * BROKEN: DPLloyd whose mechanisms get twice the ε its schedule declares, so its noise is half what the
 * declared ε needs (the fit really spends 2ε). Everything else — the start, the iteration count, the
 * update — is the course's DPLloyd.
 */
export const HALF_NOISE_DPLLOYD: DPLloydVariant = {
  ...DPLLOYD,
  name: "broken: noise halved",
  release(X, centres, k, options) {
    const b = options.budget;
    return releaseClusterStatistics(X, centres, k, {
      ...options,
      budget: { count: 2 * b.count, perFeature: b.perFeature.map((e) => 2 * e) },
    });
  },
};

/**
 * BROKEN, for the game's control only: DPLloyd with its noise halved ({@link HALF_NOISE_DPLLOYD}), releasing
 * the same view as {@link dpModel} and declaring `epsilon`.
 *
 * @param epsilon - the ε it CLAIMS
 * @param settings - k, public bounds, public size
 */
export function halfNoiseDPLloydModel(epsilon: number, settings: GameModelSettings): GameModel {
  const d = settings.bounds.lower.length;
  const iterations = dplloydIterations(epsilon, settings.publicSize, d, settings.k);
  return {
    name: `BROKEN DPLloyd (noise halved), claims ε = ${epsilon}`,
    epsilon,
    kind: "dplloyd",
    fit(data, rng) {
      const run = runDPLloyd(data, {
        k: settings.k,
        epsilon,
        bounds: settings.bounds,
        rng,
        accountant: new BudgetAccountant(),
        iterations,
        variant: HALF_NOISE_DPLLOYD,
      });
      return {
        centres: run.centres,
        k: settings.k,
        d: data.d,
        steps: run.iterations.map((s) => ({
          assignedTo: s.assignedTo,
          counts: s.counts,
          sums: s.sums,
          epsilonCount: s.budget.count,
          epsilonPerFeature: s.budget.perFeature,
        })),
        noisyCellCounts: undefined,
        gridSize: undefined,
        epsilonCells: undefined,
      };
    },
  };
}

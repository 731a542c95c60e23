/**
 * DP k-means in the benchmarks.
 *
 * Speed (synthetic blobs, k = 3, ε = 1; 2-D at every size, and 1,000,000 points in d = 6 and 10):
 * `dplloyd` with T forced to 7 noisy iterations (Su et al.'s maximum; target ≤ 150 ms at 1,000,000 × 2),
 * `eugkm` (one grid release + weighted k-means with 10 restarts on the cells) and `hybrid` (EUGkM start with
 * ε/2, one DPLloyd step), all through the learner-facing `DPKMeans` (validation, final labels and inertia
 * included).
 *
 * Utility (every registered data set, every ε, 50 seeds): `eugkm`, `dplloyd`, `hybrid`, and
 * `dplloyd-as-shipped`, a REFERENCE re-creation of diffprivlib 0.6.6's DPLloyd with its defects (swapped
 * split, u − l sensitivity, bounded-domain Laplace, skipped empty clusters) — not part of the public API,
 * here only to show what the fixes are worth. Targets: eugkm median quality ratio ≤ 1.15 at ε = 1 and
 * ≤ 1.35 at ε = 0.2 on the Pokémon log10 weight and height.
 */
import { BudgetAccountant } from "../../src/dp/accountant";
import { createRandom } from "../../src/dp/random";
import { DPKMeans, type DPKMeansMethod } from "../../src/dp/kmeans/model";
import { runDPLloyd } from "../../src/dp/kmeans/dplloyd";
import { dplloydIterations } from "../../src/dp/kmeans/schedule";
import { DPLLOYD_AS_SHIPPED } from "../../src/dp/kmeans/as-shipped";
import { toRows, type FlatMatrix } from "../../src/validate";
import { registerSpeedMethod, registerUtilityMethod, SPEED_DIMS, type FitContext } from "./registry";

/** Every fit gets its own unlimited accountant: a bench is a measurement, not a release. */
function fitModel(method: DPKMeansMethod, X: FlatMatrix, context: FitContext, maxIter?: number) {
  const model = new DPKMeans({
    nClusters: context.k,
    epsilon: context.epsilon ?? 1,
    bounds: context.bounds,
    method,
    randomState: context.seed,
    maxIter,
    // A benchmark's data size is public by construction (it generated the data).
    publicSize: X.n,
    accountant: new BudgetAccountant(),
  }).fit(X);
  return { centres: model.clusterCenters };
}

/**
 * Wide rows: 1,000,000 points in d = 6 and 10 for every method. EUGkM and the hybrid build a grid of up to
 * 2^22 cells there (12^6 ≈ 3.0 M at d = 6, ~24 s a fit), so they run once per wide case to keep the whole
 * bench within a few minutes.
 */
const gridRepeats = (n: number, d: number) => (d > 2 ? 1 : n >= 1_000_000 ? 3 : 7);

registerSpeedMethod<FlatMatrix>({
  method: "dplloyd",
  epsilon: 1,
  dims: SPEED_DIMS,
  fit: (X, context) => fitModel("dplloyd", X, context, 7),
});

for (const method of ["auto", "eugkm", "hybrid"] as const) {
  registerSpeedMethod<FlatMatrix>({
    method,
    epsilon: 1,
    dims: SPEED_DIMS,
    repeats: gridRepeats,
    fit: (X, context) => fitModel(method, X, context),
  });
}

// "auto" is the default: the algorithm chosen from public numbers (ε, size, d, k) by chooseMethod.
for (const method of ["auto", "eugkm", "dplloyd", "hybrid"] as const) {
  registerUtilityMethod({ method, fit: (X, context) => fitModel(method, X, context) });
}

registerUtilityMethod({
  method: "dplloyd-as-shipped",
  fit: (X, context) => {
    const run = runDPLloyd(X, {
      k: context.k,
      epsilon: context.epsilon ?? 1,
      bounds: context.bounds,
      rng: createRandom(context.seed),
      accountant: new BudgetAccountant(),
      // diffprivlib reads T off the data's own n (its defect: n is private under add/remove-one).
      iterations: dplloydIterations(context.epsilon ?? 1, X.n, X.d, context.k),
      variant: DPLLOYD_AS_SHIPPED,
    });
    return { centres: toRows(run.centres, context.k, X.d) };
  },
});

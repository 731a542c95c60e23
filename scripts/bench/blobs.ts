/**
 * Utility data sets beyond the Pokémon: Gaussian blobs in d = 6 and 10 (10,000 points, k = 3 blobs with
 * centres in ±10 and σ = 1; public bounds ±16 per feature, fixed before seeing the data), where a grid
 * needs m^d cells: the regime in which EUGkM's grid stops paying and DPLloyd or the hybrid take over
 * (see `src/dp/kmeans/choose.ts`). 20 seeds per ε instead of 50: these fits are the slow ones of the bench.
 */
import { makeBlobs } from "../../src/cluster";
import { registerUtilityDataset } from "./registry";

/** Points in each blob data set of the utility bench. */
export const UTILITY_BLOB_N = 10_000;

for (const d of [6, 10]) {
  registerUtilityDataset({
    name: `blobs-d${d}`,
    k: 3,
    seeds: 20,
    load: () => {
      const { X } = makeBlobs({ n: UTILITY_BLOB_N, d, k: 3, spread: 1, box: 10, seed: `utility-blobs-d${d}` });
      return { X, bounds: { lower: new Array<number>(d).fill(-16), upper: new Array<number>(d).fill(16) } };
    },
  });
}

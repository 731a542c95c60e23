/**
 * Data sets of the utility bench: the cached Pokémon table with public (domain) bounds, as in the course's
 * measurements (docs in /data/README.md): 2-D log10 weight and height, 1-D raw weight, 6-D base stats; k = 3.
 */
import { featureMatrix, loadPokemon } from "../../src/data";
import { toMatrix } from "../../src/validate";
import { registerUtilityDataset } from "./registry";

function pokemon(name: string, features: string[]) {
  registerUtilityDataset({
    name,
    k: 3,
    load: () => {
      const { X, bounds } = featureMatrix(loadPokemon(), features);
      return { X: toMatrix(X), bounds: { lower: [...bounds.lower], upper: [...bounds.upper] } };
    },
  });
}

pokemon("pokemon-log-weight-height", ["log10_weight_kg", "log10_height_m"]);
pokemon("pokemon-weight", ["weight_kg"]);
pokemon("pokemon-base-stats", ["hp", "attack", "defense", "sp_attack", "sp_defense", "speed"]);

/**
 * The cached Pokémon data: typed records, the schema, public bounds and feature matrices.
 *
 * This entry point never loads danfojs; for a DataFrame import `pokemonFrame` from `./frame`.
 *
 * In notebooks import it as `./src/data/index`: tslab resolves a local import only to a file (it adds
 * `.ts`), never to a folder's index, so `./src/data` fails there although Node and tsx accept it.
 *
 * @example
 * import { loadPokemon, featureMatrix } from "./src/data/index";
 * const { X, bounds } = featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]);
 */
export { loadPokemon, defaultPokemonCsvPath, type LoadPokemonOptions } from "./load";
export { column, featureMatrix, type FeatureMatrix } from "./features";
export { formatPokemonCsv, parsePokemonCsv } from "./pokemon-csv";
export {
  BASE_STAT_COLUMNS,
  DERIVED_FEATURES,
  NUMERIC_COLUMNS,
  NUMERIC_FEATURES,
  POKEMON_COLUMNS,
  PUBLIC_BOUNDS,
  SPECIES_COUNT,
  isNumericFeature,
  isPokemonColumn,
  type DerivedFeature,
  type NumericColumn,
  type NumericFeature,
  type Pokemon,
  type PokemonColumn,
  type PublicBounds,
} from "./schema";

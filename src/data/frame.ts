/**
 * The Pokémon table as a danfojs DataFrame, for lessons that show pandas-style summaries (`describe()`,
 * `median()`), side by side with the Python course.
 *
 * Kept apart from the plain loader on purpose: importing danfojs-node takes about 1.5 s and 270 MB, so it
 * is loaded only when this function first runs, never by `./index`.
 */
import type { DataFrame } from "danfojs-node";
import { loadPokemon, type LoadPokemonOptions } from "./load";
import { POKEMON_COLUMNS } from "./schema";

/**
 * Load the Pokémon table as a danfojs-node DataFrame with the CSV's columns, in the CSV's order
 * ({@link POKEMON_COLUMNS}); `type2` holds `null` where a species has one type, flags are booleans.
 *
 * @param options - as for {@link loadPokemon}: `first` (default all 1,025) and `path`
 * @returns a new DataFrame, one row per species, ordered by national number
 * @throws InvalidInputError as {@link loadPokemon} does
 * @example
 * const df = pokemonFrame({ first: 251 });
 * df["weight_kg"].median();
 */
export function pokemonFrame(options: LoadPokemonOptions = {}): DataFrame {
  const records = loadPokemon(options);
  // Required here, not imported at the top: see the module comment.
  const danfo: typeof import("danfojs-node") = require("danfojs-node");
  const data: Record<string, unknown[]> = {};
  for (const name of POKEMON_COLUMNS) data[name] = records.map((r) => r[name]);
  return new danfo.DataFrame(data);
}

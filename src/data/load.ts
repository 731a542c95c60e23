/**
 * Loading the cached Pokémon table as typed records: a synchronous read of `data/pokemon.csv`, no network,
 * no heavy imports (the DataFrame view lives in `./frame` because danfojs takes about 1.5 s to import).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InvalidInputError } from "../errors";
import { parsePokemonCsv } from "./pokemon-csv";
import { SPECIES_COUNT, type Pokemon } from "./schema";

/** Options of {@link loadPokemon}. */
export interface LoadPokemonOptions {
  /**
   * Keep only national numbers 1..`first` (e.g. 151 for Generation 1, 251 for Generations 1–2, as in the
   * Airflow example). An integer from 1 to 1025. Default: all 1,025 species.
   */
  first?: number;
  /** Path of the CSV to read. Default: {@link defaultPokemonCsvPath}, wherever the process runs from. */
  path?: string;
}

/**
 * Find the project root from this module's location (the nearest folder upwards holding package.json),
 * so the default path works whatever the current directory is. Falls back to the current directory.
 */
function findProjectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Absolute path of the committed table, `data/pokemon.csv` under the project root. */
export const defaultPokemonCsvPath: string = join(findProjectRoot(), "data", "pokemon.csv");

/**
 * Check a `first` option: an integer from 1 to 1025.
 *
 * @throws InvalidInputError otherwise, saying what to pass instead
 */
function validateFirst(first: unknown): number {
  if (typeof first !== "number" || !Number.isInteger(first) || first < 1 || first > SPECIES_COUNT) {
    throw new InvalidInputError(
      "bad-first",
      `first must be an integer from 1 to ${SPECIES_COUNT} (how many species to keep, by national number), ` +
        `got ${typeof first === "number" ? first : JSON.stringify(first)}. ` +
        `For example { first: 251 } for Generations 1–2, or leave it out for all ${SPECIES_COUNT}.`,
    );
  }
  return first;
}

/**
 * Load the Pokémon table as typed records, one per species, ordered by national number.
 *
 * Each call reads and parses the file afresh (about a millisecond or two) and returns new objects, so a
 * caller may change them without affecting anyone else.
 *
 * @param options - `first` (default: all 1,025) and `path` (default: the project's `data/pokemon.csv`)
 * @returns the records; with `first: n`, national numbers 1..n
 * @throws InvalidInputError when `first` is not an integer 1–1025, the file is missing, or it does not
 *   parse as the Pokémon table
 * @example
 * const gen12 = loadPokemon({ first: 251 });
 * gen12.at(-1)?.name; // "Celebi"
 */
export function loadPokemon(options: LoadPokemonOptions = {}): Pokemon[] {
  const first = options.first === undefined ? SPECIES_COUNT : validateFirst(options.first);
  const path = resolve(options.path ?? defaultPokemonCsvPath);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InvalidInputError(
      "data-file-unreadable",
      `Cannot read the Pokémon table at ${path} (${(error as Error).message}). ` +
        "Check the path, or regenerate the default file with `npm run data`.",
    );
  }
  const records = parsePokemonCsv(text, path);
  // Filter whenever `first` was given, also at 1025: a larger file in the same schema (generated, or with
  // rows beyond the National Pokédex) must still be cut to national numbers 1..first, as documented.
  return options.first === undefined ? records : records.filter((r) => r.national_number <= first);
}

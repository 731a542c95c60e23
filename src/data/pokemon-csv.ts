/**
 * The Pokémon table <-> CSV text, in both directions, with one fixed formatting so the committed file is
 * byte-identical whenever it is regenerated from the same source.
 */
import { InvalidInputError } from "../errors";
import { formatCsv, parseCsv } from "./csv";
import { POKEMON_COLUMNS, type Pokemon, type PokemonColumn } from "./schema";

/** Columns written as integers. */
const INTEGER_COLUMNS = new Set<PokemonColumn>([
  "national_number",
  "generation",
  "hp",
  "attack",
  "defense",
  "sp_attack",
  "sp_defense",
  "speed",
]);

/** Columns measured in tenths (0.1 m, 0.1 kg), written with exactly one decimal. */
const TENTHS_COLUMNS = new Set<PokemonColumn>(["height_m", "weight_kg"]);

/**
 * Format a value recorded in tenths with exactly one decimal ("6.0", "460.0", "0.1"), from the integer
 * count of tenths so no binary floating-point residue can change the text.
 */
function formatTenths(value: number, column: string, name: string): string {
  const tenths = Math.round(value * 10);
  if (!Number.isFinite(value) || Math.abs(value * 10 - tenths) > 1e-6 || tenths < 0) {
    throw new InvalidInputError(
      "not-in-tenths",
      `${name}: ${column} = ${value} is not a non-negative multiple of 0.1. The table records heights and weights in 0.1 steps; fix the source value.`,
    );
  }
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

function formatInteger(value: number, column: string, name: string): string {
  if (!Number.isSafeInteger(value)) {
    throw new InvalidInputError("not-an-integer", `${name}: ${column} = ${value} must be an integer. Fix the source value.`);
  }
  return String(value);
}

/**
 * Format records as the CSV text of `data/pokemon.csv`: header {@link POKEMON_COLUMNS}, one row per
 * record in the given order, integers plain, height and weight with one decimal, `type2` empty when
 * `null`, flags `true`/`false`, fields quoted only when needed, `\n` line ends, UTF-8 text as given.
 *
 * @param records - the rows to write (the caller fixes their order)
 * @returns the file's text, ending with `\n`
 * @throws InvalidInputError when an integer column holds a non-integer, or height/weight is not in 0.1 steps
 */
export function formatPokemonCsv(records: readonly Pokemon[]): string {
  const rows: string[][] = [POKEMON_COLUMNS.slice()];
  for (const r of records) {
    rows.push(
      POKEMON_COLUMNS.map((column): string => {
        const value = r[column];
        if (INTEGER_COLUMNS.has(column)) return formatInteger(value as number, column, r.name);
        if (TENTHS_COLUMNS.has(column)) return formatTenths(value as number, column, r.name);
        if (typeof value === "boolean") return value ? "true" : "false";
        if (value === null) return "";
        return String(value);
      }),
    );
  }
  return formatCsv(rows);
}

function parseNumber(field: string, column: string, line: number): number {
  const value = field.trim() === "" ? NaN : Number(field);
  if (!Number.isFinite(value)) {
    throw new InvalidInputError(
      "bad-number",
      `CSV line ${line}: ${column} = "${field}" is not a number. Fix the file or regenerate it with \`npm run data\`.`,
    );
  }
  return value;
}

function parseBoolean(field: string, column: string, line: number): boolean {
  if (field === "true") return true;
  if (field === "false") return false;
  throw new InvalidInputError(
    "bad-boolean",
    `CSV line ${line}: ${column} = "${field}" must be "true" or "false". Fix the file or regenerate it with \`npm run data\`.`,
  );
}

/**
 * Parse the text of `data/pokemon.csv` into typed records.
 *
 * @param text - the CSV text; its header must be exactly {@link POKEMON_COLUMNS}
 * @param source - a name for the text in error messages (e.g. the file path); default `"pokemon.csv"`
 * @returns one record per data row, in file order
 * @throws InvalidInputError when the header differs, a row has the wrong number of fields, or a value
 *   does not parse (the message gives the line and column)
 */
export function parsePokemonCsv(text: string, source = "pokemon.csv"): Pokemon[] {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  if (header.join(",") !== POKEMON_COLUMNS.join(",")) {
    throw new InvalidInputError(
      "bad-header",
      `${source}: the header is "${header.join(",")}" but must be "${POKEMON_COLUMNS.join(",")}". ` +
        "Point `path` at a file written by `npm run data`, or regenerate it.",
    );
  }
  const records: Pokemon[] = [];
  for (let i = 1; i < rows.length; i++) records.push(pokemonFromFields(rows[i]!, i + 1, source));
  return records;
}

/**
 * One data row of the Pokémon table as a typed record.
 *
 * @param f - the row's fields, in {@link POKEMON_COLUMNS} order
 * @param line - its line number, for messages
 * @param source - a name for the file in messages
 * @throws InvalidInputError for the wrong number of fields or a value that does not parse
 */
export function pokemonFromFields(f: readonly string[], line: number, source = "pokemon.csv"): Pokemon {
  if (f.length !== POKEMON_COLUMNS.length) {
    throw new InvalidInputError(
      "bad-row",
      `${source} line ${line}: ${f.length} fields, expected ${POKEMON_COLUMNS.length}. ` +
        "Quote fields that contain commas, or regenerate the file with `npm run data`.",
    );
  }
  return {
    national_number: parseNumber(f[0]!, "national_number", line),
    name: f[1]!,
    generation: parseNumber(f[2]!, "generation", line),
    type1: f[3]!,
    type2: f[4] === "" ? null : f[4]!,
    height_m: parseNumber(f[5]!, "height_m", line),
    weight_kg: parseNumber(f[6]!, "weight_kg", line),
    hp: parseNumber(f[7]!, "hp", line),
    attack: parseNumber(f[8]!, "attack", line),
    defense: parseNumber(f[9]!, "defense", line),
    sp_attack: parseNumber(f[10]!, "sp_attack", line),
    sp_defense: parseNumber(f[11]!, "sp_defense", line),
    speed: parseNumber(f[12]!, "speed", line),
    legendary: parseBoolean(f[13]!, "legendary", line),
    mythical: parseBoolean(f[14]!, "mythical", line),
  };
}

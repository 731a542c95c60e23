/**
 * The schema of the cached Pokémon table and the public bounds of every numeric feature.
 *
 * The bounds come from the game's domain (how the values are defined and stored), never from the data:
 * differentially private models need bounds that do not depend on any record, otherwise the bounds
 * themselves leak. `data/README.md` explains each one; keep the two in step.
 */

/** How many species the National Pokédex has (Generations 1–9), and so how many rows the table has. */
export const SPECIES_COUNT = 1025;

/** The CSV columns, in file order. The record fields of {@link Pokemon} have exactly these names. */
export const POKEMON_COLUMNS = [
  "national_number",
  "name",
  "generation",
  "type1",
  "type2",
  "height_m",
  "weight_kg",
  "hp",
  "attack",
  "defense",
  "sp_attack",
  "sp_defense",
  "speed",
  "legendary",
  "mythical",
] as const;

/** One column name of the table. */
export type PokemonColumn = (typeof POKEMON_COLUMNS)[number];

/** The numeric columns of the table, in file order. */
export const NUMERIC_COLUMNS = [
  "national_number",
  "generation",
  "height_m",
  "weight_kg",
  "hp",
  "attack",
  "defense",
  "sp_attack",
  "sp_defense",
  "speed",
] as const;

/** One numeric column of the table. */
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

/** The six base stats, in the games' order (HP, Attack, Defense, Sp. Atk, Sp. Def, Speed). */
export const BASE_STAT_COLUMNS = ["hp", "attack", "defense", "sp_attack", "sp_defense", "speed"] as const;

/**
 * Features computed on the fly by a public transform of a column (base-10 logarithm). The lessons cluster
 * on these because weights and heights are heavy-tailed.
 */
export const DERIVED_FEATURES = ["log10_weight_kg", "log10_height_m"] as const;

/** One derived feature. */
export type DerivedFeature = (typeof DERIVED_FEATURES)[number];

/** Every numeric feature: the numeric columns, then the derived ones. */
export const NUMERIC_FEATURES = [...NUMERIC_COLUMNS, ...DERIVED_FEATURES] as const;

/** One numeric feature (a numeric column or a derived feature). */
export type NumericFeature = NumericColumn | DerivedFeature;

/** One species: a row of `data/pokemon.csv`, typed. Field names are the CSV column names. */
export interface Pokemon {
  /** National Pokédex number, 1–1025. */
  national_number: number;
  /** English name as Pokémon Showdown spells it (Unicode NFC), e.g. `"Farfetch’d"`, `"Nidoran-F"`. */
  name: string;
  /** Generation that introduced the species, 1–9. */
  generation: number;
  /** Primary type, e.g. `"Grass"`. */
  type1: string;
  /** Secondary type, or `null` when the species has one type (an empty field in the CSV). */
  type2: string | null;
  /** Height in metres (0.1 m steps). */
  height_m: number;
  /** Weight in kilograms (0.1 kg steps). */
  weight_kg: number;
  /** Base HP, 1–255. */
  hp: number;
  /** Base Attack, 1–255. */
  attack: number;
  /** Base Defense, 1–255. */
  defense: number;
  /** Base Special Attack, 1–255. */
  sp_attack: number;
  /** Base Special Defense, 1–255. */
  sp_defense: number;
  /** Base Speed, 1–255. */
  speed: number;
  /** Restricted Legendary or Sub-Legendary in Showdown's tags (Mythicals are not included). */
  legendary: boolean;
  /** Mythical in Showdown's tags. */
  mythical: boolean;
}

/** Public bounds of one numeric feature, with where they come from. */
export interface PublicBounds {
  /** Smallest value the domain allows. */
  readonly lower: number;
  /** Largest value the domain allows. */
  readonly upper: number;
  /** Unit of the values, or `""` for plain numbers. */
  readonly unit: string;
  /** Why these bounds are public: the domain fact they come from. */
  readonly reason: string;
}

/** Freeze a bounds table and its entries: bounds are shared by every model, so nobody may edit them in place. */
function deepFreeze<T extends Record<string, object>>(table: T): Readonly<T> {
  for (const entry of Object.values(table)) Object.freeze(entry);
  return Object.freeze(table);
}

const MIN_WEIGHT_KG = 0.1;
const MAX_WEIGHT_KG = 999.9;
const MIN_HEIGHT_M = 0.1;
const MAX_HEIGHT_M = 100;

const statBounds = (stat: string): PublicBounds => ({
  lower: 1,
  upper: 255,
  unit: "",
  reason: `Base ${stat} is stored in one byte and is at least 1: 1–255.`,
});

/**
 * Public bounds of every numeric feature, from the domain and never from the data.
 *
 * - weights: the Pokédex records weight in 0.1 kg steps and displays at most 999.9 kg;
 * - heights: recorded in 0.1 m steps; 100 m is a generous cap (the tallest form ever described,
 *   Eternamax Eternatus, is 100 m; the tallest base species is far below);
 * - base stats: one byte each, at least 1;
 * - generation 1–9 and national number 1–1025 are the published ranges of the National Pokédex;
 * - `log10_weight_kg`, `log10_height_m`: log10 of the bounds above. A public transform of public bounds is
 *   still public, so spending no privacy budget on them is correct.
 */
export const PUBLIC_BOUNDS: Readonly<Record<NumericFeature, PublicBounds>> = deepFreeze({
  national_number: {
    lower: 1,
    upper: SPECIES_COUNT,
    unit: "",
    reason: "The National Pokédex numbers 1–1025 (Generations 1–9).",
  },
  generation: { lower: 1, upper: 9, unit: "", reason: "Nine generations of games so far." },
  height_m: {
    lower: MIN_HEIGHT_M,
    upper: MAX_HEIGHT_M,
    unit: "m",
    reason: "Heights are recorded in 0.1 m steps; 100 m caps the tallest form ever described (Eternamax Eternatus).",
  },
  weight_kg: {
    lower: MIN_WEIGHT_KG,
    upper: MAX_WEIGHT_KG,
    unit: "kg",
    reason: "Weights are recorded in 0.1 kg steps and the Pokédex shows at most 999.9 kg.",
  },
  hp: statBounds("HP"),
  attack: statBounds("Attack"),
  defense: statBounds("Defense"),
  sp_attack: statBounds("Special Attack"),
  sp_defense: statBounds("Special Defense"),
  speed: statBounds("Speed"),
  log10_weight_kg: {
    lower: Math.log10(MIN_WEIGHT_KG),
    upper: Math.log10(MAX_WEIGHT_KG),
    unit: "log10 kg",
    reason: "log10 of the public weight bounds (-1 to about 2.99996): a public transform of public bounds.",
  },
  log10_height_m: {
    lower: Math.log10(MIN_HEIGHT_M),
    upper: Math.log10(MAX_HEIGHT_M),
    unit: "log10 m",
    reason: "log10 of the public height bounds (-1 to 2): a public transform of public bounds.",
  },
});

/**
 * Whether a name is a numeric feature (a numeric column or a derived feature).
 *
 * @param name - any column or feature name
 * @returns `true` for the names in {@link NUMERIC_FEATURES}
 */
export function isNumericFeature(name: string): name is NumericFeature {
  return (NUMERIC_FEATURES as readonly string[]).includes(name);
}

/**
 * Whether a name is a column of the table.
 *
 * @param name - any name
 * @returns `true` for the names in {@link POKEMON_COLUMNS}
 */
export function isPokemonColumn(name: string): name is PokemonColumn {
  return (POKEMON_COLUMNS as readonly string[]).includes(name);
}

/**
 * Numeric features of the Pokémon records as plain arrays, together with their public bounds, ready for
 * the clustering models (which take `number[][]` and `bounds`).
 */
import { InvalidInputError } from "../errors";
import {
  NUMERIC_FEATURES,
  POKEMON_COLUMNS,
  PUBLIC_BOUNDS,
  isNumericFeature,
  isPokemonColumn,
  type NumericFeature,
  type Pokemon,
} from "./schema";

/** A feature matrix with its feature names and their public bounds, in the same order. */
export interface FeatureMatrix {
  /** One row per record, one column per feature. */
  X: number[][];
  /** The feature names, in column order. */
  features: string[];
  /** Public (domain) bounds per feature, in column order: the `bounds` a DP model needs. */
  bounds: { lower: number[]; upper: number[] };
}

/**
 * Check a feature name and narrow it.
 *
 * @throws InvalidInputError for an unknown name (listing every column and feature) or a non-numeric
 *   column (listing the numeric features)
 */
function checkFeature(name: string): NumericFeature {
  if (isNumericFeature(name)) return name;
  const numeric = NUMERIC_FEATURES.join(", ");
  if (isPokemonColumn(name)) {
    throw new InvalidInputError(
      "non-numeric-feature",
      `Column "${name}" is not numeric, so it cannot be a feature. Numeric features are: ${numeric}.`,
    );
  }
  throw new InvalidInputError(
    "unknown-feature",
    `Unknown column "${name}". Valid columns are: ${POKEMON_COLUMNS.join(", ")}; ` +
      `derived features: log10_weight_kg, log10_height_m. Numeric features are: ${numeric}.`,
  );
}

/** The value of one numeric feature for one record; derived features are computed here, not stored. */
function featureValue(record: Pokemon, feature: NumericFeature): number {
  switch (feature) {
    case "log10_weight_kg":
      return Math.log10(record.weight_kg);
    case "log10_height_m":
      return Math.log10(record.height_m);
    default:
      return record[feature];
  }
}

/** Read one feature from every record, refusing anything that is not a finite number. */
function readColumn(records: readonly Pokemon[], feature: NumericFeature): number[] {
  const values = new Array<number>(records.length);
  for (let i = 0; i < records.length; i++) {
    const value = featureValue(records[i], feature);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InvalidInputError(
        "non-finite-value",
        `Record ${i} (${records[i].name}): ${feature} is ${value}, not a finite number. ` +
          "Load records with loadPokemon(), or fix the value (log10 features need a positive weight and height).",
      );
    }
    values[i] = value;
  }
  return values;
}

/**
 * One numeric column (or derived feature) of the records as a plain array.
 *
 * @param records - records from {@link loadPokemon}
 * @param name - a numeric column such as `"weight_kg"`, or a derived feature such as `"log10_weight_kg"`
 * @returns the values, in record order
 * @throws InvalidInputError for an unknown or non-numeric name (the message lists the valid ones), or a
 *   value that is not a finite number
 * @example column(loadPokemon({ first: 251 }), "weight_kg") // 251 weights in kg
 */
export function column(records: readonly Pokemon[], name: string): number[] {
  return readColumn(records, checkFeature(name));
}

/**
 * A feature matrix of the chosen numeric features, with their public bounds.
 *
 * The bounds come from {@link PUBLIC_BOUNDS} (the domain), never from the data, so passing them to a DP
 * model spends no privacy budget. Derived log10 features are computed on the fly from the records.
 *
 * @param records - records from {@link loadPokemon}
 * @param features - one or more distinct numeric features, e.g. `["log10_weight_kg", "log10_height_m"]`
 * @returns `X` (records × features), the feature names, and `bounds.lower` / `bounds.upper` per feature
 * @throws InvalidInputError when `features` is empty or repeats a name, a name is unknown (the message
 *   lists the valid ones) or not numeric (the message lists the numeric ones), or a value is not finite
 * @example
 * const { X, bounds } = featureMatrix(loadPokemon(), ["log10_weight_kg", "log10_height_m"]);
 * // bounds.lower = [-1, -1], bounds.upper = [2.99996…, 2]
 */
export function featureMatrix(records: readonly Pokemon[], features: readonly string[]): FeatureMatrix {
  if (!Array.isArray(features) || features.length === 0) {
    throw new InvalidInputError(
      "no-features",
      `Pass at least one feature name, e.g. ["log10_weight_kg", "log10_height_m"]. Numeric features are: ${NUMERIC_FEATURES.join(", ")}.`,
    );
  }
  const checked = features.map(checkFeature);
  const duplicate = checked.find((f, i) => checked.indexOf(f) !== i);
  if (duplicate !== undefined) {
    throw new InvalidInputError("duplicate-feature", `Feature "${duplicate}" is listed twice; list each feature once.`);
  }
  const columns = checked.map((f) => readColumn(records, f));
  const X = records.map((_, i) => columns.map((values) => values[i]));
  return {
    X,
    features: checked.slice(),
    bounds: {
      lower: checked.map((f) => PUBLIC_BOUNDS[f].lower),
      upper: checked.map((f) => PUBLIC_BOUNDS[f].upper),
    },
  };
}

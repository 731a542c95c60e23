/**
 * Reading the sensitive column out of a table of records, with messages that name the valid columns.
 *
 * The library works on any array of plain records (the Pokémon records of `src/data`, rows parsed from a
 * CSV, objects built in a notebook): the sensitive column is one of their keys whose value is a finite
 * number in every record.
 */
import { InvalidInputError } from "../errors";

/** A record of a table: named fields. Interfaces such as `Pokemon` are accepted as they are. */
export type TableRecord = object;

function fieldsOf(record: TableRecord): Record<string, unknown> {
  return record as Record<string, unknown>;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * The numeric columns of a table: the keys of the first record whose value is a finite number in every
 * record, in the first record's key order.
 *
 * @param records - the table (may be empty: then there are no columns)
 * @returns the column names
 * @example numericColumns(loadPokemon({ first: 3 })) // ["national_number", "generation", "height_m", "weight_kg", "hp", …]
 */
export function numericColumns(records: readonly TableRecord[]): string[] {
  if (records.length === 0) return [];
  return Object.keys(fieldsOf(records[0]!)).filter((key) =>
    records.every((record) => isFiniteNumber(fieldsOf(record)[key])),
  );
}

/**
 * The values of the sensitive column, in record order, checked.
 *
 * @param records - the table: at least one record
 * @param column - the sensitive column, e.g. `"weight_kg"`
 * @returns one finite number per record
 * @throws InvalidInputError `empty-data` for no records; `unknown-column` when no record has the column
 *   and `non-numeric-column` when a value is not a finite number (both list the numeric columns)
 * @example sensitiveValues(loadPokemon({ first: 251 }), "weight_kg").length // 251
 */
export function sensitiveValues(records: readonly TableRecord[], column: string): number[] {
  if (!Array.isArray(records) || records.length === 0) {
    throw new InvalidInputError(
      "empty-data",
      "The table has no records to de-identify. Fix: pass at least one record, e.g. loadPokemon({ first: 251 }).",
    );
  }
  // The common case in one pass; the list of valid columns (a scan of every column) only for a message.
  if (typeof column === "string") {
    const values = new Array<number>(records.length);
    let ok = true;
    for (let i = 0; i < records.length; i++) {
      const value = fieldsOf(records[i]!)[column];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        ok = false;
        break;
      }
      values[i] = value;
    }
    if (ok) return values;
  }
  const valid = numericColumns(records);
  const list = valid.length > 0 ? valid.join(", ") : "(none)";
  if (typeof column !== "string" || !records.some((r) => column in fieldsOf(r))) {
    throw new InvalidInputError(
      "unknown-column",
      `Unknown column ${JSON.stringify(column)}. Valid numeric columns are: ${list}.`,
    );
  }
  // The message names neither the record nor its value: it may be shown beside a DP release, and a refusal
  // that prints a record's position or value publishes it (src/dp/README.md, what is refused and why).
  return records.map((record) => {
    const value = fieldsOf(record)[column];
    if (!isFiniteNumber(value)) {
      throw new InvalidInputError(
        "non-numeric-column",
        `Column "${column}" holds a value that is not a finite number (empty, text or infinite). Only a column ` +
          `of finite numbers can be clustered: clean that column, or choose another. Numeric columns are: ${list}.`,
      );
    }
    return value;
  });
}

/**
 * The number of distinct values (the most clusters k-means can make without empty or duplicate clusters).
 * @param values - the values
 */
export function distinctCount(values: ArrayLike<number>): number {
  // A native sort of a typed copy: a Set of a million doubles allocates a heap number per entry.
  const sorted = Float64Array.from(values).sort();
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (i === 0 || (v !== sorted[i - 1] && !(v !== v && sorted[i - 1] !== sorted[i - 1]))) count++;
  }
  return count;
}

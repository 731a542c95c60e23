/**
 * A data owner's own table, read for de-identification: any CSV or TSV with a header row, one numeric
 * column to protect, an identifying column, and other columns that pass through as text.
 *
 * The Pokémon table is recognised by its header and read as typed Pokémon records (its `--first`
 * keeps national numbers 1..N, as everywhere in the course). Any other table is read as records of text
 * fields, with the protected column parsed as numbers (`--first` keeps its first N data rows). The file
 * is streamed (`./stream-csv`), so a million rows never sit in memory as one string.
 */
import { InvalidInputError } from "../errors";
import { pokemonFromFields } from "./pokemon-csv";
import { POKEMON_COLUMNS, SPECIES_COUNT } from "./schema";
import { readDelimitedFile, type Delimiter } from "./stream-csv";

/** Options of {@link readTable}. */
export interface ReadTableOptions {
  /** The numeric column to protect. Default `weight_kg` for the Pokémon table; required for any other. */
  column?: string;
  /** The column that names a record. Default `name` for the Pokémon table, else the first column. */
  id?: string;
  /**
   * Pokémon table: keep national numbers 1..first (1 to 1025; default all). Any other table: keep the
   * first `first` data rows (a whole number ≥ 1; default all).
   */
  first?: number;
  /** The `first` of the Pokémon table when `first` is not given (the command line's 251). Default: all. */
  defaultPokemonFirst?: number;
  /** Field separator. Default: tab for `.tsv`/`.tab` files, else comma. */
  delimiter?: Delimiter;
  /** The file's name in messages. Default its path. */
  label?: string;
  /** Progress while reading (bytes read, file size); may throw to stop. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** A table read by {@link readTable}. */
export interface Table {
  /** `"pokemon"` when the header is the course's Pokémon table, else `"table"`. */
  readonly kind: "pokemon" | "table";
  /** The column names, in file order. */
  readonly header: readonly string[];
  /** The protected column. */
  readonly column: string;
  /** The identifying column. */
  readonly id: string;
  /** The records: Pokémon records, or one text field per column with the protected column as a number. */
  readonly records: Record<string, unknown>[];
  /** The protected column's values, in record order. */
  readonly values: Float64Array;
  /** The file line of each record (1 = the header), for messages. */
  readonly lines: Int32Array;
}

/** A plain decimal number (`12`, `-0.5`, `1e3`): what a table cell must hold in the protected column. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function quoteList(names: readonly string[]): string {
  return names.length === 0 ? "(none)" : names.map((n) => JSON.stringify(n)).join(", ");
}

/**
 * Read a table for de-identification.
 *
 * @param path - a CSV or TSV file with a header row
 * @param options - column, id, first, delimiter, progress
 * @returns the records, the protected column's values and what was read
 * @throws InvalidInputError naming the line and the fix: no header or no data rows, duplicate or empty
 *   column names, an unknown column or id, a row with the wrong number of fields, a protected value that
 *   is missing or not a number, a bad `first`; and the reading errors of `readDelimitedFile`
 */
export function readTable(path: string, options: ReadTableOptions = {}): Table {
  const label = options.label ?? path;
  let header: string[] | undefined;
  let kind: "pokemon" | "table" = "table";
  let column = "";
  let id = "";
  let columnIndex = -1;
  let first = Infinity;
  const records: Record<string, unknown>[] = [];
  const lineList: number[] = [];
  let values = new Float64Array(1024);
  const push = (record: Record<string, unknown>, value: number, line: number): void => {
    if (records.length === values.length) {
      const bigger = new Float64Array(values.length * 2);
      bigger.set(values);
      values = bigger;
    }
    values[records.length] = value;
    records.push(record);
    lineList.push(line);
  };
  const STOP = Symbol("enough rows");
  let makeRecord: ((fields: readonly string[], value: number) => Record<string, unknown>) | undefined;
  try {
    readDelimitedFile(
      path,
      (fields, line) => {
        if (header === undefined) {
          header = fields;
          ({ kind, column, id, columnIndex, first } = checkHeader(fields, options, label));
          return;
        }
        if (kind === "pokemon") {
          const record = pokemonFromFields(fields, line, label);
          if (record.national_number <= first) {
            const value = (record as unknown as Record<string, unknown>)[column];
            push(record as unknown as Record<string, unknown>, typeof value === "number" ? value : NaN, line);
          }
          return;
        }
        if (records.length >= first) throw STOP;
        if (fields.length !== header.length) {
          throw new InvalidInputError(
            "bad-row",
            `${label} line ${line}: ${fields.length} field(s), but the header has ${header.length}. Fix: give every ` +
              "row one field per column (quote fields that contain the separator).",
          );
        }
        const text = fields[columnIndex]!;
        if (!DECIMAL.test(text)) {
          throw new InvalidInputError(
            "non-numeric-value",
            `${label} line ${line}: ${column} = ${JSON.stringify(text)} is ${text.trim() === "" ? "missing" : "not a number"}; ` +
              `every value of the protected column must be a decimal number. Fix: correct or remove that row ` +
              "(or impute the missing value).",
          );
        }
        const value = Number(text);
        makeRecord ??= recordMaker(header, columnIndex);
        push(makeRecord(fields, value), value, line);
      },
      { delimiter: options.delimiter, label, onProgress: options.onProgress },
    );
  } catch (error) {
    if (error !== STOP) throw error;
  }
  if (header === undefined) {
    throw new InvalidInputError("empty-table", `${label} is empty: a table needs a header row and data rows. Fix: check the file.`);
  }
  if (records.length === 0) {
    throw new InvalidInputError(
      "empty-table",
      `${label} has a header but no data rows${(kind as string) === "pokemon" && first < Infinity ? ` with national numbers 1..${first}` : ""}. ` +
        "Fix: check the file.",
    );
  }
  const lines = Int32Array.from(lineList);
  return { kind, header, column, id, records, values: values.slice(0, records.length), lines };
}

/**
 * A function that builds one record from a row's fields: an object literal with the header's names as
 * fixed keys, so a million records share one shape (V8 builds and reads them much faster than objects
 * filled key by key). The names enter the code only as JSON string literals, so any header is safe.
 */
function recordMaker(
  header: readonly string[],
  columnIndex: number,
): (fields: readonly string[], value: number) => Record<string, unknown> {
  // Computed keys (`["__proto__"]: …`) define own properties: a plain `"__proto__": …` would set the prototype.
  const body = header.map((name, j) => `[${JSON.stringify(name)}]: ${j === columnIndex ? "value" : `fields[${j}]`}`).join(", ");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function("fields", "value", `"use strict"; return { ${body} };`) as (
    fields: readonly string[],
    value: number,
  ) => Record<string, unknown>;
}

/** Check the header against the options: which table, which columns, which `first`. */
function checkHeader(
  header: readonly string[],
  options: ReadTableOptions,
  label: string,
): { kind: "pokemon" | "table"; column: string; id: string; columnIndex: number; first: number } {
  const pokemon = header.join(",") === POKEMON_COLUMNS.join(",");
  const first = options.first ?? (pokemon ? options.defaultPokemonFirst : undefined);
  if (pokemon) {
    if (first !== undefined && (!Number.isInteger(first) || first < 1 || first > SPECIES_COUNT)) {
      throw new InvalidInputError(
        "bad-first",
        `--first must be a whole number from 1 to ${SPECIES_COUNT} for the Pokémon table (national numbers 1..N), got ${first}. Fix: e.g. --first 251.`,
      );
    }
  } else if (first !== undefined && (!Number.isInteger(first) || first < 1)) {
    throw new InvalidInputError("bad-first", `--first must be a whole number ≥ 1 (how many data rows to keep), got ${first}. Fix: e.g. --first 1000.`);
  }
  const seen = new Set<string>();
  header.forEach((name, j) => {
    if (name.trim() === "") {
      throw new InvalidInputError("bad-header", `${label}: column ${j + 1} of the header has no name. Fix: name every column in the first row.`);
    }
    if (seen.has(name)) {
      throw new InvalidInputError(
        "bad-header",
        `${label}: the header names ${JSON.stringify(name)} twice; each column needs its own name. Fix: rename one of them.`,
      );
    }
    seen.add(name);
  });
  const column = options.column ?? (pokemon ? "weight_kg" : undefined);
  if (column === undefined) {
    throw new InvalidInputError(
      "missing-column",
      `${label} is not the Pokémon table, so name the numeric column to protect: --column NAME. Its columns are: ` +
        `${quoteList(header)}.`,
    );
  }
  const columnIndex = header.indexOf(column);
  if (columnIndex === -1 && !pokemon) {
    throw new InvalidInputError(
      "unknown-column",
      `Unknown column ${JSON.stringify(column)}: ${label} has the columns ${quoteList(header)}. Fix: --column with one of them.`,
    );
  }
  const id = options.id ?? (pokemon ? "name" : header[0]!);
  if (!header.includes(id)) {
    throw new InvalidInputError(
      "unknown-id",
      `Unknown id column ${JSON.stringify(id)}: ${label} has the columns ${quoteList(header)}. Fix: --id with one of them.`,
    );
  }
  if (id === column) {
    throw new InvalidInputError(
      "id-is-column",
      `--id and --column both name ${JSON.stringify(id)}: the identifying column cannot be the protected one. Fix: --id with another column.`,
    );
  }
  return { kind: pokemon ? "pokemon" : "table", column, id, columnIndex, first: first ?? Infinity };
}


/**
 * Tables of records as CSV text, for the command line's output files.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { formatCsv, formatCsvField } from "../data/csv";

/**
 * What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`, and a tab
 * or carriage return, which some spreadsheets skip before looking for one of those.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain decimal number in text: a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Text as a spreadsheet-safe CSV field: a field that would start a formula (`=cmd|' /C calc'!A0`,
 * `@SUM(A1)`, `-2+3`) gets a leading single quote, which spreadsheets show as text and do not execute, as
 * OWASP recommends. Plain numbers written as text (`-3.5`) are left as they are.
 *
 * @param text - the field's text
 * @returns the text, with `'` in front when it would start a formula
 * @example neutraliseFormula("=1+2") // "'=1+2"
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One value as CSV text: finite numbers in the shortest form that reads back to the same double (so a
 * centroid and a deviation factor written here multiply back to the exact weight) and never altered, `NaN`,
 * `null` and `undefined` as an empty field, everything else with `String`, neutralised against formula
 * injection (a name in the data could be `=HYPERLINK(...)`; so could `-Infinity` start one).
 */
function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "";
    if (Number.isFinite(value)) return String(value);
  }
  return neutraliseFormula(String(value));
}

/**
 * Records as CSV text with a header row (RFC 4180 quoting, `\n` line ends). Text fields and column names
 * that a spreadsheet would run as a formula are prefixed with `'` (see {@link neutraliseFormula}).
 *
 * @param records - the rows
 * @param columns - the columns, in order. Default: every key, in order of first appearance
 * @returns the file's text
 * @example recordsToCsv([{ cluster: 0, centroid: 18.7, size: 176 }]) // "cluster,centroid,size\n0,18.7,176\n"
 */
export function recordsToCsv(records: readonly object[], columns?: readonly string[]): string {
  const names =
    columns ??
    [...new Set(records.flatMap((r) => Object.keys(r)))];
  return formatCsv([names.map(field), ...records.map((r) => names.map((c) => field((r as Record<string, unknown>)[c])))]);
}

/** One file of {@link writeCsvFiles}: its path and which of the row's fields it holds, in order. */
export interface CsvFileSpec {
  /** The file to create (replaced if it exists). */
  path: string;
  /** Indices into the header and each row's fields. */
  fields: readonly number[];
}

/**
 * Write CSV files row by row, in blocks, without building their whole text: the fields are formatted as
 * {@link recordsToCsv} formats them (numbers in full precision, NaN empty, text formula-neutralised and
 * quoted when needed). Several files that share their rows (the raw and the anonymized table) are written
 * in one pass, each field formatted once; a value that repeats (a region, a cluster's centroid) is
 * formatted once per distinct value, in columns with few of them.
 *
 * @param files - the files, each with the fields it holds
 * @param header - every field's column name
 * @param rows - how many data rows
 * @param row - puts the fields of data row i, in header order, into its second argument (an array reused
 *   for every row, so a million rows allocate no arrays)
 * @param onRows - called after each block with the rows written so far (progress; may throw to stop)
 */
export function writeCsvFiles(
  files: readonly CsvFileSpec[],
  header: readonly string[],
  rows: number,
  row: (i: number, fields: unknown[]) => void,
  onRows?: (written: number) => void,
): void {
  const caches = header.map(() => new Map<unknown, string>() as Map<unknown, string> | undefined);
  const format = (value: unknown, column: number): string => {
    if (typeof value !== "string" && typeof value !== "number") return formatCsvField(field(value));
    const cache = caches[column];
    const hit = cache?.get(value);
    if (hit !== undefined) return hit;
    const text = formatCsvField(field(value));
    if (cache !== undefined) {
      // A column of mostly distinct values (an id, a ratio) is not worth caching.
      if (cache.size < 10_000) cache.set(value, text);
      else caches[column] = undefined;
    }
    return text;
  };
  const fds = files.map((f) => openSync(f.path, "w"));
  try {
    files.forEach((f, j) => writeSync(fds[j]!, f.fields.map((c) => formatCsvField(field(header[c]))).join(",") + "\n"));
    const block = 20_000;
    const formatted = new Array<string>(header.length).fill("");
    const fields = new Array<unknown>(header.length);
    for (let start = 0; start < rows; start += block) {
      const end = Math.min(rows, start + block);
      const texts = files.map(() => "");
      for (let i = start; i < end; i++) {
        row(i, fields);
        for (let c = 0; c < header.length; c++) formatted[c] = format(fields[c], c);
        for (let j = 0; j < files.length; j++) {
          const indices = files[j]!.fields;
          let line = formatted[indices[0]!]!;
          for (let t = 1; t < indices.length; t++) line += "," + formatted[indices[t]!]!;
          texts[j] += line + "\n";
        }
      }
      files.forEach((_, j) => writeSync(fds[j]!, texts[j]!));
      onRows?.(end);
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

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

/**
 * Write a CSV file row by row, in blocks, without building its whole text: the fields are formatted as
 * {@link recordsToCsv} formats them (numbers in full precision, NaN empty, text formula-neutralised and
 * quoted when needed).
 *
 * @param path - the file to create (replaced if it exists)
 * @param columns - the header
 * @param rows - how many data rows
 * @param row - the fields of data row i, in header order
 * @param onRows - called after each block with the rows written so far (progress; may throw to stop)
 */
export function writeCsvFile(
  path: string,
  columns: readonly string[],
  rows: number,
  row: (i: number) => readonly unknown[],
  onRows?: (written: number) => void,
): void {
  const fd = openSync(path, "w");
  try {
    const line = (fields: readonly unknown[]): string => fields.map((f) => formatCsvField(field(f))).join(",");
    writeSync(fd, line(columns) + "\n");
    const block = 20_000;
    for (let start = 0; start < rows; start += block) {
      const end = Math.min(rows, start + block);
      const lines: string[] = [];
      for (let i = start; i < end; i++) lines.push(line(row(i)));
      writeSync(fd, lines.join("\n") + "\n");
      onRows?.(end);
    }
  } finally {
    closeSync(fd);
  }
}

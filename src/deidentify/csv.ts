/**
 * Tables of records as CSV text, for the command line's output files.
 */
import { formatCsv } from "../data/csv";

/**
 * One value as CSV text: numbers in the shortest form that reads back to the same double (so a centroid
 * and a deviation factor written here multiply back to the exact weight), `NaN`, `null` and `undefined`
 * as an empty field, everything else with `String`.
 */
function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isNaN(value) ? "" : String(value);
  return String(value);
}

/**
 * Records as CSV text with a header row (RFC 4180 quoting, `\n` line ends).
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
  return formatCsv([names.slice(), ...records.map((r) => names.map((c) => field((r as Record<string, unknown>)[c])))]);
}

/**
 * A small, strict CSV reader and writer (RFC 4180 quoting) for the course's cached data.
 *
 * Why not a library: the data file is tiny, and the writer must be byte-for-byte deterministic so the
 * committed file can be checked against a fresh regeneration. Owning both directions keeps them in step.
 */
import { InvalidInputError } from "../errors";

/** Characters that force a field to be quoted: the separator, the quote itself, and line breaks. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Format one CSV field: quoted (with inner quotes doubled) only when it contains a comma, a double quote,
 * or a line break; otherwise written as is.
 *
 * @param field - the text of the field
 * @returns the field as it appears in the file
 * @example formatCsvField('Say "hi", Bob') // => '"Say ""hi"", Bob"'
 */
export function formatCsvField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * Format whole rows as CSV text: fields joined by commas, every row (the last one too) ended by `\n`.
 *
 * @param rows - the rows, header first if there is one
 * @returns the file's text
 */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(formatCsvField).join(",") + "\n").join("");
}

/**
 * Parse CSV text into rows of fields. Accepts `\n` or `\r\n` line ends, quoted fields with doubled inner
 * quotes, and an optional final line end. A UTF-8 byte-order mark at the start is ignored.
 *
 * @param text - the file's text
 * @returns the rows in file order; an empty text gives no rows
 * @throws InvalidInputError on an unterminated quoted field or text after a closing quote
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  if (i >= n) return rows;

  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === "") {
      // A quoted field: runs to the next quote that is not doubled.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) {
          throw new InvalidInputError(
            "csv-unterminated-quote",
            `CSV line ${startLine}: a quoted field is never closed. Fix the file (or regenerate it with \`npm run data\`).`,
          );
        }
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n") line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (i < n && next !== "," && next !== "\n" && next !== "\r") {
        throw new InvalidInputError(
          "csv-text-after-quote",
          `CSV line ${line}: unexpected text after a closing quote. Quote the whole field and double any quotes inside it.`,
        );
      }
      continue;
    }
    if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
    } else {
      field += ch;
      i++;
    }
  }
  // The last line had no line end: it still is a row.
  const last = text[n - 1];
  if (last !== "\n" && last !== "\r") {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Reading a CSV or TSV file of any size a piece at a time: the bytes are read in 1 MiB chunks, checked
 * (valid UTF-8, no NUL or other control characters) and parsed into records (RFC 4180 quoting, `\n` or
 * `\r\n` line ends) as they arrive, so a million-row file never sits in memory as one string and the
 * caller can show progress and stop between chunks.
 *
 * Why not `parseCsv` (./csv.ts): it takes the whole text and builds every field character by character,
 * which is fine for the 1,025-row Pokémon table and too slow for a data owner's million-row table. Lines
 * without a quote take a fast path (`split`), lines with one go through the same quoting rules.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InvalidInputError } from "../errors";

/** The separator of a table file: comma (CSV) or tab (TSV). */
export type Delimiter = "," | "\t";

/** Options of {@link readDelimitedFile}. */
export interface ReadDelimitedOptions {
  /** Field separator. Default: tab when the file name ends in `.tsv` or `.tab`, else comma. */
  delimiter?: Delimiter;
  /** Name of the file in messages. Default: the path. */
  label?: string;
  /**
   * Called after each chunk with the bytes read so far and the file's size (for a progress bar). It may
   * throw to stop the read (e.g. on a stop request); the file is closed either way.
   */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Chunk size in bytes (default 1 MiB; tests use tiny chunks to cross every boundary). */
  chunkBytes?: number;
}

/** Control characters a text table may hold: tab, line feed, carriage return. Everything else below 0x20 and DEL is refused. */
const FORBIDDEN_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** The longest record accepted (in UTF-16 characters): 8 Mi. */
const MAX_RECORD_CHARS = 8 * 2 ** 20;

/** The delimiter a file name implies: tab for `.tsv` / `.tab`, else comma. */
export function delimiterFor(path: string): Delimiter {
  return /\.(tsv|tab)$/i.test(path) ? "\t" : ",";
}

/** The index of the first byte at which `bytes` stops being valid UTF-8 (`bytes.length` when it never does). */
function firstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const size = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    try {
      decoder.decode(bytes.subarray(i, i + size));
    } catch {
      return i;
    }
    i += size;
  }
  return bytes.length;
}

/**
 * An incremental parser: text goes in by pieces, whole records come out. A record may span pieces (and
 * lines, inside quotes); the unfinished tail is kept for the next piece.
 */
class RecordParser {
  private carry = "";
  /** Line number (1-based) at which `carry` starts. */
  private line = 1;
  private first = true;

  constructor(
    private readonly delimiter: Delimiter,
    private readonly label: string,
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {}

  /** Parse a piece; with `final`, the last record needs no line end. */
  push(piece: string, final: boolean): void {
    let text = this.carry + piece;
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark
      this.first = false;
    }
    const n = text.length;
    const d = this.delimiter;
    let pos = 0;
    let line = this.line;
    let nextQuote = text.indexOf('"');
    while (pos < n) {
      const nl = text.indexOf("\n", pos);
      if (nl === -1 && !final) break;
      const end = nl === -1 ? n : nl;
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (nextQuote === -1 || nextQuote >= end) {
        // Fast path: no quote on this line.
        const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        if (stop > pos) this.onRecord(text.slice(pos, stop).split(d), line);
        pos = end + 1;
        line++;
        continue;
      }
      const parsed = this.quoted(text, pos, line, final);
      if (parsed === undefined) break; // the record continues in the next piece
      this.onRecord(parsed.fields, line);
      pos = parsed.next;
      line = parsed.line;
    }
    this.carry = pos < n ? text.slice(pos) : "";
    this.line = line;
    if (this.carry.length > MAX_RECORD_CHARS) {
      // One record longer than this is almost surely an unclosed quote; re-parsing it with every piece
      // would take time quadratic in the file's size.
      throw new InvalidInputError(
        "csv-record-too-long",
        `${this.label} line ${line}: one record runs past ${MAX_RECORD_CHARS / 2 ** 20} Mi characters, most likely a ` +
          "quoted field that is never closed. Fix: close the quote (and double any quote inside the field).",
      );
    }
  }

  /** One record with quoted fields, from `start`; undefined when it is not complete in `text` yet. */
  private quoted(
    text: string,
    start: number,
    startLine: number,
    final: boolean,
  ): { fields: string[]; next: number; line: number } | undefined {
    const n = text.length;
    const fields: string[] = [];
    let field = "";
    let wasQuoted = false;
    let i = start;
    let line = startLine;
    for (;;) {
      if (i >= n) {
        if (!final) return undefined;
        fields.push(field);
        return { fields, next: n, line: line + 1 };
      }
      const ch = text[i]!;
      if (ch === '"' && field === "" && !wasQuoted) {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) {
            if (!final) return undefined;
            throw new InvalidInputError(
              "csv-unterminated-quote",
              `${this.label} line ${quoteLine}: a quoted field is never closed. Fix: close the quote (and double any quote inside the field).`,
            );
          }
          const c = text[i]!;
          if (c === '"') {
            if (i + 1 >= n && !final) return undefined; // a doubled quote may straddle two pieces
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
        wasQuoted = true;
        const next = text[i];
        if (i < n && next !== this.delimiter && next !== "\n" && next !== "\r") {
          throw new InvalidInputError(
            "csv-text-after-quote",
            `${this.label} line ${line}: unexpected text after a closing quote. Fix: quote the whole field and double any quotes inside it.`,
          );
        }
        continue;
      }
      if (ch === this.delimiter) {
        fields.push(field);
        field = "";
        wasQuoted = false;
        i++;
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && i + 1 >= n && !final) return undefined;
        fields.push(field);
        i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
        return { fields, next: i, line: line + 1 };
      } else {
        field += ch;
        i++;
      }
    }
  }
}

/**
 * Read a CSV or TSV file record by record, checking its text as it goes.
 *
 * Blank lines are skipped. Fields are returned as text; the caller decides what is a number.
 *
 * @param path - the file
 * @param onRecord - called with each record's fields and the line it starts on (1 = the header)
 * @param options - delimiter, label, progress callback
 * @throws InvalidInputError `not-utf8` (the line and byte), `control-character` (the line and column),
 *   `csv-unterminated-quote`, `csv-text-after-quote`, `data-file-unreadable`
 */
export function readDelimitedFile(
  path: string,
  onRecord: (fields: string[], line: number) => void,
  options: ReadDelimitedOptions = {},
): void {
  const label = options.label ?? path;
  const delimiter = options.delimiter ?? delimiterFor(path);
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new InvalidInputError(
      "data-file-unreadable",
      `Cannot read ${label} (${(error as Error).message}). Fix: check the path and its permissions.`,
    );
  }
  try {
    const total = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const parser = new RecordParser(delimiter, label, onRecord);
    let read = 0;
    let linesBefore = 1; // line number of the chunk's first byte
    let lineBytesBefore = 0; // bytes of the current line that lay in earlier chunks
    let lineCharsBefore = 0; // the same in characters of decoded text
    let tail: Uint8Array = new Uint8Array(0); // an incomplete UTF-8 sequence the decoder holds back
    for (;;) {
      const got = readSync(fd, buffer, 0, chunkBytes, null);
      const bytes = buffer.subarray(0, got);
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: got > 0 });
      } catch {
        // The bad sequence may have begun in the held-back tail of the previous chunk.
        const combined = Buffer.concat([tail, bytes]);
        const bad = Math.min(firstInvalidByte(combined), Math.max(0, combined.length - 1));
        const before = combined.subarray(0, bad);
        const lastNl = before.lastIndexOf(0x0a);
        const byteInLine = lastNl === -1 ? lineBytesBefore - tail.length + bad : bad - lastNl - 1;
        throw new InvalidInputError(
          "not-utf8",
          `${label} line ${linesBefore + countNewlines(before)} is not valid UTF-8 (byte ` +
            `0x${(combined[bad] ?? 0).toString(16).padStart(2, "0")} at byte ${byteInLine + 1} of the line), so its ` +
            "text cannot be read faithfully. Fix: save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8).",
        );
      }
      const control = FORBIDDEN_CONTROL.exec(text);
      if (control) {
        const before = text.slice(0, control.index);
        const lastNl = before.lastIndexOf("\n");
        const code = text.charCodeAt(control.index);
        const name = code === 0 ? "a NUL byte (U+0000)" : `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
        const column = lastNl === -1 ? lineCharsBefore + control.index + 1 : control.index - lastNl;
        throw new InvalidInputError(
          "control-character",
          `${label} line ${linesBefore + countNewlinesText(before)} holds ${name} at column ${column}; a text table ` +
            "cannot hold it and it would be copied into every output. Fix: remove it from that line.",
        );
      }
      parser.push(text, got === 0);
      if (got === 0) break;
      read += got;
      const nl = bytes.lastIndexOf(0x0a);
      lineBytesBefore = nl === -1 ? lineBytesBefore + got : got - nl - 1;
      const nlText = text.lastIndexOf("\n");
      lineCharsBefore = nlText === -1 ? lineCharsBefore + text.length : text.length - nlText - 1;
      linesBefore += countNewlines(bytes);
      tail = Uint8Array.from(bytes.subarray(got - incompleteTail(bytes)));
      options.onProgress?.(read, total);
    }
  } finally {
    closeSync(fd);
  }
}

/** How many bytes at the end of `bytes` begin a UTF-8 sequence that continues in the next chunk (0–3). */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return size > back ? back : 0;
  }
  return 0;
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

function countNewlinesText(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

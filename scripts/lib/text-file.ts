/**
 * Checking that an input file is text before a command reads it: Node's `readFileSync(path, "utf8")`
 * silently turns bytes that are not UTF-8 into U+FFFD and keeps NUL and other control characters, which
 * then travel into every output file.
 */
import { readFileSync } from "node:fs";
import { InvalidInputError } from "../../src/errors";

/** Control characters a text table may hold: tab, line feed, carriage return. */
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

/**
 * Read a file as UTF-8 text, refusing bytes that are not UTF-8 and control characters (NUL included).
 *
 * @param path - the file
 * @param label - how the file is named in messages (default: its path)
 * @returns the text
 * @throws InvalidInputError (code `"not-utf8"` or `"control-character"`) naming the line and column
 * @example readTextFile("data/pokemon.csv").split("\n").length // 1027
 */
export function readTextFile(path: string, label = path): string {
  const bytes = readFileSync(path);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const lineBytes = bytes.subarray(start, end);
    let text: string;
    try {
      text = decoder.decode(lineBytes);
    } catch {
      const column = firstInvalidByte(lineBytes);
      throw new InvalidInputError(
        "not-utf8",
        `${label} line ${line} is not valid UTF-8 (byte 0x${lineBytes[column]!.toString(16).padStart(2, "0")} at byte ${column + 1} ` +
          `of the line), so its text cannot be read faithfully. Fix: save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8).`,
      );
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if ((code < 0x20 && !ALLOWED_CONTROLS.has(code)) || code === 0x7f) {
        const name = code === 0 ? "a NUL byte (U+0000)" : `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
        throw new InvalidInputError(
          "control-character",
          `${label} line ${line} holds ${name} at column ${i + 1}; a text table cannot hold it and it would be ` +
            `copied into every output. Fix: remove it from that line.`,
        );
      }
    }
    start = end + 1;
  }
  return bytes.toString("utf8");
}

/** The index of the first byte at which a line stops being valid UTF-8 (the line is known to be invalid). */
function firstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  // The longest valid prefix: a UTF-8 sequence is at most 4 bytes, so the error lies within 4 bytes of it.
  let good = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const size = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    try {
      decoder.decode(bytes.subarray(i, i + size));
    } catch {
      return i;
    }
    i += size;
    good = i;
  }
  return good;
}

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatCsv, formatCsvField, parseCsv } from "../../src/data/csv";
import { InvalidInputError } from "../../src/errors";

describe("CSV writer and reader", () => {
  test("quotes only fields that need it, doubling inner quotes", () => {
    assert.equal(formatCsvField("Mr. Mime"), "Mr. Mime");
    assert.equal(formatCsvField("Type: Null"), "Type: Null");
    assert.equal(formatCsvField("Farfetch’d"), "Farfetch’d");
    assert.equal(formatCsvField("Flabébé"), "Flabébé");
    assert.equal(formatCsvField("a,b"), '"a,b"');
    assert.equal(formatCsvField('say "hi"'), '"say ""hi"""');
    assert.equal(formatCsvField("two\nlines"), '"two\nlines"');
    assert.equal(formatCsv([["a", "b"], ["1", ""]]), "a,b\n1,\n");
  });

  test("round-trips awkward fields exactly", () => {
    const rows = [
      ["name", "note"],
      ["Farfetch’d", 'He said "leek", then left'],
      ["Mr. Mime", ""],
      ["a,b,c", '""'],
      ["Flabébé", "line one\nline two"],
      ["", ","],
    ];
    assert.deepEqual(parseCsv(formatCsv(rows)), rows);
  });

  test("accepts CRLF line ends, a missing final line end and a byte-order mark", () => {
    assert.deepEqual(parseCsv("\ufeffa,b\r\n1,2"), [["a", "b"], ["1", "2"]]);
    assert.deepEqual(parseCsv('a,"x"'), [["a", "x"]]);
    assert.deepEqual(parseCsv(""), []);
  });

  test("rejects an unterminated quote and text after a closing quote", () => {
    assert.throws(() => parseCsv('a,"open\n'), (e: unknown) => e instanceof InvalidInputError && /never closed/.test(e.message));
    assert.throws(() => parseCsv('"x"y,z\n'), (e: unknown) => e instanceof InvalidInputError && /after a closing quote/.test(e.message));
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import seedrandom from "seedrandom";
import { formatCsv, parseCsv } from "../../src/data/csv";
import { delimiterFor, readDelimitedFile } from "../../src/data/stream-csv";
import { InvalidInputError } from "../../src/errors";

const dir = mkdtempSync(join(tmpdir(), "stream-csv-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function readAll(path: string, chunkBytes?: number): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  readDelimitedFile(path, (fields, line) => records.push({ fields, line }), { chunkBytes });
  return records;
}

describe("readDelimitedFile", () => {
  test("gives the same records as parseCsv for random quoted tables, at every chunk size", () => {
    const rng = seedrandom("stream-csv");
    const alphabet = ['a', 'b', 'é', '"', ",", "\n", "\r\n", " ", "1", "😀"];
    for (let t = 0; t < 30; t++) {
      const rows = Array.from({ length: 1 + Math.floor(rng() * 8) }, () =>
        Array.from({ length: 3 }, () =>
          Array.from({ length: Math.floor(rng() * 5) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join(""),
        ),
      );
      // parseCsv keeps a row that is one empty field; the stream reader skips blank lines: avoid them.
      const text = formatCsv(rows.map((r) => (r.join("") === "" ? ["x", ...r.slice(1)] : r)));
      const expected = parseCsv(text);
      const path = write(`random-${t}.csv`, text);
      for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
        assert.deepEqual(readAll(path, chunk).map((r) => r.fields), expected, `table ${t}, chunk ${chunk}: ${JSON.stringify(text)}`);
      }
    }
  });

  test("line numbers count the lines inside quoted fields; blank lines and a final line end are skipped", () => {
    const path = write("lines.csv", 'id,note\r\n1,"two\nlines"\n\n2,plain\n3,"x"');
    assert.deepEqual(readAll(path, 4), [
      { fields: ["id", "note"], line: 1 },
      { fields: ["1", "two\nlines"], line: 2 },
      { fields: ["2", "plain"], line: 5 },
      { fields: ["3", "x"], line: 6 },
    ]);
  });

  test("TSV by file name; a byte-order mark is dropped", () => {
    assert.equal(delimiterFor("a/b.TSV"), "\t");
    assert.equal(delimiterFor("a/b.csv"), ",");
    const path = write("t.tsv", "\ufeffid\tvalue\na,b\t3\n");
    assert.deepEqual(readAll(path).map((r) => r.fields), [["id", "value"], ["a,b", "3"]]);
  });

  const refusals: [string, string | Buffer, RegExp][] = [
    ["Latin-1 text", Buffer.from("id,name\n1,ok\n2,Charmand\xe9r\n", "latin1"), /bad\.csv line 3 is not valid UTF-8 \(byte 0xe9 at byte 11 of the line\).*Fix: save the file as UTF-8/],
    ["a NUL byte", "id,name\n1,Char\u0000mander\n", /bad\.csv line 2 holds a NUL byte \(U\+0000\) at column 7.*Fix: remove it/],
    ["an unclosed quote", 'id,name\n1,"never closed\n2,x\n', /bad\.csv line 2: a quoted field is never closed/],
    ["text after a quote", 'id,name\n1,"a"b\n', /bad\.csv line 2: unexpected text after a closing quote/],
  ];
  for (const [name, content, message] of refusals) {
    test(`refuses ${name} with the line and the fix, at any chunk size`, () => {
      const path = write("bad.csv", content);
      for (const chunk of [1, 5, 1 << 20]) {
        assert.throws(
          () => readAll(path, chunk),
          (e: unknown) => e instanceof InvalidInputError && message.test(e.message),
          `chunk ${chunk}`,
        );
      }
    });
  }

  test("progress is reported per chunk and may stop the read", () => {
    const path = write("progress.csv", "id,v\n" + "x,1\n".repeat(1000));
    const seen: number[] = [];
    readDelimitedFile(path, () => {}, { chunkBytes: 1000, onProgress: (read, total) => seen.push(read / total) });
    assert.equal(seen.length, 5);
    assert.equal(seen.at(-1), 1);
    let records = 0;
    assert.throws(
      () =>
        readDelimitedFile(path, () => records++, {
          chunkBytes: 1000,
          onProgress: () => {
            throw new Error("stop");
          },
        }),
      /stop/,
    );
    assert.ok(records < 300, "stopped after the first chunk");
  });
});

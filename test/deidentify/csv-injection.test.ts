/**
 * CSV formula injection (issue 19): text fields that a spreadsheet would execute are written with a leading
 * single quote, as OWASP recommends; numbers stay numbers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCsv } from "../../src/data/csv";
import { neutraliseFormula, recordsToCsv } from "../../src/deidentify/csv";

/** The single data row of a CSV text, parsed back (so quoting does not hide what a spreadsheet sees). */
function row(text: string): string[] {
  const rows = parseCsv(text);
  assert.equal(rows.length, 2, text);
  return rows[1]!;
}

describe("CSV formula injection", () => {
  const payloads: Array<[string, string]> = [
    ["=", "=cmd|' /C calc'!A0"],
    ["+", "+HYPERLINK(\"http://attacker\",\"x\")"],
    ["-", "-2+3+cmd|' /C calc'!A0"],
    ["@", "@SUM(1+1)*cmd|' /C calc'!A0"],
    ["tab", "\t=1+2"],
    ["carriage return", "\r=1+2"],
  ];
  for (const [what, payload] of payloads) {
    test(`a text field starting with ${what} gets a leading single quote`, () => {
      const [name, weight] = row(recordsToCsv([{ name: payload, weight_kg: -3.5 }]));
      assert.equal(name, `'${payload}`);
      assert.equal(weight, "-3.5", "the number beside it is untouched");
    });
  }

  test("numbers stay numbers, also negative ones and plain numbers written as text", () => {
    assert.equal(recordsToCsv([{ a: -3.5, b: -0.001, c: 1e-7, d: "-3.5", e: "+2" }]), "a,b,c,d,e\n-3.5,-0.001,1e-7,-3.5,+2\n");
  });

  test("text that only contains those characters later, or none, is unchanged", () => {
    assert.deepEqual(row(recordsToCsv([{ a: "Mr. Mime", b: "Porygon-Z", c: "a=b", d: "Farfetch’d", e: "" }])), [
      "Mr. Mime",
      "Porygon-Z",
      "a=b",
      "Farfetch’d",
      "",
    ]);
  });

  test("non-numbers of number type, booleans and column names are neutralised like text", () => {
    assert.deepEqual(row(recordsToCsv([{ a: -Infinity, b: Infinity, c: true }])), ["'-Infinity", "Infinity", "true"]);
    assert.equal(recordsToCsv([{ "=x": 1 }]).split("\n")[0], "'=x");
  });

  test("neutraliseFormula on each leading character", () => {
    for (const c of ["=", "+", "-", "@", "\t", "\r"]) assert.equal(neutraliseFormula(`${c}A1`), `'${c}A1`, JSON.stringify(c));
    for (const c of ["A", " ", "'", "\n", "1", "("]) assert.equal(neutraliseFormula(`${c}A1`), `${c}A1`, JSON.stringify(c));
  });
});

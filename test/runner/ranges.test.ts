/** Declared parameter ranges: parsed from the parameters cell, enforced on overrides, drawn from for tests. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { drawSettings, drawValue } from "../../scripts/lib/parameter-draw";
import { checkParameterValue, parameterDeclarations, ParameterError } from "../../scripts/lib/notebook-parameters";

const CELL = [
  "const epsilon: number = 1; // privacy budget; range: 0.05..10 log; allow: Infinity",
  "const k: number = 3; // clusters; range: 2..6",
  'const method: "eugkm" | "dplloyd" = "eugkm"; // algorithm',
  "const label: string = \"x\"; // free text, nothing to draw",
].join("\n");

test("range: LO..HI [log] is read from the line's comment", () => {
  const d = parameterDeclarations(CELL);
  assert.deepEqual(d.get("epsilon")?.range, { low: 0.05, high: 10, log: true });
  assert.deepEqual(d.get("k")?.range, { low: 2, high: 6, log: false });
  assert.equal(d.get("method")?.range, undefined);
});

test("a malformed range is refused with the fix", () => {
  assert.throws(() => parameterDeclarations("const k: number = 3; // range: 6..2"), /LO ≤ HI/);
  assert.throws(() => parameterDeclarations("const e: number = 1; // range: 0..1 log"), /LO > 0/);
  assert.throws(() => parameterDeclarations("const k: number = 3; // range: two..six"), ParameterError);
});

test("overrides outside the declared range are refused before a kernel starts; Infinity where allowed passes", () => {
  const d = parameterDeclarations(CELL);
  assert.throws(() => checkParameterValue("epsilon", 20, d.get("epsilon")!), /declared range 0\.05\.\.10/);
  assert.throws(() => checkParameterValue("k", 1, d.get("k")!), /declared range 2\.\.6/);
  checkParameterValue("epsilon", 0.05, d.get("epsilon")!);
  checkParameterValue("k", 6, d.get("k")!);
  checkParameterValue("epsilon", Infinity, d.get("epsilon")!);
});

test("drawn settings stay inside the ranges, respect whole numbers and unions, and replay from the seed", () => {
  const d = parameterDeclarations(CELL);
  const settings = drawSettings(d, 200, "seed-1");
  assert.deepEqual(drawSettings(d, 200, "seed-1"), settings, "same seed, same settings");
  assert.notDeepEqual(drawSettings(d, 200, "seed-2"), settings, "another seed, other settings");
  for (const s of settings) {
    assert.deepEqual(Object.keys(s).sort(), ["epsilon", "k", "method"]);
    assert.ok((s.epsilon as number) >= 0.05 && (s.epsilon as number) <= 10);
    assert.ok(Number.isInteger(s.k) && (s.k as number) >= 2 && (s.k as number) <= 6);
    assert.ok(s.method === "eugkm" || s.method === "dplloyd");
  }
  // log-uniform: about half the draws below the geometric middle sqrt(0.05 · 10) ≈ 0.71 (linear would give ~7%).
  const below = settings.filter((s) => (s.epsilon as number) < Math.sqrt(0.5)).length;
  assert.ok(below > 70 && below < 130, `log-uniform draws below the geometric middle: ${below} of 200`);
  const ks = new Set(settings.map((s) => s.k));
  assert.deepEqual([...ks].sort(), [2, 3, 4, 5, 6], "every whole number in the range is drawn");
  assert.equal(drawValue(d.get("label")!, Math.random), undefined);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { cellErrors, cellSource } from "../../scripts/lib/notebook";
import { executeLesson } from "./executed";

test("lesson 3 runs headless: ε, bounds (warned, leak shown), seed, accountant (overspend refused), DPLloyd step by step", async () => {
  const lesson = await executeLesson("03-building-dp-models");
  const { stdout, stderr, html } = lesson;

  // ε: quality falls as ε shrinks (the lesson asserts the order; here the table is there).
  assert.ok(html.some((h) => h.includes("Quality ratio: DP inertia ÷ non-private inertia")), "the ε table");

  // Bounds: missing bounds warn (visible note and stderr), the data bound is Eternatus's height.
  assert.ok(html.some((h) => h.includes("Privacy warning") && h.includes("bounds-from-data")), "a visible PrivacyWarning");
  assert.match(stderr, /PrivacyWarning \[bounds-from-data\]/);
  assert.match(stdout, /10\^1\.3010 m is the height of Eternatus \(20 m\)/);
  assert.match(stdout, /without it, the bound drops to 14\.5 m/);
  assert.match(stderr, /PrivacyWarning \[values-clipped\] \[affects \d+\]/);

  // Seed.
  assert.match(stdout, /seeded: seeded; unseeded: secure/);

  // Accountant: two fits use up ε = 2, the receipt, the refused third fit in its tagged cell.
  assert.match(stdout, /after one fit: ε = 1 spent, 1 left/);
  assert.match(stdout, /total\s+2\s+0\n\s+budget\s+2\s+0\n\s+remaining\s+0\s+0/);
  assert.ok(html.some((h) => h.includes("The ε receipt: two fits, the budget used up")), "the receipt chart");
  const refused = lesson.notebook.cells.find((c) => (c.metadata.tags ?? []).includes("raises-exception"));
  assert.ok(refused, "a cell tagged raises-exception");
  assert.match(cellSource(refused), /accountant: accountant/);
  assert.match(cellErrors(refused), /BudgetExceededError: .*needs ε = 0\.5 but the accountant has only ε = 0 left/);
  assert.equal(lesson.errors, cellErrors(refused), "no other cell fails");

  // DPLloyd: T = 2 at ε = 1, the split, one ledger row per release adding up to ε.
  assert.match(stdout, /our fit: T = 2 iterations, ε\/T = 0\.5 each/);
  assert.ok(html.some((h) => h.includes("0.135018") && h.includes("0.182491")), "the count/sum split of ε/T = 0.5");
  const ledger = html.find((h) => h.includes("Every noisy release of the fit"));
  assert.ok(ledger, "the ledger table");
  assert.equal((ledger.match(/DPLloyd iteration \d: /g) ?? []).length, 6, "2 iterations × (counts + 2 sums)");
  assert.ok(html.some((h) => h.includes("Iteration 1: released values (noisy) and the truth (not released)")), "exact vs noisy table");
  assert.match(stdout, /noise scale b = sensitivity \/ ε: counts 7\.4 Pokémon, sums 16\.4 \(weight\), 11\.0 \(height\)/);

  // DPLloyd vs the default, and the non-private inertia.
  const m = /quality ratio at ε = 1: DPLloyd (\d+\.\d+), EUGkM (\d+\.\d+)/.exec(stdout);
  assert.ok(m, "quality line");
  assert.ok(Number(m[2]) < Number(m[1]), "EUGkM beats DPLloyd at the default seed");
  assert.match(stdout, /inertia difference (\d+\.\d{9}) = Eternatus's squared distance \1/);

  // Charts: receipt, assignment, update side by side.
  assert.equal(lesson.charts, 3);
  // Only the expected warnings write to stderr.
  const codes = [...stderr.matchAll(/PrivacyWarning \[([\w-]+)\]/g)].map((w) => w[1]);
  assert.deepEqual([...new Set(codes)].sort(), ["bounds-from-data", "values-clipped"]);
  assert.doesNotMatch(stderr, /AssertionError|TypeError|ReferenceError/);
});

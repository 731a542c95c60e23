/** Claim cards: validation, the card's HTML and text, and that the lesson tests read back what was shown. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import { claimHtml, claimText, frequencyText, makeClaim } from "../../src/viz/claims";
import { setDisplayTarget, showClaim } from "../../src/viz/display";
import { claimCards } from "../notebooks/executed";

test("a claim that does not hold needs a reason; ids are kebab-case; texts non-empty", () => {
  const base = { id: "majority-in-common", claim: "Most keep their cluster", measured: "137 of 1,025 changed", holds: true };
  assert.equal(makeClaim(base).central, false);
  assert.throws(() => makeClaim({ ...base, holds: false }), InvalidInputError);
  assert.throws(() => makeClaim({ ...base, id: "Majority in common" }), /kebab-case/);
  assert.throws(() => makeClaim({ ...base, measured: " " }), /measured/);
  assert.throws(() => makeClaim({ ...base, holds: "yes" as unknown as boolean }), /true or false/);
  assert.equal(makeClaim({ ...base, holds: false, reason: " too much noise " }).reason, "too much noise");
});

test("frequencyText says hits of total with the percentage, and refuses impossible counts", () => {
  assert.equal(frequencyText(7, 10, "seeds"), "in 7 of 10 seeds (70%)");
  assert.equal(frequencyText(0, 3, "runs"), "in 0 of 3 runs (0%)");
  assert.throws(() => frequencyText(4, 3, "runs"), InvalidInputError);
  assert.throws(() => frequencyText(1, 0, "runs"), InvalidInputError);
});

test("the card's HTML escapes its texts and round-trips through the lesson tests' reader", () => {
  const shown: string[] = [];
  const previous = setDisplayTarget({ html: (h) => shown.push(h), markdown: () => {}, newDisplay: () => ({ html: () => {} }) });
  try {
    showClaim({ id: "pink-minority", central: true, claim: "Pink <b> is & a minority", measured: "13.4% pink", holds: true });
    showClaim({ id: "narrower", claim: "EUGkM's spread is narrower", measured: "0.6% vs 4.4%", holds: false, reason: "grid 12 vs 26" });
  } finally {
    setDisplayTarget(previous);
  }
  assert.ok(!shown[0]!.includes("<b>"), "text is escaped");
  assert.deepEqual(claimCards(shown), [
    { id: "pink-minority", holds: true, central: true, claim: "Pink <b> is & a minority", measured: "13.4% pink", reason: "" },
    { id: "narrower", holds: false, central: false, claim: "EUGkM's spread is narrower", measured: "0.6% vs 4.4%", reason: "grid 12 vs 26" },
  ]);
  assert.match(claimHtml(makeClaim({ id: "a", claim: "c", measured: "m", holds: false, reason: "r" })), /✗ does not hold at these settings/);
  assert.equal(claimText(makeClaim({ id: "a", claim: "c", measured: "m", holds: true, central: true })), "[✓ central a] c — measured: m");
});

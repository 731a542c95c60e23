import assert from "node:assert/strict";
import { test } from "node:test";
import { makeClaim } from "../../src/viz/claims";
import { collapseClaim } from "../../src/viz/figures/collapse-claim";

test("collapseClaim: a fit with an empty cluster is named, with which cluster and how many colours remain", () => {
  const claim = makeClaim(collapseClaim([0, 0, 2, 2, 2], 3, { id: "dp-collapse", what: "The DP model", noun: "Pokémon" }));
  assert.equal(claim.id, "dp-collapse");
  assert.equal(claim.holds, false);
  assert.equal(claim.central, false);
  assert.match(claim.measured, /^2 of 3 clusters hold Pokémon \(sizes 2, 0, 3; exact diagnostic, not private\)$/);
  assert.match(claim.reason, /1 of 3 clusters \(label 1\) holds no Pokémon.*shows 2 colours, not 3/);
});

test("collapseClaim: every cluster occupied holds, with no reason", () => {
  const claim = makeClaim(collapseClaim([0, 1, 2, 1], 3));
  assert.equal(claim.holds, true);
  assert.equal(claim.id, "no-collapse");
  assert.equal(claim.reason, "");
  assert.match(claim.measured, /^3 of 3 clusters hold points \(sizes 1, 2, 1;/);
});

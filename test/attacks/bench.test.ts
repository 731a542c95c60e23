// The attack game's bench row (scripts/bench/attack-game.ts) is well formed at quick sizes; its speed is
// reported by `npm run bench -- --only game`, never asserted here.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GAME_EPSILONS, runAttackGameBench } from "../../scripts/bench/attack-game";

test("quick game rows: one per DP model, three ε × 200 rounds a side", () => {
  const seen: string[] = [];
  const rows = runAttackGameBench({ quick: true, onRow: (r) => seen.push(r.method) });
  assert.deepEqual(rows.map((r) => r.method), ["dplloyd", "eugkm"]);
  assert.deepEqual(seen, ["dplloyd", "eugkm"]);
  for (const r of rows) {
    assert.equal(r.rounds_per_side, 200);
    assert.equal(r.seeds, GAME_EPSILONS.length * 2 * 200);
    assert.ok(r.game_seconds > 0 && Math.abs(r.fit_ms_median! * r.seeds - 1000 * r.game_seconds) < 1e-6);
  }
});

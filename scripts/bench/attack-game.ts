/**
 * The attack game's speed (lesson 9, issue 26): the membership-inference game at three ε with 2,000 rounds
 * on each side (12,000 fits), both attacks scoring every release, against each DP model of the lesson, on
 * the lesson's data (the weights of the first 251 Pokémon, k = 3, public bounds and size). The target is the
 * outlier. The lesson asks for ≤ 30 s per game on an idle 2-core machine; `game_seconds` is that figure.
 *
 *   node --import tsx scripts/bench.ts --only game [--quick]
 */
import { performance } from "node:perf_hooks";
import { featureMatrix, loadPokemon } from "../../src/data/index";
import { captureWarnings } from "../../src/errors";
import { dpModel, likelihoodRatioAttack, nearestCentreAttack, outlierTarget, playGame } from "../../src/attacks/index";
import type { BenchRow } from "./registry";

/** The three ε of the game (the lesson's defaults). */
export const GAME_EPSILONS = [0.25, 1, 4] as const;

/** A bench row plus the game's own figures. */
export interface GameBenchRow extends BenchRow {
  /** Rounds on each side per ε. */
  rounds_per_side: number;
  /** Seconds for the whole game (three ε). */
  game_seconds: number;
}

/**
 * Time the game against DPLloyd and EUGkM.
 *
 * @param options - `quick`: 200 rounds a side instead of 2,000; `onRow`: called with each row
 * @returns one row per model
 */
export function runAttackGameBench(options: { quick?: boolean; onRow?: (row: GameBenchRow) => void } = {}): GameBenchRow[] {
  const rounds = options.quick ? 200 : 2000;
  const { X, bounds } = featureMatrix(loadPokemon({ first: 251 }), ["weight_kg"]);
  const target = outlierTarget(X);
  const settings = { k: 3, bounds, publicSize: 251 };
  const rows: GameBenchRow[] = [];
  for (const method of ["dplloyd", "eugkm"] as const) {
    const start = performance.now();
    captureWarnings(() => {
      for (const epsilon of GAME_EPSILONS) {
        playGame(
          { others: target.others, target: target.record, bounds },
          { model: dpModel(method, epsilon, settings), attacks: [nearestCentreAttack, likelihoodRatioAttack], roundsPerSide: rounds, seed: 1 },
        );
      }
    });
    const ms = performance.now() - start;
    const fits = GAME_EPSILONS.length * 2 * rounds;
    const row: GameBenchRow = {
      bench: "attack game",
      method,
      n: X.length,
      d: 1,
      k: 3,
      epsilon: null,
      seeds: fits,
      fit_ms_median: ms / fits,
      quality_ratio_median: null,
      changed_share_median: null,
      rounds_per_side: rounds,
      game_seconds: ms / 1000,
    };
    options.onRow?.(row);
    rows.push(row);
  }
  return rows;
}

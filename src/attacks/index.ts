/**
 * Membership inference against k-means and DP k-means (lesson 9, "Attack the models"): the game, the
 * attacks, the models reduced to what they release, and how to read a game against ε. A file, not a folder
 * index only, so tslab can import it (`import * as attack from "./src/attacks/index"`).
 */
export { playGame, knowledgeOf } from "./game";
export type { GameSetup, PlayOptions, AttackScores, GameResult } from "./game";
export { nearestCentreAttack, exactShiftAttack, likelihoodRatioAttack, strongAttackFor } from "./attacks";
export type { Attack, Knowledge } from "./attacks";
export { nonPrivateModel, dpModel, halfNoiseDPLloydModel, HALF_NOISE_DPLLOYD } from "./models";
export type { GameModel, GameModelSettings, GameRelease, ReleasedStep } from "./models";
export {
  rocCurve,
  advantage,
  advantageBound,
  maxTprAllowed,
  checkAgainstEpsilon,
  auditEpsilonLowerBound,
  readGame,
  roundsWon,
} from "./roc";
export type { RocPoint, CheckedPoint, RegionCheck, RegionCheckOptions, GameReading } from "./roc";
export { typicalTarget, outlierTarget } from "./targets";
export type { GameTarget } from "./targets";

/**
 * The membership-inference game (the hypothesis-testing view of differential privacy: Wasserman & Zhou
 * 2010; Kairouz, Oh & Viswanath 2015; Dong, Roth & Su 2019), played against the course's models.
 *
 *     the attacker knows every record but one (D), the target t, and every public setting
 *     each round:  a coin says "in" or "out";  the model is fitted on D ∪ {t} ("in") or on D ("out"),
 *                  with fresh randomness;  the attacker sees only what the fit releases and scores it
 *                  (a higher score means "I think t was in")
 *
 * An ε-DP model keeps every attack's true-positive and false-positive rates inside the region
 * TPR ≤ e^ε·FPR + δ and 1 − FPR ≤ e^ε·(1 − TPR) + δ (see `roc.ts`), whatever the attack.
 *
 * The coin: equal numbers of "in" and "out" rounds in a shuffled order, so each round is in with
 * probability one half and both sides get exactly the rounds asked for. A seeded game is reproducible
 * byte for byte (the deck and every round's randomness come from the seed); without a seed every draw
 * is from `crypto`.
 */
import { InvalidInputError } from "../errors";
import { createRandom, type RandomSource } from "../dp/random";
import { toMatrix, validateBounds, type Bounds, type FlatMatrix, type MatrixInput } from "../validate";
import type { Attack, Knowledge } from "./attacks";
import type { GameModel } from "./models";

/** What the attacker knows and plays for. */
export interface GameSetup {
  /** D: every record but the target (the attacker knows all of them). */
  others: MatrixInput;
  /** The target record t. */
  target: ArrayLike<number>;
  /** The public bounds every model uses. */
  bounds: { lower: number[]; upper: number[] };
  /** A name for the target in tables and charts, e.g. "Snorlax (outlier)". */
  targetName?: string;
}

/** Options of {@link playGame}. */
export interface PlayOptions {
  /** The model attacked. */
  model: GameModel;
  /** The attacks that score every release. */
  attacks: readonly Attack[];
  /** Rounds on each side (in and out): a whole number ≥ 20. */
  roundsPerSide: number;
  /** Seed of the whole game (teaching only: reproducible); default: secure randomness. */
  seed?: number | string;
  /** Called after every round with (rounds done, total rounds), e.g. `viz.progress(total)`. */
  onProgress?: (done: number, total: number) => void;
}

/** The scores of one attack on both sides. */
export interface AttackScores {
  /** The attack's name. */
  readonly attack: string;
  /** Scores in the rounds where the target was NOT in the data. */
  readonly out: Float64Array;
  /** Scores in the rounds where the target was in the data. */
  readonly in: Float64Array;
}

/** What one game gave. */
export interface GameResult {
  /** The model's name. */
  readonly model: string;
  /** The ε the model declares (Infinity for non-private k-means). */
  readonly epsilon: number;
  /** The target's name. */
  readonly target: string;
  /** Rounds on each side. */
  readonly roundsPerSide: number;
  /** One entry per attack, in the order given. */
  readonly scores: readonly AttackScores[];
}

/** The attacker's knowledge, built once per setup (validated, flat). */
export function knowledgeOf(setup: GameSetup): Knowledge {
  const others = toMatrix(setup.others, { name: "others" });
  const target = Float64Array.from(setup.target);
  if (target.length !== others.d) {
    throw new InvalidInputError(
      "target-shape",
      `the target has ${target.length} features but the other records have ${others.d}; give the target the same features.`,
    );
  }
  if (!target.every(Number.isFinite)) {
    throw new InvalidInputError("target-not-finite", "every feature of the target must be a finite number.");
  }
  const bounds: Bounds = validateBounds(setup.bounds, others.d);
  return { others, target, bounds };
}

/** D ∪ {t} as a flat matrix. */
function withTarget(others: FlatMatrix, target: Float64Array): FlatMatrix {
  const data = new Float64Array((others.n + 1) * others.d);
  data.set(others.data);
  data.set(target, others.n * others.d);
  return { data, n: others.n + 1, d: others.d };
}

/** A shuffled deck of `perSide` trues and `perSide` falses (Fisher–Yates with exact integer draws). */
function coinDeck(perSide: number, rng: RandomSource): boolean[] {
  const deck = Array.from({ length: 2 * perSide }, (_, i) => i < perSide);
  for (let i = deck.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const x = deck[i]!;
    deck[i] = deck[j]!;
    deck[j] = x;
  }
  return deck;
}

/**
 * Play the membership-inference game (see the module comment).
 *
 * @param setup - D, the target and the public bounds ({@link GameSetup})
 * @param options - the model, the attacks, rounds per side, seed, progress ({@link PlayOptions})
 * @returns every attack's scores on both sides
 * @throws InvalidInputError for a target of the wrong shape, bad bounds, or fewer than 20 rounds a side
 * @example
 * const game = playGame({ others, target, bounds }, { model: dpModel("dplloyd", 1, setup),
 *   attacks: [nearestCentreAttack, likelihoodRatioAttack], roundsPerSide: 2000, seed: 7 });
 */
export function playGame(setup: GameSetup, options: PlayOptions): GameResult {
  const rounds = options.roundsPerSide;
  if (!Number.isInteger(rounds) || rounds < 20) {
    throw new InvalidInputError(
      "invalid-rounds",
      `roundsPerSide must be a whole number of at least 20 (fewer rounds say nothing); got ${rounds}.`,
    );
  }
  const knowledge = knowledgeOf(setup);
  const inData = withTarget(knowledge.others, knowledge.target);
  const seeded = options.seed !== undefined;
  const tag = `${options.model.name}/${setup.targetName ?? "target"}`;
  const deck = coinDeck(rounds, seeded ? createRandom(`${options.seed}/${tag}/coin`) : createRandom());
  const scores = options.attacks.map(() => ({ out: new Float64Array(rounds), in: new Float64Array(rounds) }));
  let nIn = 0;
  let nOut = 0;
  const total = deck.length;
  for (let round = 0; round < total; round++) {
    const isIn = deck[round]!;
    // A fresh random source each round: no state carries over from one fit to the next.
    const rng = seeded ? createRandom(`${options.seed}/${tag}/${round}`) : createRandom();
    const release = options.model.fit(isIn ? inData : knowledge.others, rng);
    for (let a = 0; a < options.attacks.length; a++) {
      const s = options.attacks[a]!.score(release, knowledge);
      if (isIn) scores[a]!.in[nIn] = s;
      else scores[a]!.out[nOut] = s;
    }
    if (isIn) nIn++;
    else nOut++;
    options.onProgress?.(round + 1, total);
  }
  return {
    model: options.model.name,
    epsilon: options.model.epsilon,
    target: setup.targetName ?? "target",
    roundsPerSide: rounds,
    scores: options.attacks.map((attack, a) => ({ attack: attack.name, out: scores[a]!.out, in: scores[a]!.in })),
  };
}

/**
 * Membership-inference attacks on clustering releases, from the simple to the strong. Each reads one
 * release (what a fit published) and the attacker's knowledge (every record but the target, the target,
 * the public bounds) and returns a score: the higher, the more the attacker believes the target was in.
 *
 * - {@link nearestCentreAttack}: minus the distance from the target to the nearest released centre. Needs
 *   nothing but the centres; works on an outlier that gets a centre of its own.
 * - {@link exactShiftAttack} (non-private k-means): the released centres are a fixed point of Lloyd's
 *   algorithm on the data they came from. The attacker recomputes, for the cell of the target, the mean of
 *   D and of D ∪ {t} and asks which one the released centre equals. Certain whenever t moves the mean.
 * - {@link likelihoodRatioAttack} (DP models): knows the mechanism. Every noisy count and clamped sum the
 *   fit released is f(data) + Laplace-type noise of a declared scale; the attacker computes f on D and on
 *   D ∪ {t} for the released, public assignment and scores log P[release | in] − log P[release | out]. By
 *   Neyman–Pearson no test of the same release does better at any false-positive rate.
 */
import { InvalidInputError } from "../errors";
import type { Bounds, FlatMatrix } from "../validate";
import type { GameRelease } from "./models";

/** What the attacker knows: every record but the target, the target, the public bounds. */
export interface Knowledge {
  /** D: the other records. */
  readonly others: FlatMatrix;
  /** The target t. */
  readonly target: Float64Array;
  /** The public bounds of the models. */
  readonly bounds: Bounds;
}

/** An attack: a name and a score for one release (higher = "the target was in"). */
export interface Attack {
  /** A short name for tables and charts. */
  readonly name: string;
  /** The score of one release. */
  score(release: GameRelease, knowledge: Knowledge): number;
}

/** Index of the centre (k × d, row-major) nearest to x, and its squared distance. */
function nearest(centres: ArrayLike<number>, k: number, d: number, x: ArrayLike<number>, offset = 0): { j: number; dist2: number } {
  let j = 0;
  let best = Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let f = 0; f < d; f++) {
      const a = centres[c * d + f]! - x[offset + f]!;
      s += a * a;
    }
    if (s < best) {
      best = s;
      j = c;
    }
  }
  return { j, dist2: best };
}

/** The simple attack: minus the distance from the target to the nearest released centre. */
export const nearestCentreAttack: Attack = {
  name: "nearest centre",
  score(release, knowledge) {
    return -Math.sqrt(nearest(release.centres, release.k, release.d, knowledge.target).dist2);
  },
};

/** Count and per-feature sum of the rows of D whose nearest centre is j (sums of clamped values when `clamp`). */
function cellStatistics(
  others: FlatMatrix,
  centres: ArrayLike<number>,
  k: number,
  j: number,
  bounds: Bounds | undefined,
): { count: number; sums: Float64Array } {
  const { n, d, data } = others;
  const sums = new Float64Array(d);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (nearest(centres, k, d, data, i * d).j !== j) continue;
    count++;
    for (let f = 0; f < d; f++) sums[f] += bounds ? clamp(data[i * d + f]!, bounds, f) : data[i * d + f]!;
  }
  return { count, sums };
}

const clamp = (v: number, bounds: Bounds, f: number): number => Math.min(bounds.upper[f]!, Math.max(bounds.lower[f]!, v));

/**
 * Non-private k-means: which of mean(D) and mean(D ∪ {t}), over the released centre's cell, is the released
 * centre? Score = ‖c − mean_out‖² − ‖c − mean_in‖² (positive: it is the "in" mean); +∞ when no record of D is
 * in the cell (only t could have put a centre there).
 */
export const exactShiftAttack: Attack = {
  name: "exact centre shift",
  score(release, knowledge) {
    const { centres, k, d } = release;
    const t = knowledge.target;
    const j = nearest(centres, k, d, t).j;
    const { count, sums } = cellStatistics(knowledge.others, centres, k, j, undefined);
    if (count === 0) return Infinity;
    let out2 = 0;
    let in2 = 0;
    for (let f = 0; f < d; f++) {
      const c = centres[j * d + f]!;
      out2 += (c - sums[f]! / count) ** 2;
      in2 += (c - (sums[f]! + t[f]!) / (count + 1)) ** 2;
    }
    return out2 - in2;
  },
};

/** log of the Laplace likelihood ratio of an observation y for the means a (in) and b (out), rate ε/Δ. */
function laplaceLogRatio(y: number, a: number, b: number, rate: number): number {
  return rate * (Math.abs(y - b) - Math.abs(y - a));
}

/** The cell index of x on EUGkM's grid (as `buildSynopsis` computes it: values clamped into the box). */
function gridCell(x: ArrayLike<number>, offset: number, bounds: Bounds, m: number): number {
  let index = 0;
  let stride = 1;
  for (let t = 0; t < bounds.lower.length; t++) {
    const lo = bounds.lower[t]!;
    let cell = Math.floor((x[offset + t]! - lo) * (m / (bounds.upper[t]! - lo)));
    cell = cell < 0 ? 0 : cell >= m ? m - 1 : cell;
    index += cell * stride;
    stride *= m;
  }
  return index;
}

/** Rows of D in the target's grid cell, cached per knowledge and grid size (the grid is public). */
const cellCounts = new WeakMap<Knowledge, Map<number, number>>();
function othersInTargetCell(knowledge: Knowledge, m: number): number {
  let byGrid = cellCounts.get(knowledge);
  if (!byGrid) cellCounts.set(knowledge, (byGrid = new Map()));
  const cached = byGrid.get(m);
  if (cached !== undefined) return cached;
  const cell = gridCell(knowledge.target, 0, knowledge.bounds, m);
  const { n, d, data } = knowledge.others;
  let count = 0;
  for (let i = 0; i < n; i++) if (gridCell(data, i * d, knowledge.bounds, m) === cell) count++;
  byGrid.set(m, count);
  return count;
}

/**
 * The attack that knows the mechanism: the log-likelihood ratio of everything the fit released about the
 * target (DPLloyd: every iteration's count and sums of the target's cluster, Laplace with the declared ε
 * and sensitivities 1 and max(|l|, |u|); EUGkM: the noisy count of the target's grid cell). A release
 * with neither (non-private k-means) is refused: use {@link exactShiftAttack} there.
 */
export const likelihoodRatioAttack: Attack = {
  name: "likelihood ratio",
  score(release, knowledge) {
    const { k, d } = release;
    const { bounds, target } = knowledge;
    if (release.steps.length > 0) {
      let llr = 0;
      for (const step of release.steps) {
        const j = nearest(step.assignedTo, k, d, target).j;
        const { count, sums } = cellStatistics(knowledge.others, step.assignedTo, k, j, bounds);
        llr += laplaceLogRatio(step.counts[j]!, count + 1, count, step.epsilonCount);
        for (let f = 0; f < d; f++) {
          const sensitivity = Math.max(Math.abs(bounds.lower[f]!), Math.abs(bounds.upper[f]!));
          const rate = step.epsilonPerFeature[f]! / sensitivity;
          llr += laplaceLogRatio(step.sums[j * d + f]!, sums[f]! + clamp(target[f]!, bounds, f), sums[f]!, rate);
        }
      }
      return llr;
    }
    if (release.noisyCellCounts && release.gridSize !== undefined && release.epsilonCells !== undefined) {
      const m = release.gridSize;
      const count = othersInTargetCell(knowledge, m);
      const y = release.noisyCellCounts[gridCell(target, 0, bounds, m)]!;
      return laplaceLogRatio(y, count + 1, count, release.epsilonCells);
    }
    throw new InvalidInputError(
      "no-mechanism-release",
      "the likelihood-ratio attack needs a DP release (DPLloyd's noisy counts and sums, or EUGkM's noisy " +
        "grid); for non-private k-means use exactShiftAttack.",
    );
  },
};

/** The attack that knows the model: the exact shift for non-private k-means, the likelihood ratio otherwise. */
export function strongAttackFor(kind: "kmeans" | "dplloyd" | "eugkm"): Attack {
  return kind === "kmeans" ? exactShiftAttack : likelihoodRatioAttack;
}

/**
 * Choosing the game's targets from a dataset: a typical record (the one nearest the coordinate-wise median:
 * many others look like it) and an outlier (the one farthest from its nearest neighbour: nobody looks like
 * it). Both are chosen from the data the attacker already knows; in the game the attacker knows the target.
 */
import { InvalidInputError } from "../errors";

/** A target: its row index in the data, the record, and the others (the data without it). */
export interface GameTarget {
  /** Row index in the data given. */
  readonly index: number;
  /** The target's features. */
  readonly record: number[];
  /** Every other row, in order. */
  readonly others: number[][];
}

const dist2 = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, f) => s + (v - b[f]!) ** 2, 0);

function targetAt(rows: readonly (readonly number[])[], index: number): GameTarget {
  return { index, record: rows[index]!.slice(), others: rows.filter((_, i) => i !== index).map((r) => r.slice()) };
}

function checkRows(rows: readonly (readonly number[])[]): void {
  if (!Array.isArray(rows) || rows.length < 3) {
    throw new InvalidInputError("too-few-records", "choosing targets needs at least 3 records (rows of numbers).");
  }
}

/**
 * The record nearest the coordinate-wise median (ties: the first).
 *
 * @param rows - the data, rows of numbers
 */
export function typicalTarget(rows: readonly (readonly number[])[]): GameTarget {
  checkRows(rows);
  const d = rows[0]!.length;
  const median = Array.from({ length: d }, (_, f) => {
    const v = rows.map((r) => r[f]!).sort((a, b) => a - b);
    return v[Math.floor((v.length - 1) / 2)]!;
  });
  let best = 0;
  rows.forEach((r, i) => {
    if (dist2(r, median) < dist2(rows[best]!, median)) best = i;
  });
  return targetAt(rows, best);
}

/**
 * The record farthest from its nearest neighbour (ties: the first).
 *
 * @param rows - the data, rows of numbers
 */
export function outlierTarget(rows: readonly (readonly number[])[]): GameTarget {
  checkRows(rows);
  let best = 0;
  let bestGap = -1;
  rows.forEach((r, i) => {
    let gap = Infinity;
    rows.forEach((s, j) => {
      if (j !== i) gap = Math.min(gap, dist2(r, s));
    });
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  });
  return targetAt(rows, best);
}

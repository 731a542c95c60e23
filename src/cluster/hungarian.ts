/**
 * The Hungarian algorithm (Kuhn, "The Hungarian method for the assignment problem", 1955; Munkres 1957)
 * in its O(n³) shortest-augmenting-path form: the one-to-one assignment of rows to columns with the
 * smallest total cost. Used to match the cluster labels of two clusterings, where greedy matching (take
 * the biggest overlap first) can be wrong.
 */
import { InvalidInputError } from "../errors";

/**
 * Solve the assignment problem for a square cost matrix.
 *
 * @param cost - n × n finite costs; `cost[i][j]` is the cost of giving row i column j
 * @returns `assignment` with `assignment[i]` = the column given to row i; Σ cost[i][assignment[i]] is minimal
 * @throws {@link InvalidInputError} when the matrix is not square or holds a non-finite number
 * @example
 * hungarian([[4, 1], [2, 3]]);  // [1, 0]: total 1 + 2 = 3 (the diagonal would cost 7)
 */
export function hungarian(cost: ReadonlyArray<ArrayLike<number>>): number[] {
  const n = cost.length;
  for (let i = 0; i < n; i++) {
    const row = cost[i]!;
    if (row.length !== n) {
      throw new InvalidInputError(
        "invalid-cost-matrix",
        `cost must be square: it has ${n} rows but row ${i} has ${row.length} entries.`,
      );
    }
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(row[j])) {
        throw new InvalidInputError("invalid-cost-matrix", `cost[${i}][${j}] is ${row[j]}; costs must be finite.`);
      }
    }
  }
  // Potentials u (rows) and v (columns), 1-based with a dummy column 0; p[j] = row matched to column j.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    // Flip the augmenting path.
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let j = 1; j <= n; j++) assignment[p[j]! - 1] = j - 1;
  return assignment;
}

/**
 * Input validation shared by every model: learner input in, a flat row-major `Float64Array` out, and a
 * typed {@link InvalidInputError} for anything the models cannot use.
 *
 * Every message says what is wrong, where (row and column, with the column's name when the input was a
 * DataFrame) and how to fix it, because the reader is a learner looking at a notebook cell. Validation
 * happens once, at the edge (`fit`, `predict`, `transform`); the numeric core after it trusts its input.
 */
import { InvalidInputError } from "./errors";
import { MAX_CLUSTERS, MAX_EPSILON, MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT, MAX_WEIGHT, MIN_EPSILON, MIN_MODEL_EPSILON } from "./limits";

/**
 * A matrix stored row-major in one typed array: the value of row `i`, column `j` is `data[i * d + j]`.
 * This is what the numeric core works on; learners never need to build one by hand.
 */
export interface FlatMatrix {
  /** The values, row after row; length `n * d`. */
  readonly data: Float64Array;
  /** Number of rows (points). */
  readonly n: number;
  /** Number of columns (features). */
  readonly d: number;
}

/** A validated matrix: a {@link FlatMatrix} plus the column names when the input had them (a DataFrame). */
export interface ValidatedMatrix extends FlatMatrix {
  /** Column names from a DataFrame or Series, else `undefined`. */
  readonly columns: string[] | undefined;
}

/**
 * Anything with `.values` and `.columns`, the way a danfojs `DataFrame` (rows of values) or `Series`
 * (one column of values) looks. Detected by shape so this module never imports danfojs (1.5 s to load).
 */
export interface DataFrameLike {
  readonly values: unknown;
  readonly columns: readonly string[];
}

/**
 * What a model accepts as data: rows of numbers (`number[][]`, or rows that are typed arrays), a danfojs
 * `DataFrame` (numeric columns only) or `Series` (taken as one feature), or a {@link FlatMatrix}.
 */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | DataFrameLike | FlatMatrix;

/** Options of {@link toMatrix}. */
export interface ToMatrixOptions {
  /** The name the learner knows the data by, used in messages. Default `"X"`. */
  name?: string;
  /** When set, the data must have exactly this many features (e.g. `predict` after `fit`). */
  features?: number;
  /** What `features` refers to in the message. Default `"the data the model was fitted on"`. */
  featuresSource?: string;
  /**
   * The rows are private (a DP fit's training data): a value outside the record domain is refused with
   * {@link recordDomainError}, which names no row, column or value. Default false (the detailed message,
   * for non-private models and for the data's owner).
   */
  privateRows?: boolean;
}

// Private rows (a DP fit's training data): the input domain is datasets of at least one record, each a
// row of finite numbers within ±1e100 of one length. A dataset outside it is refused before any spend
// (src/dp/README.md, "What is refused before any spend"); the refusal of a bad record names nothing about
// it, and the refusal of empty data carries no statistic: both read nothing a neighbour could change
// inside the domain.
/** Codes of refusals caused by one record's content (a cell or a row's length), not by the input's shape. */
const RECORD_CODES = new Set(["nan-value", "value-too-large", "infinite-value", "missing-value", "non-numeric-value", "ragged-rows", "row-not-numbers"]);

/**
 * The refusal of private data holding a record outside the record domain (a value that is not a finite
 * number within ±1e100, or a row of the wrong length). The same text whatever the record and wherever it
 * is: a message shown in a notebook is published with it, so it must not name the row, the column or the
 * value (src/dp/README.md, "What is refused before any spend").
 *
 * @param name - the data's name in the message (e.g. `"X"`)
 * @returns the error (code `"outside-record-domain"`)
 */
export function recordDomainError(name: string): InvalidInputError {
  return new InvalidInputError(
    "outside-record-domain",
    `${name} holds a record outside the record domain: every value of private data must be a finite number ` +
      `within ±${MAX_MAGNITUDE_TEXT}, the largest magnitude supported (not NaN, null, text or ±Infinity), and ` +
      `every row must have the same ` +
      `number of values. This message names no row or value on purpose: it would be published with the ` +
      `notebook. Fix: clean the data before the private fit, e.g. rows.filter((r) => r.every((v) => ` +
      `Number.isFinite(v) && Math.abs(v) <= ${MAX_MAGNITUDE_TEXT})); toMatrix(X) without privateRows shows ` +
      `the data's owner where the first bad value is.`,
  );
}

function isFlatMatrix(x: unknown): x is FlatMatrix {
  return (
    typeof x === "object" &&
    x !== null &&
    ArrayBuffer.isView((x as FlatMatrix).data) &&
    typeof (x as FlatMatrix).n === "number" &&
    typeof (x as FlatMatrix).d === "number"
  );
}

function isDataFrameLike(x: unknown): x is DataFrameLike {
  return (
    typeof x === "object" &&
    x !== null &&
    !Array.isArray(x) &&
    "values" in x &&
    "columns" in x &&
    Array.isArray((x as DataFrameLike).columns)
  );
}

/** A short, safe rendering of a bad value for a message. */
function describeValue(value: unknown): string {
  if (value === null) return "null (a missing value)";
  if (value === undefined) return "undefined (a missing value)";
  if (typeof value === "string") {
    const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value;
    return `the string "${shown}"`;
  }
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return `the boolean ${value}`;
  if (Array.isArray(value)) return "an array";
  return `a value of type ${typeof value}`;
}

function where(name: string, row: number, col: number, columns: string[] | undefined): string {
  const colName = columns?.[col];
  return colName === undefined ? `${name}[${row}][${col}]` : `${name}[${row}][${col}] (column "${colName}")`;
}

/** The error for one bad cell; the fix depends on what kind of bad it is. */
function badCell(name: string, row: number, col: number, value: unknown, columns: string[] | undefined): InvalidInputError {
  const at = where(name, row, col, columns);
  if (typeof value === "number" && Number.isNaN(value)) {
    return new InvalidInputError(
      "nan-value",
      `${at} is NaN (a missing or undefined number). a model cannot use a point with a missing coordinate: ` +
        `drop the rows with missing values (e.g. rows.filter(r => r.every(Number.isFinite)), or df.dropNa()) ` +
        `or fill them in before fitting.`,
    );
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    return new InvalidInputError(
      "value-too-large",
      `${at} is ${value}, beyond ±${MAX_MAGNITUDE_TEXT}, the largest magnitude supported: squares, widths and ` +
        `sums of larger values overflow to Infinity. Rescale the feature (other units, or a log scale) or drop ` +
        `the row.`,
    );
  }
  if (typeof value === "number") {
    return new InvalidInputError(
      "infinite-value",
      `${at} is ${value}. Infinite values usually come from a division by zero or the log of 0 ` +
        `(e.g. Math.log10 of a weight of 0): fix that transform (e.g. log10(x + 1)) or drop the row.`,
    );
  }
  if (value === null || value === undefined) {
    return new InvalidInputError(
      "missing-value",
      `${at} is ${describeValue(value)} where a number is expected. Drop the rows with missing values or ` +
        `fill them in before fitting.`,
    );
  }
  return new InvalidInputError(
    "non-numeric-value",
    `${at} is ${describeValue(value)}, not a number. Select only numeric columns, and convert numbers ` +
      `stored as text first (e.g. Number(v)); drop values that do not convert.`,
  );
}

function checkFlatFinite(name: string, data: Float64Array, d: number, columns: string[] | undefined): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // `v - v` is 0 for finite numbers and NaN for NaN and ±Infinity; the range test catches finite values
    // whose arithmetic would overflow (src/limits.ts).
    if (v - v !== 0 || v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE) {
      throw badCell(name, Math.floor(i / d), i % d, v, columns);
    }
  }
}

function emptyError(name: string, what: "rows" | "columns"): InvalidInputError {
  return what === "rows"
    ? new InvalidInputError(
        "empty-data",
        `${name} has no rows. Pass at least one point (one row per point); check that a filter did not remove ` +
          `everything.`,
      )
    : new InvalidInputError(
        "empty-data",
        `${name} has rows with no columns (0 features). Select at least one numeric column for each point.`,
      );
}

function fromFlat(name: string, x: FlatMatrix): ValidatedMatrix {
  const { n, d } = x;
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 0) {
    throw new InvalidInputError(
      "invalid-shape",
      `${name} has shape n = ${n}, d = ${d}; both must be whole numbers. Pass {data, n, d} with data.length = n * d.`,
    );
  }
  if (n === 0) throw emptyError(name, "rows");
  if (d === 0) throw emptyError(name, "columns");
  if (x.data.length !== n * d) {
    throw new InvalidInputError(
      "invalid-shape",
      `${name}.data has ${x.data.length} values but n × d = ${n} × ${d} = ${n * d}. Fix n and d, or the data.`,
    );
  }
  // Other typed arrays (e.g. Float32Array) are copied once; a Float64Array is used as is (never mutated).
  const data = x.data instanceof Float64Array ? x.data : Float64Array.from(x.data as ArrayLike<number>);
  checkFlatFinite(name, data, d, undefined);
  return { data, n, d, columns: undefined };
}

function fromRows(name: string, rows: ArrayLike<unknown>, columns: string[] | undefined): ValidatedMatrix {
  const n = rows.length;
  if (n === 0) throw emptyError(name, "rows");
  const first = rows[0];
  if (!isRow(first)) {
    if (typeof first === "number" || first === null || first === undefined || typeof first === "string") {
      throw new InvalidInputError(
        "not-2d",
        `${name} must be 2-D (one row per point, one column per feature) but got a flat list of values. ` +
          `For a single feature, wrap each value in its own row: values.map(v => [v]).`,
      );
    }
    throw new InvalidInputError(
      "not-2d",
      `${name}[0] is ${describeValue(first)}, not a row of numbers. Pass rows of numbers (number[][]).`,
    );
  }
  const d = first.length;
  if (d === 0) throw emptyError(name, "columns");
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!isRow(row)) {
      throw new InvalidInputError(
        "row-not-numbers",
        `${name}[${i}] is ${describeValue(row)}, not a row of numbers. Every row needs ${d} numbers.`,
      );
    }
    if (row.length !== d) {
      throw new InvalidInputError(
        "ragged-rows",
        `${name} has rows of different lengths: row 0 has ${d} values but row ${i} has ${row.length}. ` +
          `Every row needs one value per feature; fix or drop row ${i}.`,
      );
    }
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (typeof v !== "number" || v - v !== 0 || v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE) {
        throw badCell(name, i, j, v, columns);
      }
      data[base + j] = v;
    }
  }
  return { data, n, d, columns };
}

function isRow(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function fromDataFrame(name: string, df: DataFrameLike): ValidatedMatrix {
  const columns = df.columns.map(String);
  const values = df.values;
  if (!Array.isArray(values)) {
    throw new InvalidInputError(
      "not-a-matrix",
      `${name} looks like a DataFrame but its .values is not an array. Pass a danfojs DataFrame or number[][].`,
    );
  }
  // A Series: its values are one column.
  if (values.length > 0 && !isRow(values[0])) {
    return fromRows(name, values.map((v: unknown) => [v]), columns);
  }
  if (values.length === 0) throw emptyError(name, "rows");
  return fromRows(name, values, columns);
}

/**
 * Convert learner input to a validated flat matrix.
 *
 * @param X - rows of numbers (`number[][]`), a danfojs `DataFrame` (numeric columns) or `Series` (one
 *   feature), or a {@link FlatMatrix} `{ data, n, d }` (a `Float64Array` is used without copying)
 * @param options - `name` for messages (default `"X"`); `features` to require a number of columns
 * @returns `{ data, n, d, columns }`, row-major; `columns` holds the DataFrame's column names
 * @throws {@link InvalidInputError} with code `empty-data` (0 rows or 0 columns), `not-2d` (a flat list),
 *   `ragged-rows`, `nan-value`, `infinite-value`, `value-too-large` (|x| > 1e100, {@link MAX_MAGNITUDE}),
 *   `missing-value` (null/undefined), `non-numeric-value`
 *   (strings, booleans…), `invalid-shape`, `not-a-matrix`, `dimension-mismatch`
 * @example
 * const { data, n, d } = toMatrix([[1, 2], [3, 4]]);  // data = Float64Array [1, 2, 3, 4], n = 2, d = 2
 */
export function toMatrix(X: MatrixInput, options: ToMatrixOptions = {}): ValidatedMatrix {
  if (!options.privateRows) return toMatrixDetailed(X, options);
  try {
    return toMatrixDetailed(X, options);
  } catch (error) {
    // Private rows: the detailed message would print a row's position and value; one text for all.
    if (error instanceof InvalidInputError && RECORD_CODES.has(error.code)) {
      throw recordDomainError(options.name ?? "X");
    }
    throw error;
  }
}

function toMatrixDetailed(X: MatrixInput, options: ToMatrixOptions): ValidatedMatrix {
  const name = options.name ?? "X";
  let result: ValidatedMatrix;
  if (X === null || X === undefined) {
    throw new InvalidInputError(
      "not-a-matrix",
      `${name} is ${X}. Pass the data as number[][] (one row per point), a DataFrame, or {data, n, d}.`,
    );
  } else if (isFlatMatrix(X)) {
    result = fromFlat(name, X);
  } else if (Array.isArray(X)) {
    result = fromRows(name, X, undefined);
  } else if (isDataFrameLike(X)) {
    result = fromDataFrame(name, X);
  } else {
    throw new InvalidInputError(
      "not-a-matrix",
      `${name} is ${describeValue(X)}. Pass the data as number[][] (one row per point), a danfojs DataFrame, ` +
        `or {data: Float64Array, n, d}.`,
    );
  }
  if (options.features !== undefined && result.d !== options.features) {
    throw new InvalidInputError(
      "dimension-mismatch",
      `${name} has ${result.d} feature(s) per row but ${options.featuresSource ?? "the data the model was fitted on"} ` +
        `had ${options.features}. Pass the same columns, in the same order.`,
    );
  }
  return result;
}

/**
 * Turn a flat row-major array back into rows (`number[][]`), the shape learners see.
 *
 * @param data - values row after row
 * @param n - number of rows
 * @param d - number of columns
 */
export function toRows(data: ArrayLike<number>, n: number, d: number): number[][] {
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: number[] = new Array(d);
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]!;
    rows[i] = row;
  }
  return rows;
}

/**
 * Check a number of clusters.
 *
 * @param k - the number of clusters asked for
 * @param n - the number of points, when known: `k` may not exceed it
 * @param name - the parameter's name in messages (default `"nClusters"`)
 * @returns `k`, unchanged
 * @throws {@link InvalidInputError} `invalid-k` when `k` is not a whole number ≥ 1; `k-exceeds-n` when `k > n`
 */
export function validateNClusters(k: unknown, n?: number, name = "nClusters"): number {
  if (typeof k !== "number" || !Number.isFinite(k)) {
    throw new InvalidInputError(
      "invalid-k",
      `${name} must be a whole number of clusters (1, 2, 3, …); got ${describeValue(k)}.`,
    );
  }
  if (!Number.isInteger(k)) {
    throw new InvalidInputError(
      "invalid-k",
      `${name} must be a whole number of clusters; got ${k}. Use a whole number such as ${Math.max(1, Math.round(k))}.`,
    );
  }
  if (k < 1) {
    throw new InvalidInputError("invalid-k", `${name} must be at least 1; got ${k}. Ask for 1 or more clusters.`);
  }
  // Checked before k is compared with n, so that the outcome for a huge k reads the setting only.
  if (k > MAX_CLUSTERS) throw limitExceeded(name, k, MAX_CLUSTERS);
  if (n !== undefined && k > n) {
    throw new InvalidInputError(
      "k-exceeds-n",
      `${name} = ${k} is more than the ${n} point(s) in the data: every cluster needs at least one point. ` +
        `Use ${name} ≤ ${n}, or more data.`,
    );
  }
  return k;
}

/** Options of {@link validateEpsilon}. */
export interface EpsilonOptions {
  /** The parameter's name in messages. Default `"epsilon"`. */
  name?: string;
  /** Accept `Infinity` (no privacy at all, e.g. for a test without noise). Default `false`. */
  allowInfinity?: boolean;
}

/**
 * Check a privacy parameter ε (epsilon).
 *
 * @param epsilon - the privacy budget: a number > 0 (smaller = more private, noisier)
 * @param options - `name` for messages; `allowInfinity` (default `false`)
 * @returns `epsilon`, unchanged
 * @throws {@link InvalidInputError} `invalid-epsilon` for a non-number, NaN, ε ≤ 0, ε below
 *   {@link MIN_MODEL_EPSILON} (1e-6: a fit splits ε, and each release needs ≥ 1e-10), or ∞ unless allowed
 */
export function validateEpsilon(epsilon: unknown, options: EpsilonOptions = {}): number {
  const name = options.name ?? "epsilon";
  if (typeof epsilon !== "number" || Number.isNaN(epsilon)) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `${name} must be a positive number (the privacy budget, e.g. 1); got ${describeValue(epsilon)}.`,
    );
  }
  if (epsilon <= 0) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `${name} must be greater than 0; got ${epsilon}. ε = 0 would mean pure noise; typical values are 0.1 to 10.`,
    );
  }
  if (epsilon < MIN_MODEL_EPSILON) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `${name} = ${epsilon} is below ${MIN_MODEL_EPSILON.toExponential()}, the smallest ε a model supports: a ` +
        `fit splits ε over its releases, and each release needs ε ≥ ${MIN_EPSILON.toExponential()} for its ` +
        `exact noise sampler (a noise rate of at least 2^-48 per grid step). At ε = ` +
        `${MIN_MODEL_EPSILON.toExponential()} the noise is already a million times the sensitivity; typical ` +
        `values are 0.1 to 10.`,
    );
  }
  if (epsilon === Infinity && !options.allowInfinity) {
    throw new InvalidInputError(
      "invalid-epsilon",
      `${name} = Infinity means no privacy at all. Use a finite ε (e.g. 1), or the non-private model.`,
    );
  }
  if (epsilon > MAX_EPSILON && epsilon !== Infinity) {
    throw new InvalidInputError(
      "epsilon-too-large",
      `${name} = ${epsilon} is above ${MAX_EPSILON}, the largest ε supported: the guarantee bounds how much ` +
        `one record can change the odds of any output by a factor e^ε, and beyond ε ≈ 710 that factor is ` +
        `not even a finite number — it promises nothing. Fix: use ε ≤ ${MAX_EPSILON} (typical values are 0.1 ` +
        `to 10)${options.allowInfinity ? `, or ${name}: Infinity to turn the noise off on purpose` : ""}.`,
    );
  }
  return epsilon;
}

/** Public bounds of the data: per feature, the smallest and largest value the domain allows. */
export interface Bounds {
  /** Lower bound of each feature; length d. */
  lower: number[];
  /** Upper bound of each feature; length d. */
  upper: number[];
}

/**
 * Bounds as a learner may write them: `{ lower, upper }`, or diffprivlib's tuple `[lower, upper]`; each
 * side a number (the same for every feature) or one number per feature.
 */
export type BoundsInput =
  | Bounds
  | { lower: number | ArrayLike<number>; upper: number | ArrayLike<number> }
  | readonly [number | ArrayLike<number>, number | ArrayLike<number>];

function boundsSide(name: string, side: "lower" | "upper", value: unknown, d: number): number[] {
  let values: number[];
  if (typeof value === "number") {
    values = new Array<number>(d).fill(value);
  } else if (isRow(value)) {
    if (value.length !== d) {
      throw new InvalidInputError(
        "bounds-dimension",
        `${name}: ${side} has ${value.length} value(s) but the data has ${d} feature(s). Give one ${side} ` +
          `bound per feature, in the order of the columns (or one number for all).`,
      );
    }
    values = Array.from(value as ArrayLike<unknown>) as number[];
  } else {
    throw new InvalidInputError(
      "invalid-bounds",
      `${name}: ${side} is ${describeValue(value)}. Give a number or one number per feature.`,
    );
  }
  values.forEach((v, j) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidInputError(
        "invalid-bounds",
        `${name}: ${side}[${j}] is ${describeValue(v)}; bounds must be finite numbers. Take them from the ` +
          `domain (e.g. weight 0.1 to 999.9 kg), not from the data.`,
      );
    }
    if (Math.abs(v) > MAX_MAGNITUDE) {
      throw new InvalidInputError(
        "invalid-bounds",
        `${name}: ${side}[${j}] is ${v}, beyond ±${MAX_MAGNITUDE_TEXT}, the largest magnitude supported: the ` +
          `width of the bounds, the squares and the sums the models form from them would overflow to ` +
          `Infinity. Take bounds from the feature's domain, and rescale a feature that really is that large ` +
          `(other units, or a log scale).`,
      );
    }
  });
  return values;
}

/**
 * Check public bounds and bring them to one shape.
 *
 * @param bounds - `{ lower, upper }` or `[lower, upper]`; each side a number (all features) or an array
 * @param d - the number of features of the data
 * @param name - the parameter's name in messages (default `"bounds"`)
 * @returns `{ lower, upper }` as fresh arrays of length `d`
 * @throws {@link InvalidInputError} `invalid-bounds` (wrong shape, non-finite, beyond ±1e100
 *   ({@link MAX_MAGNITUDE}), inverted, zero width),
 *   `bounds-dimension` (wrong number of features)
 * @example
 * validateBounds([0, [10, 20]], 2);  // { lower: [0, 0], upper: [10, 20] }
 */
export function validateBounds(bounds: BoundsInput, d: number, name = "bounds"): Bounds {
  let lowerIn: unknown;
  let upperIn: unknown;
  if (Array.isArray(bounds)) {
    if (bounds.length !== 2) {
      throw new InvalidInputError(
        "invalid-bounds",
        `${name} must be [lower, upper] (two entries); got an array of ${bounds.length}. ` +
          `Example: [[0, 0], [10, 100]] or { lower: [0, 0], upper: [10, 100] }.`,
      );
    }
    [lowerIn, upperIn] = bounds;
  } else if (typeof bounds === "object" && bounds !== null && "lower" in bounds && "upper" in bounds) {
    lowerIn = bounds.lower;
    upperIn = bounds.upper;
  } else {
    throw new InvalidInputError(
      "invalid-bounds",
      `${name} is ${describeValue(bounds)}. Give { lower, upper } or [lower, upper], e.g. ` +
        `{ lower: [0, 0], upper: [10, 100] }, from the domain of each feature.`,
    );
  }
  const lower = boundsSide(name, "lower", lowerIn, d);
  const upper = boundsSide(name, "upper", upperIn, d);
  for (let j = 0; j < d; j++) {
    if (lower[j]! > upper[j]!) {
      throw new InvalidInputError(
        "invalid-bounds",
        `${name} for feature ${j}: lower (${lower[j]}) is greater than upper (${upper[j]}). ` +
          `Swap them: lower first, then upper.`,
      );
    }
    if (lower[j] === upper[j]) {
      throw new InvalidInputError(
        "invalid-bounds",
        `${name} for feature ${j}: lower = upper = ${lower[j]}, a range of zero width. Use the range the ` +
          `feature can take in its domain (lower < upper).`,
      );
    }
  }
  return { lower, upper };
}

/** What {@link checkWithinBounds} found. */
export interface BoundsCheck {
  /** Number of values (cells) outside their feature's bounds. */
  outside: number;
  /** Number of rows with at least one value outside the bounds. */
  rowsOutside: number;
  /** Values outside the bounds, per feature; length d. */
  perFeature: number[];
}

/**
 * Count the values that lie outside the bounds. DP models clip such values and must say how many
 * (a privacy-relevant surprise: clipping changes the data the model sees).
 *
 * @param X - validated data
 * @param bounds - validated bounds ({@link validateBounds}) with `d` entries per side
 * @returns how many values, and rows, fall outside, in total and per feature
 */
export function checkWithinBounds(X: FlatMatrix, bounds: Bounds): BoundsCheck {
  const { data, n, d } = X;
  const perFeature = new Array<number>(d).fill(0);
  let outside = 0;
  let rowsOutside = 0;
  for (let i = 0; i < n; i++) {
    let rowHit = false;
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j]!;
      if (v < bounds.lower[j]! || v > bounds.upper[j]!) {
        perFeature[j]!++;
        outside++;
        rowHit = true;
      }
    }
    if (rowHit) rowsOutside++;
  }
  return { outside, rowsOutside, perFeature };
}

/**
 * Check per-point weights (e.g. `sampleWeight`, or noisy counts of grid cells in EUGkM).
 *
 * @param weights - one number per point, each finite, ≥ 0 and ≤ 2^53 ({@link MAX_WEIGHT}), not all 0
 * @param n - the number of points
 * @param name - the parameter's name in messages (default `"sampleWeight"`)
 * @returns the weights as a `Float64Array` (a copy)
 * @throws {@link InvalidInputError} `invalid-weights`
 */
export function validateWeights(weights: ArrayLike<number>, n: number, name = "sampleWeight"): Float64Array {
  if (!isRow(weights)) {
    throw new InvalidInputError("invalid-weights", `${name} must be an array with one weight per point.`);
  }
  if (weights.length !== n) {
    throw new InvalidInputError(
      "invalid-weights",
      `${name} has ${weights.length} weight(s) but the data has ${n} point(s). Give one weight per point.`,
    );
  }
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as unknown;
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new InvalidInputError(
        "invalid-weights",
        `${name}[${i}] is ${describeValue(w)}; weights must be finite numbers ≥ 0. ` +
          `(Noisy counts can be negative: set those to 0 first.)`,
      );
    }
    if (w > MAX_WEIGHT) {
      throw new InvalidInputError(
        "invalid-weights",
        `${name}[${i}] is ${w}, above 2^53 = ${MAX_WEIGHT}, the largest weight supported: a weight counts as ` +
          `that many copies of the point, and weighted sums of larger ones can overflow. Divide all weights ` +
          `by a common factor (the centres depend only on their ratios).`,
      );
    }
    out[i] = w;
    total += w;
  }
  if (total <= 0) {
    throw new InvalidInputError(
      "invalid-weights",
      `${name} are all 0: there is nothing to cluster. At least one point needs a positive weight.`,
    );
  }
  return out;
}

/**
 * Check a whole-number parameter such as `maxIter` or `nInit`.
 *
 * @param value - the value given
 * @param name - the parameter's name in messages
 * @param min - the smallest allowed value (default 1)
 * @param max - the largest allowed value (a ceiling from src/limits.ts), or none
 * @returns `value`, unchanged
 * @throws {@link InvalidInputError} `invalid-parameter`; `limit-exceeded` above `max`
 */
export function validateInteger(value: unknown, name: string, min = 1, max?: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new InvalidInputError(
      "invalid-parameter",
      `${name} must be a whole number ≥ ${min}; got ${describeValue(value)}.`,
    );
  }
  if (max !== undefined && value > max) throw limitExceeded(name, value, max);
  return value;
}

/**
 * The refusal of a count of work above its ceiling (src/limits.ts): it reads the setting only.
 *
 * @param name - the setting's name (e.g. `"maxIter"`)
 * @param value - the value given
 * @param max - the ceiling
 * @returns the error (code `"limit-exceeded"`)
 */
export function limitExceeded(name: string, value: number, max: number): InvalidInputError {
  return new InvalidInputError(
    "limit-exceeded",
    `${name} = ${value} is above ${max}, the most this library runs (src/limits.ts): more would only take ` +
      `longer or run out of memory, without a better answer. Fix: use ${name} ≤ ${max}.`,
  );
}

/**
 * Check a number parameter that must be finite and ≥ 0, such as a tolerance.
 *
 * @param value - the value given
 * @param name - the parameter's name in messages
 * @returns `value`, unchanged
 * @throws {@link InvalidInputError} `invalid-parameter`; `limit-exceeded` above `max`
 */
export function validateNonNegative(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError(
      "invalid-parameter",
      `${name} must be a finite number ≥ 0; got ${describeValue(value)}.`,
    );
  }
  return value;
}

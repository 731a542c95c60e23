/**
 * Number formatting shared by tables and chart titles, so a value reads the same everywhere.
 */
import { InvalidInputError } from "../errors";

/** Options of {@link formatNumber}. */
export interface NumberFormatOptions {
  /** Significant digits of non-integers (integer parts are never rounded away). Default 4. */
  digits?: number;
  /** Group thousands with commas (`12,345`). Default false. */
  grouping?: boolean;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = formatters.get(key);
  if (!f) {
    // A fixed locale keeps notebook outputs and snapshots identical on every machine.
    f = new Intl.NumberFormat("en-US", options);
    formatters.set(key, f);
  }
  return f;
}

/**
 * Format a number for people: integers in full, other numbers to a fixed number of significant digits
 * with trailing zeros trimmed (`0.5`, `12.35`, `1234.6` → `1235`), very small ones in exponent form
 * (`1.235e-5`), and `NaN`, `∞`, `−∞` spelled out.
 *
 * @param value - the number
 * @param options - `digits` (default 4), `grouping` (default false)
 * @returns the formatted text (plain, not HTML-escaped; it contains no markup characters)
 * @throws InvalidInputError when `digits` is not an integer from 1 to 21
 * @example formatNumber(1234.5678) // "1235"; formatNumber(0.012345) // "0.01235"
 */
export function formatNumber(value: number, options: NumberFormatOptions = {}): string {
  const digits = options.digits ?? 4;
  const grouping = options.grouping ?? false;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new InvalidInputError(
      "invalid-digits",
      `digits must be an integer from 1 to 21, got ${digits}. Pass for example { digits: 4 }.`,
    );
  }
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "∞";
  if (value === -Infinity) return "−∞";
  if (value === 0) return "0"; // also turns -0 into 0
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) || magnitude >= 10 ** digits) {
    if (magnitude >= 1e21) return value.toExponential(digits - 1).replace(/\.?0+e/, "e");
    return formatter(`int-${grouping}`, { maximumFractionDigits: 0, useGrouping: grouping }).format(value);
  }
  if (magnitude < 1e-4) return value.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return formatter(`sig-${digits}-${grouping}`, {
    maximumSignificantDigits: digits,
    useGrouping: grouping,
  }).format(value);
}

/**
 * Format a share (0–1) as a percentage with one decimal, e.g. `0.1234` → `"12.3%"`.
 *
 * @param share - a fraction, usually from 0 to 1
 * @param decimals - digits after the decimal point, default 1
 * @returns the percentage text
 */
export function formatPercent(share: number, decimals = 1): string {
  if (!Number.isFinite(share)) return formatNumber(share);
  return `${(share * 100).toFixed(decimals)}%`;
}

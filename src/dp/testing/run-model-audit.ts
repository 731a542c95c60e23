/**
 * Run the model audit over targets: the structural check on every pair, the statistical check on the
 * target's scalar. One row per check, in the shape `npm run audit:models -- --json` prints.
 */
import { epsilonLowerBound, sampleBothSides, structuralCheck } from "./model-audit";
import type { AuditTarget } from "./model-targets";

/** One line of the audit's report. */
export interface ModelAuditRow {
  /** `"structural"` or `"statistical"`. */
  readonly test: "structural" | "statistical";
  /** The model audited. */
  readonly model: string;
  /** `"correct"` or `"broken"`. */
  readonly variant: "correct" | "broken";
  /** The defect of a broken variant. */
  readonly defect?: string;
  /** The neighbouring pair. */
  readonly pair: string;
  /** The audited scalar (statistical) or "shape, ledger, warnings, constants" (structural). */
  readonly what: string;
  /** True when no violation was found (the verdict "private" for this check). */
  readonly pass: boolean;
  /** The ε the release declares: the whole fit (structural) or the audited scalar's ledger row. */
  readonly epsilon_declared: number;
  /** The empirical lower bound (∞ for a deterministic difference). */
  readonly epsilon_lower_bound: number;
  /** Runs per side. */
  readonly runs: number;
  /** Detail: the difference found, or the event used. */
  readonly detail: string;
}

/** Options of {@link runModelAudit}. */
export interface ModelAuditOptions {
  /** Seeds per side for the structural check. */
  structuralRuns: number;
  /** Runs per side for the statistical check (≥ 10⁴ in the full audit). */
  statisticalRuns: number;
  /** Seed of the whole audit (reproducible). */
  seed: string;
  /** Called with every row as it is produced. */
  onRow?: (row: ModelAuditRow) => void;
}

/**
 * Audit the targets.
 *
 * @param targets - from `allTargets()` (or a subset)
 * @param options - runs and seed
 * @returns every row
 */
export function runModelAudit(targets: readonly AuditTarget[], options: ModelAuditOptions): ModelAuditRow[] {
  const rows: ModelAuditRow[] = [];
  const emit = (row: ModelAuditRow) => {
    rows.push(row);
    options.onRow?.(row);
  };
  for (const target of targets) {
    const base = { model: target.model, variant: target.variant, ...(target.defect ? { defect: target.defect } : {}) };
    for (const pair of target.pairs) {
      const result = structuralCheck({ run: target.run, pair, runs: options.structuralRuns, seed: `${options.seed}/${target.model}/${pair.name}` });
      emit({
        ...base,
        test: "structural",
        pair: pair.name,
        what: "shape, ledger, warnings, constant values",
        pass: result.pass,
        epsilon_declared: target.epsilon,
        epsilon_lower_bound: result.epsilonLowerBound,
        runs: options.structuralRuns,
        detail: result.difference ?? "no deterministic difference",
      });
    }
    if (target.scalar) {
      const s = target.scalar;
      const samples = sampleBothSides(s.release, s.pair, options.statisticalRuns, `${options.seed}/${target.model}/${s.name}`);
      const bound = epsilonLowerBound(samples);
      emit({
        ...base,
        test: "statistical",
        pair: s.pair.name,
        what: s.name,
        pass: bound.epsilonLowerBound <= s.declaredEpsilon,
        epsilon_declared: s.declaredEpsilon,
        epsilon_lower_bound: bound.epsilonLowerBound,
        runs: options.statisticalRuns,
        detail: bound.event,
      });
    }
  }
  return rows;
}

/**
 * The audit's verdict: every correct target passes every check, every broken target fails at least one.
 *
 * @param rows - the rows of {@link runModelAudit}
 * @returns ok, and the models whose verdict is wrong
 */
export function auditVerdict(rows: readonly ModelAuditRow[]): { ok: boolean; wrong: string[] } {
  const wrong: string[] = [];
  for (const row of rows) if (row.variant === "correct" && !row.pass) wrong.push(`${row.model}: ${row.test} on "${row.pair}" (${row.detail})`);
  const broken = new Map<string, boolean>();
  for (const row of rows.filter((r) => r.variant === "broken")) {
    const key = `${row.model} — ${row.defect}`;
    broken.set(key, (broken.get(key) ?? false) || !row.pass);
  }
  for (const [key, caught] of broken) if (!caught) wrong.push(`${key}: NOT caught`);
  return { ok: wrong.length === 0, wrong };
}

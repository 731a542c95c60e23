/**
 * The model-level privacy audit: black-box over every public DP model and release of the course, on
 * neighbouring datasets (a record added or removed: inside, on a bound, far outside the bounds, at a size
 * where a schedule would change), with deliberately broken variants that must be caught.
 *
 *   npm run audit:models                 readable table (full: 10⁴ runs per side per statistical check)
 *   npm run audit:models -- --json       one JSON object per line: test, model, variant, pass,
 *                                        epsilon_declared, epsilon_lower_bound, runs (+ pair, what, detail, defect)
 *   npm run audit:models -- --fast       fewer runs (what `npm test` runs)
 *   npm run audit:models -- --seed S     another seed for the whole audit
 *
 * `pass` is the check's verdict that the release is private (no violation found). Exit 0 when every
 * correct model passes every check and every broken variant fails at least one; 1 otherwise.
 * See src/dp/testing/model-audit.ts for the method.
 */
import { createProgress } from "./lib/progress";
import { allTargets, auditVerdict, runModelAudit, type ModelAuditRow } from "../src/dp/testing";

const json = process.argv.includes("--json");
const fast = process.argv.includes("--fast");
const seedAt = process.argv.indexOf("--seed");
const seed = seedAt >= 0 ? process.argv[seedAt + 1] ?? "audit" : "audit";

const settings = fast ? { structuralRuns: 12, statisticalRuns: 4000 } : { structuralRuns: 40, statisticalRuns: 10_000 };
const started = Date.now();
const fmt = (x: number) => (x === Infinity ? "∞" : x.toFixed(3));
const print = (row: ModelAuditRow) => {
  if (json) {
    console.log(JSON.stringify({ ...row, epsilon_lower_bound: row.epsilon_lower_bound === Infinity ? "Infinity" : row.epsilon_lower_bound }));
  } else {
    const verdict = row.pass ? "private" : row.variant === "broken" ? "CAUGHT" : "VIOLATION";
    console.log(
      `${row.test.padEnd(11)} ${`${row.model}${row.defect ? ` [broken: ${row.defect}]` : ""}`.padEnd(70)} ` +
        `${row.pair.slice(0, 46).padEnd(46)} ε ${fmt(row.epsilon_declared).padStart(6)}  lower bound ${fmt(row.epsilon_lower_bound).padStart(6)}  ${verdict}`,
    );
  }
};
if (!json) console.log(`model audit (${fast ? "fast" : "full"}): ${settings.structuralRuns} seeds per structural check, ${settings.statisticalRuns} runs per side per statistical check`);
// Progress on stderr; the audit runs in one synchronous loop and starts no process, so Ctrl-C or SIGTERM
// ends it at once (the shell reports 130/143) with nothing to clean up: it writes only to stdout.
const progress = createProgress({ label: "audit:models" });
let checked = 0;
const rows = runModelAudit(allTargets(), {
  ...settings,
  seed,
  onRow: (row) => {
    progress.around(() => print(row));
    progress.update(++checked, `${row.test} ${row.model}`);
  },
});
progress.end();
const verdict = auditVerdict(rows);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (json) console.error(`audit:models: ${verdict.ok ? "ok" : "FAILED"} in ${seconds} s`);
else {
  console.log(`\n${rows.length} checks in ${seconds} s: ${verdict.ok ? "every correct model passed, every broken variant was caught" : "FAILED"}`);
  for (const w of verdict.wrong) console.log(`  ${w}`);
}
process.exitCode = verdict.ok ? 0 : 1;

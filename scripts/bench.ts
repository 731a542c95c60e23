/**
 * Benchmarks: speed of the clustering engines, and utility of the DP methods against non-private k-means.
 *
 *   node --import tsx scripts/bench.ts               readable tables
 *   node --import tsx scripts/bench.ts --json        one JSON object per line: bench, method, n, d, k, epsilon,
 *                                                    seeds, fit_ms_median, quality_ratio_median,
 *                                                    changed_share_median (null where not applicable);
 *                                                    speed rows include method "floor" (one tight pass over
 *                                                    the same data): divide by its fit_ms_median for the
 *                                                    "× floor" multiple the tables print
 *   options: --only speed|utility|game|deidentify   --method <name> (repeatable)   --quick (small sizes, few seeds)
 *
 * The deidentify rows (scripts/bench/deidentify.ts) run `npm run deidentify` on synthetic tables of 10⁴, 10⁵
 * and 10⁶ rows (10⁴ and 10⁵ with --quick), each in its own process under /usr/bin/time -v: wall time,
 * stage times, CPU time and peak memory, with the load average (the machine may be shared).
 *
 * Methods and data sets live in scripts/bench/*.ts and register themselves (see scripts/bench/registry.ts);
 * to add one, write such a module and import it below. Speed figures depend on the machine: quote them with
 * the machine and the command.
 *
 * Kernel start-up, first cell and the whole course cold are timed by `npm run bench:kernel`
 * (scripts/bench-kernel.ts; `-- --course` for the course), which this command names at its end.
 */
import { cpus, loadavg } from "node:os";
import "./bench/floor";
import "./bench/nonprivate";
import "./bench/datasets";
import "./bench/blobs";
import "./bench/dp";
import { createProgress } from "./lib/progress";
import { runAttackGameBench } from "./bench/attack-game";
import { floorMultiple, registered, runSpeed, runUtility, type BenchRow } from "./bench/registry";
import { printDeidentifyBench, runDeidentifyBench } from "./bench/deidentify";

interface Args {
  json: boolean;
  only: "speed" | "utility" | "game" | "deidentify" | undefined;
  methods: string[] | undefined;
  quick: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, only: undefined, methods: undefined, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") args.json = true;
    else if (a === "--quick") args.quick = true;
    else if (a === "--only") {
      const v = argv[++i];
      if (v !== "speed" && v !== "utility" && v !== "game" && v !== "deidentify") {
        throw new Error(`--only takes speed, utility, game or deidentify, got ${v}`);
      }
      args.only = v;
    } else if (a === "--method") {
      (args.methods ??= []).push(argv[++i] ?? "");
    } else if (a === "--help" || a === "-h") {
      const r = registered();
      console.log(
        `usage: node --import tsx scripts/bench.ts [--json] [--only speed|utility|game|deidentify] [--method NAME]... [--quick]\n` +
          `speed methods: ${r.speed.join(", ") || "(none)"}\nutility methods: ${r.utility.join(", ") || "(none)"}\n` +
          `utility data sets: ${r.datasets.join(", ") || "(none)"}`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}; see --help`);
  }
  return args;
}

const fmt = (v: number | null, digits: number) => (v === null ? "–" : v.toFixed(digits));

function printTable(title: string, rows: BenchRow[], withFloor = false): void {
  if (rows.length === 0) return;
  console.log(`\n${title}`);
  const header = ["method", "n", "d", "k", "ε", "seeds", "fit ms (median)", ...(withFloor ? ["× floor"] : []), "quality (median)", "changed (median)"];
  const body = rows.map((r) => [
    r.method,
    r.n.toLocaleString("en-US"),
    String(r.d),
    String(r.k),
    r.epsilon === null ? "–" : String(r.epsilon),
    String(r.seeds),
    fmt(r.fit_ms_median, r.fit_ms_median !== null && r.fit_ms_median < 10 ? 2 : 1),
    ...(withFloor ? [fmt(floorMultiple(r, rows), 1)] : []),
    fmt(r.quality_ratio_median, 3),
    r.changed_share_median === null ? "–" : `${(100 * r.changed_share_median).toFixed(1)}%`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
}

const args = parseArgs(process.argv.slice(2));
// Progress on stderr (a count on a terminal, a line per row otherwise), so stdout stays the tables or JSON.
// The rows run in one synchronous loop and start no process: Ctrl-C or SIGTERM ends the bench at once (the
// shell reports 130/143) and there is nothing to clean up, as it writes only to stdout.
const progress = createProgress({ label: "bench" });
let rowsDone = 0;
const onRow = (row: BenchRow) => {
  if (args.json) progress.around(() => console.log(JSON.stringify(row)));
  const size = row.n.toLocaleString("en-US");
  progress.update(++rowsDone, `${row.bench} ${row.method} n=${size} d=${row.d}${row.epsilon === null ? "" : ` ε=${row.epsilon}`}`);
};
const options = { quick: args.quick, methods: args.methods, onRow };
const only = (...names: (typeof args.only)[]) => args.only === undefined || names.includes(args.only);
const speed = only("speed") ? runSpeed(options) : [];
const utility = only("utility") ? runUtility(options) : [];
// Lesson 9's membership-inference game (scripts/bench/attack-game.ts): seconds for three ε × 2,000 rounds a side.
const game = only("game") ? runAttackGameBench({ quick: args.quick, onRow }) : [];
progress.end();
// The de-identification pipeline at 10⁴–10⁶ rows (scripts/bench/deidentify.ts), each in its own process.
const deidentifyRows = only("deidentify")
  ? runDeidentifyBench({ quick: args.quick, onRow: args.json ? (row) => console.log(JSON.stringify(row)) : undefined })
  : [];
if (!args.json) {
  // Other work on the machine slows every figure: say how busy it was.
  const load = loadavg().map((l) => l.toFixed(1)).join(" ");
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs, load average ${load}`);
  // Group the speed rows by data shape, so each floor row heads its own block.
  const bySize = [...speed].sort((a, b) => a.d - b.d || a.n - b.n);
  printTable(
    "speed: synthetic blobs, k = 3; × floor = fit time / one tight pass over the same data; quality = inertia / best non-private inertia",
    bySize,
    true,
  );
  const byBench = new Map<string, BenchRow[]>();
  for (const r of utility) byBench.set(r.bench, [...(byBench.get(r.bench) ?? []), r]);
  for (const [bench, rows] of byBench) printTable(bench, rows);
  if (only("utility") && utility.length === 0) console.log("\nutility: no utility methods registered yet.");
  if (game.length > 0) {
    console.log(`\nattack game (lesson 9): the outlier of the first 251 weights, ε = 0.25, 1, 4, ${game[0]!.rounds_per_side} rounds a side each, two attacks`);
    for (const r of game) console.log(`${r.method.padEnd(8)}  ${r.game_seconds.toFixed(1).padStart(6)} s for ${r.seeds.toLocaleString("en-US")} fits  (${r.fit_ms_median!.toFixed(3)} ms a fit)`);
  }
  printDeidentifyBench(deidentifyRows);
}
if (!args.json) console.log("\nkernel start-up, first cell and the whole course cold: npm run bench:kernel (-- --course)");

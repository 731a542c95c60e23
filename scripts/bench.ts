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
 *   options: --only speed|utility   --method <name> (repeatable)   --quick (small sizes, few seeds)
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
import { floorMultiple, registered, runSpeed, runUtility, type BenchRow } from "./bench/registry";

interface Args {
  json: boolean;
  only: "speed" | "utility" | undefined;
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
      if (v !== "speed" && v !== "utility") throw new Error(`--only takes speed or utility, got ${v}`);
      args.only = v;
    } else if (a === "--method") {
      (args.methods ??= []).push(argv[++i] ?? "");
    } else if (a === "--help" || a === "-h") {
      const r = registered();
      console.log(
        `usage: node --import tsx scripts/bench.ts [--json] [--only speed|utility] [--method NAME]... [--quick]\n` +
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
const onRow = args.json ? (row: BenchRow) => console.log(JSON.stringify(row)) : undefined;
const options = { quick: args.quick, methods: args.methods, onRow };
const speed = args.only === "utility" ? [] : runSpeed(options);
const utility = args.only === "speed" ? [] : runUtility(options);
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
  if (args.only !== "speed" && utility.length === 0) console.log("\nutility: no utility methods registered yet.");
}
if (!args.json) console.log("\nkernel start-up, first cell and the whole course cold: npm run bench:kernel (-- --course)");

/**
 * The de-identification pipeline at scale: `npm run deidentify` on synthetic tables of 10⁴, 10⁵ and 10⁶
 * rows, each run in its own process under `/usr/bin/time -v` so the row reports the wall time, the time
 * of the pipeline's own stages (from its stage lines) and the peak memory (maximum resident set size) of
 * the whole process, worker thread included.
 *
 * The table: `id` (unique), `region` (one of 12 labels), `age_band` and `income` (log-normal, whole
 * currency units between 1,000 and 10,000,000: public bounds 0..10,000,000). Seeded, so every run reads
 * the same file; written once into a temporary folder per bench run.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { projectRoot } from "../lib/project";

/** One row of the de-identification bench. */
export interface DeidentifyBenchRow {
  bench: "deidentify";
  rows: number;
  k: number;
  min_group: number;
  /** Wall time of the whole command (process start, tsx, reading, every stage, writing). */
  wall_ms: number;
  /** Sum of the stage times the command reports (the pipeline without process start-up). */
  stages_ms: number;
  /** Each stage's time, as the command reports it. */
  stage_ms: Record<string, number>;
  /** CPU time of the process (user + system, all threads), seconds: less sensitive to other load than wall. */
  cpu_s: number;
  /** The 1-minute load average when the row was measured (the machine is shared). */
  load: number;
  /** Peak resident memory of the process, MB. */
  peak_rss_mb: number;
  /** The command's exit code (0 = done). */
  exit_code: number;
}

const REGIONS = ["north", "south", "east", "west", "centre", "coast", "hills", "islands", "lakes", "plains", "valley", "=SUM(A1)"];
const AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

/**
 * Write a synthetic table of `rows` people (seeded).
 * @param path - the CSV to write
 * @param rows - how many data rows
 * @param seed - the seed (default "deidentify-bench")
 */
export function writeSyntheticTable(path: string, rows: number, seed = "deidentify-bench"): void {
  const rng = seedrandom(seed);
  const fd = openSync(path, "w");
  try {
    writeSync(fd, "id,region,age_band,income\n");
    const block: string[] = [];
    for (let i = 0; i < rows; i++) {
      // Box–Muller normal → log-normal income around 40,000, clamped into the public bounds.
      const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      const income = Math.min(10_000_000, Math.max(1000, Math.round(Math.exp(10.6 + 0.8 * z))));
      block.push(`p${String(i + 1).padStart(7, "0")},${REGIONS[Math.floor(rng() * REGIONS.length)]},${AGE_BANDS[Math.floor(rng() * AGE_BANDS.length)]},${income}`);
      if (block.length === 50_000 || i === rows - 1) {
        writeSync(fd, block.join("\n") + "\n");
        block.length = 0;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Run the command once on `data` under /usr/bin/time -v and read its figures. */
function timedRun(data: string, out: string, rows: number): DeidentifyBenchRow {
  const started = Date.now();
  const args = ["--data", data, "--column", "income", "--id", "id", "--bounds", "0,10000000", "--k", "3", "--min-group", "3", "--seed", "1", "--out", out];
  const result = spawnSync("/usr/bin/time", ["-v", process.execPath, "--import", "tsx", "scripts/deidentify.ts", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Date.now() - started;
  const stage_ms: Record<string, number> = {};
  for (const match of result.stdout.matchAll(/^\[\d\/7\] ([^:]+):.*\((\d+) ms\)$/gm)) stage_ms[match[1]!] = Number(match[2]);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(result.stderr);
  return {
    bench: "deidentify",
    rows,
    k: 3,
    min_group: 3,
    wall_ms: wall,
    stages_ms: Object.values(stage_ms).reduce((a, b) => a + b, 0),
    stage_ms,
    cpu_s: user && system ? Number((Number(user[1]) + Number(system[1])).toFixed(2)) : NaN,
    load: Number(loadavg()[0]!.toFixed(1)),
    peak_rss_mb: rss ? Math.round(Number(rss[1]) / 1024) : NaN,
    exit_code: result.status ?? 1,
  };
}

/**
 * The bench: one run per size (10⁴, 10⁵, 10⁶; with `quick`, 10⁴ and 10⁵).
 * @param options - `quick`, and `onRow` to stream rows as they come
 * @returns the rows
 */
export function runDeidentifyBench(options: { quick?: boolean; onRow?: (row: DeidentifyBenchRow) => void } = {}): DeidentifyBenchRow[] {
  if (!existsSync("/usr/bin/time")) throw new Error("the deidentify bench needs /usr/bin/time (Debian package time) for the peak memory");
  const dir = mkdtempSync(join(tmpdir(), "deidentify-bench-"));
  const rows: DeidentifyBenchRow[] = [];
  try {
    for (const n of options.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) {
      const data = join(dir, `table-${n}.csv`);
      writeSyntheticTable(data, n);
      const row = timedRun(data, join(dir, `out-${n}`), n);
      if (row.exit_code !== 0) throw new Error(`npm run deidentify failed on ${n} rows (exit ${row.exit_code})`);
      rows.push(row);
      options.onRow?.(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Print the rows as a table. */
export function printDeidentifyBench(rows: readonly DeidentifyBenchRow[]): void {
  if (rows.length === 0) return;
  console.log(
    "\ndeidentify: npm run deidentify on a synthetic table (income, k = 3, min group 3, --bounds), one process per row;" +
      "\nwall = whole command incl. start-up; stages = the pipeline's own stage times; CPU = user + system of all threads;" +
      "\npeak RSS of the process (worker included); load = 1-minute load average (2 CPUs: above 2, other work slows wall times)",
  );
  const stages = [...new Set(rows.flatMap((r) => Object.keys(r.stage_ms)))];
  const header = ["rows", "wall s", "stages s", "CPU s", "peak RSS MB", "load", ...stages.map((s) => `${s} s`)];
  const body = rows.map((r) => [
    r.rows.toLocaleString("en-US"),
    (r.wall_ms / 1000).toFixed(2),
    (r.stages_ms / 1000).toFixed(2),
    r.cpu_s.toFixed(2),
    String(r.peak_rss_mb),
    r.load.toFixed(1),
    ...stages.map((s) => (r.stage_ms[s] === undefined ? "–" : (r.stage_ms[s]! / 1000).toFixed(2))),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
}


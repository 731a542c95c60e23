/**
 * Build `data/pokemon.csv`, the course's cached Pokémon table, from Pokémon Showdown's data on npm.
 *
 *   npm run data                      write data/pokemon.csv
 *   npm run data -- --check           regenerate in memory; exit 1 if the committed file differs
 *   npm run data -- --out PATH        write (or with --check, compare) PATH instead
 *
 * Sources (see data/README.md for licences and provenance):
 * - `@pkmn/dex`: species, national numbers, generations, types, weights, base stats, tags;
 * - `@pkmn/sim`: heights only (`heightm`), which `@pkmn/dex` leaves out. Its data file is read directly,
 *   the simulator is never loaded. Every field the two share is cross-checked, so they cannot drift apart
 *   silently.
 *
 * Output is byte-identical across runs: rows by national number, fixed number formatting, `\n` line
 * ends, UTF-8, names in Unicode NFC. The script refuses to write anything outside the public bounds.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Dex } from "@pkmn/dex";
import { formatPokemonCsv } from "../src/data/pokemon-csv";
import { NUMERIC_COLUMNS, PUBLIC_BOUNDS, SPECIES_COUNT, type Pokemon } from "../src/data/schema";
import { projectRoot } from "./lib/project";

/** Where the committed table lives. */
const DEFAULT_OUT = join(projectRoot, "data", "pokemon.csv");

/** The package heights come from (`@pkmn/dex` has none). */
const SIM_PACKAGE = "@pkmn/sim";

/** The fields of one `@pkmn/sim` Pokédex entry this script reads. */
interface SimEntry {
  num: number;
  name: string;
  types: string[];
  baseStats: Record<string, number>;
  heightm: number;
  weightkg: number;
}

/** Versions of the source packages actually used, for the log and the README. */
export interface SourceVersions {
  dex: string;
  sim: string;
}

/** Fail with a message for the person running the script (no stack trace: it is not a bug). */
class BuildError extends Error {}

/**
 * Load `@pkmn/sim`'s Pokédex data file (heights) without loading the simulator and its dependencies.
 * The package's `exports` map hides the file, so it is found next to the package's main entry.
 */
function loadSimPokedex(): { pokedex: Record<string, SimEntry>; version: string } {
  let main: string;
  try {
    main = require.resolve(SIM_PACKAGE);
  } catch {
    throw new BuildError(
      `${SIM_PACKAGE} is not installed. Heights come from it (@pkmn/dex leaves heights out). ` +
        `Install it with: npm install --save-dev ${SIM_PACKAGE}@0.10.11`,
    );
  }
  // main = <pkg>/build/cjs/sim/index.js
  const packageDir = resolve(dirname(main), "..", "..", "..");
  const dataFile = join(packageDir, "build", "cjs", "data", "pokedex.js");
  if (!existsSync(dataFile)) {
    throw new BuildError(`${SIM_PACKAGE}: expected its Pokédex data at ${dataFile}; the package layout changed.`);
  }
  const version = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const pokedex = (require(dataFile) as { Pokedex: Record<string, SimEntry> }).Pokedex;
  return { pokedex, version };
}

/** `@pkmn/dex`'s version, read from its package.json. */
function dexVersion(): string {
  return (require("@pkmn/dex/package.json") as { version: string }).version;
}

/**
 * Build the 1,025 records, ordered by national number.
 *
 * @returns the records and the versions of the packages they came from
 * @throws BuildError when the sources are missing, disagree, or hold a value outside the public bounds
 */
export function buildPokemonRecords(): { records: Pokemon[]; versions: SourceVersions } {
  const sim = loadSimPokedex();
  // Base species only: a forme (mega, gmax, regional, …) has a name different from its base species.
  const species = Dex.species
    .all()
    .filter((s) => s.num >= 1 && s.num <= SPECIES_COUNT && s.name === s.baseSpecies)
    .sort((a, b) => a.num - b.num);

  const problems: string[] = [];
  const records: Pokemon[] = [];
  for (const s of species) {
    const entry = sim.pokedex[s.id];
    if (!entry) {
      problems.push(`${s.name} (#${s.num}): not in ${SIM_PACKAGE}'s Pokédex, so it has no height`);
      continue;
    }
    const shared = (x: { num: number; name: string; types: readonly string[]; weightkg: number; baseStats: object }) =>
      JSON.stringify([x.num, x.name, x.types, x.weightkg, x.baseStats]);
    if (shared(entry) !== shared(s)) {
      problems.push(`${s.name} (#${s.num}): @pkmn/dex and ${SIM_PACKAGE} disagree: ${shared(s)} vs ${shared(entry)}`);
      continue;
    }
    const stats = s.baseStats;
    records.push({
      national_number: s.num,
      // Showdown stores "Flabébé" decomposed (e + combining accent); NFC makes it the usual single code points.
      name: s.name.normalize("NFC"),
      generation: s.gen,
      type1: s.types[0],
      type2: s.types[1] ?? null,
      height_m: entry.heightm,
      weight_kg: s.weightkg,
      hp: stats.hp,
      attack: stats.atk,
      defense: stats.def,
      sp_attack: stats.spa,
      sp_defense: stats.spd,
      speed: stats.spe,
      legendary: s.tags.includes("Restricted Legendary") || s.tags.includes("Sub-Legendary"),
      mythical: s.tags.includes("Mythical"),
    });
  }

  const numbers = records.map((r) => r.national_number);
  for (let n = 1; n <= SPECIES_COUNT; n++) {
    const count = numbers.filter((x) => x === n).length;
    if (count !== 1) problems.push(`national number ${n} appears ${count} times (expected once)`);
  }
  for (const r of records) {
    for (const c of NUMERIC_COLUMNS) {
      const { lower, upper } = PUBLIC_BOUNDS[c];
      if (!(r[c] >= lower && r[c] <= upper)) {
        problems.push(`${r.name} (#${r.national_number}): ${c} = ${r[c]} is outside the public bounds [${lower}, ${upper}]`);
      }
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join("\n  ");
    throw new BuildError(
      `The source data does not fit the table (${problems.length} problem(s)):\n  ${shown}\n` +
        "Check the installed @pkmn/dex and @pkmn/sim versions against data/README.md.",
    );
  }
  return { records, versions: { dex: dexVersion(), sim: sim.version } };
}

/** The SHA-256 of a text's UTF-8 bytes, in hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The first line where two texts differ, for a readable `--check` failure. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const show = (s: string | undefined) => (s === undefined ? "(no line)" : JSON.stringify(s));
      return `first difference at line ${i + 1}:\n  generated: ${show(a[i])}\n  in file:   ${show(b[i])}`;
    }
  }
  return "the texts differ in line endings only";
}

function usage(): string {
  return "usage: node --import tsx scripts/build-data.ts [--check] [--out PATH]";
}

/**
 * Run the script.
 *
 * @param argv - the arguments after the script name
 * @returns the process exit code: 0 done, 1 `--check` found a difference or the build failed, 2 bad usage
 */
export function main(argv: readonly string[]): number {
  let check = false;
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--check") check = true;
    else if (arg === "--out" && i + 1 < argv.length) out = resolve(argv[++i]);
    else if (arg.startsWith("--out=")) out = resolve(arg.slice("--out=".length));
    else if (arg === "--help" || arg === "-h") {
      console.log(usage());
      return 0;
    } else {
      console.error(`Unknown or incomplete argument "${arg}".\n${usage()}`);
      return 2;
    }
  }

  let csv: string;
  let versions: SourceVersions;
  try {
    const built = buildPokemonRecords();
    versions = built.versions;
    csv = formatPokemonCsv(built.records);
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`build-data: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const near = relative(process.cwd(), out);
  const shown = near && !near.startsWith("..") ? near : out;
  const rows = csv.split("\n").length - 2;
  const from = `@pkmn/dex ${versions.dex} + ${SIM_PACKAGE} ${versions.sim} (heights)`;

  if (check) {
    const current = existsSync(out) ? readFileSync(out, "utf8") : undefined;
    if (current === undefined) {
      console.error(`build-data --check: ${shown} does not exist. Run \`npm run data\` to create it.`);
      return 1;
    }
    if (current !== csv) {
      console.error(
        `build-data --check: ${shown} is out of date: it differs from what ${from} generates; ` +
          `${firstDifference(csv, current)}\nRun \`npm run data\` to regenerate it, then update the SHA-256 in data/README.md.`,
      );
      return 1;
    }
    console.log(`build-data --check: ${shown} is up to date (${rows} rows from ${from}, SHA-256 ${sha256(csv)}).`);
    return 0;
  }

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, csv, "utf8");
  console.log(`build-data: wrote ${shown}: ${rows} rows from ${from}, SHA-256 ${sha256(csv)}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

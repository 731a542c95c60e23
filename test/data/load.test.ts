import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  NUMERIC_COLUMNS,
  POKEMON_COLUMNS,
  PUBLIC_BOUNDS,
  defaultPokemonCsvPath,
  formatPokemonCsv,
  loadPokemon,
  parsePokemonCsv,
  type Pokemon,
} from "../../src/data";
import { InvalidInputError } from "../../src/errors";

const all = loadPokemon();
const byNumber = (n: number): Pokemon => {
  const found = all.find((p) => p.national_number === n);
  assert.ok(found, `#${n} is missing`);
  return found;
};

describe("loadPokemon", () => {
  test("reads 1,025 species with national numbers 1..1025, once each, in order", () => {
    assert.equal(all.length, 1025);
    assert.deepEqual(
      all.map((p) => p.national_number),
      Array.from({ length: 1025 }, (_, i) => i + 1),
    );
  });

  test("every numeric value lies inside its public bounds", () => {
    for (const p of all) {
      for (const c of NUMERIC_COLUMNS) {
        const { lower, upper } = PUBLIC_BOUNDS[c];
        assert.ok(p[c] >= lower && p[c] <= upper, `${p.name}: ${c} = ${p[c]} outside [${lower}, ${upper}]`);
      }
      assert.ok(Math.log10(p.weight_kg) >= PUBLIC_BOUNDS.log10_weight_kg.lower);
      assert.ok(Math.log10(p.height_m) <= PUBLIC_BOUNDS.log10_height_m.upper);
    }
  });

  test("hand-checked rows", () => {
    const pikachu = byNumber(25);
    assert.deepEqual(pikachu, {
      national_number: 25,
      name: "Pikachu",
      generation: 1,
      type1: "Electric",
      type2: null,
      height_m: 0.4,
      weight_kg: 6,
      hp: 35,
      attack: 55,
      defense: 40,
      sp_attack: 50,
      sp_defense: 50,
      speed: 90,
      legendary: false,
      mythical: false,
    });
    const bulbasaur = byNumber(1);
    assert.equal(bulbasaur.name, "Bulbasaur");
    assert.equal(bulbasaur.type1, "Grass");
    assert.equal(bulbasaur.type2, "Poison");
    assert.equal(byNumber(143).name, "Snorlax");
    assert.equal(byNumber(143).weight_kg, 460);
    assert.equal(byNumber(150).name, "Mewtwo");
    assert.equal(byNumber(150).legendary, true);
    assert.equal(byNumber(150).mythical, false);
    assert.equal(byNumber(151).name, "Mew");
    assert.equal(byNumber(151).mythical, true);
    assert.equal(byNumber(151).legendary, false);
    assert.equal(byNumber(144).legendary, true); // Articuno: Sub-Legendary
    assert.equal(byNumber(793).legendary, false); // Nihilego: Ultra Beast, not legendary by our rule
    assert.equal(byNumber(292).hp, 1); // Shedinja
    assert.equal(byNumber(242).hp, 255); // Blissey
  });

  test("names with punctuation and accents survive, in NFC", () => {
    assert.equal(byNumber(83).name, "Farfetch’d");
    assert.equal(byNumber(122).name, "Mr. Mime");
    assert.equal(byNumber(772).name, "Type: Null");
    assert.equal(byNumber(669).name, "Flab\u00e9b\u00e9");
    for (const p of all) assert.equal(p.name, p.name.normalize("NFC"));
  });

  test("legendary and mythical counts follow the documented tag rule", () => {
    assert.equal(all.filter((p) => p.legendary).length, 71);
    assert.equal(all.filter((p) => p.mythical).length, 23);
    assert.equal(all.filter((p) => p.legendary && p.mythical).length, 0);
  });

  test("first: 251 gives national numbers 1..251, ending at Celebi", () => {
    const gen12 = loadPokemon({ first: 251 });
    assert.equal(gen12.length, 251);
    assert.equal(gen12[0].name, "Bulbasaur");
    assert.equal(gen12[250].name, "Celebi");
    assert.equal(gen12[250].national_number, 251);
    assert.deepEqual(loadPokemon({ first: 1 }).map((p) => p.name), ["Bulbasaur"]);
    assert.equal(loadPokemon({ first: 1025 }).length, 1025);
  });

  test("first: 1025 still filters a larger file in the same schema (rows beyond 1025 are dropped)", () => {
    // A file with the 1,025 species plus copies numbered 1026..1300: `first: 1025` must keep 1..1025 only,
    // and `first: 1024` one fewer (the filter is the same code at every value of first).
    const extra = all.slice(0, 275).map((p, i) => ({ ...p, national_number: 1026 + i }));
    const path = join(mkdtempSync(join(tmpdir(), "first-")), "big.csv");
    writeFileSync(path, formatPokemonCsv([...all, ...extra]));
    assert.equal(loadPokemon({ path }).length, 1300, "no first: every row");
    const kept = loadPokemon({ path, first: 1025 });
    assert.equal(kept.length, 1025);
    assert.ok(kept.every((p) => p.national_number <= 1025));
    assert.equal(loadPokemon({ path, first: 1024 }).length, 1024);
  });

  test("a bad `first` throws InvalidInputError saying what to pass", () => {
    for (const bad of [0, 1026, 2.5, -1, Number.NaN, "251" as unknown as number]) {
      assert.throws(
        () => loadPokemon({ first: bad }),
        (e: unknown) =>
          e instanceof InvalidInputError && e.code === "bad-first" && /integer from 1 to 1025/.test(e.message),
        `first = ${String(bad)}`,
      );
    }
  });

  test("the default path does not depend on the current directory", () => {
    const before = process.cwd();
    try {
      process.chdir(tmpdir());
      assert.equal(loadPokemon().length, 1025);
    } finally {
      process.chdir(before);
    }
    assert.match(defaultPokemonCsvPath, /data[\\/]pokemon\.csv$/);
  });

  test("the CSV format round-trips the records byte for byte", () => {
    const text = readFileSync(defaultPokemonCsvPath, "utf8");
    assert.equal(formatPokemonCsv(parsePokemonCsv(text)), text);
  });

  test("reads another path, and rejects a missing or malformed file with a fix", () => {
    const dir = mkdtempSync(join(tmpdir(), "pokemon-load-"));
    const small = join(dir, "small.csv");
    writeFileSync(small, formatPokemonCsv(all.slice(0, 3)));
    assert.deepEqual(loadPokemon({ path: small }).map((p) => p.name), ["Bulbasaur", "Ivysaur", "Venusaur"]);

    assert.throws(() => loadPokemon({ path: join(dir, "nope.csv") }), (e: unknown) => e instanceof InvalidInputError && e.code === "data-file-unreadable");

    const badHeader = join(dir, "header.csv");
    writeFileSync(badHeader, "number,name\n1,Bulbasaur\n");
    assert.throws(() => loadPokemon({ path: badHeader }), (e: unknown) => e instanceof InvalidInputError && e.code === "bad-header" && e.message.includes(POKEMON_COLUMNS.join(",")));

    const badValue = join(dir, "value.csv");
    writeFileSync(badValue, formatPokemonCsv(all.slice(0, 2)).replace(",0.7,6.9,", ",tall,6.9,"));
    assert.throws(() => loadPokemon({ path: badValue }), (e: unknown) => e instanceof InvalidInputError && /line 2: height_m = "tall"/.test(e.message));

    const badFlag = join(dir, "flag.csv");
    writeFileSync(badFlag, formatPokemonCsv(all.slice(0, 1)).replace(/false,false\n$/, "no,false\n"));
    assert.throws(() => loadPokemon({ path: badFlag }), (e: unknown) => e instanceof InvalidInputError && e.code === "bad-boolean");

    const shortRow = join(dir, "short.csv");
    writeFileSync(shortRow, POKEMON_COLUMNS.join(",") + "\n1,Bulbasaur\n");
    assert.throws(() => loadPokemon({ path: shortRow }), (e: unknown) => e instanceof InvalidInputError && e.code === "bad-row");
  });

  test("formatPokemonCsv refuses values it cannot write exactly", () => {
    assert.throws(() => formatPokemonCsv([{ ...all[0], weight_kg: 6.95 }]), (e: unknown) => e instanceof InvalidInputError && e.code === "not-in-tenths");
    assert.throws(() => formatPokemonCsv([{ ...all[0], hp: 45.5 }]), (e: unknown) => e instanceof InvalidInputError && e.code === "not-an-integer");
    assert.match(formatPokemonCsv([{ ...all[0], name: 'Odd, "quoted" name' }]), /\n1,"Odd, ""quoted"" name",1,/);
  });

  test("each call returns fresh objects", () => {
    const a = loadPokemon({ first: 1 });
    a[0].name = "changed";
    assert.equal(loadPokemon({ first: 1 })[0].name, "Bulbasaur");
  });
});

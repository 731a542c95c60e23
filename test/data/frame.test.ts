import assert from "node:assert/strict";
import { test } from "node:test";
import { POKEMON_COLUMNS } from "../../src/data";
import { pokemonFrame } from "../../src/data/frame";

// One test on purpose: importing danfojs-node takes about 1.5 s.
test("pokemonFrame: a danfojs DataFrame of the whole table, and of the first 251", () => {
  const df = pokemonFrame();
  assert.deepEqual(df.shape, [1025, POKEMON_COLUMNS.length]);
  assert.deepEqual(df.columns, [...POKEMON_COLUMNS]);
  assert.equal(df.column("name").values[24], "Pikachu");
  assert.equal(df.column("weight_kg").values[142], 460);
  assert.equal(df.column("type2").values[3], null); // Charmander has one type
  assert.equal(df.column("mythical").values[150], true); // Mew
  assert.deepEqual(pokemonFrame({ first: 251 }).shape, [251, POKEMON_COLUMNS.length]);
});

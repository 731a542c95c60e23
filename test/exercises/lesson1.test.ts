/**
 * Lesson 1's exercises: every solution correct, every stub not attempted, and the typical wrong answers
 * (computed the way a learner making the mistake would) each get their intended message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadPokemon } from "../../src/data/index";
import { deidentify, microaggregate, type ClusterDetail } from "../../src/deidentify/index";
import { TODO } from "../../src/exercises/index";
import { differencingCases, lesson1, q4 } from "../../src/exercises/lesson1";
import { testLessonExercises } from "./harness";

const pokemon = loadPokemon({ first: 251 });
const everyone = loadPokemon();
const release = (records = pokemon, k = 4, seed: number | string = 42) => deidentify(records, { column: "weight_kg", k, seed });
const largest = (clusters: ClusterDetail[]) => Math.max(...clusters.map((c) => c.size));
const snorlaxRow = () => release(pokemon, 3).anonymized.find((r) => r.name === "Snorlax")!;
const firstSingleton = (records = pokemon, seed: number | string = 42) => {
  for (let k = 1; ; k++) if (release(records, k, seed).clusters.some((c) => c.size === 1)) return k;
};
const total = (clusters: ClusterDetail[]) => clusters.reduce((sum, c) => sum + c.size * c.centroid, 0);
const mdav = (m: number, records = pokemon) => microaggregate(records, { column: "weight_kg", minGroupSize: m });

testLessonExercises(lesson1, {
  q1: {
    solution: () => largest(release().clusters),
    stub: TODO,
    secret: /\b170\b/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "an arbitrary number", answer: () => 37, code: "wrong-size", message: /No cluster .* has 37 members/, quotesAnswer: true },
      { name: "zero", answer: () => 0, code: "size-below-one", message: /at least one Pokémon/ },
      { name: "k = 3, the lesson's default", answer: () => largest(release(pokemon, 3).clusters), code: "wrong-k", message: /k = 3.*asks for k = 4/ },
      { name: "all 1,025 Pokémon", answer: () => largest(release(everyone).clusters), code: "all-pokemon", message: /all 1,025.*first 251/ },
      { name: "the last cluster, not the largest", answer: () => release().clusters[3]!.size, code: "not-largest", message: /not of the largest.*numbered by centroid/ },
      { name: "a centroid instead of a size", answer: () => release().clusters[0]!.centroid, code: "not-a-size", message: /looks like a centroid/ },
      { name: "the whole release", answer: () => release(), code: "whole-release", message: /whole release/ },
      { name: "every size", answer: () => release().clusters.map((c) => c.size), code: "list-of-sizes", message: /4 numbers.*only the size of the largest/ },
      { name: "k itself", answer: () => 4, code: "gave-k", message: /4 is k/ },
      { name: "text", answer: () => "170", code: "wrong-type", message: /not text/, quotesAnswer: true },
    ],
  },
  q2: {
    solution: () => {
      const snorlax = snorlaxRow();
      return snorlax.parent_centroid * snorlax.deviation_factor;
    },
    stub: TODO,
    secret: /\b460\b/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "an arbitrary number", answer: () => 123.4, code: "wrong-weight", message: /not Snorlax's weight.*how was the factor made/ },
      { name: "a negative number", answer: () => -5, code: "not-a-weight", message: /greater than 0/ },
      { name: "every weight", answer: () => release(pokemon, 3).anonymized.map((r) => r.parent_centroid * r.deviation_factor), code: "list-not-number", message: /a list of 251 values, but Snorlax's weight in kg is one number/ },
      { name: "the centroid alone", answer: () => snorlaxRow().parent_centroid, code: "centroid-only", message: /centroid of Snorlax's cluster/ },
      {
        name: "deviation factor upside down",
        answer: () => snorlaxRow().parent_centroid / snorlaxRow().deviation_factor,
        code: "factor-upside-down",
        message: /divided.*weight ÷ parent_centroid/,
      },
      { name: "the factor alone", answer: () => snorlaxRow().deviation_factor, code: "factor-only", message: /ratio without unit/ },
      {
        name: "numbers copied from the table, rounded to 4 digits",
        answer: () => Number(snorlaxRow().parent_centroid.toPrecision(4)) * Number(snorlaxRow().deviation_factor.toPrecision(4)),
        code: "not-exact",
        message: /not exact.*rounded/,
      },
      {
        name: "row 143 (off by one: that is #144)",
        answer: () => release(pokemon, 3).anonymized[143]!.parent_centroid * release(pokemon, 3).anonymized[143]!.deviation_factor,
        code: "wrong-pokemon",
        message: /Articuno \(#144\), not Snorlax's/,
      },
      { name: "the whole row", answer: () => snorlaxRow(), code: "wrong-type", message: /not the whole object/ },
    ],
  },
  q3: {
    solution: () => firstSingleton(),
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "an arbitrary number", answer: () => 75, code: "k-too-large", message: /far beyond/ },
      { name: "the sizes at that k", answer: () => release(pokemon, firstSingleton()).clusters.map((c) => c.size), code: "list-not-number", message: /is one number/ },
      { name: "k = 10, from the lesson", answer: () => 10, code: "not-smallest", message: /not the first/ },
      { name: "another seed", answer: () => firstSingleton(pokemon, 1), code: "not-smallest-seed", message: /seed: 42/ },
      {
        name: "stopped at the first cluster below 3",
        answer: () => {
          for (let k = 1; ; k++) if (release(pokemon, k).clusters.some((c) => c.size < 3)) return k;
        },
        code: "no-singleton",
        message: /smallest cluster holds 2 Pokémon.*exactly 1/,
      },
      { name: "all 1,025 Pokémon", answer: () => firstSingleton(everyone), code: "all-pokemon", message: /all 1,025/ },
      { name: "k = 0", answer: () => 0, code: "k-out-of-range", message: /at least 1/ },
      { name: "a fraction", answer: () => 7.5, code: "not-whole", message: /whole number/ },
    ],
  },
  q4: {
    solution: () => mdav(5).aggregated,
    stub: TODO,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "one number", answer: () => mdav(5).aggregated[0]!, code: "number-not-list", message: /one number, but the published weight of each Pokémon is a list/, quotesAnswer: true },
      { name: "MDAV with groups of 3", answer: () => mdav(3).aggregated, code: "group-below-minimum", message: /smallest, 3 Pokémon.*`minGroupSize: 3`/ },
      {
        name: "k-means centroids (k = 4)",
        answer: () => release().raw.map((r) => r.parent_centroid),
        code: "group-below-minimum",
        message: /k-means has no minimum cluster size/,
      },
      {
        name: "k-means centroids (k = 3): groups big enough, but coarse",
        answer: () => release(pokemon, 3).raw.map((r) => r.parent_centroid),
        code: "too-much-loss",
        message: /18\.5% of the weights' variance is lost/,
      },
      { name: "sorted", answer: () => [...mdav(5).aggregated].sort((a, b) => a - b), code: "wrong-order", message: /wrong order/ },
      { name: "rounded to whole kg", answer: () => mdav(5).aggregated.map((v) => Math.round(v)), code: "rounded", message: /did you round/ },
      { name: "the raw weights", answer: () => pokemon.map((p) => p.weight_kg), code: "raw-weights", message: /hides nothing/ },
      { name: "all 1,025 Pokémon", answer: () => mdav(5, everyone).aggregated, code: "all-pokemon", message: /1,025 values/ },
      { name: "one value per group", answer: () => mdav(5).groups.map((g) => g.centroid), code: "wrong-length", message: /50.*One per group/ },
      { name: "the released records", answer: () => mdav(5).released, code: "not-a-number", message: /map each record/ },
      { name: "partly filled in", answer: () => [...mdav(5).aggregated.slice(0, 250), TODO], code: "partly-blank", message: /1 of the 251 entries/ },
      {
        name: "means of the wrong groups",
        answer: () => {
          const fixed = mdav(5).aggregated;
          return fixed.map((v, i) => (i < 2 ? fixed[fixed.length - 1 - i]! : v));
        },
        code: "not-group-means",
        message: /not the mean of the true weights/,
      },
    ],
  },
  q5: {
    solution: () => (before: ClusterDetail[], after: ClusterDetail[]) => total(after) - total(before),
    stub: () => TODO,
    secret: /\b5 kg\b/,
    wrong: [
      // typed mistakes: they reach the check (the stubs declare no type), so each gets its own message
      { name: "a function returning every total", answer: () => (before: ClusterDetail[], after: ClusterDetail[]) => [total(before), total(after)], code: "wrong-return-type", message: /returned a list of 2 values/ },
      {
        name: "compared centroids",
        answer: () => (before: ClusterDetail[], after: ClusterDetail[]) =>
          after.reduce((s, c) => s + c.centroid, 0) - before.reduce((s, c) => s + c.centroid, 0),
        code: "centroid-difference",
        message: /compared centroids/,
      },
      { name: "hard-coded Celebi's weight", answer: () => () => 5, code: "hard-coded", message: /same number/ },
      { name: "the later total", answer: () => (_before: ClusterDetail[], after: ClusterDetail[]) => total(after), code: "total-not-difference", message: /what the total gained/ },
      {
        name: "before − after",
        answer: () => (before: ClusterDetail[], after: ClusterDetail[]) => total(before) - total(after),
        code: "wrong-sign",
        message: /wrong sign/,
      },
      {
        name: "a function that throws",
        answer: () => (before: ClusterDetail[]) => before[10]!.size,
        code: "function-threw",
        message: /threw an error on the releases over the first 250 and 251 Pokémon.*TypeError/,
      },
      {
        name: "returns text",
        answer: () => (before: ClusterDetail[], after: ClusterDetail[]) => `${total(after) - total(before)} kg`,
        code: "wrong-return-type",
        message: /returned the text "5 kg"/,
        quotesAnswer: true,
      },
      {
        name: "forgot return",
        answer: () => (before: ClusterDetail[], after: ClusterDetail[]) => {
          void (total(after) - total(before));
        },
        code: "returned-undefined",
        message: /forget `return`/,
      },
      { name: "the result instead of the function", answer: () => 5, code: "result-not-function", message: /a result, not a function.*Pass the function itself/ },
    ],
  },
});

test("exercise 1.5 tries the function on pairs the notebook does not show, one with a different k", () => {
  const cases = differencingCases();
  assert.ok(cases.length >= 4);
  assert.equal(new Set(cases.map((c) => c.weight)).size, cases.length, "a different newcomer weight in each pair");
  assert.ok(cases.some((c) => c.before.length !== c.after.length), "one pair changes k");
  for (const c of cases) assert.ok(Math.abs(total(c.after) - total(c.before) - c.weight) < 1e-6, c.label);
});

test("exercise 1.4 accepts any grouping that follows the rules, not only MDAV's", () => {
  // Sorted runs of 5 (the last run takes the remainder): a valid microaggregation MDAV would not produce.
  const weights = pokemon.map((p) => p.weight_kg);
  const order = weights.map((_, i) => i).sort((a, b) => weights[a]! - weights[b]!);
  const group = new Array<number>(weights.length);
  order.forEach((i, rank) => (group[i] = Math.min(Math.floor(rank / 5), Math.floor(weights.length / 5) - 1)));
  const means = new Map<number, number>();
  for (let g = 0; g <= Math.max(...group); g++) {
    const members = weights.filter((_, i) => group[i] === g);
    means.set(g, members.reduce((s, w) => s + w, 0) / members.length);
  }
  const outcome = q4.grade(weights.map((_, i) => means.get(group[i]!)!));
  assert.equal(outcome.status, "correct", outcome.message);
});

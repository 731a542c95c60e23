/**
 * Lesson 1 exercises: de-identification by clustering (the Airflow example), from guided to open.
 *
 * | exercise | the learner gives | checked against |
 * |---|---|---|
 * | q1 the largest cluster | a number | k = 4 on the first 251, seed 42 |
 * | q2 break it: Snorlax's weight | a number (kg) | the true weight, within 1e-6 kg |
 * | q3 the first singleton | k, a whole number | the smallest k with a cluster of one, seed 42 |
 * | q4 fix it: groups of at least 5 | the published weight of every Pokémon | groups ≥ 5, group means, loss ≤ 10% |
 * | q5 open: the differencing attack | a function (before, after) → weight | four pairs of releases |
 *
 * Each grader recognises the typical mistakes (wrong k, all 1,025 Pokémon instead of the first 251, a
 * cluster that is not the largest, the deviation factor turned upside down, rounded numbers, a group below
 * the minimum, k-means where microaggregation was asked, centroids compared instead of totals, a
 * hard-coded answer...) and says so without giving the answer. Expected values are computed with the
 * course library itself (seeded), once per kernel session.
 *
 * Import in the exercise notebook as `./src/exercises/lesson1`.
 */
import { loadPokemon, type Pokemon } from "../data/index";
import {
  deidentify,
  informationLoss,
  microaggregate,
  publishedTotal,
  type ClusterDetail,
} from "../deidentify/index";
import {
  callLearnerFunction,
  closeTo,
  describeValue,
  expectFunction,
  expectNumber,
  expectNumberList,
  expectWholeNumber,
  sameValuesAnyOrder,
  show,
} from "./grading";
import { correct, fail } from "./outcome";
import { defineLesson } from "./problem";

/** The lesson's exercises. */
export const lesson1 = defineLesson(1, "De-identification by clustering");

/** The seed every exercise of the lesson uses (as the lesson does). */
export const SEED = 42;
/** How many Pokémon the Airflow example de-identifies: Generations 1 and 2. */
export const FIRST = 251;
/** The sensitive column. */
const COLUMN = "weight_kg";

// Expected values are computed on first use and kept: a kernel session checks answers many times.
const memo = new Map<string, unknown>();
function remember<T>(key: string, compute: () => T): T {
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}

const first251 = (): Pokemon[] => remember("first251", () => loadPokemon({ first: FIRST }));
const allPokemon = (): Pokemon[] => remember("all", () => loadPokemon());

/** The clusters detail of the de-identification of `records` ("first251" or "all") with k and a seed. */
function clustersAt(which: "first251" | "all", k: number, seed: number | string = SEED): ClusterDetail[] {
  return remember(`clusters/${which}/${k}/${seed}`, () =>
    deidentify(which === "all" ? allPokemon() : first251(), { column: COLUMN, k, seed }).clusters,
  );
}

const sizesAt = (which: "first251" | "all", k: number, seed: number | string = SEED): number[] =>
  clustersAt(which, k, seed).map((c) => c.size);

/** The smallest k whose de-identification has a cluster of one (with the given seed). */
function firstSingletonK(which: "first251" | "all", seed: number | string = SEED): number {
  return remember(`singleton/${which}/${seed}`, () => {
    for (let k = 1; ; k++) if (sizesAt(which, k, seed).includes(1)) return k;
  });
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

// ---------------------------------------------------------------------------------------------------
// q1: the largest cluster at k = 4 (guided)

/** Exercise 1.1: the size of the largest cluster when the first 251 Pokémon are de-identified with k = 4. */
export const q1 = lesson1.problem({
  number: 1,
  title: "The largest cluster at k = 4",
  hints: [
    '`deid.deidentify(pokemon, { column: "weight_kg", k: ..., seed: 42 })` returns the four outputs; the clusters detail is its `.clusters`.',
    "Each entry of `.clusters` has a `size`. The largest cluster is the one with the largest size: `Math.max(...sizes)`.",
  ],
  solution: `
const release4 = deid.deidentify(pokemon, { column: "weight_kg", k: 4, seed: 42 });
const largest = Math.max(...release4.clusters.map((c) => c.size));`,
  explanation:
    "Clusters are numbered by centroid (lightest first), not by size, so take the maximum of the sizes rather than a particular cluster.",
  grade(answer) {
    if (typeof answer === "object" && answer !== null && !Array.isArray(answer) && "clusters" in answer) {
      fail("whole-release", "You passed the whole release. Pass the size of its largest cluster: one number.");
    }
    if (Array.isArray(answer) && answer.length === 4 && answer.every((v) => typeof v === "number")) {
      fail("list-of-sizes", "That is a list of 4 numbers, one per cluster. Pass only the size of the largest cluster.");
    }
    const n = expectNumber(answer, "the size of the largest cluster");
    if (!Number.isInteger(n)) {
      fail(
        "not-a-size",
        `A size counts Pokémon, so it is a whole number; ${show(n)} looks like a centroid (a mean weight in kg). ` +
          "The size is how many Pokémon a cluster holds.",
      );
    }
    if (n < 1) fail("size-below-one", `A cluster holds at least one Pokémon, so its size is 1 or more; your answer is ${n}.`);
    const sizes = sizesAt("first251", 4);
    const largest = Math.max(...sizes);
    if (n === largest) {
      return correct(
        `Yes: with k = 4 the largest cluster holds ${n} of the ${FIRST} Pokémon, while the smallest holds only ` +
          `${Math.min(...sizes)}. Clusters that small are what the disclosure audit flags.`,
      );
    }
    if (n > FIRST) {
      fail(
        "all-pokemon",
        `A cluster of ${n} Pokémon is bigger than the exercise's whole data set: did you cluster all 1,025? ` +
          `Use the first ${FIRST} (\`pokemon\` in this notebook, from \`loadPokemon({ first: ${FIRST} })\`).`,
      );
    }
    if (n === 4) fail("gave-k", "4 is k, the number of clusters. The question asks how many Pokémon the largest cluster holds.");
    if (n === FIRST) fail("all-records", `${FIRST} is every Pokémon of the data set; the largest cluster holds only part of them.`);
    if (sizes.includes(n)) {
      fail(
        "not-largest",
        `${n} is the size of one of the k = 4 clusters, but not of the largest. Clusters are numbered by centroid ` +
          "(lightest first), not by size: compare the sizes.",
      );
    }
    for (const k of [3, 2, 5, 6, 7, 8, 9, 10]) {
      if (Math.max(...sizesAt("first251", k)) === n) {
        fail("wrong-k", `That is the size of the largest cluster for k = ${k}. This exercise asks for k = 4: pass \`k: 4\` to \`deidentify\`.`);
      }
    }
    fail(
      "wrong-size",
      `No cluster of the k = 4 de-identification of the first ${FIRST} Pokémon has ${n} members. Check the data ` +
        "(`pokemon`), k = 4, and that you take the largest size.",
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q2: break it, recover Snorlax's weight from the anonymized table

/** The release of exercise 1.2 (k = 3, seed 42, as in the lesson), and Snorlax's published row. */
function q2Release() {
  return remember("q2", () => {
    const release = deidentify(first251(), { column: COLUMN, k: 3, seed: SEED });
    const row = release.anonymized.find((r) => r.name === "Snorlax")!;
    const truth = first251().find((p) => p.name === "Snorlax")!.weight_kg;
    return { release, row, truth };
  });
}

/** Exercise 1.2: Snorlax's exact weight, from the anonymized table alone. */
export const q2 = lesson1.problem({
  number: 2,
  title: "Break it: Snorlax's weight",
  hints: [
    "The anonymized table has no `weight_kg`, but each row keeps `parent_centroid` and `deviation_factor`. Start from Snorlax's row, found by its name.",
    "`deviation_factor` was computed as weight ÷ parent_centroid. Solve that for the weight.",
  ],
  solution: `
const snorlax = anonymized.find((r) => r.name === "Snorlax");
const snorlaxWeight = snorlax.parent_centroid * snorlax.deviation_factor;`,
  explanation:
    "deviation_factor = weight / parent_centroid, so weight = parent_centroid × deviation_factor, exactly, for every row: " +
    "publishing both columns publishes every weight.",
  grade(answer) {
    const w = expectNumber(answer, "Snorlax's weight in kg");
    if (w <= 0) fail("not-a-weight", `A weight in kg is greater than 0; your answer is ${show(w)}. Start from Snorlax's published row.`);
    const { release, row, truth } = q2Release();
    if (closeTo(w, truth, { abs: 1e-6 })) {
      return correct(
        "Exactly Snorlax's weight, from a table without a weight column. parent_centroid × deviation_factor gives back " +
          "every weight this way: the \"anonymized\" table publishes them all.",
      );
    }
    const c = row.parent_centroid;
    const f = row.deviation_factor;
    if (closeTo(w, c, { abs: 1e-6 })) {
      fail(
        "centroid-only",
        "That is the centroid of Snorlax's cluster: the average weight of its cluster, not Snorlax's own. The deviation " +
          "factor says how far Snorlax is from that average.",
      );
    }
    if (closeTo(w, c / f, { abs: 1e-6 })) {
      fail(
        "factor-upside-down",
        "You divided the centroid by the deviation factor. The factor is weight ÷ parent_centroid (1 = at the centre, " +
          "2 = twice the centre), so undo it the other way round.",
      );
    }
    if (closeTo(w, f, { abs: 1e-9 })) {
      fail("factor-only", "That is Snorlax's deviation factor, a ratio without unit. Combine it with the centroid to get kilograms.");
    }
    if (Math.abs(w - truth) <= 0.01 * truth) {
      fail(
        "not-exact",
        "Close (within 1%), but not exact, and the attack is exact. Did you copy rounded numbers from the table? " +
          "Compute with the fields of Snorlax's row instead.",
      );
    }
    const other = release.anonymized.find(
      (r) => r.name !== "Snorlax" && closeTo(w, r.parent_centroid * r.deviation_factor, { abs: 1e-6 }),
    );
    if (other) {
      fail(
        "wrong-pokemon",
        `That is the weight of ${String(other.name)} (#${String(other.national_number)}), not Snorlax's (#143). Rows ` +
          'start at 0; find Snorlax\'s row by name, e.g. `anonymized.find((r) => r.name === "Snorlax")`.',
      );
    }
    fail("wrong-weight", "That is not Snorlax's weight. Its row holds `parent_centroid` and `deviation_factor`: how was the factor made?");
  },
});

// ---------------------------------------------------------------------------------------------------
// q3: the smallest k that gives one Pokémon a cluster of its own

/** Exercise 1.3: the smallest k at which a cluster of exactly one Pokémon appears (first 251, seed 42). */
export const q3 = lesson1.problem({
  number: 3,
  title: "The first singleton cluster",
  hints: [
    "Try k = 1, 2, 3, ... in a loop: de-identify with each k (seed 42) and stop at the first k whose clusters detail has a `size` of 1.",
    "`release.clusters.some((c) => c.size === 1)` says whether a release has a singleton cluster.",
  ],
  solution: `
let firstSingletonK = 0;
for (let k = 1; firstSingletonK === 0; k++) {
  const trial = deid.deidentify(pokemon, { column: "weight_kg", k: k, seed: 42 });
  if (trial.clusters.some((c) => c.size === 1)) firstSingletonK = k;
}`,
  explanation:
    "Heavy Pokémon are rare, so as k grows k-means soon gives one of them a cluster of its own, and that cluster's " +
    "centroid is its exact weight. The audit's minimum group size exists to catch exactly this.",
  grade(answer) {
    const k = expectWholeNumber(answer, "the number of clusters k");
    if (k < 1) fail("k-out-of-range", `k counts clusters, so it is at least 1; your answer is ${k}.`);
    const target = firstSingletonK("first251");
    if (k === target) {
      const cluster = clustersAt("first251", k).find((c) => c.size === 1)!;
      const who = first251().find((p) => p.weight_kg === cluster.centroid)?.name ?? "one Pokémon";
      return correct(
        `Yes: at k = ${k} ${who} gets a cluster of its own, and the clusters detail publishes its exact weight as ` +
          "that cluster's centroid.",
      );
    }
    if (k > 60) {
      fail("k-too-large", `k = ${k} is far beyond where singletons appear: try every k from 1 upwards and stop at the first.`);
    }
    if (k > target && k === firstSingletonK("all")) {
      fail("all-pokemon", `That is the answer for all 1,025 Pokémon. The exercise uses the first ${FIRST} (\`pokemon\`).`);
    }
    const sizes = sizesAt("first251", k);
    if (sizes.includes(1)) {
      const otherSeeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => firstSingletonK("first251", s));
      if (otherSeeds.includes(k)) {
        fail(
          "not-smallest-seed",
          `There is a cluster of one at k = ${k}, but with seed 42 one appears at a smaller k. k-means depends on its ` +
            "random start: pass `seed: 42` to `deidentify`, and try every k from 1 upwards.",
        );
      }
      fail("not-smallest", `There is a cluster of one at k = ${k}, but it is not the first: try every k from 1 upwards and stop at the first.`);
    }
    if (k < target) {
      fail(
        "no-singleton",
        `At k = ${k} (seed 42) the smallest cluster holds ${Math.min(...sizes)} Pokémon: nobody is alone yet. ` +
          "A singleton is a cluster of size exactly 1.",
      );
    }
    fail("not-smallest", `At k = ${k} (seed 42) no cluster holds a single Pokémon, and the first singleton comes at a smaller k anyway.`);
  },
});

// ---------------------------------------------------------------------------------------------------
// q4: fix it, publish group means of at least 5 Pokémon

/** The minimum group size of exercise 1.4. */
export const Q4_MIN_GROUP = 5;
/** The most variance exercise 1.4 allows to be lost (SSE/SST). */
export const Q4_MAX_LOSS = 0.1;

/** Exercise 1.4: the published weight of each Pokémon, as the mean of a group of at least 5. */
export const q4 = lesson1.problem({
  number: 4,
  title: "Fix it: groups of at least 5",
  hints: [
    "Lesson 1's first fix, microaggregation, replaces each weight by the mean of a group of at least m Pokémon: `deid.microaggregate(records, { column, minGroupSize })`.",
    "Its result's `aggregated` holds the published weight of each Pokémon, in record order. Ask for `minGroupSize: 5`.",
  ],
  solution: `
const fixed = deid.microaggregate(pokemon, { column: "weight_kg", minGroupSize: 5 });
const published = fixed.aggregated;`,
  explanation:
    "MDAV builds groups of 5 to 9 Pokémon of similar weight, so every published value describes at least 5 of them " +
    "and little variance is lost. Any grouping that follows the rules is accepted.",
  grade(answer) {
    const published = expectNumberList(answer, "the published weight of each Pokémon");
    const weights = first251().map((p) => p.weight_kg);
    if (published.length === 1025) {
      fail("all-pokemon", `1,025 values: that is every Pokémon. Publish the first ${FIRST} (\`pokemon\`), one value each.`);
    }
    if (published.length !== weights.length) {
      fail(
        "wrong-length",
        `Expected one published weight per Pokémon, ${FIRST} in all; your list has ${published.length}.` +
          (published.length < FIRST ? " One per group? Publish each group's mean once for every member." : ""),
      );
    }
    if (published.every((v, i) => v === weights[i])) {
      fail("raw-weights", "Those are the true weights: publishing them hides nothing. Replace each by the mean of its group.");
    }
    const groups = new Map<number, number[]>();
    published.forEach((v, i) => {
      const members = groups.get(v);
      if (members) members.push(i);
      else groups.set(v, [i]);
    });
    const mismatched = [...groups].filter(([v, members]) => {
      const mean = members.reduce((s, i) => s + weights[i]!, 0) / members.length;
      return !closeTo(v, mean, { abs: 1e-6 });
    });
    if (mismatched.length > 0) {
      const mdav5 = remember("mdav5", () => microaggregate(first251(), { column: COLUMN, minGroupSize: Q4_MIN_GROUP }).aggregated);
      if (sameValuesAnyOrder(published, mdav5, { abs: 1e-6 })) {
        fail("wrong-order", "These are the right values in the wrong order: publish one value per Pokémon, in the order of `pokemon` (do not sort them).");
      }
      const rounded = mismatched.every(([v, members]) => {
        const mean = members.reduce((s, i) => s + weights[i]!, 0) / members.length;
        return Math.abs(v - mean) <= 0.5;
      });
      if (rounded) {
        fail("rounded", "Each value is close to its group's mean but not equal to it: did you round? Publish the means unrounded.");
      }
      fail(
        "not-group-means",
        `${mismatched.length} published value(s) are not the mean of the true weights of the Pokémon they are published ` +
          "for. Each Pokémon must get the mean weight of its own group.",
      );
    }
    const small = [...groups.values()].filter((members) => members.length < Q4_MIN_GROUP);
    if (small.length > 0) {
      const smallest = Math.min(...small.map((m) => m.length));
      let why = "";
      for (const k of [2, 3, 4, 5, 6, 7, 8, 9, 10]) {
        const centroids = remember(`centroids/${k}`, () =>
          deidentify(first251(), { column: COLUMN, k, seed: SEED }).raw.map((r) => r.parent_centroid),
        );
        if (published.every((v, i) => closeTo(v, centroids[i]!, { abs: 1e-6 }))) {
          why = " These are k-means centroids, and k-means has no minimum cluster size: use microaggregation (MDAV), which has one.";
        }
      }
      for (const m of [2, 3, 4]) {
        const aggregated = remember(`mdav${m}`, () => microaggregate(first251(), { column: COLUMN, minGroupSize: m }).aggregated);
        if (published.every((v, i) => closeTo(v, aggregated[i]!, { abs: 1e-6 }))) {
          why = ` That looks like MDAV with \`minGroupSize: ${m}\`; this exercise asks for at least ${Q4_MIN_GROUP}.`;
        }
      }
      fail(
        "group-below-minimum",
        `${small.length} group(s) below the minimum size: in the smallest, ${smallest} Pokémon share a published weight. ` +
          `Every published value must describe at least ${Q4_MIN_GROUP} Pokémon.${why}`,
      );
    }
    const labelOf = new Map([...groups.keys()].map((v, g) => [v, g]));
    const loss = informationLoss(weights.map((w) => [w]), published.map((v) => labelOf.get(v)!));
    if (loss.share > Q4_MAX_LOSS) {
      fail(
        "too-much-loss",
        `Every group has at least ${Q4_MIN_GROUP} Pokémon, but ${percent(loss.share)} of the weights' variance is lost ` +
          `(the limit is ${percent(Q4_MAX_LOSS)}): ${groups.size} groups. Make more, smaller groups of Pokémon of similar weight.`,
      );
    }
    return correct(
      `Every published weight describes at least ${Q4_MIN_GROUP} Pokémon (${groups.size} groups), and only ` +
        `${percent(loss.share)} of the variance is lost. But the group means still add up to the exact total weight: ` +
        "exercise 1.5 shows what that allows.",
    );
  },
});

// ---------------------------------------------------------------------------------------------------
// q5: open, the differencing attack

/** One pair of releases of exercise 1.5: the clusters details before and after one Pokémon arrived. */
export interface DifferencingCase {
  /** Which releases, for messages (never the answer). */
  label: string;
  before: ClusterDetail[];
  after: ClusterDetail[];
  /** The newcomer's true weight. */
  weight: number;
}

/**
 * The pairs of releases exercise 1.5 tries a function on: the notebook's own (Celebi arrives, k = 3), then
 * three the learner has not seen, one with a different k before and after.
 */
export function differencingCases(): DifferencingCase[] {
  return remember("q5", () => {
    const records = first251();
    const release = (rs: readonly Pokemon[], k: number) => deidentify(rs, { column: COLUMN, k, seed: SEED }).clusters;
    const snorlax = records.findIndex((p) => p.name === "Snorlax");
    const withoutSnorlax = records.filter((_, i) => i !== snorlax);
    return [
      { label: "the releases over the first 250 and 251 Pokémon (k = 3)", before: release(records.slice(0, 250), 3), after: release(records, 3), weight: records[250]!.weight_kg },
      { label: "the releases over the first 150 and 151 Pokémon (k = 4)", before: release(records.slice(0, 150), 4), after: release(records.slice(0, 151), 4), weight: records[150]!.weight_kg },
      { label: "the releases over the first 99 and 100 Pokémon (k = 2)", before: release(records.slice(0, 99), 2), after: release(records.slice(0, 100), 2), weight: records[99]!.weight_kg },
      { label: "a release of 250 Pokémon with k = 3, then of 251 with k = 5", before: release(withoutSnorlax, 3), after: release(records, 5), weight: records[snorlax]!.weight_kg },
    ];
  });
}

const copy = (clusters: readonly ClusterDetail[]): ClusterDetail[] => clusters.map((c) => ({ ...c }));

/** Exercise 1.5: a function that recovers the newcomer's weight from two clusters details. */
export const q5 = lesson1.problem({
  number: 5,
  title: "Open: the differencing attack",
  hints: [
    "A cluster's size × centroid is the total weight of its members, so a clusters detail publishes the exact total weight of the whole release.",
    "The later total minus the earlier total is the weight of the one Pokémon that arrived. Write a helper that sums `size * centroid` over a clusters detail.",
  ],
  solution: `
function weightOfNewcomer(before: deid.ClusterDetail[], after: deid.ClusterDetail[]): number {
  const total = (clusters: deid.ClusterDetail[]) =>
    clusters.reduce((sum, c) => sum + c.size * c.centroid, 0);
  return total(after) - total(before);
}`,
  explanation:
    "Exact sizes and centroids publish exact totals, whatever the clustering, so two releases reveal whoever was added. " +
    "MDAV does not stop this; only noise does (lesson 1's DP release).",
  grade(answer) {
    const fn = expectFunction(answer, "a function `(before, after) => weight`");
    const cases = differencingCases();
    for (const [index, c] of cases.entries()) {
      const got = callLearnerFunction(fn, [copy(c.before), copy(c.after)], `on ${c.label}`);
      if (typeof got !== "number" || Number.isNaN(got)) {
        fail("wrong-return-type", `On ${c.label} your function returned ${describeValue(got)}; it should return the newcomer's weight in kg, a number.`);
      }
      if (closeTo(got, c.weight, { abs: 1e-6 })) continue;
      if (index > 0 && closeTo(got, cases[0]!.weight, { abs: 1e-6 })) {
        fail(
          "hard-coded",
          `Right for the notebook's releases, but on ${c.label} your function returns the same number. It must compute ` +
            "the weight from `before` and `after`, for any pair of releases.",
        );
      }
      const sumCentroids = (cs: readonly ClusterDetail[]) => cs.reduce((s, x) => s + x.centroid, 0);
      if (closeTo(got, sumCentroids(c.after) - sumCentroids(c.before), { abs: 1e-6 })) {
        fail(
          "centroid-difference",
          "You compared centroids, but a centroid is an average: one newcomer moves it by a fraction of its weight. " +
            "Turn each cluster back into the total weight of its members first.",
        );
      }
      if (closeTo(got, publishedTotal(c.after), { abs: 1e-6 })) {
        fail("total-not-difference", "That is the total weight of the later release; the newcomer's weight is what the total gained.");
      }
      if (closeTo(got, -c.weight, { abs: 1e-6 })) fail("wrong-sign", "Right size, wrong sign: subtract the earlier total from the later one.");
      fail("wrong-weight", `On ${c.label} your function returned ${show(got)} kg, which is not the newcomer's weight.`);
    }
    return correct(
      `Your function recovers the newcomer's weight exactly on all ${cases.length} pairs of releases, including one with ` +
        "a different k before and after. Only noise stops differencing: that is the DP release of lesson 1.",
    );
  },
});

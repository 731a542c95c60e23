/**
 * Lesson 4's checkpoints (pre-processing): exact statistics leak, and every step that reads the records is
 * on the receipt.
 *
 * | checkpoint | asks | belongs after |
 * |---|---|---|
 * | cp4_1 | what two published scaler means reveal | "## Pink points, before and after" |
 * | cp4_2 | what DP PCA + DP k-means on one accountant cost | "### … and the receipt does not show it" |
 */
import { multipleChoice } from "../choice";

/** Checkpoint 4.1 (predict): two exact means over n and n + 1 records reveal the newcomer. */
export const cp4_1 = multipleChoice({
  lesson: 4,
  number: 1,
  title: "Two exact means",
  question:
    "A `StandardScaler` is fitted on the Pokémon's stats, and its `mean` and `nSamplesSeen` are published with the model. A new " +
    "Pokémon is added and the scaler is fitted and published again. What can someone holding both publications learn?",
  choices: [
    {
      text: "Nothing: a mean over more than a thousand Pokémon hides any single one.",
      why: "One mean hides a lot, but two exact means over n and n + 1 Pokémon differ by exactly what one Pokémon contributed.",
    },
    {
      text: "The newcomer's exact stats: (n + 1) × the new mean − n × the old mean.",
      why:
        "A mean times its count is an exact total, and the two totals differ by the newcomer's values: exact statistics, published " +
        "twice, give an individual away. Hence the DP scaler, or scaling by public bounds.",
    },
    {
      text: "Only whether the newcomer is above or below the average.",
      why: "The change of the mean is exact, not only its sign: what does a mean times its count give?",
    },
    {
      text: "Nothing, because the DP k-means after the scaler covers the whole pipeline with its ε.",
      why: "A receipt covers only what was charged to it: a non-private scaler fitted on the data charges nothing and leaks anyway.",
    },
  ],
  answer: "b",
  hints: ["Turn each published mean back into a total. What is the difference of the two totals?"],
});

/** Checkpoint 4.2 (reading a receipt): DP PCA and DP k-means both read the records, so both are charged. */
export const cp4_2 = multipleChoice({
  lesson: 4,
  number: 2,
  title: "A pipeline on one receipt",
  question:
    "The stats are scaled by their public bounds (no ε), then a DP PCA at ε = 0.5 is fitted and every Pokémon is projected " +
    "with it, then DP k-means at ε = 0.5 is fitted on the projected rows. Both share one accountant. What is the total ε on the receipt?",
  choices: [
    {
      text: "ε = 1: the PCA and the k-means each read the Pokémon's records, so each adds its ε.",
      why:
        "The DP PCA's components are private, but projecting applies them to each Pokémon's exact stats: the k-means still reads " +
        "every record and pays its own ε. Scaling by public bounds reads nothing private, so it adds nothing.",
    },
    {
      text: "ε = 0.5: the k-means reads only the PCA's output, which is already private.",
      why: "The PCA's components were released privately, but the projected rows are each Pokémon's own exact stats, transformed.",
    },
    {
      text: "ε = 0.25: the two steps share one ε = 0.5 between them.",
      why: "Each step was given its own ε = 0.5; the accountant adds the lines of the receipt, it never averages them.",
    },
    {
      text: "ε = 1.5: the public scaling costs ε = 0.5 too.",
      why: "Scaling by bounds fixed from public knowledge reads no private value, so it costs nothing and is not on the receipt.",
    },
  ],
  answer: "a",
  hints: ["For each step, ask: does it read the Pokémon's records (directly or transformed)? Only those steps are charged."],
});

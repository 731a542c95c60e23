/**
 * Lesson 1's checkpoints (de-identification by clustering): what the Airflow example's outputs publish.
 *
 * | checkpoint | asks | belongs after |
 * |---|---|---|
 * | cp1_1 | what centroid + deviation factor reveal | "### Output 4: anonymized information" |
 * | cp1_2 | what a cluster of one publishes | "### Attack 1: the deviation factor is reversible" |
 */
import { multipleChoice } from "../choice";

/** Checkpoint 1.1 (predict): what the anonymized table reveals about one Pokémon's weight. */
export const cp1_1 = multipleChoice({
  lesson: 1,
  number: 1,
  title: "What the anonymized table still says",
  question:
    "The anonymized table has no `weight_kg` column, but every row keeps `parent_centroid` (its cluster's mean weight) and " +
    "`deviation_factor` (weight ÷ parent_centroid). Someone has only this table. What can they learn about Snorlax's weight?",
  choices: [
    {
      text: "Nothing: the weight column was removed before publishing.",
      why: "Removing a column is not enough when another published column was computed from it. How was `deviation_factor` made?",
    },
    {
      text: "Only a range: somewhere between the lightest and the heaviest Pokémon of its cluster.",
      why: "The table publishes no range. Each row holds two numbers that were computed from that row's own weight.",
    },
    {
      text: "Its exact weight: `parent_centroid × deviation_factor`.",
      why:
        "deviation_factor = weight ÷ parent_centroid, so multiplying back gives the weight exactly, for every row: publishing " +
        "both columns publishes the weight column.",
    },
    {
      text: "Only the average weight of its cluster, `parent_centroid`.",
      why: "That is what `parent_centroid` alone says, but the row also says how far Snorlax is from that average.",
    },
  ],
  answer: "c",
  hints: ["Write down how `deviation_factor` was computed, then solve that equation for the weight."],
});

/** Checkpoint 1.2 (predict): what the clusters detail publishes about a Pokémon alone in its cluster. */
export const cp1_2 = multipleChoice({
  lesson: 1,
  number: 2,
  title: "A cluster of one",
  question:
    "As k grows, k-means can put one Pokémon (a very heavy one, say) in a cluster of its own. The clusters detail publishes " +
    "each cluster's size and centroid. What does it publish about that Pokémon?",
  choices: [
    {
      text: "Its exact weight: the centroid of a cluster of one is that Pokémon's weight.",
      why:
        "A centroid is the mean of the members' values, and the mean of one value is that value: the clusters detail publishes it " +
        "exactly. That is why audits ask for a minimum group size.",
    },
    {
      text: "Nothing more than for any other cluster: a centroid is an average, and averages hide individuals.",
      why: "An average hides individuals only when it is taken over several of them. Over how many values is this one taken?",
    },
    {
      text: "An approximate weight: k-means blurs the centroid with some noise.",
      why: "k-means adds no noise: its centroids are the exact means of their members' values.",
    },
    {
      text: "Only its cluster number, which is arbitrary and changes with the seed.",
      why: "The number is arbitrary, but the same row of the clusters detail also gives the cluster's size and centroid.",
    },
  ],
  answer: "a",
  hints: ["A centroid is the mean of its members. What is the mean of a single number?"],
});

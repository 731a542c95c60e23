/**
 * Lesson 5's checkpoints (the elbow method): one DP fit per k adds up; a synopsis pays once for every k.
 *
 * | checkpoint | asks | belongs after |
 * |---|---|---|
 * | cp5_1 | what eight DP fits (one per k) cost | "## The DP way of the Python course: one DP fit per k" |
 * | cp5_2 | what the curve costs after one synopsis | "## The private elbow: one synopsis, every k" |
 */
import { multipleChoice } from "../choice";

/** Checkpoint 5.1 (reading a receipt): one DP fit per k, on the same data, adds up. */
export const cp5_1 = multipleChoice({
  lesson: 5,
  number: 1,
  title: "One DP fit per k",
  question:
    "The Python course's way fits one DP k-means for each k = 1, 2, …, 8, each at ε = 0.5, on the same Pokémon, and looks at " +
    "all eight inertias to choose k. What is the total ε?",
  choices: [
    {
      text: "ε = 0.5: each k is a different model.",
      why: "Different models, same Pokémon: each fit is a release about them, and releases about the same people add up.",
    },
    {
      text: "ε = 0.0625 (0.5 ÷ 8): the eight fits share one ε = 0.5.",
      why: "That would be one budget of 0.5 split eight ways; here each fit was run at ε = 0.5 itself.",
    },
    {
      text: "Only the ε of the model at the chosen k, since only that one is published.",
      why: "All eight fits read the data and were looked at to make the choice: each one is a release.",
    },
    {
      text: "ε = 4: eight fits at ε = 0.5 add up.",
      why: "Sequential composition: every fit on the same data is charged, so choosing k this way costs 8 × 0.5.",
    },
  ],
  answer: "d",
  hints: ["Count the fits that read the Pokémon, and what each one is charged."],
});

/** Checkpoint 5.2 (concept): everything computed from a released synopsis is post-processing, free. */
export const cp5_2 = multipleChoice({
  lesson: 5,
  number: 2,
  title: "The curve after one synopsis",
  question:
    "The private elbow releases one EUGkM synopsis (noisy counts on a grid over the public bounds) at ε, then computes the " +
    "inertia for every k = 1…8 from the synopsis alone. What does the curve cost on top of the synopsis?",
  choices: [
    {
      text: "Nothing: it reads only the released synopsis, never the records (post-processing).",
      why:
        "Once the noisy counts are released, anything computed from them alone (any k, any number of restarts, the whole curve) " +
        "costs no further ε: post-processing cannot weaken the guarantee.",
    },
    {
      text: "ε per k, as for one DP fit per k.",
      why: "Those fits read the records each time; here each k reads only what was already released.",
    },
    {
      text: "ε ÷ 8 per k, so that the total stays ε.",
      why: "Nothing is split: the curve reads no record, so there is nothing to charge.",
    },
    {
      text: "Nothing, because the inertia of each k is computed exactly on `X`.",
      why: "An exact inertia of the raw data would not be private at all. This curve is computed on the synopsis's weighted cells.",
    },
  ],
  answer: "a",
  hints: ["Which data does each k read: the Pokémon's records, or something already released?"],
});

/**
 * Lesson 6's checkpoints (ε trade-offs): neighbouring data sets, and what a replacement costs.
 *
 * | checkpoint | asks | belongs after |
 * |---|---|---|
 * | cp6_1 | which pair of data sets is neighbouring | "## Two budgets, same data" |
 * | cp6_2 | what an ε-DP model guarantees for a replaced record | "## The ε receipt" |
 */
import { multipleChoice } from "../choice";

/** Checkpoint 6.1 (concept): neighbours differ by one record added or removed. */
export const cp6_1 = multipleChoice({
  lesson: 6,
  number: 1,
  title: "Neighbouring data sets",
  question:
    "ε bounds how much a DP model's output can change between neighbouring data sets. In this course, neighbours differ by one " +
    "record added or removed. Which pair is neighbouring?",
  choices: [
    {
      text: "The 1,025 Pokémon, and the same 1,025 with Pikachu's weight changed.",
      why: "Changing a record is a replacement: removing the old record and adding the new one, two steps apart rather than one.",
    },
    {
      text: "Any two data sets with the same number of records.",
      why: "Two data sets of the same size can differ in every record; neighbours differ in one.",
    },
    {
      text: "The 1,025 Pokémon, and the 1,024 left without Pikachu.",
      why: "One record removed (or, the other way round, added): that is exactly the add/remove-one neighbour relation ε is stated for.",
    },
    {
      text: "The Pokémon, and any data set whose values lie within the same public bounds.",
      why: "Bounds limit the values a record may take; they do not make two arbitrary data sets neighbours.",
    },
  ],
  answer: "c",
  hints: ["Count how many records must be added or removed to go from one data set of the pair to the other."],
});

/** Checkpoint 6.2 (concept): a replacement is two add/remove steps, so it is covered at 2ε. */
export const cp6_2 = multipleChoice({
  lesson: 6,
  number: 2,
  title: "What a replacement costs",
  question:
    "A model is ε = 0.5-DP for add/remove-one neighbours. Between two data sets, one Pokémon's record was replaced (its weight " +
    "changed). What does the guarantee say about those two data sets?",
  choices: [
    {
      text: "They are protected at ε = 0.5: only one record changed.",
      why: "A replacement is not one add/remove step: the old record is removed and the new one added.",
    },
    {
      text: "They are protected at ε = 1 (2 × 0.5): a replacement is one removal plus one addition.",
      why: "Two add/remove steps apart, each step may change the output by a factor up to e^ε, so the guarantee holds at 2ε.",
    },
    {
      text: "There is no guarantee at all for a replacement.",
      why: "There is one, only weaker: chaining the add/remove guarantee step by step covers data sets two steps apart.",
    },
    {
      text: "They are protected at ε = 0.25, since the number of records does not change.",
      why: "Keeping the size halves nothing: the removal and the addition each count.",
    },
  ],
  answer: "b",
  hints: ["Write the replacement as a sequence of add/remove-one steps. How many steps, and what does each one cost?"],
});

/**
 * Lesson 3's checkpoints (building DP clustering models): public bounds, the receipt, and a public size.
 *
 * | checkpoint | asks | belongs after |
 * |---|---|---|
 * | cp3_1 | why bounds are given, not read from the data | "## Decision 2: bounds" |
 * | cp3_2 | what three fits on one accountant cost | "## Decision 5: the budget accountant" (before "### Add/remove or replace-one") |
 * | cp3_3 | where DPLloyd's n may come from | "## Decision 3: the size, declared or released" |
 */
import { multipleChoice } from "../choice";

/** Checkpoint 3.1 (concept): DP models take public bounds, because bounds from the data leak. */
export const cp3_1 = multipleChoice({
  lesson: 3,
  number: 1,
  title: "Why bounds are given",
  question:
    "Without `bounds`, `dp.KMeans` takes the smallest and largest values of `X` itself, with a warning. Why should you give it " +
    "bounds that you choose before looking at the data instead?",
  choices: [
    {
      text: "Because the data's own minimum and maximum depend on its most extreme records, so they leak; public bounds do not.",
      why:
        "Adding or removing one extreme Pokémon changes the data's range, so a model built on it reveals that Pokémon. Bounds " +
        "fixed from public knowledge (the Pokédex's limits) are the same whoever is in the data, and they set the noise scale.",
    },
    {
      text: "To save time: finding the minimum and maximum of every column is slow.",
      why: "Finding a minimum and a maximum is one pass over the data: speed is not the reason.",
    },
    {
      text: "Because the noise does not depend on the bounds, so any bounds will do.",
      why: "The noise is scaled to the range the bounds allow: that is why needlessly wide bounds make a model noisier.",
    },
    {
      text: "Because the bounds only set the axes of the charts.",
      why: "The bounds are part of the privacy guarantee: they set the noise scale and every value is clipped to them.",
    },
  ],
  answer: "a",
  hints: ["What happens to the data's largest weight when the heaviest Pokémon is removed from the data?"],
});

/** Checkpoint 3.2 (reading a receipt): ε adds up over fits on the same data. */
export const cp3_2 = multipleChoice({
  lesson: 3,
  number: 2,
  title: "Three fits, one receipt",
  question:
    "One `BudgetAccountant` with ε = 2 is given to three DP k-means models, each fitted at ε = 0.5 on the same Pokémon. What " +
    "does the receipt show as spent?",
  choices: [
    {
      text: "ε = 0.5: the three fits read the same data, so it is charged once.",
      why: "Each fit is a new release about the same Pokémon, and releases can be combined: each one is charged.",
    },
    {
      text: "ε = 0.125 (0.5 × 0.5 × 0.5): repeated fits average the noise away.",
      why: "Combining releases never makes ε smaller: the more is released about the same people, the more can be learnt.",
    },
    {
      text: "ε = 1.5: the ε of the three fits add up.",
      why: "Sequential composition: every fit on the same data adds its ε to the receipt, and the accountant refuses a fit that would go over its budget.",
    },
    {
      text: "ε = 2: the first fit reserves the whole budget.",
      why: "A fit is charged its own ε only; the rest of the budget stays available for later releases.",
    },
  ],
  answer: "c",
  hints: ["Each line of the receipt is one release. What does the total row do with the lines?"],
});

/** Checkpoint 3.3 (concept): a size that sets DPLloyd's schedule must be public or a noisy count on the receipt. */
export const cp3_3 = multipleChoice({
  lesson: 3,
  number: 3,
  title: "Where n comes from",
  question:
    "DPLloyd fixes its number of iterations T in advance from (ε, n, d, k). Neighbouring data sets differ by one record added " +
    "or removed. For the ε guarantee to hold, where may the n in that rule come from?",
  choices: [
    {
      text: "From `X.length`, the exact number of rows: it is only a count.",
      why:
        "A neighbouring data set has one row more or less, so an exact n can give another T, and T shows in what is released " +
        "(how many noisy steps, how ε is split): one Pokémon's presence could be read off it.",
    },
    {
      text: "From anywhere: T is not released, so it cannot leak.",
      why: "T shapes everything that is released (how many noisy iterations, the ε of each), so it must not depend on exact data.",
    },
    {
      text: "From the noisy counts of the first iteration.",
      why: "T must be fixed before the first iteration runs, and those counts are released only afterwards.",
    },
    {
      text: "From a size that is public, declared in advance (`publicSize`), or from a noisy count whose ε is on the receipt.",
      why:
        "A declared size is the same for D and for D plus one record, and a noisy count is itself a DP release, charged on the " +
        "receipt: either way T no longer depends on who is in the data.",
    },
  ],
  answer: "d",
  hints: ["Take the data and the same data with one more Pokémon. Must they get the same T?"],
});

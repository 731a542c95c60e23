/**
 * Lesson 2's checkpoints (comparing models): matching labels, and what of a DP model is private.
 *
 * | checkpoint | asks | belongs after |
 * |---|---|---|
 * | cp2_1 | what to do before counting changes | "## Model 2: differentially private k-means" |
 * | cp2_2 | whether a DP model's labels and inertia are private | "## How good are the DP clusters?" |
 */
import { multipleChoice } from "../choice";

/** Checkpoint 2.1 (concept): cluster numbers are arbitrary, so labels are matched before comparing. */
export const cp2_1 = multipleChoice({
  lesson: 2,
  number: 1,
  title: "Same group, another number",
  question:
    "The non-private model calls a group of heavy Pokémon cluster 0; the DP model puts nearly the same Pokémon in its cluster 2. " +
    "Before counting how many Pokémon changed cluster, what should you do?",
  choices: [
    {
      text: "Nothing: cluster 0 and cluster 2 are different clusters, so those Pokémon changed.",
      why: "Cluster numbers are arbitrary names: each model numbers its clusters in its own way, so the same group can get any number.",
    },
    {
      text: "Pair the clusters by size: largest with largest, and so on.",
      why: "Sizes can be close, and the noise changes them: pairing by size can pair two different groups.",
    },
    {
      text: "Refit the DP model with other seeds until its numbers agree with the non-private ones.",
      why: "Every refit is another release that spends ε again, and the numbers it gives stay arbitrary anyway.",
    },
    {
      text: "Rename the DP clusters with the one-to-one matching under which the two labelings agree most, then compare.",
      why:
        "Matching first (`matchLabels`, the Hungarian algorithm) compares groups rather than names; only the Pokémon that are in " +
        "another group after that count as changed.",
    },
  ],
  answer: "d",
  hints: ["Would your answer change if the DP model had happened to number its clusters in another order?"],
});

/** Checkpoint 2.2 (concept): a DP model's labels and inertia are exact diagnostics of the raw data. */
export const cp2_2 = multipleChoice({
  lesson: 2,
  number: 2,
  title: "Labels and inertia of a DP model",
  question:
    "The DP model's centres were released with noise, and its fit is on the receipt. The charts colour each Pokémon by the " +
    "labels `dpModel.fitPredict(X)` returned, and the quality ratio uses the inertia on `X`. Are those labels and that inertia private?",
  choices: [
    {
      text: "Yes: they come from the DP model, so its ε covers them.",
      why: "They use the DP centres, but they are computed from every Pokémon's exact values, with no noise and nothing on the receipt.",
    },
    {
      text: "No: they are exact statistics of the raw data. Fine as diagnostics for learning, not something to publish.",
      why:
        "A label is computed from the noisy centres AND one Pokémon's exact values; the inertia sums exact distances. Neither adds " +
        "noise nor appears on the receipt: they are teaching diagnostics, not releases.",
    },
    {
      text: "Yes: the noise of the centres carries over to every label.",
      why: "Using only the released centres would be free, but a label also reads one Pokémon's exact values, and that part gets no noise.",
    },
    {
      text: "They are safe to publish because labels are only 0, 1 or 2.",
      why: "A small number can still reveal something: a label says on which side of a border a Pokémon's exact values lie.",
    },
  ],
  answer: "b",
  hints: ["Which data does `labels` read besides the centres? Is any noise added to that part, and is it on the receipt?"],
});

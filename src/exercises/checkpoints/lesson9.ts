/**
 * Lesson 9's checkpoints (attack the models): who is exposed by non-private k-means, and what an empirical
 * lower bound on ε shows.
 *
 * | checkpoint | asks | belongs after |
 * |---|---|---|
 * | cp9_1 | which target the nearest-centre attack exposes best (predict, then run) | "### The attacks" |
 * | cp9_2 | what a lower bound under the declared ε proves | "## 5. From wins to a lower bound on ε" |
 */
import { multipleChoice } from "../choice";

/** Checkpoint 9.1 (predict): an outlier moves its centre the most, so it is the easiest to detect. */
export const cp9_1 = multipleChoice({
  lesson: 9,
  number: 1,
  title: "Who is exposed?",
  question:
    "Predict before you play. The attacker knows every Pokémon but the target and sees the centres of non-private k-means. " +
    "Against which target does the simple nearest-centre attack do best?",
  choices: [
    {
      text: "The typical Pokémon: its weight is close to a centre, so the centre sits right next to it.",
      why: "A centre sits near the typical weight whether or not the target is in: many others share that weight, so adding it hardly moves anything.",
    },
    {
      text: "The outlier: adding it pulls its cluster's centre far towards it, which the attacker can see.",
      why: "One record moves its cluster's mean by (t − mean)/(n + 1): small for a typical weight, large for an outlier, and the attacker knows every other record.",
    },
    {
      text: "Both equally: k-means averages many records, which hides any single one.",
      why: "Averaging dilutes a record; it does not hide it. An attacker who knows the rest of the data can undo the average.",
    },
    {
      text: "Neither: k-means releases only centres, never a record.",
      why: "A centre is computed from the records. Releasing only aggregates is not a privacy guarantee (lesson 1 showed it with the clusters' details).",
    },
  ],
  answer: "b",
  hints: ["How far does one record move the mean of its cluster? Compare a weight many others share with one nobody shares."],
});

/** Checkpoint 9.2 (concept): an empirical lower bound can catch a violation, never prove privacy. */
export const cp9_2 = multipleChoice({
  lesson: 9,
  number: 2,
  title: "What a lower bound proves",
  question:
    "A game against a DP model gives an empirical lower bound on ε that lies below the ε the model declares. What does that show?",
  choices: [
    {
      text: "The model is more private than declared: its real ε is the lower bound.",
      why: "The bound says ε is at least this much; the real ε can be anywhere above it, up to the declared one or beyond.",
    },
    {
      text: "Nothing contradicts the declared ε; it does not prove the model private.",
      why: "A lower bound can only catch a model breaking its promise (a bound above the declared ε). A weak attack or a lucky game finds nothing either way.",
    },
    {
      text: "The model is broken: a private model would give a lower bound of exactly zero.",
      why: "Any model that releases something useful changes with its data a little; ε-DP allows up to e^ε, so a positive bound under ε is expected.",
    },
    {
      text: "The attack was too weak, so the model has no guarantee at all.",
      why: "The guarantee comes from the mechanism's proof, not from the game; a weak attack only means the game could not test it sharply.",
    },
  ],
  answer: "b",
  hints: ["Which direction can a lower bound rule out: 'ε is smaller than declared', or 'ε is larger than declared'?"],
});

/**
 * Claim cards: how a lesson states a result.
 *
 * A sentence in Markdown cannot know what the run measured, so a lesson never states a measured result in
 * prose. It states it with a claim card, computed in code from the numbers of the run that shows it: what
 * is claimed, what this run measured, and whether the claim holds at these settings (✓) or not (✗, with
 * the reason). A learner who changes ε and reruns sees the card change, which is itself a lesson.
 *
 * A lesson names its *central* claims: those must hold at every setting inside the declared ranges of its
 * parameters cell (the tests run lessons at settings drawn from those ranges and read the cards). Other
 * claims are observations of this run; what holds only usually is worded as what does hold, with its
 * frequency (see {@link frequencyText}).
 *
 * This module is pure (data and HTML). `showClaim` in `display.ts` sends a card to the notebook.
 */
import { InvalidInputError } from "../errors";
import { escapeHtml } from "./escape";

/** What a lesson says about one result of its run. */
export interface ClaimInput {
  /** A stable, kebab-case name, unique within the lesson, e.g. `"majority-in-common"`. Tests key on it. */
  id: string;
  /** The claim, in words: what the lesson expects to be true. May name settings, not measured numbers. */
  claim: string;
  /** What this run measured, with its numbers, e.g. `"137 of 1,025 Pokémon (13.4%) changed cluster"`. */
  measured: string;
  /** Whether the claim holds at these settings, decided in code from the measured numbers. */
  holds: boolean;
  /**
   * Why it holds or does not at these settings, e.g. the grid sizes at the two ε. Required when the claim
   * does not hold: a ✗ without a reason teaches nothing.
   */
  reason?: string;
  /**
   * A central claim of the lesson: one that holds at every setting inside the declared parameter ranges.
   * Tests fail when a central claim does not hold. Default false (an observation of this run).
   */
  central?: boolean;
}

/** A validated claim, as shown on a card. */
export interface Claim {
  readonly id: string;
  readonly claim: string;
  readonly measured: string;
  readonly holds: boolean;
  readonly reason: string;
  readonly central: boolean;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Check a claim's fields and fill the defaults.
 *
 * @param input - see {@link ClaimInput}
 * @returns the claim
 * @throws InvalidInputError when the id is not kebab-case, a text is empty, `holds` is not a boolean, or a
 *   claim that does not hold has no reason
 */
export function makeClaim(input: ClaimInput): Claim {
  if (typeof input.id !== "string" || !ID.test(input.id)) {
    throw new InvalidInputError(
      "invalid-claim",
      `a claim id must be kebab-case (lower-case words joined by "-"), got ${JSON.stringify(input.id)}; e.g. "majority-in-common".`,
    );
  }
  for (const field of ["claim", "measured"] as const) {
    if (typeof input[field] !== "string" || input[field].trim() === "") {
      throw new InvalidInputError("invalid-claim", `claim "${input.id}" needs a non-empty \`${field}\` text.`);
    }
  }
  if (typeof input.holds !== "boolean") {
    throw new InvalidInputError("invalid-claim", `claim "${input.id}": \`holds\` must be true or false, computed from the run.`);
  }
  const reason = (input.reason ?? "").trim();
  if (!input.holds && reason === "") {
    throw new InvalidInputError(
      "invalid-claim",
      `claim "${input.id}" does not hold at these settings: give a \`reason\` that says why (e.g. what the run measured against what the claim needs).`,
    );
  }
  return {
    id: input.id,
    claim: input.claim.trim(),
    measured: input.measured.trim(),
    holds: input.holds,
    reason,
    central: input.central === true,
  };
}

/**
 * "in 7 of 10 seeds (70%)": a frequency, for what holds only usually.
 *
 * @param hits - how many times it happened
 * @param total - out of how many (> 0)
 * @param unit - what was counted, plural, e.g. "seeds"
 */
export function frequencyText(hits: number, total: number, unit: string): string {
  if (!Number.isInteger(hits) || !Number.isInteger(total) || total <= 0 || hits < 0 || hits > total) {
    throw new InvalidInputError("invalid-frequency", `a frequency needs whole numbers 0 ≤ hits ≤ total, total > 0; got ${hits} of ${total}.`);
  }
  return `in ${hits} of ${total} ${unit} (${Math.round((100 * hits) / total)}%)`;
}

/**
 * A claim card as HTML. The `data-claim-*` attributes carry the verdict for tests and the explore command.
 *
 * @param claim - a claim from {@link makeClaim}
 * @returns the HTML fragment (all text escaped)
 */
export function claimHtml(claim: Claim): string {
  const colour = claim.holds ? "#009E73" : "#B8860B";
  const background = claim.holds ? "#eef8f4" : "#fdf6e3";
  const verdict = claim.holds ? "✓ holds at these settings" : "✗ does not hold at these settings";
  const reason = claim.reason ? `<div><strong>Why:</strong> ${escapeHtml(claim.reason)}</div>` : "";
  const kind = claim.central ? "Central claim" : "Claim";
  return (
    `<div class="course-claim" role="note" data-claim-id="${escapeHtml(claim.id)}" ` +
    `data-claim-holds="${claim.holds}" data-claim-central="${claim.central}" ` +
    `style="border-left:5px solid ${colour};background:${background};color:#222;padding:8px 12px;margin:6px 0;` +
    `font-family:'Helvetica Neue',Arial,sans-serif;">` +
    `<div><strong>${kind}:</strong> ${escapeHtml(claim.claim)} ` +
    `<span style="color:${colour};font-weight:bold;white-space:nowrap;">${verdict}</span></div>` +
    `<div><strong>Measured:</strong> ${escapeHtml(claim.measured)}</div>${reason}</div>`
  );
}

/**
 * A claim card as one line of text (outside a notebook): `[✓ central majority-in-common] claim — measured (why)`.
 *
 * @param claim - a claim from {@link makeClaim}
 */
export function claimText(claim: Claim): string {
  const mark = claim.holds ? "✓" : "✗";
  const reason = claim.reason ? ` (why: ${claim.reason})` : "";
  return `[${mark}${claim.central ? " central" : ""} ${claim.id}] ${claim.claim} — measured: ${claim.measured}${reason}`;
}

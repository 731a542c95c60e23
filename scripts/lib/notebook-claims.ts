/**
 * Claim cards read back from an executed notebook's HTML outputs (the cards `showClaim` draws, see
 * `src/viz/claims.ts`): what the lesson tests and `npm run lessons:explore` judge a run by.
 */

/** One claim card of a lesson, read back from its HTML (`claimHtml` in `src/viz/claims.ts`). */
export interface ClaimCard {
  id: string;
  holds: boolean;
  central: boolean;
  /** The claim's text. */
  claim: string;
  /** What the run measured. */
  measured: string;
  /** Why it holds or not ("" when none was given). */
  reason: string;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The claim cards in some HTML outputs (e.g. `htmlOutputs(notebook)`), in order. */
export function claimCards(html: string[]): ClaimCard[] {
  const card =
    /<div class="course-claim" role="note" data-claim-id="([^"]+)" data-claim-holds="(true|false)" data-claim-central="(true|false)"[^>]*><div><strong>[^<]*<\/strong> (.*?) <span[^>]*>[^<]*<\/span><\/div><div><strong>Measured:<\/strong> (.*?)<\/div>(?:<div><strong>Why:<\/strong> (.*?)<\/div>)?<\/div>/gs;
  return html.flatMap((h) =>
    [...h.matchAll(card)].map((m) => ({
      id: m[1]!,
      holds: m[2] === "true",
      central: m[3] === "true",
      claim: unescapeHtml(m[4]!),
      measured: unescapeHtml(m[5]!),
      reason: unescapeHtml(m[6] ?? ""),
    })),
  );
}

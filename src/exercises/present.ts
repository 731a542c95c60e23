/**
 * Where feedback goes: a card in the notebook (through `src/viz/display`, the only module that touches
 * tslab), or plain text on stdout in a terminal, a script or a test.
 */
import { inNotebook, showHtml } from "../viz/display";

/**
 * Show feedback: `html` inside a notebook, `text` (printed with `console.log`) anywhere else.
 *
 * @param html - the card (escaped, self-contained)
 * @param text - the same content as plain text
 */
export function present(html: string, text: string): void {
  if (inNotebook()) showHtml(html);
  else console.log(text);
}

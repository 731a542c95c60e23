/**
 * What a lesson's text may say, checked on the committed notebook:
 * - markdown carries ideas, questions, predictions and public facts, never a measured number: every number in
 *   a markdown cell (outside code spans, code blocks and math) must be a public fact listed for the lesson in
 *   `public-numbers.ts` (with why it is public), a small count (0–10), a year, or numbering ("lesson 3",
 *   "checkpoint 2.1", "2-D");
 * - code cells are teaching code: no `assert`, lines of at most 100 characters.
 */
import { cellSource, type Notebook } from "../../scripts/lib/notebook";

/** Numbering and units that are not results: "lesson 3", "checkpoint 2.1", "exercise 5.4", "q2", "2-D", "cp2_1". */
const NUMBERING =
  /\b(?:lessons?|checkpoints?|exercises?|steps?|parts?|sections?|attacks?|outputs?|decisions?|fix(?:es)?|cells?|q|cp|stage|question|figure|chart|table)\s*\d+(?:[._]\d+)?(?:\s*(?:[–-]|and|to|or)\s*\d+(?:\.\d+)?)?|\b\d+-D\b|\bcp\d+_\d+\b/gi;

/** The text of a markdown cell with code, math, HTML tags, link targets and numbering removed. */
export function proseText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$\n]*\$/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\]\([^)]*\)/g, "] ")
    .replace(/^#+\s*\d+(?:\.\d+)*\.?\s/gm, " ")
    .replace(NUMBERING, " ");
}

/** The numbers a markdown text states, normalised ("1,025" → "1025", "4.4%" → "4.4%"). */
export function proseNumbers(markdown: string): string[] {
  const text = proseText(markdown);
  return [...text.matchAll(/(?<![\w.])\d[\d,]*(?:\.\d+)?\s?%?/g)].map((m) => m[0].replace(/,/g, "").replace(/\s/g, "").replace(/\.$/, ""));
}

/** True for numbers any lesson may say: small counts (0–10, "half", "two") and years of citations. */
function alwaysAllowed(token: string): boolean {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n <= 10 || (n >= 1900 && n <= 2099);
  }
  return false;
}

/** A number found in a lesson's markdown that is not a listed public fact. */
export interface UnlistedNumber {
  cell: number;
  number: string;
  context: string;
}

/**
 * The numbers in a notebook's markdown cells that are neither always allowed nor in `allowed`.
 *
 * @param notebook - the committed lesson
 * @param allowed - the lesson's public numbers, normalised as {@link proseNumbers} gives them
 */
export function unlistedProseNumbers(notebook: Notebook, allowed: ReadonlySet<string>): UnlistedNumber[] {
  return notebook.cells.flatMap((cell, index) => {
    if (cell.cell_type !== "markdown") return [];
    const source = cellSource(cell);
    return proseNumbers(source)
      .filter((n) => !alwaysAllowed(n) && !allowed.has(n))
      .map((n) => {
        const at = source.indexOf(n.replace(/%$/, ""));
        return { cell: index, number: n, context: source.slice(Math.max(0, at - 50), at + 50).replace(/\s+/g, " ") };
      });
  });
}

/** A line of lesson code that is test scaffolding or too wide for the notebook. */
export interface CodeProblem {
  cell: number;
  line: number;
  problem: "assert" | "too-long";
  text: string;
}

/** Lines of code cells that use `assert` or run past 100 characters. */
export function teachingCodeProblems(notebook: Notebook, maxWidth = 100): CodeProblem[] {
  return notebook.cells.flatMap((cell, index) => {
    if (cell.cell_type !== "code") return [];
    return cellSource(cell)
      .split("\n")
      .flatMap((text, line): CodeProblem[] => {
        const problems: CodeProblem[] = [];
        if (/\bassert\b/.test(text.replace(/\/\/.*$/, ""))) problems.push({ cell: index, line: line + 1, problem: "assert", text });
        if ([...text].length > maxWidth) problems.push({ cell: index, line: line + 1, problem: "too-long", text });
        return problems;
      });
  });
}

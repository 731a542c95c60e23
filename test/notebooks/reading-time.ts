/**
 * Honest reading times. Every lesson and exercise notebook states "About N minutes" in its first markdown
 * cell, and N is at least the time the notebook takes to read and run: its words (markdown and code) at
 * 180 words a minute, plus half a minute per code cell (reading a cell's output, waiting for it, a chart).
 */
import { cellSource, type Notebook } from "../../scripts/lib/notebook";

/** Words read per minute (a careful read of technical text). */
export const WORDS_PER_MINUTE = 180;
/** Minutes per code cell: run it, read what it printed or drew. */
export const MINUTES_PER_CODE_CELL = 0.5;

/** The words of a text: runs of non-space characters. */
export function wordCount(text: string): number {
  return (text.match(/\S+/g) ?? []).length;
}

/** What a notebook takes to work through, and what it says it takes. */
export interface ReadingTime {
  /** Words of every markdown and code cell. */
  words: number;
  /** Code cells. */
  codeCells: number;
  /** words / {@link WORDS_PER_MINUTE} + {@link MINUTES_PER_CODE_CELL} × code cells. */
  minimumMinutes: number;
  /** N of the first "About N minutes" in the first markdown cell, or undefined when it states none. */
  statedMinutes: number | undefined;
}

/** Measure a notebook's reading time and read the one it states. */
export function readingTime(notebook: Notebook): ReadingTime {
  const cells = notebook.cells.filter((c) => c.cell_type === "markdown" || c.cell_type === "code");
  const words = cells.reduce((sum, c) => sum + wordCount(cellSource(c)), 0);
  const codeCells = cells.filter((c) => c.cell_type === "code").length;
  const first = notebook.cells.find((c) => c.cell_type === "markdown");
  const stated = first ? /\bAbout (\d+) minutes\b/.exec(cellSource(first)) : null;
  return {
    words,
    codeCells,
    minimumMinutes: words / WORDS_PER_MINUTE + MINUTES_PER_CODE_CELL * codeCells,
    statedMinutes: stated ? Number(stated[1]) : undefined,
  };
}

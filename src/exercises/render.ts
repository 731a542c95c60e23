/**
 * How feedback looks: a card in a notebook (self-contained HTML, every learner-visible string escaped),
 * and plain text in a terminal. Pure functions; `present.ts` decides which one to send where.
 *
 * Each card says its kind in words and with a symbol as well as a colour (✓ Correct, ✗ Incorrect,
 * ○ Not attempted yet, Hint, Solution), so it reads without colour too. Colours are from the Okabe–Ito
 * palette the charts use. Messages may mark code with `backticks`; the card shows it as `<code>`.
 */
import { escapeHtml } from "../viz/escape";
import { tableHtml } from "../viz/html";
import type { Outcome, Status } from "./outcome";

/** The look of each kind of card: symbol, label, border and background colours. */
const looks: Record<Status | "hint" | "solution", Look> = {
  correct: { symbol: "✓", label: "Correct", border: "#009E73", background: "#e9f6f1", ink: "#00583f" },
  incorrect: { symbol: "✗", label: "Incorrect", border: "#D55E00", background: "#fdf1e8", ink: "#8a3b00" },
  "not-attempted": { symbol: "○", label: "Not attempted yet", border: "#8a96a3", background: "#f3f5f7", ink: "#3d4752" },
  hint: { symbol: "ℹ", label: "Hint", border: "#E69F00", background: "#fdf7e6", ink: "#6b4a00" },
  solution: { symbol: "✎", label: "Solution", border: "#0072B2", background: "#eef5fb", ink: "#004a75" },
};

/** A card's look; the label is free text (a hint says "Hint 2 of 3"). */
interface Look {
  symbol: string;
  label: string;
  border: string;
  background: string;
  ink: string;
}

/** Escaped text with `code` spans as `<code>` and line breaks kept. */
export function messageHtml(message: string): string {
  return escapeHtml(message)
    .replace(/`([^`\n]+)`/g, '<code style="background:rgba(0,0,0,0.06);padding:0 3px;border-radius:3px;">$1</code>')
    .replace(/\n/g, "<br>");
}

/** The variable a learner calls a problem by: exercise "1.2" is `q2`, checkpoint "1.cp2" is `cp1_2`. */
export function handleOf(exercise: string): string {
  const [lesson, last = ""] = exercise.split(".");
  return last.startsWith("cp") ? `cp${lesson}_${last.slice(2)}` : `q${last}`;
}

/** How a card names a problem: "Exercise 1.2" or, for checkpoint "1.cp2", "Checkpoint 1.2". */
export function problemLabel(exercise: string): string {
  const m = /^(\d+)\.cp(\d+)$/.exec(exercise);
  return m ? `Checkpoint ${m[1]}.${m[2]}` : `Exercise ${exercise}`;
}

function card(
  look: Look,
  heading: string,
  body: string,
  attributes: Record<string, string>,
  footer?: string,
): string {
  const data = Object.entries(attributes)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
  return (
    `<div class="exercise-card"${data} role="status" style="border-left:6px solid ${look.border};` +
    `background:${look.background};padding:8px 12px;margin:6px 0;border-radius:4px;color:#222;` +
    `font-family:'Helvetica Neue',Helvetica,Arial,sans-serif;font-size:14px;line-height:1.45;max-width:820px;">` +
    `<div style="font-weight:bold;color:${look.ink};">${look.symbol} ${escapeHtml(look.label)}` +
    `<span style="font-weight:normal;color:#555;"> · ${heading}</span></div>` +
    `<div style="margin-top:4px;">${body}</div>` +
    (footer ? `<div style="margin-top:6px;font-size:12px;color:#555;">${footer}</div>` : "") +
    `</div>`
  );
}

function exerciseHeading(exercise: string, title: string): string {
  return `${escapeHtml(problemLabel(exercise))}: ${escapeHtml(title)}`;
}

/** What to try next after an outcome, as a message (backticks for code). */
export function nextStep(outcome: Pick<Outcome, "exercise" | "status">): string | undefined {
  const q = handleOf(outcome.exercise);
  if (outcome.status === "incorrect") return `Stuck? \`${q}.hint()\` gives a pointer; \`${q}.solution()\` shows a solution.`;
  if (outcome.status === "not-attempted") return `Need a start? \`${q}.hint()\``;
  return undefined;
}

/**
 * The card of a check's outcome. It carries `data-exercise`, `data-status` and `data-code` attributes, so
 * tests (and a grader reading an executed notebook) can find outcomes without parsing prose.
 */
export function outcomeHtml(outcome: Outcome): string {
  const next = nextStep(outcome);
  return card(
    looks[outcome.status],
    exerciseHeading(outcome.exercise, outcome.title),
    messageHtml(outcome.message),
    { kind: "outcome", exercise: outcome.exercise, status: outcome.status, code: outcome.code },
    next ? messageHtml(next) : undefined,
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

/** The plain-text form of an outcome: a heading line and the message indented below. */
export function outcomeText(outcome: Outcome): string {
  const look = looks[outcome.status];
  const next = nextStep(outcome);
  return (
    `${look.symbol} ${look.label} · ${problemLabel(outcome.exercise)}: ${outcome.title}\n${indent(outcome.message)}` +
    (next ? `\n${indent(next)}` : "")
  );
}

/** A hint as shown: which exercise, which level of how many, the text, and what comes next. */
export interface HintView {
  exercise: string;
  title: string;
  /** 1-based. */
  level: number;
  /** How many hints the exercise has. */
  levels: number;
  text: string;
}

function hintFooter(hint: HintView): string {
  const q = handleOf(hint.exercise);
  return hint.level < hint.levels
    ? `More: \`${q}.hint(${hint.level + 1})\``
    : `That was the last hint. \`${q}.solution()\` shows a solution.`;
}

/** The card of a hint. */
export function hintHtml(hint: HintView): string {
  return card(
    { ...looks.hint, label: `Hint ${hint.level} of ${hint.levels}` },
    exerciseHeading(hint.exercise, hint.title),
    messageHtml(hint.text),
    { kind: "hint", exercise: hint.exercise, level: String(hint.level) },
    messageHtml(hintFooter(hint)),
  );
}

/** The plain-text form of a hint. */
export function hintText(hint: HintView): string {
  return `${looks.hint.symbol} Hint ${hint.level} of ${hint.levels} · ${problemLabel(hint.exercise)}: ${hint.title}\n` +
    `${indent(hint.text)}\n${indent(hintFooter(hint))}`;
}

/** A solution as shown: code, and optionally why it works. */
export interface SolutionView {
  exercise: string;
  title: string;
  code: string;
  explanation?: string;
}

/** The card of a solution: the code in a `<pre>` block (escaped), then the explanation. */
export function solutionHtml(solution: SolutionView): string {
  const code =
    `<pre style="background:#fff;border:1px solid #d6e2ee;padding:6px 8px;margin:4px 0;overflow-x:auto;` +
    `font-size:13px;"><code>${escapeHtml(solution.code)}</code></pre>`;
  return card(
    looks.solution,
    exerciseHeading(solution.exercise, solution.title),
    code + (solution.explanation ? `<div>${messageHtml(solution.explanation)}</div>` : ""),
    { kind: "solution", exercise: solution.exercise },
  );
}

/** The plain-text form of a solution. */
export function solutionText(solution: SolutionView): string {
  return `${looks.solution.symbol} Solution · ${problemLabel(solution.exercise)}: ${solution.title}\n` +
    `${indent(solution.code)}` + (solution.explanation ? `\n\n${indent(solution.explanation)}` : "");
}

/** One row of the progress summary. */
export interface ProgressRow {
  /** Lesson number. */
  lesson: number;
  /** Exercise id, e.g. "1.2". */
  exercise: string;
  /** Exercise title. */
  title: string;
  /** The latest check's status, or `not-checked` when the exercise was never checked. */
  status: Status | "not-checked";
  /** How many times it was checked with a real (non-blank) answer. */
  attempts: number;
  /** The highest hint level looked at (0: none). */
  hints: number;
  /** Whether the solution was looked at. */
  solutionSeen: boolean;
}

const statusWords: Record<ProgressRow["status"], string> = {
  correct: "✓ correct",
  incorrect: "✗ incorrect",
  "not-attempted": "○ not attempted",
  "not-checked": "· not checked",
};

/** "Lesson 1: 2 of 5 exercises correct" for each lesson in the rows, in lesson order. */
export function progressSummaryLines(rows: readonly ProgressRow[]): string[] {
  const lessons = [...new Set(rows.map((r) => r.lesson))].sort((a, b) => a - b);
  return lessons.map((lesson) => {
    const mine = rows.filter((r) => r.lesson === lesson);
    const done = mine.filter((r) => r.status === "correct").length;
    return `Lesson ${lesson}: ${done} of ${mine.length} exercises correct`;
  });
}

function progressTableRows(rows: readonly ProgressRow[]): Record<string, string | number>[] {
  return rows.map((r) => ({
    exercise: r.exercise,
    title: r.title,
    status: statusWords[r.status],
    checks: r.attempts,
    hints: r.hints,
    solution: r.solutionSeen ? "seen" : "",
  }));
}

/** The progress summary as HTML: one line per lesson, then a table of every exercise. */
export function progressHtml(rows: readonly ProgressRow[]): string {
  if (rows.length === 0) {
    return `<div class="exercise-progress" data-kind="progress">No exercises loaded yet: import a lesson's checks, e.g. <code>./src/exercises/lesson1</code>.</div>`;
  }
  const summary = progressSummaryLines(rows).map((line) => `<div style="font-weight:bold;">${escapeHtml(line)}</div>`).join("");
  return (
    `<div class="exercise-progress" data-kind="progress" data-correct="${rows.filter((r) => r.status === "correct").length}" ` +
    `data-total="${rows.length}" style="font-family:'Helvetica Neue',Helvetica,Arial,sans-serif;">` +
    summary +
    tableHtml(progressTableRows(rows)) +
    `</div>`
  );
}

/** The progress summary as plain text: one line per lesson, then an aligned table. */
export function progressText(rows: readonly ProgressRow[]): string {
  if (rows.length === 0) return "No exercises loaded yet: import a lesson's checks, e.g. ./src/exercises/lesson1.";
  const table = progressTableRows(rows);
  const columns = Object.keys(table[0]!);
  const cells = [columns, ...table.map((r) => columns.map((c) => String(r[c])))];
  const widths = columns.map((_, j) => Math.max(...cells.map((row) => [...row[j]!].length)));
  const lines = cells.map((row) => row.map((cell, j) => cell + " ".repeat(widths[j]! - [...cell].length)).join("  ").trimEnd());
  return [...progressSummaryLines(rows), "", ...lines].join("\n");
}

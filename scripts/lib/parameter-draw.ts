/**
 * Settings nobody picked: draw parameter values at random from the ranges a lesson's `parameters` cell
 * declares (`// range: LO..HI [log]`, see `notebook-parameters.ts`), so tests run each lesson at settings its
 * author did not choose. The draw is seeded; the seed changes with every commit (the git HEAD) and is printed,
 * so a failing run replays with `COURSE_DRAW_SEED=<seed>`.
 */
import { execFileSync } from "node:child_process";
import seedrandom from "seedrandom";
import type { ParamValue, ParameterDeclaration } from "./notebook-parameters";
import { projectRoot } from "./project";

/** Rounds a drawn real number to 3 significant digits, so settings read like ones a person would type. */
function tidy(value: number): number {
  return Number(value.toPrecision(3));
}

/**
 * One value for a parameter drawn from its declaration, or undefined when it declares nothing to draw from
 * (no range, not a union of literals, not a boolean).
 */
export function drawValue(declaration: ParameterDeclaration, random: () => number): ParamValue | undefined {
  const accepts = declaration.accepts ?? [];
  const range = declaration.range;
  if (range && accepts.some((a) => a.kind === "number")) {
    if (declaration.integer) {
      const low = Math.ceil(range.low);
      const high = Math.floor(range.high);
      return low + Math.floor(random() * (high - low + 1));
    }
    const value = range.log
      ? Math.exp(Math.log(range.low) + random() * (Math.log(range.high) - Math.log(range.low)))
      : range.low + random() * (range.high - range.low);
    return Math.min(Math.max(tidy(value), range.low), range.high);
  }
  const literals = accepts.flatMap((a) => (a.kind === "literal" ? [a.value] : []));
  if (literals.length > 1 && literals.length === accepts.length) return literals[Math.floor(random() * literals.length)]!;
  if (accepts.length === 1 && accepts[0]!.kind === "boolean") return random() < 0.5;
  return undefined;
}

/**
 * `count` settings drawn from the declarations, each a full set of overrides for every drawable parameter.
 *
 * @param declarations - from `parameterDeclarations(parametersCellSource)`
 * @param count - how many settings
 * @param seed - any text; the same seed gives the same settings
 */
export function drawSettings(
  declarations: Map<string, ParameterDeclaration>,
  count: number,
  seed: string,
): Record<string, ParamValue>[] {
  const random = seedrandom(`draw-settings:${seed}`);
  return Array.from({ length: count }, () => {
    const setting: Record<string, ParamValue> = {};
    for (const [name, declaration] of declarations) {
      const value = drawValue(declaration, random);
      if (value !== undefined) setting[name] = value;
    }
    return setting;
  });
}

/**
 * The seed for drawn settings: `COURSE_DRAW_SEED` when set (to replay a run), else the current git commit
 * (so every commit tries new settings), else "no-git".
 */
export function drawSeed(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COURSE_DRAW_SEED) return env.COURSE_DRAW_SEED;
  try {
    return execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: projectRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "no-git";
  }
}

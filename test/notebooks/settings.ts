/**
 * The settings a lesson test runs its lesson at: the defaults, then settings drawn from the ranges its
 * `parameters` cell declares (see `scripts/lib/parameter-draw.ts`). The draw's seed is printed so a failure
 * replays: `COURSE_DRAW_SEED=<seed> npm run test:only -- test/notebooks/<lesson>.test.ts`.
 */
import { join } from "node:path";
import { cellSource, findCellByTag, readNotebook } from "../../scripts/lib/notebook";
import { drawSeed, drawSettings } from "../../scripts/lib/parameter-draw";
import { parameterDeclarations, PARAMETERS_TAG, type ParamValue } from "../../scripts/lib/notebook-parameters";
import { projectRoot } from "../../scripts/lib/project";

/** How many drawn settings each lesson test adds to its defaults (`COURSE_DRAWN_SETTINGS` to change). */
export const DRAWN_SETTINGS = Number(process.env.COURSE_DRAWN_SETTINGS ?? 2);

/**
 * The defaults (`{}`) followed by `count` settings drawn from the lesson's declared ranges.
 *
 * @param lesson - the notebook's name without `.ipynb`, e.g. `"02-comparing-models"`
 * @param count - how many drawn settings (default {@link DRAWN_SETTINGS})
 */
export function lessonSettings(lesson: string, count = DRAWN_SETTINGS): Record<string, ParamValue>[] {
  const notebook = readNotebook(join(projectRoot, "notebooks", `${lesson}.ipynb`));
  const cell = findCellByTag(notebook, PARAMETERS_TAG);
  if (!cell) return [{}];
  const seed = drawSeed();
  const drawn = drawSettings(parameterDeclarations(cellSource(cell.cell)), count, `${seed}:${lesson}`);
  // scripts/run-tests.ts prints the seed once at the top of the run; a test file run on its own says it here.
  const seedNote = process.env.COURSE_DRAW_SEED_PRINTED ? "" : ` (COURSE_DRAW_SEED=${seed})`;
  console.error(`${lesson}: drawn settings${seedNote}: ${drawn.map((s) => JSON.stringify(s)).join(" ")}`);
  return [{}, ...drawn];
}

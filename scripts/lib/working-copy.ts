/**
 * The learner's working copy: the notebooks `npm start` serves, so that running and saving a lesson never
 * changes the committed `notebooks/`.
 *
 * The working copy (`my-notebooks/` at the project root, git-ignored) holds the lessons and the exercise
 * notebooks, never the solution sources in `notebooks/exercises/source/`. `syncWorkingCopy` adds what is
 * missing and never overwrites a learner's file; `resetNotebooks` restores chosen notebooks from
 * `notebooks/` on request, keeping the learner's previous version aside.
 *
 * The notebooks still run from here: the kernel launcher changes directory to the project root, whatever
 * folder a notebook lives in, so `./src/...` imports and `data/...` paths resolve as in `notebooks/`.
 */
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InvalidInputError } from "../../src/errors";
import { projectRoot } from "./project";

/** The committed lessons, the source of every working copy. */
export const lessonsDir: string = join(projectRoot, "notebooks");

/** The working copy's default place, `my-notebooks/` at the project root (listed in `.gitignore`). */
export const defaultWorkDir: string = join(projectRoot, "my-notebooks");

/** The environment variable that moves the working copy elsewhere (tests point it at a temporary folder). */
export const workDirVariable = "COURSE_WORK_DIR";

/** Where the previous version of a reset notebook is kept, inside the working copy (hidden in Jupyter). */
export const backupDirName = ".reset-backup";

/** The folders of `notebooks/` whose notebooks learners get; `exercises/source/` is deliberately absent. */
const learnerFolders = ["", "exercises"] as const;

/** Where the two copies live. Both default to the project's folders. */
export interface WorkingCopyPaths {
  /** The committed notebooks to copy from. Default {@link lessonsDir}. */
  from?: string;
  /** The working copy to copy into. Default {@link workingCopyDir}(). */
  to?: string;
}

/**
 * The working copy's folder: `COURSE_WORK_DIR` when set (relative to the project root), else
 * {@link defaultWorkDir}.
 *
 * @throws InvalidInputError when it would be `notebooks/` itself or a folder inside it: the committed
 *   lessons would then be the copy a learner runs and saves.
 */
export function workingCopyDir(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env[workDirVariable];
  const dir = chosen ? resolve(projectRoot, chosen) : defaultWorkDir;
  const inside = relative(lessonsDir, dir);
  if (inside === "" || (!inside.startsWith("..") && !isAbsolute(inside))) {
    throw new InvalidInputError(
      "work-dir-inside-notebooks",
      `${workDirVariable}=${chosen} points into notebooks/, the committed lessons: choose a folder outside it ` +
        `(or unset it to use my-notebooks/).`,
    );
  }
  return dir;
}

/**
 * The notebooks a learner gets, as paths relative to `notebooks/` with `/` separators, sorted: the lessons
 * (`03-building-dp-models.ipynb`) and the exercises (`exercises/03-building-dp-models.ipynb`).
 */
export function learnerNotebooks(from: string = lessonsDir): string[] {
  return learnerFolders
    .flatMap((folder) => {
      const dir = join(from, folder);
      if (!existsSync(dir)) return [];
      return readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(".ipynb"))
        .map((entry) => (folder ? `${folder}/${entry.name}` : entry.name));
    })
    .sort();
}

/** What {@link syncWorkingCopy} did. */
export interface SyncResult {
  /** The working copy's folder. */
  dir: string;
  /** Notebooks copied in now (missing before: first start, a lesson added since, or one the learner deleted). */
  added: string[];
  /** Notebooks already there, left exactly as the learner has them. */
  kept: string[];
}

/**
 * Make sure the working copy holds every learner notebook: copy in those missing, leave every existing file
 * untouched (even when `notebooks/` has a newer version: `npm run reset` is the explicit way to take it).
 */
export function syncWorkingCopy(paths: WorkingCopyPaths = {}): SyncResult {
  const from = paths.from ?? lessonsDir;
  const to = paths.to ?? workingCopyDir();
  const added: string[] = [];
  const kept: string[] = [];
  for (const name of learnerNotebooks(from)) {
    const target = join(to, ...name.split("/"));
    if (existsSync(target)) {
      kept.push(name);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    // COPYFILE_EXCL: should a file appear between the check and the copy, it is the learner's and wins.
    try {
      copyFileSync(join(from, ...name.split("/")), target, constants.COPYFILE_EXCL);
      added.push(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      kept.push(name);
    }
  }
  return { dir: to, added, kept };
}

/** A short name for a notebook, as a learner types it: `03`, `exercises/03`. */
export function shortName(notebook: string): string {
  return notebook.replace(/^((?:exercises\/)?\d+)-.*$/, "$1");
}

/**
 * Turn what a learner typed into the notebooks it names. Accepted, for lesson 3: `03`, `3`,
 * `03-building-dp-models`, `03-building-dp-models.ipynb`, with an optional `notebooks/` or working-copy
 * folder in front; for its exercises the same after `exercises/` (`exercises/03`). A lesson number names
 * the lesson only, so resetting a lesson never touches the learner's exercise answers.
 *
 * @param names - the names typed, at least one
 * @param available - the learner notebooks ({@link learnerNotebooks})
 * @returns the notebooks named, without duplicates, in the order of `available`
 * @throws InvalidInputError naming every unknown or ambiguous name and listing the valid ones
 */
export function resolveNotebookNames(names: readonly string[], available: readonly string[], workDirName = "my-notebooks"): string[] {
  const chosen = new Set<string>();
  const problems: string[] = [];
  for (const raw of names) {
    let name = raw.trim().replaceAll("\\", "/").replace(/^\.\//, "");
    for (const prefix of ["notebooks/", `${workDirName}/`]) {
      if (name.startsWith(prefix)) name = name.slice(prefix.length);
    }
    // A one-digit lesson number is the two-digit one: `3` is `03`.
    name = name.replace(/\.ipynb$/, "").replace(/(^|\/)(\d)(?=$|-)/, (_, before: string, digit: string) => `${before}0${digit}`);
    const matches = available.filter((notebook) => {
      const stem = notebook.replace(/\.ipynb$/, "");
      return stem === name || (name !== "" && stem.startsWith(`${name}-`));
    });
    if (matches.length === 1) chosen.add(matches[0]!);
    else if (matches.length === 0) problems.push(`"${raw}" is not a lesson or exercise notebook`);
    else problems.push(`"${raw}" matches ${matches.length} notebooks (${matches.join(", ")}): type more of the name`);
  }
  if (problems.length > 0) {
    const lessons = available.filter((n) => !n.includes("/")).map(shortName);
    const exercises = available.filter((n) => n.includes("/")).map(shortName);
    throw new InvalidInputError(
      "unknown-notebook",
      `${problems.join("; ")}. Lessons: ${lessons.join(", ")}; exercises: ${exercises.join(", ")} ` +
        `(or a full file name such as ${available[0] ?? "00-welcome.ipynb"}, or --all).`,
    );
  }
  return available.filter((notebook) => chosen.has(notebook));
}

/** What {@link resetNotebooks} did to one notebook. */
export interface ResetResult {
  /** The notebook, relative to the working copy (`exercises/03-building-dp-models.ipynb`). */
  notebook: string;
  /** Where the learner's previous version went, when it differed from the committed one. */
  backup?: string;
}

/**
 * Restore notebooks of the working copy from `notebooks/`. A learner's version that differs from the
 * committed one is first copied to `.reset-backup/` in the working copy (replacing an older backup of the
 * same notebook), so a reset typed by mistake loses nothing.
 *
 * @param notebooks - notebooks relative to `notebooks/`, e.g. from {@link resolveNotebookNames}
 */
export function resetNotebooks(notebooks: readonly string[], paths: WorkingCopyPaths = {}): ResetResult[] {
  const from = paths.from ?? lessonsDir;
  const to = paths.to ?? workingCopyDir();
  return notebooks.map((notebook) => {
    const parts = notebook.split("/");
    const source = join(from, ...parts);
    const target = join(to, ...parts);
    let backup: string | undefined;
    if (existsSync(target) && !readFileSync(target).equals(readFileSync(source))) {
      backup = join(to, backupDirName, ...parts);
      mkdirSync(dirname(backup), { recursive: true });
      copyFileSync(target, backup);
    }
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    return { notebook, ...(backup ? { backup } : {}) };
  });
}

/** A path for messages: relative to the project root when inside it, with `/` separators. */
export function displayPath(path: string): string {
  const rel = relative(projectRoot, path);
  return (rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path).split(sep).join("/");
}

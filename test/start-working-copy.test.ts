/**
 * The learner's working copy: what the first start copies (lessons and exercises, never solutions), that a
 * learner's file is never overwritten, that lessons added later appear, and `npm run reset` for one
 * notebook, for all, and for a name that is not a lesson.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { InvalidInputError } from "../src/errors";
import { projectRoot } from "../scripts/lib/project";
import {
  backupDirName,
  defaultWorkDir,
  learnerNotebooks,
  lessonsDir,
  resetNotebooks,
  resolveNotebookNames,
  syncWorkingCopy,
  workingCopyDir,
} from "../scripts/lib/working-copy";

const scratch = mkdtempSync(join(tmpdir(), "course-working-copy-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
/** A fresh, not yet existing working-copy folder. */
const freshDir = (): string => join(scratch, `work-${++counter}`);

const LEARNER_EDIT = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "learner": "my answers"}\n';

test("the learner notebooks are the lessons and exercises/, never exercises/source/", () => {
  const solutions = readdirSync(join(lessonsDir, "exercises", "source")).filter((f) => f.endsWith(".ipynb"));
  assert.ok(solutions.length > 0, "the solution sources exist, so leaving them out is a real choice");
  const notebooks = learnerNotebooks();
  assert.ok(notebooks.includes("00-welcome.ipynb"));
  assert.ok(notebooks.includes("exercises/03-building-dp-models.ipynb"));
  assert.ok(notebooks.every((n) => !n.includes("source")), `no solution source: ${notebooks.join(", ")}`);
  assert.equal(notebooks.filter((n) => !n.includes("/")).length, readdirSync(lessonsDir).filter((f) => f.endsWith(".ipynb")).length);
});

test("the first start copies every learner notebook byte for byte, and no solution", () => {
  const to = freshDir();
  const result = syncWorkingCopy({ to });
  assert.deepEqual(result.added, learnerNotebooks());
  assert.deepEqual(result.kept, []);
  for (const name of result.added) {
    assert.ok(readFileSync(join(to, name)).equals(readFileSync(join(lessonsDir, name))), `${name} is the committed file`);
  }
  assert.equal(existsSync(join(to, "exercises", "source")), false, "solutions are never given to learners");
});

test("a later start keeps the learner's files and adds lessons that appeared since", () => {
  const from = join(scratch, "course-v1");
  mkdirSync(join(from, "exercises", "source"), { recursive: true });
  writeFileSync(join(from, "00-a.ipynb"), "original a\n");
  writeFileSync(join(from, "exercises", "00-a.ipynb"), "exercise a\n");
  writeFileSync(join(from, "exercises", "source", "00-a.ipynb"), "solution a\n");
  const to = freshDir();
  assert.deepEqual(syncWorkingCopy({ from, to }).added, ["00-a.ipynb", "exercises/00-a.ipynb"]);

  writeFileSync(join(to, "00-a.ipynb"), LEARNER_EDIT); // the learner ran and saved it
  writeFileSync(join(to, "mine.ipynb"), "my own notebook\n");
  writeFileSync(join(from, "00-a.ipynb"), "a newer version of a\n"); // the course changed it
  writeFileSync(join(from, "01-b.ipynb"), "new lesson b\n"); // and added a lesson

  const second = syncWorkingCopy({ from, to });
  assert.deepEqual(second.added, ["01-b.ipynb"]);
  assert.deepEqual(second.kept, ["00-a.ipynb", "exercises/00-a.ipynb"]);
  assert.equal(readFileSync(join(to, "00-a.ipynb"), "utf8"), LEARNER_EDIT, "the learner's copy is untouched");
  assert.equal(readFileSync(join(to, "01-b.ipynb"), "utf8"), "new lesson b\n");
  assert.equal(readFileSync(join(to, "mine.ipynb"), "utf8"), "my own notebook\n");
  assert.equal(existsSync(join(to, "exercises", "source")), false);
});

test("names a learner types resolve to one notebook each; a lesson number is never its exercises", () => {
  const available = learnerNotebooks();
  const lesson3 = "03-building-dp-models.ipynb";
  for (const typed of ["03", "3", "03-building-dp-models", lesson3, `notebooks/${lesson3}`, `my-notebooks/${lesson3}`]) {
    assert.deepEqual(resolveNotebookNames([typed], available), [lesson3], typed);
  }
  assert.deepEqual(resolveNotebookNames(["exercises/3"], available), [`exercises/${lesson3}`]);
  assert.deepEqual(resolveNotebookNames(["exercises/03", "03", "03"], available), [lesson3, `exercises/${lesson3}`]);
});

test("an unknown or ambiguous name is refused with the valid names", () => {
  const available = learnerNotebooks();
  for (const typed of ["19", "welcome", "exercises/00", "exercises/source/03", ""]) {
    assert.throws(
      () => resolveNotebookNames(["01", typed], available),
      (err: unknown) =>
        err instanceof InvalidInputError &&
        err.code === "unknown-notebook" &&
        err.message.includes(`"${typed}" is not a lesson or exercise notebook`) &&
        err.message.includes("Lessons: 00, 01") &&
        err.message.includes("exercises: exercises/01, "),
      typed,
    );
  }
  assert.throws(() => resolveNotebookNames(["03"], ["03-a.ipynb", "03-b.ipynb"]), /matches 2 notebooks \(03-a.ipynb, 03-b.ipynb\)/);
});

test("reset restores one notebook, keeps the learner's version aside, and touches nothing else", () => {
  const to = freshDir();
  syncWorkingCopy({ to });
  const lesson = "03-building-dp-models.ipynb";
  writeFileSync(join(to, lesson), LEARNER_EDIT);
  writeFileSync(join(to, "exercises", lesson), LEARNER_EDIT);

  const [result] = resetNotebooks([lesson], { to });
  assert.ok(readFileSync(join(to, lesson)).equals(readFileSync(join(lessonsDir, lesson))), "restored as committed");
  assert.equal(result?.backup, join(to, backupDirName, lesson));
  assert.equal(readFileSync(result.backup, "utf8"), LEARNER_EDIT, "the learner's version is kept aside");
  assert.equal(readFileSync(join(to, "exercises", lesson), "utf8"), LEARNER_EDIT, "the exercises are untouched");

  // Resetting an unchanged notebook must not replace that backup with a pristine copy.
  assert.equal(resetNotebooks([lesson], { to })[0]?.backup, undefined);
  assert.equal(readFileSync(join(to, backupDirName, lesson), "utf8"), LEARNER_EDIT);
});

test("the working copy cannot be notebooks/ itself, and COURSE_WORK_DIR moves it", () => {
  assert.equal(workingCopyDir({}), defaultWorkDir);
  assert.equal(workingCopyDir({ COURSE_WORK_DIR: "elsewhere" }), join(projectRoot, "elsewhere"));
  assert.equal(workingCopyDir({ COURSE_WORK_DIR: "notebooks-mine" }), join(projectRoot, "notebooks-mine"));
  for (const bad of ["notebooks", "notebooks/", "notebooks/mine", join(projectRoot, "notebooks", "exercises")]) {
    assert.throws(() => workingCopyDir({ COURSE_WORK_DIR: bad }), /points into notebooks\//, bad);
  }
});

/** `npm run reset -- ...` on a working copy in a temporary folder. */
function reset(to: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/reset.ts", ...args], {
    cwd: projectRoot,
    env: { ...process.env, COURSE_WORK_DIR: to },
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("npm run reset: one lesson, all, and a clear refusal of unknown names", { timeout: 60_000 }, () => {
  const to = freshDir();
  syncWorkingCopy({ to });
  const all = learnerNotebooks();
  for (const name of all) writeFileSync(join(to, name), LEARNER_EDIT);
  writeFileSync(join(to, "mine.ipynb"), LEARNER_EDIT);
  const isCommitted = (name: string) => readFileSync(join(to, name)).equals(readFileSync(join(lessonsDir, name)));

  const unknown = reset(to, "19");
  assert.equal(unknown.code, 1, unknown.stderr);
  assert.match(unknown.stderr, /reset: "19" is not a lesson or exercise notebook\. Lessons: 00, 01, .*09; exercises: exercises\/01, /);
  assert.doesNotMatch(unknown.stderr, /at .*\.ts:\d+/, "a message, not a stack trace");
  assert.ok(all.every((name) => !isCommitted(name)), "a refused reset changes nothing");

  const usage = reset(to);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage: npm run reset -- NAME\.\.\. \| --all/);

  const one = reset(to, "02");
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /02-comparing-models\.ipynb restored from notebooks\/ \(your previous version: .*\.reset-backup\/02-comparing-models\.ipynb\)/);
  assert.deepEqual(all.filter(isCommitted), ["02-comparing-models.ipynb"]);

  const everything = reset(to, "--all");
  assert.equal(everything.code, 0, everything.stderr);
  assert.deepEqual(all.filter(isCommitted), all);
  assert.equal(readFileSync(join(to, "mine.ipynb"), "utf8"), LEARNER_EDIT, "a notebook of the learner's own is kept");
  assert.equal(existsSync(join(to, "exercises", "source")), false);
});

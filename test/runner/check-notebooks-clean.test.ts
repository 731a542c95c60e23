import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { checkNotebooksClean, GitError, listGitNotebooks } from "../../scripts/check-notebooks-clean";
import { clearOutputs } from "../../scripts/clear-outputs";
import { codeCell, createNotebook, isClean, markdownCell, readNotebook, writeNotebook } from "../../scripts/lib/notebook";

const repo = mkdtempSync(join(tmpdir(), "notebooks-clean-"));
after(() => rmSync(repo, { recursive: true, force: true }));

function git(...args: string[]): void {
  const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

function executedNotebook() {
  const nb = createNotebook([markdownCell("# Lesson", { id: "md" }), codeCell('console.log("hi")', { id: "c" })]);
  nb.cells[1]!.outputs = [{ output_type: "stream", name: "stdout", text: "hi\n" }];
  nb.cells[1]!.execution_count = 1;
  nb.cells[1]!.metadata.execution = { "iopub.status.busy": "2026-01-01T00:00:00Z" };
  return nb;
}

test("tracked notebooks with outputs are flagged; untracked and build/ ones are not; clearing fixes them", () => {
  git("init", "--quiet");
  writeNotebook(join(repo, "clean.ipynb"), createNotebook([codeCell("1 + 1", { id: "c" })]));
  writeNotebook(join(repo, "lessons", "dirty.ipynb"), executedNotebook());
  const countOnly = createNotebook([codeCell("2", { id: "c" })]);
  countOnly.cells[0]!.execution_count = 7;
  writeNotebook(join(repo, "lessons", "count-only.ipynb"), countOnly);
  writeNotebook(join(repo, "build", "executed.ipynb"), executedNotebook());
  writeNotebook(join(repo, "untracked.ipynb"), executedNotebook());
  git("add", "clean.ipynb", "lessons");
  git("add", "--force", "build/executed.ipynb");

  assert.deepEqual(listGitNotebooks(repo), ["clean.ipynb", "lessons/count-only.ipynb", "lessons/dirty.ipynb"]);
  assert.deepEqual(listGitNotebooks(repo, true), ["clean.ipynb", "lessons/count-only.ipynb", "lessons/dirty.ipynb", "untracked.ipynb"]);
  const { checked, unclean } = checkNotebooksClean(repo);
  assert.equal(checked, 3);
  assert.deepEqual(unclean, [
    { path: "lessons/count-only.ipynb", cellsWithOutputs: 0, cellsWithCounts: 1 },
    { path: "lessons/dirty.ipynb", cellsWithOutputs: 1, cellsWithCounts: 1 },
  ]);

  const cleanBefore = readFileSync(join(repo, "clean.ipynb"), "utf8");
  const changed = clearOutputs(listGitNotebooks(repo).map((f) => join(repo, f)));
  assert.deepEqual(changed, [join(repo, "lessons/count-only.ipynb"), join(repo, "lessons/dirty.ipynb")]);
  assert.equal(readFileSync(join(repo, "clean.ipynb"), "utf8"), cleanBefore, "clean files are not rewritten");
  const cleared = readNotebook(join(repo, "lessons", "dirty.ipynb"));
  assert.ok(isClean(cleared));
  assert.deepEqual(cleared.cells[1]!.metadata, {}, "execution timings are removed too");
  assert.deepEqual(checkNotebooksClean(repo).unclean, []);
});

test("outside a git checkout the check says so", () => {
  const plain = mkdtempSync(join(tmpdir(), "not-a-repo-"));
  try {
    assert.throws(() => listGitNotebooks(plain), GitError);
  } finally {
    rmSync(plain, { recursive: true, force: true });
  }
});

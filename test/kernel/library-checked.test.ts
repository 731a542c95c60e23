/**
 * The kernel leaves the type-check of the library (`src/`, checked by `npm run typecheck`) out of every
 * cell (jupyter/kernels/private-clustering-ts/library-checked.js), and keeps everything else: the cell
 * itself and files outside src/. Checked on a stand-in for TypeScript, so the test also shows that without
 * the filter the library files would be checked.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { projectRoot } from "../../scripts/lib/project";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { libraryCheckedTypeScript } = require(join(projectRoot, "jupyter", "kernels", "private-clustering-ts", "library-checked.js")) as {
  libraryCheckedTypeScript: (ts: object, dir: string) => { getPreEmitDiagnosticsOfFiles: (p: unknown, f: { fileName: string }[]) => string[]; version: string };
};

test("pre-emit diagnostics skip the library's files, keep the cell and other files", () => {
  const asked: string[][] = [];
  const fakeTs = {
    version: "5.0.4",
    getPreEmitDiagnosticsOfFiles: (_program: unknown, files: { fileName: string }[]) => {
      asked.push(files.map((f) => f.fileName));
      return files.map((f) => `diagnostic of ${f.fileName}`);
    },
  };
  const files = [
    { fileName: join(projectRoot, "__cell__.ts") },
    { fileName: join(projectRoot, "src", "dp", "models.ts") },
    { fileName: join(projectRoot, "src", "viz", "index.ts") },
    { fileName: join(projectRoot, "my-notebooks", "helper.ts") },
    { fileName: join(projectRoot, "srcfoo", "x.ts") },
  ];
  const unfiltered = fakeTs.getPreEmitDiagnosticsOfFiles(null, files);
  assert.equal(unfiltered.length, 5, "the stand-in checks every file it is given");
  const ts = libraryCheckedTypeScript(fakeTs, join(projectRoot, "src"));
  const kept = ts.getPreEmitDiagnosticsOfFiles(null, files);
  assert.deepEqual(asked[1], [files[0]!.fileName, files[3]!.fileName, files[4]!.fileName]);
  assert.equal(kept.length, 3);
  assert.equal(ts.version, "5.0.4", "everything else passes through");
});

/**
 * Type-check everything notebooks can import (`src/**`) the way the tslab kernel compiles it: with tslab's
 * bundled TypeScript 5.0, non-strict, node10 module resolution, `declaration: true`. The project's own
 * build is strict TypeScript 5.9; code that passes there can still fail in a notebook (newer syntax,
 * narrowing that differs without strictNullChecks, types that cannot be named in a declaration file).
 *
 *   node --import tsx scripts/check-tslab-compat.ts     exits 1 and lists the diagnostics on failure
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "./lib/project";

// The compiler tslab ships; its API matches `typescript`'s.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts: typeof import("typescript") = require("@tslab/typescript-for-tslab");

function listTypeScript(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return listTypeScript(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

const files = listTypeScript(join(projectRoot, "src"));
// Mirrors tslab 1.0.22's converter options (node_modules/tslab/dist/converter.js), without emit.
const program = ts.createProgram(files, {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  esModuleInterop: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  declaration: true,
  noEmit: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  types: ["node"],
});
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
  for (const d of diagnostics) {
    const where = d.file
      ? `${relative(projectRoot, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : "(global)";
    console.error(`${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  }
  console.error(`tslab compatibility: ${diagnostics.length} problem(s) in src/ under tslab's TypeScript ${ts.version}.`);
  process.exit(1);
}
console.log(`tslab compatibility: ${files.length} files in src/ compile under tslab's TypeScript ${ts.version}.`);

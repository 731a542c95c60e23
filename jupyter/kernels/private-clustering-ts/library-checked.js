// The course library (`src/`) is type-checked once, by `npm run typecheck` (strict TypeScript 5.9, then
// tslab's TypeScript 5.0 over every file of src/: scripts/check-tslab-compat.ts), not again in every kernel.
//
// Why: before running a cell, tslab 1.0.22 asks TypeScript for the pre-emit diagnostics of the cell AND of
// every `.ts` file it imports, which type-checks the whole library body by body in each new kernel: most
// of a lesson's first cell (its imports). Here that call keeps the cell (and anything outside src/, such
// as a learner's own module), so a cell's mistakes are still reported, with the library's types. Emit is
// unchanged. `COURSE_KERNEL_CHECK_LIBRARY=1` checks the library in the kernel again (e.g. while editing
// src/ and running a notebook without `npm run typecheck`).
"use strict";
const Module = require("module");
const path = require("path");

const TYPESCRIPT_REQUEST = "@tslab/typescript-for-tslab";

/**
 * A view of TypeScript whose getPreEmitDiagnosticsOfFiles leaves out files inside `libraryDir`.
 * @param {object} ts - the TypeScript module tslab uses
 * @param {string} libraryDir - absolute path of the library folder (`<project>/src`)
 */
function libraryCheckedTypeScript(ts, libraryDir) {
  const prefix = path.resolve(libraryDir) + path.sep;
  const inLibrary = (file) => Boolean(file && file.fileName) && path.resolve(file.fileName).startsWith(prefix);
  const wrapped = {};
  for (const name of Object.keys(ts)) {
    if (name === "getPreEmitDiagnosticsOfFiles") continue;
    Object.defineProperty(wrapped, name, { enumerable: true, get: () => ts[name] });
  }
  Object.defineProperty(wrapped, "getPreEmitDiagnosticsOfFiles", {
    enumerable: true,
    value: function getPreEmitDiagnosticsOfFiles(program, files, ...rest) {
      return ts.getPreEmitDiagnosticsOfFiles(program, files.filter((f) => !inLibrary(f)), ...rest);
    },
  });
  return wrapped;
}

/** Give tslab the view above whenever it loads TypeScript. */
function installLibraryChecked(libraryDir) {
  const originalLoad = Module._load;
  let wrapped;
  Module._load = function load(request, parent, isMain) {
    const loaded = originalLoad.call(this, request, parent, isMain);
    if (request !== TYPESCRIPT_REQUEST || typeof loaded.getPreEmitDiagnosticsOfFiles !== "function") return loaded;
    wrapped = wrapped || libraryCheckedTypeScript(loaded, libraryDir);
    return wrapped;
  };
  return {
    uninstall() {
      Module._load = originalLoad;
    },
  };
}

module.exports = { installLibraryChecked, libraryCheckedTypeScript };

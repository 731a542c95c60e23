// A disk memo for the one slow call tslab makes for every module a notebook imports.
//
// Why: tslab 1.0.22 emits each cell and each imported `src/` module as ES modules, then turns that
// JavaScript into CommonJS with TypeScript 5.0's `ts.transpileModule`, which in 5.0 type-checks the
// file it converts. Every kernel repeats this for the same `src/` modules: measured on lesson 2, about a
// fifth of the kernel's CPU. The output depends only on the input text, the options and the TypeScript
// version, so it is kept under `.cache/tslab-cjs/` (git-ignored) and read back by later kernels.
//
// tslab reads only `outputText` of the result, so only that is stored. Anything unexpected (an
// unreadable or corrupt entry, a read-only folder) falls back to calling TypeScript, so the cache can
// make a kernel faster but never change what it runs. `COURSE_TRANSPILE_CACHE=0` turns it off.
"use strict";
const Module = require("module");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

/** The module tslab requires for its TypeScript compiler. */
const TYPESCRIPT_REQUEST = "@tslab/typescript-for-tslab";

/** Bump when the stored format changes, so old entries are ignored. */
const FORMAT = "1";

/**
 * A copy of `ts` whose `transpileModule` goes through the cache in `cacheDir`.
 *
 * The TypeScript bundle exports non-configurable getters, so the module object cannot be patched in
 * place: the copy forwards every other name to the real module (same enums, same functions).
 *
 * @param {object} ts - the TypeScript module
 * @param {string} cacheDir - folder for the entries (created when first written)
 * @param {{hits: number, misses: number}} [stats] - counters to update, for tests
 * @returns {object} the wrapped module
 */
function cachedTypeScript(ts, cacheDir, stats = { hits: 0, misses: 0 }) {
  const wrapped = {};
  for (const name of Object.keys(ts)) {
    if (name === "transpileModule") continue;
    Object.defineProperty(wrapped, name, { enumerable: true, get: () => ts[name] });
  }
  Object.defineProperty(wrapped, "transpileModule", {
    enumerable: true,
    value: function transpileModule(input, options) {
      // Keys over the exact input; transformers are functions and cannot be keyed, so bypass.
      if (options && options.transformers) return ts.transpileModule(input, options);
      const key = crypto
        .createHash("sha256")
        .update(`${FORMAT}\0${ts.version}\0${JSON.stringify(options)}\0${input}`)
        .digest("hex");
      const file = path.join(cacheDir, `${key}.json`);
      try {
        const stored = JSON.parse(fs.readFileSync(file, "utf8"));
        if (typeof stored.outputText === "string") {
          stats.hits += 1;
          return { outputText: stored.outputText, diagnostics: [], sourceMapText: undefined };
        }
      } catch {
        // Missing or corrupt: compute below and (re)write.
      }
      stats.misses += 1;
      const result = ts.transpileModule(input, options);
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        // Write then rename, so a kernel running beside this one never reads half an entry.
        const partial = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(partial, JSON.stringify({ outputText: result.outputText }));
        fs.renameSync(partial, file);
      } catch {
        // A cache that cannot be written only costs speed.
      }
      return result;
    },
  });
  return wrapped;
}

/** More entries than this and the folder is cleared at kernel start (edited cells add entries). */
const MAX_ENTRIES = 5000;

/** Clear `cacheDir` when it holds more than `limit` entries: it refills in one run of the course. */
function pruneCache(cacheDir, limit = MAX_ENTRIES) {
  try {
    if (fs.readdirSync(cacheDir).length > limit) fs.rmSync(cacheDir, { recursive: true, force: true });
  } catch {
    // No folder yet, or not ours to clear: nothing to do.
  }
}

/**
 * Make every later `require("@tslab/typescript-for-tslab")` return the cached copy. Call it before
 * tslab is loaded.
 *
 * @param {string} cacheDir - folder for the entries
 * @returns {{uninstall: () => void, stats: {hits: number, misses: number}}}
 */
function installTranspileCache(cacheDir) {
  pruneCache(cacheDir);
  const stats = { hits: 0, misses: 0 };
  const originalLoad = Module._load;
  let wrapped;
  Module._load = function load(request, parent, isMain) {
    const loaded = originalLoad.call(this, request, parent, isMain);
    if (request !== TYPESCRIPT_REQUEST) return loaded;
    wrapped = wrapped || cachedTypeScript(loaded, cacheDir, stats);
    return wrapped;
  };
  return {
    stats,
    uninstall() {
      Module._load = originalLoad;
    },
  };
}

module.exports = { cachedTypeScript, installTranspileCache, pruneCache, TYPESCRIPT_REQUEST };

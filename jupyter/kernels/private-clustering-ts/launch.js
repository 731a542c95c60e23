#!/usr/bin/env node
// Starts the project's own tslab from the project root, so that every notebook, wherever it lives,
// imports `./src/...` and reads `data/...` relative to the root (tslab compiles cells with the kernel's
// working directory as TypeScript's rootDir). No absolute path is written anywhere: Jupyter substitutes
// {resource_dir} with this folder, and the root is three levels up.
"use strict";
const path = require("path");

const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error("usage: launch.js CONNECTION_FILE (Jupyter passes it; see kernel.json)");
  process.exit(2);
}
const projectRoot = path.resolve(__dirname, "..", "..", "..");
process.chdir(projectRoot);
// Re-use tslab's CommonJS conversions across kernels (see transpile-cache.js): a faster first cell.
if (process.env.COURSE_TRANSPILE_CACHE !== "0") {
  require("./transpile-cache").installTranspileCache(path.join(projectRoot, ".cache", "tslab-cjs"));
}
// The library is type-checked by `npm run typecheck`, not in every kernel (see library-checked.js).
if (process.env.COURSE_KERNEL_CHECK_LIBRARY !== "1") {
  require("./library-checked").installLibraryChecked(path.join(projectRoot, "src"));
}
const tslabDist = path.join(projectRoot, "node_modules", "tslab", "dist");
let tslab;
try {
  tslab = require(path.join(tslabDist, "main.js"));
} catch (err) {
  console.error(`The course kernel needs the project's packages: run \`npm install\` in ${projectRoot}.`);
  console.error(String(err && err.message));
  process.exit(1);
}
// Fill tslab's protocol gaps (execute_result, structured errors, history, is_complete "invalid"...;
// see protocol.js) before tslab builds its kernel: startKernel looks its classes up when called.
// `COURSE_KERNEL_PATCHES=0` runs tslab unchanged.
if (process.env.COURSE_KERNEL_PATCHES !== "0") {
  try {
    require("./protocol").installProtocolFixes(tslabDist);
  } catch (err) {
    // A kernel that runs as tslab does beats no kernel: say why (Jupyter's log) and go on.
    console.error(`course kernel: tslab's protocol fixes are off: ${err && err.message}`);
  }
}
// enableFindLocal would search for another tslab up the tree; we want exactly this project's copy.
tslab.startKernel({ configPath: path.resolve(connectionFile), enableFindLocal: false });

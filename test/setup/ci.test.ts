/**
 * "CI is the README": `.ci/run` runs on a fresh machine exactly the commands the README gives a newcomer,
 * so whatever the tests need must come from the README's own install and test commands (no apt line of
 * its own, no extra npm script). If the README's commands change, CI changes with them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { projectRoot } from "../../scripts/lib/project";

/** The commands of a shell script: lines that are neither blank, comments, nor shell set-up. */
function commandsOf(script: string): string[] {
  return script
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .filter((line) => !/^(set -[a-z]+( \w+)?|cd "\$\(dirname "\$0"\)\/\.\.")$/.test(line));
}

/** The README's first ```sh block, without the trailing comments, split at `&&`. */
function readmeCommands(readme: string): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .flatMap((line) => line.split("&&").map((part) => part.trim()))
    .filter(Boolean);
}

test(".ci/run runs the README's install and test commands and nothing else", () => {
  const ci = commandsOf(readFileSync(join(projectRoot, ".ci", "run"), "utf8"));
  const readme = readmeCommands(readFileSync(join(projectRoot, "README.md"), "utf8"));
  // `npm start` serves the course until stopped: the one README command CI does not run.
  const expected = readme.filter((command) => command !== "npm start");
  assert.deepEqual(expected, ["npm install", "npm test"], "the README's first block changed: update this test and .ci/run");
  // npm's quiet flags change no behaviour; anything else (apt-get, another script) would.
  const normalised = ci.map((command) => command.replace(/ --no-audit| --no-fund/g, ""));
  assert.deepEqual(normalised, expected, `.ci/run runs ${JSON.stringify(ci)}`);
});

test("the command check has power: an apt line of CI's own is caught", () => {
  const withApt = "set -euo pipefail\napt-get install -y jupyter-nbconvert\nnpm install\nnpm test\n";
  assert.notDeepEqual(commandsOf(withApt), ["npm install", "npm test"]);
});

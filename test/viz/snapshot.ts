/**
 * JSON snapshots for deterministic outputs (figure JSON, HTML fragments), stored under
 * `test/viz/__snapshots__/`. A difference fails with `assert.deepStrictEqual`'s readable diff.
 *
 * Update after an intended change with `npm run snapshots:update` (it sets UPDATE_SNAPSHOTS=1), then
 * review the diff with `git diff test/viz/__snapshots__`. A missing snapshot fails rather than being
 * written silently, so CI never accepts an unreviewed picture.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The folder holding the snapshots. */
export const snapshotDir = join(__dirname, "__snapshots__");

/** Whether this run rewrites snapshots instead of checking them. */
export const updating = process.env.UPDATE_SNAPSHOTS === "1";

const howToUpdate = "If the change is intended, run `npm run snapshots:update` and review `git diff test/viz/__snapshots__`.";

/**
 * Compare a JSON-serialisable value with its stored snapshot `<name>.json` (or store it when updating).
 * Values are compared after a JSON round trip, i.e. as they would reach the browser.
 */
export function matchSnapshot(name: string, value: unknown): void {
  const file = join(snapshotDir, `${name}.json`);
  const actual: unknown = JSON.parse(JSON.stringify(value));
  if (updating) {
    mkdirSync(snapshotDir, { recursive: true });
    writeFileSync(file, JSON.stringify(actual, null, 2) + "\n");
    return;
  }
  assert.ok(existsSync(file), `No snapshot ${file}. ${howToUpdate}`);
  const expected: unknown = JSON.parse(readFileSync(file, "utf8"));
  assert.deepStrictEqual(actual, expected, `"${name}" differs from its snapshot. ${howToUpdate}`);
}

/** Compare a text output (e.g. an HTML fragment) with its stored snapshot `<name>` (or store it). */
export function matchTextSnapshot(name: string, text: string): void {
  const file = join(snapshotDir, name);
  if (updating) {
    mkdirSync(snapshotDir, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  assert.ok(existsSync(file), `No snapshot ${file}. ${howToUpdate}`);
  assert.equal(text, readFileSync(file, "utf8"), `"${name}" differs from its snapshot. ${howToUpdate}`);
}

/**
 * What a model shows when it is printed, displayed or serialised: its settings and what it released,
 * nothing exact.
 *
 * Why: printing is publishing. tslab shows a cell's last value with `util.inspect` (the course kernel's
 * `protocol.js` uses `util.format`, which is the same), `console.log` does too, and `JSON.stringify`,
 * `structuredClone`, `{...model}` and `Object.entries` read every own enumerable property. TypeScript's
 * `private` is a compile-time word: such a field is an ordinary property and every one of those paths shows
 * it. So the models keep their fitted state in JavaScript `#private` fields (invisible to all of them) and
 * define `toJSON` and `[util.inspect.custom]` with the view built here: the settings (own enumerable
 * properties, which are constructor options only) and the released values. Exact diagnostics stay behind
 * their named getters (`exact`, and the non-private models' `labels`/`inertia`).
 */
import { inspect, type InspectOptionsStylized } from "node:util";

/** The symbol `util.inspect` looks up for a custom view (`Symbol.for("nodejs.util.inspect.custom")`). */
export const INSPECT = inspect.custom;

/**
 * The settings of a model: its own enumerable properties (the constructor options it stores), as a plain
 * object. Models keep nothing else in own enumerable properties, so this is what a spread shows too.
 *
 * @param model - a model instance
 * @returns a shallow copy of its own enumerable properties
 */
export function settingsOf(model: object): Record<string, unknown> {
  return { ...model };
}

/**
 * Format a public view the way `util.inspect` formats an object, under the model's class name.
 *
 * @param name - the class name shown before the view
 * @param view - the public view (settings and released values)
 * @param depth - the depth `util.inspect` passes to a custom inspector
 * @param options - the options `util.inspect` passes
 * @returns the text util.inspect (and so console.log and tslab) shows
 */
export function inspectView(name: string, view: unknown, depth: number, options: InspectOptionsStylized): string {
  if (depth < 0) return options.stylize(`[${name}]`, "special");
  const inner = { ...options, depth: options.depth === null || options.depth === undefined ? options.depth : options.depth - 1 };
  return `${name} ${inspect(view, inner)}`;
}

/**
 * Typed arrays as plain arrays, so that `JSON.stringify` writes `[1, 2]` rather than `{"0": 1, "1": 2}`.
 *
 * @param values - a typed array, or undefined
 * @returns a plain array, or undefined
 */
export function plainArray(values: ArrayLike<number> | undefined): number[] | undefined {
  return values === undefined ? undefined : Array.from(values);
}

/**
 * The fonts the site ships, so pages and slides lay out the same on every machine: without them the text
 * and code take whatever the machine has (on a bare Debian only DejaVu, much wider than Helvetica or
 * Menlo), a code line wraps elsewhere and a slide that fitted on one machine runs off the bottom on
 * another.
 *
 * - Text: Source Sans 3 (the open successor of reveal.js's Source Sans Pro), regular, italic, semibold
 *   and bold.
 * - Code and text outputs: Source Code Pro, regular and bold.
 *
 * Both come from npm (`@fontsource/*`, SIL Open Font License) and are vendored like MathJax and reveal.js:
 * the woff2 files of the latin, latin-ext and greek subsets (ε, δ in the lessons) go to `vendor/fonts/`,
 * with a `fonts.css` written from the packages' own `@font-face` rules (their unicode ranges kept, so a
 * page downloads only the subsets its text uses). Every page links that file (see `export.ts`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../lib/project";

/** One shipped font family: its npm package, the family name its CSS declares, the styles used. */
export interface ShippedFont {
  /** The npm package, e.g. `@fontsource/source-sans-3`. */
  pkg: string;
  /** The CSS family name the package declares. */
  family: string;
  /** The package's CSS files to take `@font-face` rules from, e.g. `400.css`, `400-italic.css`. */
  styles: readonly string[];
}

/** The text font of pages and slides. */
export const textFont: ShippedFont = {
  pkg: "@fontsource/source-sans-3",
  family: "Source Sans 3",
  styles: ["400.css", "400-italic.css", "600.css", "700.css"],
};

/** The font of code cells and text outputs. */
export const codeFont: ShippedFont = {
  pkg: "@fontsource/source-code-pro",
  family: "Source Code Pro",
  styles: ["400.css", "700.css"],
};

/** Every shipped font. */
export const shippedFonts: readonly ShippedFont[] = [textFont, codeFont];

/** The unicode subsets shipped: the course's text is English with Greek letters for ε and δ. */
export const fontSubsets: readonly string[] = ["latin", "latin-ext", "greek"];

/** Where the fonts go under the site's `vendor/` folder, and the stylesheet's name there. */
export const fontsDir = "fonts";
export const fontsCssName = "fonts.css";

/** A font file a page may load, as a path inside its package (`files/<name>.woff2`). */
export interface FontFile {
  pkg: string;
  /** Inside the package, `/`-separated. */
  from: string;
  /** The file name under `vendor/fonts/`. */
  name: string;
}

interface FontFace {
  rule: string;
  file: FontFile;
}

// One `@font-face { … }` block of a fontsource stylesheet, with the comment naming its subset before it.
const faceRule = /\/\* ([\w-]+) \*\/\s*@font-face\s*\{[^}]*\}/g;

function facesOf(font: ShippedFont, nodeModules: string): FontFace[] {
  return font.styles.flatMap((style) => {
    const cssPath = join(nodeModules, font.pkg, style);
    if (!existsSync(cssPath)) return [];
    const css = readFileSync(cssPath, "utf8");
    return [...css.matchAll(faceRule)].flatMap((match) => {
      const woff2 = /url\(\.\/(files\/([\w.-]+\.woff2))\)/.exec(match[0]);
      // The comment names `<family>-<subset>-<weight>-<style>`; `latin` must not match `latin-ext`.
      const subset = fontSubsets.find((s) => new RegExp(`-${s}-\\d+-`).test(match[1]));
      if (!woff2 || !subset) return [];
      const file: FontFile = { pkg: font.pkg, from: woff2[1], name: woff2[2] };
      // woff2 only: every browser that runs the pages reads it, so the woff fallback is never fetched.
      const rule = match[0].replace(/src:[^;]*;/, `src: url(./${file.name}) format('woff2');`);
      return [{ rule, file }];
    });
  });
}

/**
 * The font files to copy into `vendor/fonts/` and the stylesheet that declares them.
 *
 * @param nodeModules - where the packages are; default `<project>/node_modules`
 * @returns the files (empty when a package is missing: {@link missingFontPackages} says which) and the CSS
 */
export function fontBundle(nodeModules: string = join(projectRoot, "node_modules")): { files: FontFile[]; css: string } {
  const faces = shippedFonts.flatMap((font) => facesOf(font, nodeModules));
  const header = [
    "/* Fonts shipped with the course site (scripts/site/fonts.ts): Source Sans 3 and Source Code Pro,",
    "   from npm's @fontsource packages, SIL Open Font License 1.1 (LICENSE-* next to this file). */",
  ].join("\n");
  return { files: faces.map((f) => f.file), css: `${header}\n${faces.map((f) => f.rule).join("\n\n")}\n` };
}

/**
 * The shipped font packages that are not installed (the site cannot be built without them).
 * @param nodeModules - where the packages are
 */
export function missingFontPackages(nodeModules: string = join(projectRoot, "node_modules")): string[] {
  return shippedFonts
    .filter((font) => font.styles.some((style) => !existsSync(join(nodeModules, font.pkg, style))))
    .map((font) => font.pkg);
}

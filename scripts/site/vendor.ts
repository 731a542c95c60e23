/**
 * The third-party files the exported pages load, copied from node_modules into the site's `vendor/`
 * folder so the site works offline, from `file://` or any static server (Debian's nbconvert would point
 * them at system `file:///usr/share/...` paths that learners' machines lack).
 *
 * Only what the pages need is copied (about 8.5 MB instead of the packages' 90 MB):
 * - reveal.js 4.0.2: `dist/reveal.js`, `dist/reveal.css`, the `white` theme and its fonts, the notes
 *   plugin (the slides template loads it). The `simple` theme is NOT used: it imports Google Fonts.
 * - require.js (the slides load reveal.js through it) and jQuery (the reveal template loads it).
 * - MathJax 2.7.9, trimmed to what the `TeX-AMS_CHTML-full,Safe` configuration loads: the combined config,
 *   the TeX input and CommonHTML output jax (with their lazily loaded parts), the TeX extensions a
 *   document may `\require`, the menu and zoom extensions, the element jax, the TeX web fonts (woff only:
 *   every browser that runs the pages reads woff) and the English strings.
 * - the fonts of pages and slides (Source Sans 3, Source Code Pro; woff2 of three subsets, about 0.6 MB)
 *   and their `fonts.css`, written from the `@fontsource` packages' rules (see `fonts.ts`).
 * - plotly.js (`plotly.min.js`, 4.85 MB): in a notebook it travels inline in the first chart's output;
 *   the export swaps that copy for this shared one (see `export.ts`), so each page weighs ~0.5 MB, not ~5.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { CourseError } from "../../src/errors";
import { projectRoot } from "../lib/project";
import { fontBundle, fontsCssName, fontsDir, missingFontPackages, shippedFonts } from "./fonts";

/** One entry of the copy list: a file or folder of an npm package, and where it goes under `vendor/`. */
export interface VendorEntry {
  /** The npm package (folder under node_modules). */
  pkg: string;
  /** A file or folder inside the package. */
  from: string;
  /** Where it goes, relative to the site's `vendor/` folder. */
  to: string;
  /**
   * For folders: keep only the files (paths relative to `from`, `/`-separated) this accepts. Default all.
   * Source maps (`*.map`) are never copied: browsers fetch them only for their developer tools.
   */
  keep?: (path: string) => boolean;
}

/** The folder under the site root that holds every vendored file. */
export const vendorDirName = "vendor";

/** The MathJax configuration the pages ask for (nbconvert's own choice; `Safe` disables risky TeX). */
export const mathjaxConfig = "TeX-AMS_CHTML-full,Safe";

/** The reveal.js theme the slides use (local fonts only). */
export const revealTheme = "white";

const notMaps = (path: string): boolean => !path.endsWith(".map");

/** Everything copied into `vendor/`, in order. */
export const vendorEntries: readonly VendorEntry[] = ([
  { pkg: "reveal.js", from: "dist/reveal.js", to: "reveal.js/dist/reveal.js" },
  { pkg: "reveal.js", from: "dist/reveal.css", to: "reveal.js/dist/reveal.css" },
  { pkg: "reveal.js", from: `dist/theme/${revealTheme}.css`, to: `reveal.js/dist/theme/${revealTheme}.css` },
  { pkg: "reveal.js", from: "dist/theme/fonts/source-sans-pro", to: "reveal.js/dist/theme/fonts/source-sans-pro" },
  { pkg: "reveal.js", from: "plugin/notes", to: "reveal.js/plugin/notes", keep: (p: string) => !p.endsWith(".esm.js") },
  { pkg: "reveal.js", from: "LICENSE", to: "reveal.js/LICENSE" },
  { pkg: "requirejs", from: "require.js", to: "requirejs/require.js" },
  { pkg: "jquery", from: "dist/jquery.min.js", to: "jquery/jquery.min.js" },
  { pkg: "jquery", from: "LICENSE.txt", to: "jquery/LICENSE.txt" },
  { pkg: "plotly.js-dist-min", from: "plotly.min.js", to: "plotly/plotly.min.js" },
  { pkg: "plotly.js-dist-min", from: "LICENSE", to: "plotly/LICENSE" },
  { pkg: "mathjax", from: "MathJax.js", to: "mathjax/MathJax.js" },
  { pkg: "mathjax", from: "LICENSE", to: "mathjax/LICENSE" },
  { pkg: "mathjax", from: "config/TeX-AMS_CHTML-full.js", to: "mathjax/config/TeX-AMS_CHTML-full.js" },
  { pkg: "mathjax", from: "config/Safe.js", to: "mathjax/config/Safe.js" },
  {
    pkg: "mathjax",
    from: "extensions",
    to: "mathjax/extensions",
    // Not the accessibility bundle (3.7 MB, opt-in) nor the HTML-CSS / MathML helpers of other jax.
    keep: (p: string) => !p.startsWith("a11y/") && !p.startsWith("HTML-CSS/") && !p.startsWith("MathML/"),
  },
  { pkg: "mathjax", from: "jax/input/TeX", to: "mathjax/jax/input/TeX" },
  { pkg: "mathjax", from: "jax/output/CommonHTML", to: "mathjax/jax/output/CommonHTML" },
  { pkg: "mathjax", from: "jax/element", to: "mathjax/jax/element" },
  { pkg: "mathjax", from: "fonts/HTML-CSS/TeX/woff", to: "mathjax/fonts/HTML-CSS/TeX/woff" },
  { pkg: "mathjax", from: "localization/en", to: "mathjax/localization/en" },
] satisfies VendorEntry[]).map((e: VendorEntry) => ({ ...e, keep: (p: string) => notMaps(p) && (e.keep?.(p) ?? true) }));

/** A package the site needs is not installed. */
export class VendorMissingError extends CourseError {
  constructor(path: string) {
    super("vendor-missing", `${path} is missing: run \`npm install\` in the project folder (the site copies it from node_modules).`);
  }
}

/** The URLs (relative to a page) the exported pages load, for nbconvert's options. */
export interface VendorUrls {
  requireJs: string;
  jquery: string;
  mathjax: string;
  /** reveal.js's folder, without a trailing slash (`SlidesExporter.reveal_url_prefix`). */
  revealPrefix: string;
  /** plotly.js, shared by every page with charts (put in by `export.ts`, not by nbconvert). */
  plotly: string;
  /** The stylesheet of the shipped fonts, linked from every page (put in by `export.ts`). */
  fonts: string;
}

/**
 * The vendored files' URLs as seen from a page at `depth` folders below the site root.
 * @param depth - 0 for pages at the root (lessons, index), 1 for `exercises/x.html`
 */
export function vendorUrls(depth = 0): VendorUrls {
  const base = "../".repeat(depth) + vendorDirName;
  return {
    requireJs: `${base}/requirejs/require.js`,
    jquery: `${base}/jquery/jquery.min.js`,
    mathjax: `${base}/mathjax/MathJax.js?config=${mathjaxConfig}`,
    revealPrefix: `${base}/reveal.js`,
    plotly: `${base}/plotly/plotly.min.js`,
    fonts: `${base}/${fontsDir}/${fontsCssName}`,
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

/** What {@link copyVendor} did. */
export interface VendorCopy {
  /** Files in `vendor/` after the copy. */
  files: number;
  /** Their total size in bytes. */
  bytes: number;
  /** How many were (re)written now; the others were already identical in size and not older. */
  copied: number;
  /** How many files no longer on the list were deleted from `vendor/`. */
  removed: number;
}

/**
 * Copy the {@link vendorEntries} into `<siteDir>/vendor/`, skipping files already there with the same
 * size and a modification time not older than the source's, and delete any other file in `vendor/`
 * (left by an older copy list).
 *
 * @param siteDir - the site's root folder
 * @param nodeModules - where the packages are; default `<project>/node_modules`
 * @returns counts and total size
 * @throws VendorMissingError when a package or file is missing (with the fix: `npm install`)
 */
export function copyVendor(siteDir: string, nodeModules: string = join(projectRoot, "node_modules")): VendorCopy {
  const result: VendorCopy = { files: 0, bytes: 0, copied: 0, removed: 0 };
  const vendorDir = join(siteDir, vendorDirName);
  const wanted = new Set<string>();
  const missingFonts = missingFontPackages(nodeModules);
  if (missingFonts.length > 0) throw new VendorMissingError(`node_modules/${missingFonts[0]}`);
  const fonts = fontBundle(nodeModules);
  const fontPairs = [
    ...fonts.files.map((f) => [join(nodeModules, f.pkg, f.from), join(vendorDir, fontsDir, f.name)] as const),
    ...shippedFonts.map((f) => [join(nodeModules, f.pkg, "LICENSE"), join(vendorDir, fontsDir, `LICENSE-${f.pkg.split("/")[1]}`)] as const),
  ];
  const entryPairs = vendorEntries.map((entry) => {
    const source = join(nodeModules, entry.pkg, entry.from);
    if (!existsSync(source)) throw new VendorMissingError(relative(projectRoot, source));
    const target = join(vendorDir, entry.to);
    return statSync(source).isDirectory()
      ? listFiles(source)
          .filter((file) => entry.keep!(relative(source, file).split(sep).join("/")))
          .map((file) => [file, join(target, relative(source, file))] as const)
      : [[source, target] as const];
  });
  for (const pairs of [...entryPairs, fontPairs]) {
    for (const [from, to] of pairs) {
      const stat = statSync(from);
      const current = existsSync(to) ? statSync(to) : undefined;
      if (!current || current.size !== stat.size || current.mtimeMs < stat.mtimeMs) {
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(from, to);
        result.copied += 1;
      }
      wanted.add(to);
      result.files += 1;
      result.bytes += stat.size;
    }
  }
  // The fonts' stylesheet is written, not copied: rewritten only when its text changed.
  const cssPath = join(vendorDir, fontsDir, fontsCssName);
  if (!existsSync(cssPath) || readFileSync(cssPath, "utf8") !== fonts.css) {
    mkdirSync(dirname(cssPath), { recursive: true });
    writeFileSync(cssPath, fonts.css);
    result.copied += 1;
  }
  wanted.add(cssPath);
  result.files += 1;
  result.bytes += Buffer.byteLength(fonts.css);
  for (const file of listFiles(vendorDir)) {
    if (!wanted.has(file)) {
      rmSync(file);
      result.removed += 1;
    }
  }
  return result;
}

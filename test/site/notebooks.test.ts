/**
 * The site's pure parts: which notebooks are published, what the index says about them, the copy nbconvert
 * exports (title slide), the removed-cell guard, the index page, the vendor urls and nbconvert options.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { codeCell, createNotebook, markdownCell, readNotebook, serializeNotebook, type Notebook } from "../../scripts/lib/notebook";
import { ensurePlotlyLoader, exportArgs, linkShippedFonts, sharedPlotlyTag, visibleText } from "../../scripts/site/export";
import { codeFont, fontBundle, missingFontPackages, textFont } from "../../scripts/site/fonts";
import { formatBytes, indexPageHtml } from "../../scripts/site/index-page";
import {
  describeNotebook,
  discoverNotebooks,
  isSolutionSource,
  markdownToText,
  prepareForExport,
  removedCellLines,
} from "../../scripts/site/notebooks";
import { vendorEntries, vendorUrls } from "../../scripts/site/vendor";
import { plotlyLoaderHtml } from "../../src/viz/html";

const lessonStart =
  "# De-identification by clustering\n\n**Lesson 1 — hide the weights, publish the groups**\n\n" +
  "Based on an *Airflow* example.\n\nIn this lesson you will:\n1. rebuild it;\n2. break it.";

describe("discoverNotebooks", () => {
  const dir = mkdtempSync(join(tmpdir(), "site-notebooks-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("lessons are NN-name at the top, exercises in subfolders, solution sources and scratch left out", () => {
    const write = (rel: string, nb: Notebook): void => {
      mkdirSync(join(dir, rel, ".."), { recursive: true });
      writeFileSync(join(dir, rel), serializeNotebook(nb));
    };
    write("01-deid.ipynb", createNotebook([markdownCell(lessonStart)]));
    write("00-welcome.ipynb", createNotebook([markdownCell("# Welcome")]));
    write("scratch.ipynb", createNotebook([markdownCell("# Scratch")]));
    write("exercises/01-deid.ipynb", createNotebook([codeCell("const k = 0; // your answer\nq1.check();")]));
    write(
      "exercises/source/01-deid.ipynb",
      createNotebook([codeCell("// BEGIN SOLUTION\nconst k = 3;\n// END SOLUTION\nq1.check();")]),
    );
    write(".ipynb_checkpoints/00-welcome-checkpoint.ipynb", createNotebook([markdownCell("# Old")]));

    const found = discoverNotebooks(dir, readNotebook);
    assert.deepEqual(
      found.map((n) => [n.kind, n.name, n.number, n.depth]),
      [
        ["lesson", "00-welcome", "00", 0],
        ["lesson", "01-deid", "01", 0],
        ["exercise", "exercises/01-deid", undefined, 1],
      ],
    );
  });

  test("a missing folder has no notebooks", () => {
    assert.deepEqual(discoverNotebooks(join(dir, "nope"), readNotebook), []);
  });

  test("isSolutionSource looks for the BEGIN SOLUTION marker in any cell", () => {
    assert.equal(isSolutionSource(createNotebook([codeCell("x = 1"), codeCell("// BEGIN SOLUTION\n")])), true);
    assert.equal(isSolutionSource(createNotebook([codeCell("// your code here")])), false);
  });
});

describe("describeNotebook", () => {
  test("title from the heading, subtitle from the line under it, summary without 'Lesson N —'", () => {
    const d = describeNotebook(createNotebook([markdownCell(lessonStart)]), "01-deid");
    assert.equal(d.title, "De-identification by clustering");
    assert.equal(d.subtitle, "Lesson 1 — hide the weights, publish the groups");
    assert.equal(d.summary, "hide the weights, publish the groups");
    assert.equal(d.lead, "Based on an Airflow example.");
  });

  test("'Lesson 7 (optional) —' is dropped too; a lead that introduces a list ends in a full stop", () => {
    const d = describeNotebook(
      createNotebook([markdownCell("# Beyond\n\n**Lesson 7 (optional) — better algorithms**\n\nIn this lesson:\n\n- one\n- two")]),
      "07-beyond",
    );
    assert.equal(d.summary, "better algorithms");
    assert.equal(d.lead, "In this lesson.");
  });

  test("metadata title and description win", () => {
    const nb = createNotebook([markdownCell(lessonStart)]);
    nb.metadata.title = "Custom";
    nb.metadata.description = "A line from the metadata.";
    const d = describeNotebook(nb, "01-deid");
    assert.equal(d.title, "Custom");
    assert.equal(d.summary, "A line from the metadata.");
  });

  test("without a heading: the file name and the first paragraph", () => {
    const d = describeNotebook(
      createNotebook([codeCell("x"), markdownCell("Practise **k-means** on [the data](data.html).\n\nMore.")]),
      "exercises/02-k-means_basics",
    );
    assert.equal(d.title, "K means basics");
    assert.equal(d.subtitle, "");
    assert.equal(d.summary, "Practise k-means on the data.");
  });

  test("a table or list under the heading is not a subtitle", () => {
    const d = describeNotebook(createNotebook([markdownCell("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.")]), "x");
    assert.equal(d.subtitle, "");
    assert.equal(d.summary, "After.");
  });

  test("long summaries are cut at a word with an ellipsis", () => {
    const long = "word ".repeat(80).trim();
    const d = describeNotebook(createNotebook([markdownCell(`# T\n\n${long}`)]), "x");
    assert.ok(d.summary.length <= 200 && d.summary.endsWith(" …"), d.summary);
  });

  test("markdownToText drops emphasis, code, links, images and tags", () => {
    assert.equal(markdownToText("**a** _b_ `c` [d](e) ![f](g) <i>h</i>\n i"), "a b c d f h i");
  });
});

describe("prepareForExport", () => {
  const nb = createNotebook([markdownCell(lessonStart), codeCell("const k = 3;")]);
  nb.cells[0]!.metadata.slideshow = { slide_type: "slide" };
  const description = describeNotebook(nb, "01-deid");
  const site = { course: "Course", index_url: "index.html", page_url: "01-deid.html", slides_url: "01-deid.slides.html" };

  test("slides: title and subtitle move to the title slide, the rest of the first cell stays", () => {
    const out = prepareForExport(nb, description, { format: "slides", site });
    const meta = out.metadata.course_site as Record<string, string>;
    assert.equal(meta.title, "De-identification by clustering");
    assert.equal(meta.subtitle, "Lesson 1 — hide the weights, publish the groups");
    assert.equal(meta.index_url, "index.html");
    assert.equal(out.metadata.title, "De-identification by clustering");
    const first = out.cells[0]!.source as string;
    assert.ok(first.startsWith("Based on an *Airflow* example."), first);
    assert.ok(!first.includes("# De-identification"));
    assert.deepEqual(out.cells[0]!.metadata.slideshow, { slide_type: "slide" }, "the cell keeps its slide type");
    assert.equal(nb.cells[0]!.source, lessonStart, "the input notebook is not modified");
  });

  test("slides: a first cell holding only the title is dropped", () => {
    const only = createNotebook([markdownCell("# Just a title\n\nSubtitle"), codeCell("x")]);
    const out = prepareForExport(only, describeNotebook(only, "x"), { format: "slides", site });
    assert.equal(out.cells.length, 1);
    assert.equal(out.cells[0]!.cell_type, "code");
  });

  test("html: the notebook's own first cell is kept and there is no title slide", () => {
    const out = prepareForExport(nb, description, { format: "html", site });
    assert.equal(out.cells[0]!.source, lessonStart);
    assert.equal((out.metadata.course_site as Record<string, unknown>).title, undefined);
  });
});

describe("removedCellLines", () => {
  test("distinctive lines of solution, remove-cell and injected-parameters cells, not those also kept", () => {
    const nb = createNotebook([
      codeCell("const answer = computeTheAnswer(data);\nq1.check();", { tags: ["solution"] }),
      codeCell("const helper = setUpTheHiddenHelper();", { tags: ["remove-cell"] }),
      codeCell("const k: number = 10; // injected", { tags: ["injected-parameters"] }),
      codeCell("const shared = aLineInBothCells(1);", { tags: ["solution"] }),
      codeCell("const shared = aLineInBothCells(1);\nq1.check();"),
    ]);
    assert.deepEqual(removedCellLines(nb).sort(), [
      "const answer = computeTheAnswer(data);",
      "const helper = setUpTheHiddenHelper();",
      "const k: number = 10; // injected",
    ]);
  });
});

describe("export helpers", () => {
  test("visibleText reads highlighted code as its source and ignores scripts", () => {
    const html =
      '<pre><span class="kd">const</span> <span class="nx">x</span> <span class="o">=</span> &quot;a&lt;b&quot;;</pre>' +
      "<script>const hidden = 1;</script><style>.x{}</style>";
    assert.equal(visibleText(html), 'const x = "a<b";');
  });

  test("ensurePlotlyLoader: the page loads the shared plotly.js once, in place of the inline copy", () => {
    const url = "../vendor/plotly/plotly.min.js";
    const tag = sharedPlotlyTag(url);
    const chart = '<div class="course-chart-plot"></div><script data-course-viz="chart">draw()</script>';
    const count = (html: string, s: string) => html.split(s).length - 1;

    // The first inline copy (4.85 MB) becomes the script tag, in its place; a second one (after a kernel
    // restart) goes.
    const inline = plotlyLoaderHtml();
    const page = `<html><body><p>a</p>${inline}${chart}<p>b</p>${inline}${chart}</body></html>`;
    const shared = ensurePlotlyLoader(page, url);
    assert.equal(shared, `<html><body><p>a</p>${tag}${chart}<p>b</p>${chart}</body></html>`);
    assert.ok(shared.length < 1_000, "no inline plotly.js left");
    assert.equal(ensurePlotlyLoader(shared, url), shared, "never twice");

    // nbconvert 7 writes the loader's attributes in another order.
    const reordered = inline.replace('<script type="text/javascript" data-course-viz="plotly-loader">', '<script data-course-viz="plotly-loader" type="text/javascript">');
    assert.notEqual(reordered, inline);
    assert.equal(ensurePlotlyLoader(`<body>${reordered}${chart}</body>`, url), `<body>${tag}${chart}</body>`);

    // Charts but no copy at all (its cell removed): the tag goes before </body>.
    const added = ensurePlotlyLoader(`<html><body>${chart}</body></html>`, url);
    assert.equal(count(added, tag), 1);
    assert.ok(added.indexOf(tag) > added.indexOf(chart) && added.indexOf(tag) < added.indexOf("</body>"));

    const plain = "<html><body><p>no charts</p></body></html>";
    assert.equal(ensurePlotlyLoader(plain, url), plain);
  });

  test("vendor urls are relative, one ../ per folder level", () => {
    assert.deepEqual(vendorUrls(0), {
      requireJs: "vendor/requirejs/require.js",
      jquery: "vendor/jquery/jquery.min.js",
      mathjax: "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
      revealPrefix: "vendor/reveal.js",
      plotly: "vendor/plotly/plotly.min.js",
      fonts: "vendor/fonts/fonts.css",
    });
    assert.equal(vendorUrls(2).requireJs, "../../vendor/requirejs/require.js");
  });

  test("shipped fonts: both families, woff2 only, latin/latin-ext/greek, every url a shipped file", () => {
    const bundle = fontBundle();
    const families = [...bundle.css.matchAll(/font-family: '([^']+)'/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(families)].sort(), [codeFont.family, textFont.family].sort());
    const urls = [...bundle.css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(urls.length >= 6, `${urls.length} faces`);
    assert.deepEqual(urls.filter((u) => !u.endsWith(".woff2")), [], "woff2 only: the woff fallback is never fetched");
    const names = new Set(bundle.files.map((f) => f.name));
    for (const url of urls) assert.ok(names.has(url.replace("./", "")), `${url} is shipped`);
    assert.deepEqual(bundle.files.filter((f) => !/-(latin|latin-ext|greek)-\d+-(normal|italic)\.woff2$/.test(f.name)), []);
    // ε is in the greek subset: without it the lessons' ε would come from a machine font.
    assert.ok(bundle.files.some((f) => f.name === "source-sans-3-greek-400-normal.woff2"));
    assert.deepEqual(missingFontPackages(), []);
    assert.deepEqual(missingFontPackages("/nonexistent"), [textFont.pkg, codeFont.pkg]);
  });

  test("every page links the fonts once, in its head", () => {
    const page = "<html><head><title>t</title></head><body></body></html>";
    const linked = linkShippedFonts(page, "../vendor/fonts/fonts.css");
    assert.match(linked, /<link rel="stylesheet" href="\.\.\/vendor\/fonts\/fonts\.css" data-course-fonts>\n<\/head>/);
    assert.equal(linkShippedFonts(linked, "../vendor/fonts/fonts.css"), linked);
  });

  test("nbconvert options: relative urls, the course templates, removed tags; reveal options only for slides", () => {
    const slides = exportArgs("slides", 1);
    assert.ok(slides.includes("--SlidesExporter.reveal_url_prefix=../vendor/reveal.js"));
    assert.ok(slides.includes("--SlidesExporter.reveal_theme=white"));
    assert.ok(slides.includes("--TemplateExporter.template_name=course-reveal"));
    assert.ok(slides.includes("--HTMLExporter.mathjax_url=../vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"));
    for (const tag of ["solution", "remove-cell", "injected-parameters"]) {
      assert.ok(slides.includes(`--TagRemovePreprocessor.remove_cell_tags=${tag}`), tag);
    }
    const html = exportArgs("html", 0);
    assert.ok(html.includes("--TemplateExporter.template_name=course-lab"));
    assert.ok(!html.some((a) => a.startsWith("--SlidesExporter.")));
    assert.ok([...slides, ...html].every((a) => !/file:|https?:|\/usr\/share/.test(a.split("=").slice(1).join("="))));
  });

  test("the vendor list never ships the Google-Fonts theme or source maps", () => {
    assert.ok(vendorEntries.every((e) => !e.from.includes("simple.css")));
    assert.ok(vendorEntries.every((e) => e.keep!("x.js") && !e.keep!("x.js.map")));
  });
});

describe("index page", () => {
  test("lists lessons with page and slides links, exercises, escapes text", () => {
    const html = indexPageHtml({
      course: "Course <1>",
      intro: "Intro",
      lessons: [{ number: "01", title: "De-identification", summary: "a & b", page: "01-d.html", slides: "01-d.slides.html", bytes: 5_512_000 }],
      exercises: [{ title: "Practice", summary: "", page: "exercises/01-p.html" }],
    });
    assert.ok(html.includes("<title>Course &lt;1&gt;</title>"));
    assert.ok(html.includes('href="01-d.html"') && html.includes('href="01-d.slides.html"'));
    assert.ok(html.includes('href="exercises/01-p.html"'));
    assert.ok(html.includes("a &amp; b"));
    assert.ok(html.includes("(5.5 MB)"));
    assert.ok(html.includes('<span class="number">1</span>'));
    assert.ok(!/<script|https?:\/\//.test(html), "no script, no external resource");
  });

  test("empty sections say so", () => {
    const html = indexPageHtml({ course: "C", intro: "", lessons: [], exercises: [] });
    assert.ok(html.includes("No lessons exported yet.") && html.includes("No exercises exported yet."));
  });

  test("formatBytes", () => {
    assert.equal(formatBytes(5_512_000), "5.5 MB");
    assert.equal(formatBytes(830_400), "830 kB");
    assert.equal(formatBytes(12), "12 B");
  });
});

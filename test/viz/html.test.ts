/**
 * HTML fragments: escaping (nothing in the data can close a tag or become markup), chart and table
 * structure, number formatting, and two text snapshots.
 */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../src/errors";
import { escapeHtml, escapePlotlyText, jsonForScript, scriptSafe } from "../../src/viz/escape";
import { clustersScatter } from "../../src/viz/figures/index";
import { formatNumber, formatPercent } from "../../src/viz/format";
import {
  cellText,
  chartHtml,
  nextChartId,
  plotlyLoaderHtml,
  plotlyPath,
  progressHtml,
  resetChartIds,
  tableData,
  tableHtml,
  warningHtml,
} from "../../src/viz/html";
import type { Figure } from "../../src/viz/plotly-types";
import { hostileName } from "./fixtures";
import { matchTextSnapshot } from "./snapshot";

const closer = "</script><script>alert(1)</script><!--";

describe("escaping", () => {
  test("escapeHtml turns markup into text", () => {
    assert.equal(escapeHtml(hostileName), "&lt;img src=x onerror=alert(1)&gt;");
    assert.equal(escapeHtml(`a & "b" 'c'`), "a &amp; &quot;b&quot; &#39;c&#39;");
    assert.equal(escapePlotlyText("<b>Mr. Mime & co</b>"), "&lt;b&gt;Mr. Mime &amp; co&lt;/b&gt;");
  });

  test("jsonForScript: no character that could end a script, same value after parsing", () => {
    const value = { name: closer, line: "a\u2028b\u2029c", amp: "&", nums: [1.5, -2] };
    const json = jsonForScript(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(json), json);
    assert.deepEqual(JSON.parse(json), value);
    assert.equal(jsonForScript(undefined), "null");
    assert.equal(jsonForScript([NaN, Infinity]), "[null,null]");
  });

  test("scriptSafe breaks every </script and <!--, case-insensitively", () => {
    const safe = scriptSafe(`var a = "</SCRIPT>"; var b = '<!--'; var c = "</script";`);
    assert.ok(!/<\/script/i.test(safe));
    assert.ok(!safe.includes("<!--"));
    // The result still means the same to JavaScript.
    const scope: Record<string, string> = {};
    new Function("scope", `${safe}; scope.a = a; scope.b = b; scope.c = c;`)(scope);
    assert.deepEqual(scope, { a: "</SCRIPT>", b: "<!--", c: "</script" });
  });
});

describe("chartHtml", () => {
  const figure: Figure = clustersScatter({
    points: [[1, 2], [3, 4]],
    labels: [0, 1],
    names: [hostileName, closer],
    axisTitles: ["Weight (kg)", "Height (m)"],
    title: "Tiny",
  });

  test("a sized div and one script whose JSON is the figure", () => {
    const html = chartHtml(figure, { id: "chart-a" });
    assert.match(html, /<div id="chart-a" class="course-chart-plot" style="width:820px;height:460px;"><\/div>/);
    assert.equal(html.match(/<\/script/gi)?.length, 1, "only the closing tag may end the script");
    assert.ok(!html.includes("<img"));
    assert.ok(!html.includes("<!--"));
    const json = /var figure = (.*);\n/.exec(html)?.[1];
    assert.ok(json);
    assert.deepEqual(JSON.parse(json), { ...figure, config: figure.config });
    assert.match(html, /Plotly\.newPlot\(el, copy\)/);
  });

  test("the script runs and draws through window.Plotly once it appears", async () => {
    const html = chartHtml(figure, { id: "chart-b" });
    const script = /<script[^>]*>\n([\s\S]*)<\/script>$/.exec(html)![1];
    const el = { offsetWidth: 820, offsetHeight: 460, attrs: {} as Record<string, string>, setAttribute(k: string, v: string) { this.attrs[k] = v; } };
    const calls: unknown[] = [];
    const window: Record<string, unknown> = {};
    const document = { getElementById: (id: string) => (id === "chart-b" ? el : null) };
    new Function("window", "document", "setTimeout", "ResizeObserver", script)(
      window,
      document,
      (fn: () => void) => setTimeout(fn, 1),
      undefined,
    );
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(calls.length, 0, "must wait for Plotly");
    window.Plotly = { newPlot: (div: unknown, fig: unknown) => (calls.push([div, fig]), Promise.resolve()) };
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(calls.length, 1);
    assert.equal((calls[0] as unknown[])[0], el);
    assert.deepEqual((calls[0] as unknown[])[1], JSON.parse(JSON.stringify({ ...figure })));
    assert.equal(el.attrs["data-drawn"], "yes");
  });

  test("ids: explicit ones are kept, generated ones are unique and reproducible after a reset", () => {
    resetChartIds("t");
    const a = nextChartId();
    const b = nextChartId();
    assert.equal(a, "course-chart-t-1");
    assert.equal(b, "course-chart-t-2");
    resetChartIds("t");
    assert.equal(nextChartId(), a);
    assert.match(chartHtml(figure), /id="course-chart-t-2"/);
    assert.throws(() => chartHtml(figure, { id: 'x" onload="alert(1)' }), InvalidInputError);
    assert.throws(() => resetChartIds("a b"), InvalidInputError);
  });

  test("snapshot of a small chart's HTML", () => {
    matchTextSnapshot("chart-tiny.html", chartHtml(figure, { id: "chart-tiny" }));
  });
});

describe("plotlyLoaderHtml", () => {
  test("inlines plotly.js once, safely, and only when Plotly is not already there", () => {
    const html = plotlyLoaderHtml();
    const size = statSync(plotlyPath()).size;
    assert.ok(html.length > size * 0.99, `loader is ${html.length} chars for a ${size}-byte library`);
    assert.match(html, /^<script type="text\/javascript" data-course-viz="plotly-loader">\nif \(typeof window\.Plotly === "undefined"\) \{/);
    assert.equal(html.match(/<\/script/gi)?.length, 1);
    assert.ok(html.endsWith("\n}\n</script>"));
    assert.equal(plotlyLoaderHtml(), html, "the library is read once and reused");
  });
});

describe("formatNumber", () => {
  test("integers in full, others to 4 significant digits, extremes spelled out", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [42, "42"],
      [123456, "123456"],
      [1234.5678, "1235"],
      [69.5, "69.5"],
      [0.5, "0.5"],
      [0.0123456, "0.01235"],
      [-3.14159, "-3.142"],
      [0.00001234, "1.234e-5"],
      [NaN, "NaN"],
      [Infinity, "∞"],
      [-Infinity, "−∞"],
    ];
    for (const [value, text] of cases) assert.equal(formatNumber(value), text, `formatNumber(${value})`);
    assert.equal(formatNumber(1234567, { grouping: true }), "1,234,567");
    assert.equal(formatNumber(3.14159, { digits: 2 }), "3.1");
    assert.throws(() => formatNumber(1, { digits: 0 }), InvalidInputError);
    assert.equal(formatPercent(0.1234), "12.3%");
    assert.equal(formatPercent(1 / 3, 2), "33.33%");
  });
});

describe("tableHtml", () => {
  test("accepts records typed by an interface (no index signature), as the data loader returns", () => {
    // This is a compile-time check as much as a run-time one: `npm test` type-checks the tests.
    interface Species {
      name: string;
      weight_kg: number;
    }
    const typed: Species[] = [{ name: "Pikachu", weight_kg: 6 }];
    const html = tableHtml(typed);
    assert.ok(html.includes(">Pikachu</td>"));
    assert.ok(html.includes(">weight_kg</th>"));
  });

  const rows = [
    { name: hostileName, weight: 6.9, height: 0.7, cluster: 0 },
    { name: "Snorlax", weight: 460, height: 2.1, cluster: 2, note: "heavy & <b>big</b>" },
  ];

  test("every string is escaped; numbers are formatted and right-aligned", () => {
    const html = tableHtml(rows, { caption: "<i>Pokémon</i>" });
    assert.ok(!html.includes("<img"));
    assert.ok(!html.includes("<b>"));
    assert.ok(!html.includes("<i>"));
    assert.ok(html.includes("<td style=\"text-align:left;padding:2px 8px;\">&lt;img src=x onerror=alert(1)&gt;</td>"));
    assert.ok(html.includes("heavy &amp; &lt;b&gt;big&lt;/b&gt;"));
    assert.ok(html.includes('<td style="text-align:right;padding:2px 8px;">460</td>'));
    assert.ok(html.includes("&lt;i&gt;Pokémon&lt;/i&gt;</caption>"));
    // Columns are the union of keys in order of first appearance; missing cells are empty.
    assert.match(html, /<th[^>]*>name<\/th><th[^>]*>weight<\/th><th[^>]*>height<\/th><th[^>]*>cluster<\/th><th[^>]*>note<\/th>/);
    assert.ok(html.includes('<td style="text-align:left;padding:2px 8px;"></td></tr>'));
  });

  test("columns select and order; an unknown column is a typed error", () => {
    assert.deepEqual(tableData(rows, ["cluster", "name"]).rows[1], [2, "Snorlax"]);
    assert.throws(
      () => tableHtml(rows, { columns: ["wieght"] }),
      (e: unknown) => e instanceof InvalidInputError && /wieght.*name, weight/.test(e.message),
    );
  });

  test("DataFrame-like objects and arrays of arrays", () => {
    const frame = { columns: ["a", "b"], values: [[1, "x"], [2.5, "y"]] };
    assert.deepEqual(tableData(frame), { columns: ["a", "b"], rows: [[1, "x"], [2.5, "y"]] });
    assert.deepEqual(tableData({ columns: ["w"], values: [1, 2] }), { columns: ["w"], rows: [[1], [2]] });
    assert.deepEqual(tableData([[1, 2], [3, 4]], ["p", "q"]), { columns: ["p", "q"], rows: [[1, 2], [3, 4]] });
    assert.deepEqual(tableData([[1, 2]]).columns, ["0", "1"]);
    assert.throws(() => tableHtml(42 as never), InvalidInputError);
  });

  test("a real danfojs DataFrame", () => {
    const dfd = require("danfojs-node") as { DataFrame: new (data: unknown) => { columns: string[]; values: unknown[] } };
    const df = new dfd.DataFrame({ name: ["Pikachu", hostileName], weight: [6, 1234.567] });
    const html = tableHtml(df);
    assert.ok(html.includes("<td style=\"text-align:right;padding:2px 8px;\">1235</td>"));
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  });

  test("long tables show their first and last rows with a note", () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ i }));
    const html = tableHtml(many, { maxRows: 6 });
    assert.equal(html.match(/<tr>/g)?.length, 1 + 6 + 1);
    assert.ok(html.includes("… 94 more rows (100 in all) …"));
    assert.ok(html.includes(">2</td>") && html.includes(">97</td>") && !html.includes(">50</td>"));
    assert.ok(tableHtml([]).includes("(no rows)"));
  });

  test("cell text for arrays, dates, nulls and objects", () => {
    assert.equal(cellText([1.23456, 2]), "[1.235, 2]");
    assert.equal(cellText(new Float64Array([0.5])), "[0.5]");
    assert.equal(cellText(null), "");
    assert.equal(cellText(new Date(0)), "1970-01-01T00:00:00.000Z");
    assert.equal(cellText({ a: 1 }), '{"a":1}');
  });

  test("snapshot of a small table", () => {
    matchTextSnapshot("table-small.html", tableHtml(rows, { caption: "Two Pokémon", digits: 3 }));
  });
});

describe("warning and progress notes", () => {
  test("a warning note shows code, message and count, all escaped", () => {
    const html = warningHtml({ code: "values-clipped", message: `3 weights were clipped ${closer}`, count: 3, times: 2 });
    assert.ok(html.includes("<code>values-clipped</code>"));
    assert.ok(html.includes("affects 3"));
    assert.ok(html.includes("raised 2×"));
    assert.ok(!html.includes("</script"));
  });

  test("a progress bar clamps and shows done/total", () => {
    assert.match(progressHtml(5, 20, "<sweep>"), /&lt;sweep&gt; <progress value="5" max="20"[^>]*><\/progress> 5\/20 \(25%\)/);
    assert.match(progressHtml(30, 20, "x"), /20\/20 \(100%\) ✓/);
  });
});

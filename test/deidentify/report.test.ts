import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPokemon, PUBLIC_BOUNDS } from "../../src/data/index";
import {
  auditDisclosure,
  compareReleases,
  deidentify,
  dpErrorSummary,
  dpRelease,
  microaggregate,
  recordsToCsv,
  releasedValuesFigure,
} from "../../src/deidentify/index";
import { deidentificationReportHtml } from "../../src/deidentify/report";
import { captureWarnings, InvalidInputError } from "../../src/errors";

const records = loadPokemon({ first: 60 });
const release = deidentify(records, { column: "weight_kg", k: 3, seed: 1 });
const dpOptions = { column: "weight_kg", k: 3, epsilon: 1, bounds: PUBLIC_BOUNDS.weight_kg };

describe("typical DP errors", () => {
  test("one row per centroid and size, and per statistic; reproducible with a seed", () => {
    const rows = dpErrorSummary(records, release, { ...dpOptions, runs: 10, seed: "s" });
    assert.equal(rows.length, 2 * 3 + 6);
    assert.deepEqual(rows.slice(0, 2).map((r) => r.quantity), ["cluster 0 centroid", "cluster 0 size"]);
    assert.equal(rows.find((r) => r.quantity === "count")!.truth, 60);
    for (const r of rows) assert.ok(r.medianError >= 0 && r.p90Error >= r.medianError);
    assert.deepEqual(dpErrorSummary(records, release, { ...dpOptions, runs: 10, seed: "s" }), rows);
  });

  test("more budget, smaller errors (and ε = ∞ leaves only the partition's difference)", () => {
    const median = (epsilon: number) =>
      dpErrorSummary(records, release, { ...dpOptions, epsilon, runs: 30 }).find((r) => r.quantity === "median")!.medianError;
    assert.ok(median(10) < median(0.1));
  });

  test("refuses a truth of another k, and a bad number of runs", () => {
    assert.throws(() => dpErrorSummary(records, release, { ...dpOptions, k: 4 }), { code: "mismatched-truth" });
    assert.throws(() => dpErrorSummary(records, release, { ...dpOptions, runs: 0 }), { code: "invalid-runs" });
  });
});

describe("CSV of records", () => {
  test("header, RFC 4180 quoting, empty fields for null and NaN, numbers that read back exactly", () => {
    const text = recordsToCsv([
      { name: "Farfetch’d, the \"duck\"", value: 0.1 + 0.2, missing: null, nan: NaN, flag: true },
    ]);
    assert.equal(text, 'name,value,missing,nan,flag\n"Farfetch’d, the ""duck""",0.30000000000000004,,,true\n');
    assert.equal(recordsToCsv([{ a: 1 }, { b: 2 }]), "a,b\n1,\n,2\n");
    assert.equal(recordsToCsv([{ a: 1, b: 2 }], ["b"]), "b\n2\n");
  });
});

describe("the HTML report", () => {
  const hostile = records.map((r, i) => (i === 0 ? { ...r, name: "<img src=x onerror=alert(1)>" } : r));
  const r = deidentify(hostile, { column: "weight_kg", k: 3, seed: 1 });
  const audit = auditDisclosure(r, { minGroupSize: 3 });
  const micro = microaggregate(hostile, { column: "weight_kg", minGroupSize: 3 });
  const dp = captureWarnings(() => dpRelease(hostile, { ...dpOptions, seed: 2 })).result;
  const html = deidentificationReportHtml({
    settings: { column: "weight_kg", k: 3 },
    release: r,
    audit,
    microaggregations: [micro],
    dp,
    dpErrors: dpErrorSummary(hostile, r, { ...dpOptions, runs: 5 }),
    comparison: compareReleases({ release: r, microaggregations: [micro], dp }),
    valueTitle: "Weight (kg)",
  });

  test("a complete page with every section, plotly.js once and a chart per figure", () => {
    assert.match(html, /^<!DOCTYPE html>/);
    for (const heading of [
      "The four outputs",
      "Disclosure audit",
      "Fix (a): microaggregation",
      "Fix (b): a differentially private release",
      "The release and its fixes compared",
    ]) {
      assert.ok(html.includes(heading), heading);
    }
    assert.equal(html.split('data-course-viz="plotly-loader"').length - 1, 1);
    assert.equal(html.split('data-course-viz="chart"').length - 1, 5);
    assert.ok(html.includes("Privacy ledger: total ε = 1"));
    assert.ok(html.includes("Typical errors at ε = 1"));
  });

  test("data strings are escaped everywhere", () => {
    assert.equal(html.includes("<img src=x"), false);
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  });
});

describe("the released-values chart", () => {
  test("one trace per release plus the diagonal; lengths are checked", () => {
    const fig = releasedValuesFigure({
      values: [1, 2, 3],
      series: [{ name: "means", released: [1.5, 1.5, 3] }],
      valueTitle: "Weight (kg)",
      title: "t",
    });
    assert.equal(fig.data.length, 2);
    assert.deepEqual(fig.data[1]!.y, [1.5, 1.5, 3]);
    assert.throws(
      () => releasedValuesFigure({ values: [1, 2], series: [{ name: "x", released: [1] }], valueTitle: "v", title: "t" }),
      InvalidInputError,
    );
    assert.throws(
      () => releasedValuesFigure({ values: [0, 2], series: [], valueTitle: "v", title: "t", log: true }),
      InvalidInputError,
    );
  });
});

describe("ε = ∞ (issue 16): the report never calls a noiseless release differentially private", () => {
  const reportAt = (epsilon: number): { html: string; guarantee: string } => {
    const options = { ...dpOptions, epsilon, seed: 3 };
    const dp = captureWarnings(() => dpRelease(records, options)).result;
    const micro = microaggregate(records, { column: "weight_kg", minGroupSize: 3 });
    const comparison = compareReleases({ release, microaggregations: [micro], dp });
    const html = deidentificationReportHtml({
      settings: { column: "weight_kg", k: 3, epsilon },
      release,
      audit: auditDisclosure(release, { minGroupSize: 3 }),
      microaggregations: [micro],
      dp,
      dpErrors: dpErrorSummary(records, release, { ...options, runs: 3 }),
      comparison,
      valueTitle: "Weight (kg)",
    });
    return { html, guarantee: comparison.at(-1)!.guarantee };
  };

  test("ε = ∞: 'not differentially private (ε = ∞)' in the release's note and the comparison; no claim of privacy", () => {
    const { html, guarantee } = reportAt(Infinity);
    assert.ok(html.includes("This release is not differentially private (ε = ∞): with ε = ∞ no noise is added"));
    assert.ok(html.includes("<h2>Fix (b) with ε = ∞: no noise, so not a differentially private release"));
    assert.equal(guarantee, "not differentially private (ε = ∞) (seeded noise: teaching only)");
    // (includes, not doesNotMatch: a failure would print the whole page with plotly.js inlined)
    for (const claim of ["Differentially private:", "ε-differential privacy", "<h2>Fix (b): a differentially private release", "ε = Infinity"]) {
      assert.equal(html.includes(claim), false, claim);
    }
    assert.ok(html.includes("Typical errors at ε = ∞"));
    assert.ok(html.includes("Privacy ledger: total ε = ∞"));
  });

  test("a finite ε keeps the claim (the wording test can fail)", () => {
    const { html, guarantee } = reportAt(0.5);
    assert.ok(html.includes("Released with ε = 0.5 (SEEDED noise"));
    assert.ok(html.includes("Differentially private: clusters detail"));
    assert.equal(guarantee, "ε-differential privacy, ε = 0.5 (seeded noise: teaching only)");
    assert.equal(html.includes("not differentially private"), false);
  });
});

// Printing is publishing (issue 24, Build 1): every model, pipeline result, synopsis, release and
// accountant is walked through each way a learner can show or copy it — util.inspect (what tslab and the
// course kernel show for a cell's last value), console.log, JSON.stringify, structuredClone, a spread,
// Object.entries — on D and D′ = D plus one record, with the same seed and declared public size.
//
// What must hold: (1) no exact field (labels, inertia, rows, clippedValues, rowsClipped, features) is
// shown; (2) the two printouts have the same skeleton once numbers are masked (released noisy values may
// differ, since the data differs, but never a length, a key, or a word). The added record is far outside
// the bounds, so n, the clipped count and the labels' length all differ between D and D′: a path that
// leaked any of them would fail (1) or (2) — the last tests check the walk catches such a leak.
import assert from "node:assert/strict";
import { format, inspect } from "node:util";
import { describe, test } from "node:test";
import { BudgetAccountant, DPKMeans, DPPCA, DPStandardScaler, eugkmSynopsis, privatePipeline } from "../../src/dp/models";
import { KMeans } from "../../src/cluster/kmeans";
import { PCA, StandardScaler } from "../../src/preprocessing";
import { captureWarnings } from "../../src/errors";

const BOX = { lower: [0, 0], upper: [10, 10] };
const D: number[][] = Array.from({ length: 60 }, (_, i) => [(i * 7) % 10 + 0.25, (i * 3) % 10 + 0.5]);
const DPRIME: number[][] = [...D, [95, -40]];
const PUBLIC_SIZE = 60;

/** Every thing a learner can print, each made from a dataset (fresh accountant, fixed seed). */
const SUBJECTS: Array<[string, (X: number[][]) => unknown]> = [
  ...(["eugkm", "dplloyd", "hybrid"] as const).map(
    (method): [string, (X: number[][]) => unknown] => [
      `DP KMeans (${method})`,
      (X) =>
        new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, method, randomState: 3, accountant: new BudgetAccountant({ epsilon: 1 }) }).fit(X),
    ],
  ),
  [
    "DP KMeans released",
    (X) => new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3 }).fit(X).released,
  ],
  [
    "DP KMeans without a public size (noisy count)",
    (X) => captureWarnings(() => new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, method: "dplloyd", randomState: 3 }).fit(X)).result,
  ],
  ["DP StandardScaler", (X) => new DPStandardScaler({ epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3 }).fit(X)],
  ["DP PCA", (X) => new DPPCA({ epsilon: 1, bounds: BOX, dataNorm: 15, publicSize: PUBLIC_SIZE, randomState: 3 }).fit(X)],
  ["DP PCA, centred", (X) => new DPPCA({ epsilon: 1, centered: true, dataNorm: 15, publicSize: PUBLIC_SIZE, randomState: 3 }).fit(X)],
  [
    "privatePipeline result",
    (X) => privatePipeline(X, { epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, nClusters: 3, nComponents: 1, randomState: 3 }),
  ],
  ["EUGkM synopsis", (X) => eugkmSynopsis(X, { epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3 })],
  [
    "accountant after a fit",
    (X) => {
      const accountant = new BudgetAccountant({ epsilon: 2 });
      new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3, accountant }).fit(X);
      return accountant;
    },
  ],
  // The non-private models keep their exact getters (they are the reference), but printing one shows its
  // settings and a summary, not arrays of the data's statistics.
  ["non-private KMeans", (X) => new KMeans({ nClusters: 3, randomState: 3 }).fit(X)],
  ["non-private StandardScaler", (X) => new StandardScaler().fit(X)],
  ["non-private PCA", (X) => new PCA({ nComponents: 1 }).fit(X)],
];

/** Each way of showing or copying a value, as the text a notebook would hold. */
const PATHS: Array<[string, (x: unknown) => string]> = [
  ["util.inspect (a cell's value)", (x) => inspect(x)],
  ["util.inspect, full depth", (x) => inspect(x, { depth: Infinity, maxArrayLength: Infinity })],
  ["console.log (util.format)", (x) => format(x)],
  ["JSON.stringify", (x) => JSON.stringify(x)],
  ["structuredClone", (x) => inspect(structuredClone(x), { depth: Infinity })],
  ["spread", (x) => inspect({ ...(x as object) }, { depth: Infinity })],
  ["Object.entries", (x) => inspect(Object.entries(x as object), { depth: Infinity })],
  ["own property names", (x) => Reflect.ownKeys(x as object).map(String).join(",")],
];

/** A key naming an exact diagnostic, as util.inspect (`rows:`) or JSON (`"rows":`) writes it. */
const EXACT_KEY = /(^|[\s{,"])(labels|inertia|rows|clippedValues|rowsClipped|features|exactState|dpState|state)"?\s*:/;

/**
 * The printout with every number masked and whitespace collapsed (util.inspect lays arrays out by width).
 * One released list has a length that depends on released values: DPLloyd's `reseeded` (the clusters
 * whose NOISY count fell below 1), so its length is masked too. Every other length must match.
 */
function skeleton(text: string): string {
  return text
    .replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/gi, "#")
    .replace(/\s+/g, " ")
    .replace(/("?reseeded"?\s*:\s*)\[[#,\s]*\]/g, "$1[…]");
}

function walk(name: string, a: unknown, b: unknown): void {
  for (const [path, show] of PATHS) {
    const textA = show(a);
    const textB = show(b);
    assert.doesNotMatch(textA, EXACT_KEY, `${name} via ${path} shows an exact field:\n${textA}`);
    assert.doesNotMatch(textB, EXACT_KEY, `${name} via ${path} shows an exact field on D′:\n${textB}`);
    assert.equal(skeleton(textA), skeleton(textB), `${name} via ${path}: D and D′ print differently`);
  }
}

describe("printing, serialising, cloning or spreading shows settings and released values only", () => {
  for (const [name, make] of SUBJECTS) {
    test(`${name}: the same skeleton on D and D′, no exact field`, () => {
      walk(name, make(D), make(DPRIME));
    });
  }

  test("the released values are there: the printout of a DP model names its centres and ledger", () => {
    const km = new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3 }).fit(D);
    const text = inspect(km, { depth: Infinity });
    assert.match(text, /^DPKMeans \{/);
    assert.match(text, /clusterCenters/);
    assert.match(text, /ledger/);
    const json = JSON.parse(JSON.stringify(km)) as { released: { clusterCenters: number[][] } };
    assert.deepEqual(json.released.clusterCenters, km.clusterCenters);
  });

  test("the exact diagnostics are still there, by name", () => {
    const km = new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3 }).fit(DPRIME);
    assert.equal(km.exact.rows, 61);
    assert.equal(km.exact.clippedValues, 2);
    assert.equal(km.labels.length, 61);
    const run = privatePipeline(DPRIME, { epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3 });
    assert.equal(run.labels.length, 61);
    assert.equal(run.exact.features.length, 61);
  });
});

describe("the walk has power: it catches a leak of the kind issue 24 found", () => {
  // What the models looked like before: a TypeScript `private` field is an ordinary property.
  class Leaky {
    readonly epsilon = 1;
    private readonly dpState: { rows: number; clippedValues: number };
    constructor(X: number[][]) {
      this.dpState = { rows: X.length, clippedValues: X.filter((r) => r.some((v) => v < 0 || v > 10)).length };
    }
    get rowsSeen(): number {
      return this.dpState.rows;
    }
  }

  test("a TypeScript-private exact field is caught on every path that reads properties", () => {
    assert.throws(() => walk("Leaky", new Leaky(D), new Leaky(DPRIME)), /shows an exact field/);
    for (const [path, show] of PATHS.slice(0, 7)) {
      assert.match(show(new Leaky(DPRIME)), EXACT_KEY, `${path} shows the leaky field`);
    }
  });

  test("an exact value under an innocent key is caught by the skeleton (lengths differ)", () => {
    const make = (X: number[][]) => {
      const km = new DPKMeans({ nClusters: 3, epsilon: 1, bounds: BOX, publicSize: PUBLIC_SIZE, randomState: 3 }).fit(X);
      return { ...km.released, assignment: km.labels };
    };
    assert.throws(() => walk("released plus labels", make(D), make(DPRIME)), /print differently/);
  });
});

/**
 * Fixed, seeded data for the chart tests: three blobs of "Pokémon" in (weight, height), a second
 * clustering that differs on a few points, DP-like spreads, and one hostile name.
 */
import { createRandom } from "../../src/dp/random";

/** A name that must always show as text, never as markup. */
export const hostileName = "<img src=x onerror=alert(1)>";

const rng = createRandom(20240601);
const normal = (): number => {
  // Box–Muller on the seeded source: fixed numbers on every run.
  const u = 1 - rng.uniform();
  const v = rng.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

const blobs = [
  { weight: 8, height: 0.5 },
  { weight: 45, height: 1.2 },
  { weight: 120, height: 1.9 },
];

/** 36 points, 12 per blob: `[weight kg, height m]`. */
export const points: number[][] = [];
/** Their true blob, used as the non-private labels. */
export const labelsA: number[] = [];
for (let i = 0; i < 36; i++) {
  const c = i % 3;
  points.push([
    round(Math.max(0.1, blobs[c].weight * (1 + 0.25 * normal()))),
    round(Math.max(0.1, blobs[c].height * (1 + 0.15 * normal()))),
  ]);
  labelsA.push(c);
}

/** The names; the fifth is hostile. */
export const names: string[] = points.map((_, i) => (i === 4 ? hostileName : `Pokémon #${i + 1}`));

/** A "DP" clustering: the same labels except four points moved to the next cluster. */
export const labelsB: number[] = labelsA.map((l, i) => (i % 9 === 4 ? (l + 1) % 3 : l));

/** Cluster centres (means) for labels A and B. */
export function centresOf(labels: readonly number[], k = 3): number[][] {
  return Array.from({ length: k }, (_, c) => {
    const members = points.filter((_, i) => labels[i] === c);
    return [0, 1].map((j) => round(members.reduce((s, p) => s + p[j], 0) / members.length, 3));
  });
}

/** One weight per point (first coordinate), for 1-D charts. */
export const weights: number[] = points.map((p) => p[0]);

/** Elbow data for k = 1..6: a clean curve, and 5 "seeds" of noisy copies. */
export const ks = [1, 2, 3, 4, 5, 6];
export const elbowNonPrivate = [52000, 21000, 6100, 4700, 3900, 3300];
export const elbowRuns: number[][] = elbowNonPrivate.map((v, i) =>
  [0.9, 1.05, 1.2, 1.35, 1.6].map((f) => round(v * f * (1 + 0.05 * i), 0)),
);

/** Trade-off data over ε. */
export const epsilons = [0.1, 0.2, 0.5, 1, 2, 5];
export const quality = epsilons.map((e) => {
  const m = 1 + 2 / (e * 4);
  return { median: round(m, 3), q1: round(1 + (m - 1) * 0.7, 3), q3: round(1 + (m - 1) * 1.4, 3) };
});
export const changed = epsilons.map((e) => {
  const m = Math.min(0.6, 0.08 / e);
  return { median: round(m, 4), q1: round(m * 0.6, 4), q3: round(Math.min(1, m * 1.5), 4) };
});

/**
 * The numeric limits of the library: the largest data values, bounds and sensitivities, and the smallest
 * ε, that every model and mechanism supports. The validators (`src/validate.ts` for models,
 * `src/dp/validate.ts` for mechanisms and the accountant) refuse anything beyond them with an
 * `InvalidInputError` that names the limit, instead of letting the arithmetic overflow to ±Infinity or
 * NaN (which gave silent NaN centres and arbitrary labels) or a sampler throw from deep inside.
 *
 * Why these numbers (M is {@link MAX_MAGNITUDE}):
 * - Data and bounds, |x| ≤ M = 1e100. The largest quantities the library forms from them are a bounds
 *   width (≤ 2M), a squared distance over d features (≤ 4dM²), and sums over rows of values, squares and
 *   squared distances (inertia, variances, Gram matrices: ≤ 4·n·d·M²). Arrays hold at most 2^53 values, so
 *   n·d ≤ 2^53 and every such sum is ≤ 2^55·1e200 ≈ 3.6e216, far below the largest double (≈ 1.8e308). The
 *   brief's first idea, 1e150, is not enough: 4·n·d·1e300 overflows once n·d passes about 4.5e7 (a
 *   realistic 45 million values). 1e100 still leaves about 1e90 of room for products of such sums (e.g.
 *   inside an eigensolver) and is beyond any measured quantity (the observable universe has about 1e80
 *   atoms): data larger than that needs other units.
 * - Sensitivity, Δ ≤ 1e250. Sensitivities derived from supported bounds are at most a few times M² = 1e200
 *   (a sum of squares, a Gram matrix over many features). A noisy release is (q + Z)·Λ with the grid index
 *   |q| ≤ 2^52, grid step Λ ≤ Δ/2^12 and noise Z whose scale is at most 2^47 steps (ε ≥ {@link MIN_EPSILON})
 *   and which practically never exceeds 2^56; the output stays below 2^44·Δ ≈ 2e263: finite.
 * - ε of one release ≥ 1e-10. The exact samplers need the noise rate per unit of sensitivity as a fraction
 *   s/2^k with k ≤ 48 (so that every draw stays in exact safe-integer arithmetic): γ = ε/Δ ≥ 2^-48. The grid
 *   mechanisms count the sensitivity in at most 2^13 + 1 grid steps (Λ ≥ Δ/2^13 when ε ≤ 1), so they need
 *   ε ≥ (2^13 + 1)·2^-48 ≈ 2.9e-11; 1e-10 is that, rounded up to a number a learner can remember. A count
 *   (Δ = 1) with the discrete Laplace mechanism then works too; an integer query with a larger Δ needs
 *   ε/Δ ≥ 2^-48.
 * - ε of a model fit ≥ 1e-6. A fit splits its ε over its releases (DPLloyd: T iterations × (d + 1)
 *   statistics; a pipeline: its steps); 1e-6 leaves room for 10^4 releases above 1e-10, so a refusal comes
 *   at the start of `fit`, before any budget is spent. At ε = 1e-6 the noise is already a million times the
 *   sensitivity: nothing smaller could give a usable answer.
 * - ε of one release or one fit ≤ 1000 ({@link MAX_EPSILON}). The guarantee bounds the ratio of output
 *   probabilities by e^ε; beyond ε ≈ 709.8 that factor is not even a finite double, so such an ε states
 *   nothing, and 1000 is the round number past it. (The lessons go up to ε = 50; `Infinity` stays the way
 *   to say "no noise, no privacy", for comparisons.) The refusal reads ε only, a public setting.
 * - The grid of a grid mechanism stops getting finer at ε = 8 ({@link GRID_EPSILON_CAP}): Λ ≥ Δ/2^16.
 *   Why: the moment and Gram mechanisms refuse an input whose floating-point rounding error could reach
 *   a fraction of Λ (their sensitivity arguments leave that margin), and that error grows with the number
 *   of values m. Before issue 24 the refusal was computed from the exact m, so at large ε it depended on
 *   the private data (PCA at ε = 1e9 fitted 1,553 rows and refused 1,554). Now it is computed for the
 *   largest m any input can have, {@link MAX_VALUES} = 2^32 (the longest typed array Node allows), and with
 *   Λ ≥ Δ/2^16 the bound holds there: (4·2^32·2^-53)·4 = 2^-17 < 2^-16 for a mean, 6·2^32·2^-53 ≈ 2^-18.4 <
 *   2^-16 for the Gram matrix. So the check never refuses anything: it reads no data and stays only as an
 *   assertion. A coarser grid at ε > 8 only rounds the output more (still ε-DP: the argument in
 *   `src/dp/grid.ts` holds for any Λ), by at most Δ/2^16 — far below any noise a lesson could see.
 * - Work (issue 24: `maxIter: 1e9` on DPLloyd ended the process with "heap out of memory" after 40 s; no
 *   input may do that). Every count of work has a ceiling, refused with `InvalidInputError` code
 *   `"limit-exceeded"` before anything is computed or spent (each ceiling is a public setting):
 *   - iterations of a DP fit (DPLloyd's and the hybrid's noisy iterations, EUGkM's Lloyd updates on the
 *     synopsis) ≤ 1000 ({@link MAX_ITERATIONS}). Su et al.'s rule gives 2 to 7 noisy iterations and each
 *     one divides ε further (T iterations write T·(d + 1) ledger rows); the Lloyd updates on a synopsis
 *     converge within tens. 1000 is far past any useful value and runs in seconds;
 *   - restarts (`nInit`) ≤ 1000 ({@link MAX_RESTARTS}): each is a whole k-means run on the synopsis;
 *   - grid cells of EUGkM ≤ 2^22 ({@link MAX_GRID_CELLS}, `EUGKM_MAX_CELLS`): 32 MB of counts. The rule's grid
 *     is capped there; a `gridSize` given directly whose m^d passes it is refused;
 *   - clusters k ≤ 10,000 ({@link MAX_CLUSTERS}), for every model: DP k-means places k centres with no data
 *     point needed (sphere packing in the bounds box), so k is not limited by the data, and a k of 1e9
 *     would allocate gigabytes; the lessons use k ≤ 10;
 *   - fits in one sweep (`epsilonSweep`: methods × ε values × seeds; `dpElbow`: ks × seeds;
 *     `privateElbow`: ks) ≤ 10,000 ({@link MAX_SWEEP_FITS}): lesson 6's sweep is 2 × 8 × 20 = 320 fits.
 * - Weights ≤ 2^53. A weight counts as that many copies of a point, so it plays the part of a row count;
 *   2^53 is the largest whole count a number holds exactly, and 2^53 copies of 2^53 values still sum to
 *   ≤ 2^108·4e200, finite.
 */

/** The largest magnitude |x| supported for data values and bounds: 1e100 (see the module comment). */
export const MAX_MAGNITUDE = 1e100;

/** The largest sensitivity Δ a mechanism accepts: 1e250 (see the module comment). */
export const MAX_SENSITIVITY = 1e250;

/** The smallest ε of one noisy release (a mechanism, an accountant entry): 1e-10 (see the module comment). */
export const MIN_EPSILON = 1e-10;

/** The smallest ε of a model fit, which is split over many releases: 1e-6 (see the module comment). */
export const MIN_MODEL_EPSILON = 1e-6;

/** The smallest rate ε/Δ the exact discrete Laplace sampler can represent: 2^-48. */
export const MIN_NOISE_RATE = 2 ** -48;

/** The largest ε of one release or one model fit: 1000 (see the module comment). `Infinity` is separate. */
export const MAX_EPSILON = 1000;

/** ε beyond which a grid mechanism's grid stops getting finer: 8, so Λ ≥ Δ/2^16 (see the module comment). */
export const GRID_EPSILON_CAP = 8;

/**
 * The largest number of values any input can hold: 2^32, the longest typed array in Node. Round-off
 * checks use it instead of the private number of values (see the module comment).
 */
export const MAX_VALUES = 2 ** 32;

/** The most iterations of a DP fit (noisy iterations, or Lloyd updates on a synopsis): 1000 (see above). */
export const MAX_ITERATIONS = 1000;

/** The most k-means++ restarts (`nInit`) of a DP fit or a synopsis fit: 1000 (see the module comment). */
export const MAX_RESTARTS = 1000;

/** The most cells of an EUGkM grid: 2^22 (see the module comment; the same number as `EUGKM_MAX_CELLS`). */
export const MAX_GRID_CELLS = 2 ** 22;

/** The most clusters of any model: 10,000 (see the module comment). */
export const MAX_CLUSTERS = 10_000;

/** The most fits in one `epsilonSweep` or `dpElbow`: 10,000 (see the module comment). */
export const MAX_SWEEP_FITS = 10_000;

/** The largest weight of one point: 2^53 (see the module comment). */
export const MAX_WEIGHT = 2 ** 53;

/** The supported magnitude as a learner reads it in a message: "1e100". */
export const MAX_MAGNITUDE_TEXT = "1e100";

/**
 * The numbers each lesson's markdown may state: public facts (the Pokédex, the domain bounds, the source
 * documents' settings, published results with their citation), each with why it is public. Anything else a
 * lesson says with a number is a measurement and belongs on a claim card (`showClaim`), computed by the run.
 * Checked by `prose.test.ts`. Small counts (0–10), years and numbering need no entry.
 */
export const GLOBAL_PUBLIC_NUMBERS: Record<string, string> = {
  "1025": "species in the Pokédex (public, data/README.md)",
  "251": "the first two generations, as the source document's Airflow example uses",
  "999.9": "upper bound of weights in kg (public domain bound)",
  "0.1": "lower bound of weights (kg) and heights (m) (public domain bound)",
  "255": "upper bound of the base stats (public domain bound)",
  "100": "upper bound of heights in m (public domain bound); also 'percent'",
};

/** Per lesson (the notebook's name without `.ipynb`): numbers its markdown may state, and why. */
export const LESSON_PUBLIC_NUMBERS: Record<string, Record<string, string>> = {
  "00-welcome": {},
  "01-deidentification": {
    "38": "reading time estimate (reading-time.test.ts: words / 180 + 0.5 × code cells)",
    "250": "the first 250 Pokémon: the neighbour of the first 251 without Celebi (#251), a choice of the lesson",
    "40": "the DP release's public histogram bins (DEFAULT_BINS in src/deidentify/dp-release.ts, a design constant)",
  },
  "02-comparing-models": {
    "27": "reading time estimate (reading-time.test.ts: words / 180 + 0.5 × code cells)",
    "1.00": "the quality ratio of two equally good sets of centres (its definition)",
  },
  "03-building-dp-models": {
    "40": "reading time estimate (≥ words/180 + 0.5 × code cells, checked by the lesson's test)",
    "5%": "the share of ε a DP model spends on a noisy count of the rows without publicSize (a library constant, README)",
    "0.5": "example value in checkpoint 3.2's question (ε of each fit)",
    "0.125": "example value in checkpoint 3.2's choices (0.5 × 0.5 × 0.5)",
    "1.5": "example value in checkpoint 3.2's choices (three fits of 0.5)",
    "0.225": "Su et al.'s constant ρ in DPLloyd's split and schedule (CODASPY 2016)",
  },
  "04-preprocessing": {
    "35": "reading time estimate (≥ words/180 + 0.5 × code cells, checked by the lesson's test)",
    "1.00": "the quality ratio's definition: 1.00 means as tight as the reference",
    "0.5": "example value in checkpoint 4.2's question (ε of the DP PCA and of the DP k-means)",
    "0.25": "example value in checkpoint 4.2's choices (one ε = 0.5 shared by two steps)",
    "1.5": "example value in checkpoint 4.2's choices",
    "128": "midpoint of the stats' public range 1–255, for scaling by public bounds",
    "127": "half-width of the stats' public range 1–255, for scaling by public bounds",
  },
  "05-elbow-method": {
    "30": "reading time estimate (≥ words/180 + 0.5 × code cells, checked by the lesson's test)",
    "10%": "the elbow rule's threshold, a choice the lesson states (its GAIN constant)",
    "0.5": "example value in checkpoint 5.1's question (ε of each fit)",
    "0.0625": "example value in checkpoint 5.1's choices (0.5 ÷ 8)",
  },
  "06-epsilon-tradeoffs": {
    "30": "reading time estimate (words / 180 + half a minute per code cell)",
    "1024": "checkpoint 6.1's example: the 1,025 species without Pikachu",
    "1.00": "the quality ratio of a fit exactly as good as non-private (a definition)",
    "2.7": "e ≈ 2.718, Euler's number: what one unit of ε multiplies a likelihood by",
    "0.5": "example value in checkpoint 6.2's question",
    "0.25": "example value in checkpoint 6.2's choice (d)",
  },
  "07-beyond-dplloyd": {
    "32": "reading time estimate (words / 180 + half a minute per code cell)",
    "1.00": "the quality ratio of a fit exactly as good as non-private (a definition)",
    "16": "the benchmark blobs' public bounds ±16 per feature, fixed before the data was generated",
    "0.6": "diffprivlib's version 0.6.6, whose defects the table lists (public)",
    "1580": "a size where DPLloyd's public schedule changes T at ε = 1 (the audit's design, from public numbers)",
    "1581": "the neighbouring size of that audit pair",
    "99.9%": "the confidence level the audit's Clopper–Pearson bounds are built for (a design choice)",
    "1000": "the far-away record in the practice question's D′ (an example value)",
  },
  "08-privacy-in-practice": {
    "23": "reading time estimate (words / 180 + half a minute per code cell)",
    "20": "ln 20, the Laplace 95% factor (P(|noise| > b·ln 20) = 5%)",
    "95%": "the coverage level the accuracy calculator is defined for (a chosen level)",
    "5%": "the library's fixed share of ε for a noisy size when none is declared (NOISY_SIZE_SHARE, a design constant)",
    "0.6": "diffprivlib's version (public)",
    "0.12": "OpenDP's version the sketch is written for (public)",
    "1.0": "diffprivlib's documented default δ budget of its BudgetAccountant",
  },
  "09-attack-the-models": {
    "25": "reading time estimate (≥ words/180 + 0.5 × code cells)",
  },
};

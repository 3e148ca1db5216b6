/** "did you mean" suggestions by optimal-string-alignment (restricted Damerau–Levenshtein) distance. */

/** Names longer than this get no suggestions. */
export const MAX_SUGGESTABLE = 64;

export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      // A swap of two neighbouring letters ("adma" → "adam") counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1];
}

/**
 * Candidates close enough to be a plausible typo: distance at most ⌊len/3⌋ (at least 1), closest first,
 * ties alphabetical. Case is ignored for the comparison. For the registry's short name lists; names a spec
 * declares itself (constants, layers) go through NameSuggester, whose total work is bounded.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  return closest(name, candidates, max, { spent: 0, limit: Infinity });
}

/** Work units (candidates visited plus distance-table cells) one NameSuggester may spend in all. */
export const SUGGESTION_BUDGET = 10_000_000;

/**
 * "Did you mean" among the names a spec declares, which can be as many as its statements: every unknown
 * name compared with every declared one is quadratic (90,000 of each is 8·10⁹ comparisons). Answers are
 * memoized per name and the total work over one set is capped at SUGGESTION_BUDGET (a fraction of a
 * second); past it no further suggestions are made, so k unknown names among n declared ones cost
 * O(n + k), whatever the file.
 */
export class NameSuggester {
  private readonly candidates: readonly string[];
  private readonly memo = new Map<string, string[]>();
  private readonly budget = { spent: 0, limit: SUGGESTION_BUDGET };

  constructor(names: Iterable<string>) {
    this.candidates = [...new Set(names)];
  }

  suggest(name: string, max = 3): string[] {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    const found = this.budget.spent >= this.budget.limit ? [] : closest(name, this.candidates, max, this.budget);
    this.memo.set(name, found);
    return found;
  }

  /** Work spent so far (for tests that assert the bound). */
  get spent(): number {
    return this.budget.spent;
  }
}

function closest(name: string, candidates: Iterable<string>, max: number, budget: { spent: number; limit: number }): string[] {
  // The distance table is |name|·|candidate|; a typo of a 64-character name is not a plausible mistake,
  // and two 13,000-character names (the fuzzer made them) would need a 169M-entry table.
  if (name.length > MAX_SUGGESTABLE) return [];
  const threshold = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (budget.spent >= budget.limit) break;
    budget.spent++;
    if (seen.has(c) || c === name) continue;
    seen.add(c);
    // The distance is at least the difference in length: skip the table when that already exceeds the threshold.
    if (Math.abs(c.length - name.length) > threshold) continue;
    budget.spent += (name.length + 1) * (c.length + 1);
    const d = editDistance(lower, c.toLowerCase());
    if (d <= threshold) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  return scored.slice(0, max).map((s) => s.c);
}

/** "; did you mean `adam`?" or "" — appended to messages. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  if (suggestions.length === 1) return `; did you mean \`${suggestions[0]}\`?`;
  return `; did you mean ${suggestions
    .slice(0, -1)
    .map((s) => `\`${s}\``)
    .join(", ")} or \`${suggestions[suggestions.length - 1]}\`?`;
}

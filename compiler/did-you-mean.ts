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
 * ties alphabetical. Case is ignored for the comparison.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  // The distance table is |name|·|candidate|; a typo of a 64-character name is not a plausible mistake,
  // and two 13,000-character names (the fuzzer made them) would need a 169M-entry table.
  if (name.length > MAX_SUGGESTABLE) return [];
  const threshold = Math.max(1, Math.floor(name.length / 3));
  const scored: { c: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c) || c === name) continue;
    seen.add(c);
    // The distance is at least the difference in length: skip the table when that already exceeds the threshold.
    if (Math.abs(c.length - name.length) > threshold) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d <= threshold) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  return scored.slice(0, max).map((s) => s.c);
}

/** "; did you mean `adam`?" or "" — appended to messages. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  if (suggestions.length === 1) return `; did you mean \`${suggestions[0]}\`?`;
  return `; did you mean ${suggestions.slice(0, -1).map((s) => `\`${s}\``).join(", ")} or \`${suggestions[suggestions.length - 1]}\`?`;
}

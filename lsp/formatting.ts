/**
 * Formatting with the project's printer. The printer formats whole files (its output is a function of
 * the tree), so range formatting formats the file and keeps only the changed line runs that touch the
 * range; a file with syntax errors is never rewritten.
 */
import type { Range, TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { formatSource } from "../grammar/printer.ts";

export function formatDocument(doc: TextDocument): TextEdit[] {
  const text = doc.getText();
  const { output } = formatSource(text);
  if (output === undefined || output === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: output }];
}

export function formatRange(doc: TextDocument, range: Range): TextEdit[] {
  const text = doc.getText();
  const { output } = formatSource(text);
  if (output === undefined || output === text) return [];
  return lineHunks(splitLines(text), splitLines(output))
    .filter((h) => h.fromStart <= range.end.line && range.start.line <= Math.max(h.fromStart, h.fromEnd - 1))
    .map((h) => ({
      range: { start: { line: h.fromStart, character: 0 }, end: { line: h.fromEnd, character: 0 } },
      newText: h.lines.map((l) => l + "\n").join(""),
    }));
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

interface Hunk {
  /** Replace original lines [fromStart, fromEnd) with `lines`. */
  readonly fromStart: number;
  readonly fromEnd: number;
  readonly lines: readonly string[];
}

/** The LCS table below is n·m cells; past this many the changed middle is replaced as one hunk. */
const MAX_TABLE_CELLS = 4_000_000;

/**
 * Changed runs between two line lists: the common first and last lines are skipped, and the middle is
 * compared by longest common subsequence when its table is small (every real edit), else replaced whole —
 * a 100,000-line file must not need a 10¹⁰-cell table.
 */
export function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  if (midA.length === 0 && midB.length === 0) return [];
  if ((midA.length + 1) * (midB.length + 1) > MAX_TABLE_CELLS) return [{ fromStart: head, fromEnd: head + midA.length, lines: midB }];
  return middleHunks(midA, midB).map((h) => ({ ...h, fromStart: h.fromStart + head, fromEnd: h.fromEnd + head }));
}

function middleHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const si = i;
    const sj = j;
    while ((i < n || j < m) && !(i < n && j < m && a[i] === b[j])) {
      if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) j++;
      else i++;
    }
    if (i - si === j - sj) {
      // Line-for-line rewrites (the usual case: spacing within lines) stay separate, so a range picks only its own lines.
      for (let k = 0; k < i - si; k++) hunks.push({ fromStart: si + k, fromEnd: si + k + 1, lines: [b[sj + k]] });
    } else hunks.push({ fromStart: si, fromEnd: i, lines: b.slice(sj, j) });
  }
  return hunks;
}

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

/** Changed runs between two line lists, by longest common subsequence (specs are small). */
export function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] {
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

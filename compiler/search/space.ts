/**
 * A spec's search space as `nnc sweep` uses it: each dimension with a readable label (the `let` name it
 * is bound to, else the parameter's name) and the source range of its call, and the substitution that
 * turns the spec into one trial: the same text with every distribution call replaced by a number. A
 * trial is therefore an ordinary spec that `nnc train` accepts and that is saved beside the results.
 */
import { parse } from "../../grammar/parse.ts";
import type { SearchDimension } from "./distribution.ts";

export interface LabeledDimension extends SearchDimension {
  readonly label: string;
  /** [start, end) offsets of the whole call `loguniform(1e-5, 1e-2)` in the spec text. */
  readonly start: number;
  readonly end: number;
}

/** The closing parenthesis of the call whose name starts at `offset` (distribution arguments hold no strings). */
function callEnd(text: string, offset: number): number {
  let depth = 0;
  for (let i = text.indexOf("(", offset); i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i + 1;
  }
  throw new Error(`internal: unterminated call at offset ${offset}`);
}

export function labelDimensions(text: string, dims: readonly SearchDimension[]): LabeledDimension[] {
  const file = parse(text).file;
  const used = new Map<string, number>();
  const labeled = dims.map((d) => {
    const start = d.nameSpan.start.offset;
    const binding = file.statements.find(
      (s) => s.kind === "LetStatement" && s.value.span.start.offset <= start && start < s.value.span.end.offset,
    );
    const base = binding?.kind === "LetStatement" ? binding.name.name : d.param;
    used.set(base, (used.get(base) ?? 0) + 1);
    return { ...d, label: base, start, end: callEnd(text, start) };
  });
  // Two unbound `lr` dimensions become `lr` and `lr#2`, in source order.
  const seen = new Map<string, number>();
  return labeled
    .sort((a, b) => a.start - b.start)
    .map((d) => {
      if ((used.get(d.label) ?? 0) < 2) return d;
      const k = (seen.get(d.label) ?? 0) + 1;
      seen.set(d.label, k);
      return k === 1 ? d : { ...d, label: `${d.label}#${k}` };
    });
}

/** The spec text of one trial: each dimension's call replaced by its value. */
export function substitute(text: string, dims: readonly LabeledDimension[], values: readonly number[]): string {
  const order = dims.map((d, i) => ({ d, v: values[i] })).sort((a, b) => b.d.start - a.d.start);
  let out = text;
  for (const { d, v } of order) out = out.slice(0, d.start) + formatNumber(v) + out.slice(d.end);
  return out;
}

/** Numbers as the spec language writes them; 4 significant digits keep tables and trial specs readable. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = Number(v.toPrecision(4));
  return Math.abs(s) < 1e-3 || Math.abs(s) >= 1e6 ? s.toExponential() : String(s);
}

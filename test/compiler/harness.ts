/**
 * Checks spec text and compares diagnostics by code, severity and exact span. Expected spans are written
 * as the snippet of source text the diagnostic should underline, located independently of the checker.
 */
import { expect } from "vitest";
import { parse } from "../../grammar/index.ts";
import { check } from "../../compiler/index.ts";
import type { CheckResult, Diagnostic } from "../../compiler/index.ts";

/** A small valid spec; tests derive variants with `.replace()`. */
export const MINIMAL = `data {
  train = csv("data.csv", label = 2)
  validation = split(train, 0.1)
}
model {
  input = [2]
  fc1: dense(16)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam()
  epochs = 10
}
`;

export function checkText(text: string, options: { trainSize?: number } = {}): CheckResult {
  const parsed = parse(text);
  expect(
    parsed.diagnostics.filter((d) => d.severity === "error"),
    "the test spec must parse",
  ).toEqual([]);
  return check(parsed.file, { source: "test.nn", baseDir: "/specs", trainSize: options.trainSize });
}

/** 1-based line:column of an offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** `severity code line:col-line:col` for the n-th occurrence (1-based) of `snippet` in `text`. */
export function at(text: string, severity: "error" | "warning", code: string, snippet: string, occurrence = 1): string {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(snippet, offset + 1);
    if (offset < 0) throw new Error(`snippet not found: ${snippet}`);
  }
  return `${severity} ${code} ${position(text, offset)}-${position(text, offset + snippet.length)}`;
}

/** Like `at`, for the first `snippet` inside the first occurrence of the larger `within`. */
export function atIn(text: string, severity: "error" | "warning", code: string, within: string, snippet: string): string {
  const base = text.indexOf(within);
  const inner = within.indexOf(snippet);
  if (base < 0 || inner < 0) throw new Error(`snippet not found: ${snippet} in ${within}`);
  const offset = base + inner;
  return `${severity} ${code} ${position(text, offset)}-${position(text, offset + snippet.length)}`;
}

export function describeDiagnostic(d: Diagnostic): string {
  return `${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column}-${d.span.end.line}:${d.span.end.column}`;
}

/** Asserts that checking `text` gives exactly these diagnostics (order-insensitive). */
export function expectDiagnostics(text: string, expected: string[], options: { trainSize?: number } = {}): readonly Diagnostic[] {
  const { diagnostics } = checkText(text, options);
  expect(diagnostics.map(describeDiagnostic).sort(), diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")).toEqual(
    [...expected].sort(),
  );
  return diagnostics;
}

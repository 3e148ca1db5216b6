/**
 * What must hold for every input the fuzzer makes, whatever it is: `check`, `fmt` and `compile` return
 * (never throw), every diagnostic is well formed with a span inside the text, the formatter is idempotent
 * on everything that parses, and a spec that checks clean compiles to code. Failures are returned as
 * values so a campaign can count and print them all.
 */
import { analyze, compile } from "../../../compiler/index.ts";
import { formatDiagnostic } from "../../../compiler/diagnostics.ts";
import { formatSource, parse, type Diagnostic } from "../../../grammar/index.ts";

export interface FuzzOutcome {
  readonly failures: string[];
  /** The spec parsed without syntax errors. */
  readonly parsed: boolean;
  /** The spec checked without errors. */
  readonly clean: boolean;
  /** compile produced a module. */
  readonly compiled: boolean;
}

/** Offsets at which each line starts; like the lexer (and editors), "\r\n", "\r" and "\n" each end a line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The 1-based line and column (UTF-16 units) of an offset. */
function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** Why a diagnostic is malformed, or undefined when it is fine. */
export function badDiagnostic(text: string, d: Diagnostic, starts: readonly number[]): string | undefined {
  if (!/^NN\d{4}$/.test(d.code)) return `bad code ${JSON.stringify(d.code)}`;
  if (typeof d.message !== "string" || d.message.length === 0) return `${d.code} has no message`;
  if (d.severity !== "error" && d.severity !== "warning" && d.severity !== "info") return `${d.code} has severity ${String(d.severity)}`;
  const { start, end } = d.span;
  const ints = [start.offset, start.line, start.column, end.offset, end.line, end.column].every(Number.isInteger);
  if (!ints) return `${d.code} span has non-integer positions`;
  if (start.offset < 0 || start.offset > end.offset || end.offset > text.length)
    return `${d.code} span [${start.offset}, ${end.offset}) outside the text (length ${text.length})`;
  for (const p of [start, end]) {
    const want = positionAt(starts, p.offset);
    if (p.line !== want.line || p.column !== want.column)
      return `${d.code} position ${p.line}:${p.column} does not match offset ${p.offset} (${want.line}:${want.column})`;
  }
  return undefined;
}

function checkDiagnostics(stage: string, text: string, ds: readonly Diagnostic[], failures: string[]): void {
  const starts = lineStarts(text);
  for (const d of ds) {
    const bad = badDiagnostic(text, d, starts);
    if (bad) failures.push(`${stage}: ${bad}`);
    else formatDiagnostic(d, "fuzz.nn", text); // what the CLI prints must not throw either
  }
}

/** Runs check, fmt (twice) and, when the spec is clean, compile. `baseDir` resolves the spec's data paths. */
export async function fuzzOne(text: string, baseDir: string, options: { compile?: boolean } = {}): Promise<FuzzOutcome> {
  const failures: string[] = [];
  let parsed = false;
  let clean = false;
  let compiled = false;
  const guard = async (stage: string, f: () => unknown) => {
    try {
      await f();
    } catch (e) {
      failures.push(`${stage} threw: ${e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 4).join(" | ") : String(e)}`);
    }
  };
  await guard("parse", () => {
    const p = parse(text);
    checkDiagnostics("parse", text, p.diagnostics, failures);
    parsed = !p.diagnostics.some((d) => d.severity === "error");
  });
  await guard("check", () => {
    const r = analyze(text, { source: "fuzz.nn", baseDir });
    checkDiagnostics("check", text, r.diagnostics, failures);
    clean = r.plan !== undefined && !r.diagnostics.some((d) => d.severity === "error");
  });
  await guard("fmt", () => {
    const once = formatSource(text);
    if (parsed !== (once.output !== undefined))
      failures.push(
        `fmt: output ${once.output === undefined ? "missing" : "present"} although the parse ${parsed ? "succeeded" : "failed"}`,
      );
    if (once.output === undefined) return;
    const twice = formatSource(once.output);
    if (twice.output !== once.output) failures.push("fmt: not idempotent (formatting the formatted text changes it)");
    if (twice.diagnostics.some((d) => d.severity === "error")) failures.push("fmt: the formatted text has syntax errors");
    const before = analyze(text, { source: "fuzz.nn", baseDir });
    const after = analyze(once.output, { source: "fuzz.nn", baseDir });
    const codes = (ds: readonly Diagnostic[]) =>
      ds
        .filter((d) => d.severity === "error")
        .map((d) => d.code)
        .sort()
        .join(",");
    if (codes(before.diagnostics) !== codes(after.diagnostics))
      failures.push(`fmt: changes the meaning (errors ${codes(before.diagnostics)} → ${codes(after.diagnostics)})`);
  });
  if (clean && options.compile !== false) {
    await guard("compile", async () => {
      const r = await compile(text, { source: "fuzz.nn", baseDir });
      checkDiagnostics("compile", text, r.diagnostics, failures);
      if (r.code === undefined) failures.push("compile: a spec that checks clean produced no code");
      else compiled = true;
    });
  }
  return { failures, parsed, clean, compiled };
}

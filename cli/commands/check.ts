/** `nnc check FILE... [--json]`: diagnostics with carets and the per-layer table; exit 0 clean, 1 errors, 2 usage. */
import { InvalidArgumentError } from "commander";
import type { Command } from "commander";
import type { Diagnostic, Summary } from "../../compiler/index.ts";
import type { CheckedSpec } from "../spec-file.ts";
import { escapeMessage } from "../../runtime/text/escape.ts";

// Heavy imports are loaded when the command runs, not when it is registered: `nnc --help` registers
// every command and should load none of their machinery (docs/packaging.md, cold start).
type Compiler = typeof import("../../compiler/index.ts");

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  suggestions?: readonly string[];
}

function jsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  const j: JsonDiagnostic = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
  };
  if (d.suggestions !== undefined) j.suggestions = d.suggestions;
  return j;
}

function printText({ formatDiagnostic, formatSummary, summarize }: Compiler, spec: CheckedSpec, many: boolean): void {
  for (const d of spec.diagnostics) console.log(formatDiagnostic(d, spec.fileName, spec.source) + "\n");
  if (spec.plan !== undefined) {
    if (many) console.log(`${escapeMessage(spec.fileName)}:`);
    console.log(formatSummary(summarize(spec.plan)) + "\n");
    // Not a diagnostic: a spec imported by a TypeScript program may get its data from train({ data }).
    if (spec.plan.data === undefined)
      console.log(`note: ${spec.fileName} has no data block: \`nnc train\`, \`eval\` and the other commands that read data need one\n`);
  }
  const errors = spec.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = spec.diagnostics.filter((d) => d.severity === "warning").length;
  if (errors + warnings > 0)
    console.log(
      `${escapeMessage(spec.fileName)}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
    );
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

export function register(program: Command): void {
  program
    .command("check")
    .description("check .nn files: report diagnostics and print each model's layers, parameters and FLOPs")
    .argument("<files...>", "spec files")
    .option("--json", "print the result as JSON")
    .option(
      "--train-size <n>",
      "training-set size after the validation split, to convert epochs to steps in schedules (default: from the data files)",
      parseCount,
    )
    .option(
      "--no-data",
      "do not read the data files' headers (existence, IDX dimensions, CSV columns, labels) to compare them with the spec",
    )
    .action(async (files: string[], opts: { json?: boolean; trainSize?: number; data: boolean }) => {
      const compiler = await import("../../compiler/index.ts");
      const { checkSpec } = await import("../spec-file.ts");
      // A file that cannot be read ends the command (UnreadableFileError: one line, exit 2).
      const results: CheckedSpec[] = files.map((f) => checkSpec(f, { trainSize: opts.trainSize, readData: opts.data }));
      if (opts.json === true) {
        const out = results.map((r) => ({
          file: r.fileName,
          diagnostics: r.diagnostics.map(jsonDiagnostic),
          summary: r.plan === undefined ? null : (compiler.summarize(r.plan) satisfies Summary),
        }));
        console.log(JSON.stringify({ files: out }, null, 2));
      } else {
        for (const r of results) printText(compiler, r, files.length > 1);
      }
      process.exitCode = results.some((r) => r.hasErrors) ? 1 : 0;
    });
}

/** Reads, parses and checks one spec file: shared by the commands that start from a `.nn` file. */
import * as path from "node:path";
import { parse } from "../grammar/index.ts";
import { check, hasErrors } from "../compiler/index.ts";
import { readHeadersNow } from "./data-headers.ts";
import { readSpecText } from "./spec-text.ts";
import type { Diagnostic, Plan } from "../compiler/index.ts";

export interface CheckedSpec {
  readonly fileName: string;
  readonly source: string;
  readonly diagnostics: Diagnostic[];
  readonly plan: Plan | undefined;
}

/** A file that cannot be read: a usage problem (exit 2), not a spec error. */
export class UnreadableFileError extends Error {
  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(`cannot read ${fileName}: ${reason}`);
  }
}

export function readSpec(fileName: string): string {
  const read = readSpecText(fileName);
  if ("problem" in read) throw new UnreadableFileError(fileName, read.problem);
  return read.text;
}

/** Syntax errors stop before checking: the checker would only report follow-on noise. */
export function checkSpec(fileName: string, options: { trainSize?: number; readData?: boolean } = {}): CheckedSpec {
  const source = readSpec(fileName);
  const parsed = parse(source);
  if (hasErrors(parsed.diagnostics)) return { fileName, source, diagnostics: parsed.diagnostics, plan: undefined };
  // With readData, the data files' headers are read (bounded) and compared with the spec (compiler/checks/data-files.ts).
  const dataHeaders = options.readData === true ? readHeadersNow() : undefined;
  const result = check(parsed.file, {
    source: fileName,
    baseDir: path.dirname(path.resolve(fileName)),
    trainSize: options.trainSize,
    dataHeaders,
  });
  return { fileName, source, diagnostics: [...parsed.diagnostics, ...result.diagnostics], plan: result.plan };
}

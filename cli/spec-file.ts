/** Reads and analyzes one spec file: `nnc check` (the commands that run a spec compile it, cli/spec-module.ts). */
import * as path from "node:path";
import { analyze, type Analysis } from "../compiler/index.ts";
import { readHeadersNow } from "./data-headers.ts";
import { readSpec } from "./read-spec.ts";

export interface CheckedSpec extends Analysis {
  readonly fileName: string;
  readonly source: string;
}

/** Throws UnreadableFileError (exit 2) when the file cannot be read. */
export function checkSpec(fileName: string, options: { trainSize?: number; readData?: boolean } = {}): CheckedSpec {
  const source = readSpec(fileName);
  const analysis = analyze(source, {
    source: fileName,
    baseDir: path.dirname(path.resolve(fileName)),
    trainSize: options.trainSize,
    // With readData, the data files' headers are read (bounded) and compared with the spec (compiler/checks/data-files.ts).
    dataHeaders: options.readData === true ? readHeadersNow() : undefined,
  });
  return { ...analysis, fileName, source };
}

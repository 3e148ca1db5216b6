import { escapeMessage } from "../text/escape.ts";

/**
 * A data file (or a data set built from one) that cannot be used. The message starts with `path` (and
 * `:line` for text formats) and says what was wrong and what was expected; `path` and `line` are also kept
 * as fields so the CLI can format them itself.
 */
export class DataError extends Error {
  readonly path: string;
  /** 1-based line for text formats, undefined otherwise. */
  readonly line: number | undefined;

  constructor(path: string, message: string, line?: number) {
    super(escapeMessage(`${path}${line === undefined ? "" : `:${line}`}: ${message}`));
    this.name = "DataError";
    this.path = path;
    this.line = line;
  }
}

import { escapeMessage } from "../text/escape.ts";

/** A checkpoint file that cannot be read or written. The message starts with `path` and names the problem. */
export class CheckpointError extends Error {
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(escapeMessage(`${path}: ${message}`), options);
    this.name = "CheckpointError";
    this.path = path;
  }
}

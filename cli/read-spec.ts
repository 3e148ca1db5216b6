/**
 * Reading a spec file's text, bounded — the one reader of `.nn` files for the CLI, the loader hook and the
 * Vite plugin. A spec is refused unread when it is not a regular file (`nnc check /dev/zero` read until
 * memory ran out; a FIFO blocked forever) or larger than MAX_SPEC_BYTES (checking costs up to ~300 bytes of
 * heap per character: 10 MB, the largest size the fuzzer's scaling run checks, is about three gigabytes
 * and half a minute). The file is opened as data and checkpoints are (runtime/files/regular-file.ts):
 * non-blocking and checked again on the open descriptor, so a path swapped for a FIFO after the check
 * cannot block either.
 */
import { closeFile, openRegularFile, readAt } from "../runtime/files/regular-file.ts";
import { UsageError } from "./errors.ts";

export const MAX_SPEC_BYTES = 10 * 1024 * 1024;

/** The spec's text, or why it cannot be read, as a sentence that follows the path (`file not found`, ...). */
export function readSpecText(path: string): { readonly text: string } | { readonly problem: string } {
  const opened = openRegularFile(path, "a .nn spec");
  if ("problem" in opened) return { problem: opened.problem };
  try {
    if (opened.size > MAX_SPEC_BYTES) {
      const size = opened.size.toLocaleString("en-US");
      return { problem: `is ${size} bytes; nnc reads specs of up to ${MAX_SPEC_BYTES.toLocaleString("en-US")} bytes (10 MiB)` };
    }
    return { text: readAt(opened.fd, 0, opened.size).toString("utf8") };
  } catch (e) {
    return { problem: `cannot be read (${(e as Error).message})` };
  } finally {
    closeFile(opened.fd);
  }
}

/** A spec file that cannot be read: a usage problem (exit 2), not a spec error. */
export class UnreadableFileError extends UsageError {
  constructor(
    readonly fileName: string,
    problem: string,
  ) {
    super(`${fileName}: ${problem}`);
  }
}

/** The spec's text; throws UnreadableFileError (one line, exit 2) when it cannot be read. */
export function readSpec(path: string): string {
  const read = readSpecText(path);
  if ("problem" in read) throw new UnreadableFileError(path, read.problem);
  return read.text;
}

/**
 * Reading a spec file's text, bounded: a spec is refused unread when it is not a regular file (`nnc check
 * /dev/zero` read until memory ran out; a FIFO blocked forever) or larger than MAX_SPEC_BYTES (checking
 * costs up to ~300 bytes of heap per character: 10 MB, the largest size the fuzzer's scaling run checks, is
 * about three gigabytes and half a minute).
 */
import { readFileSync, statSync } from "node:fs";

export const MAX_SPEC_BYTES = 10 * 1024 * 1024;

/** The spec's text, or why it cannot be read (`no such file`, `it is a directory`, ...). */
export function readSpecText(path: string): { readonly text: string } | { readonly problem: string; readonly code?: string } {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { problem: "it is a directory", code: "EISDIR" };
    if (!st.isFile()) return { problem: "it is not a regular file (a device, FIFO or socket); nnc reads specs from files" };
    if (st.size > MAX_SPEC_BYTES)
      return {
        problem: `it is ${st.size.toLocaleString("en-US")} bytes; nnc reads specs of up to ${MAX_SPEC_BYTES.toLocaleString("en-US")} bytes (10 MiB)`,
      };
    return { text: readFileSync(path, "utf8") };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { problem: err.code === "ENOENT" ? "no such file" : err.message, code: err.code };
  }
}

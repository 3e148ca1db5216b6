/**
 * Opening a file nnc reads in full (data, checkpoints) only when it is a regular file. A named pipe
 * blocks a reader until a writer appears (forever, when none does), a device such as /dev/zero or
 * /dev/urandom never ends, and a directory has no bytes: each is refused with a reason naming what the path
 * is. The file is opened non-blocking, so a path swapped for a pipe between the check and the open still
 * cannot block, and checked again on the open descriptor. Node only; the browser loaders fetch instead.
 */
import type { Stats } from "node:fs";
import { nodeFs } from "../node.ts";

const fs = (path: string) => nodeFs(`reading ${path}`, "in a browser, data files are fetched by URL (see docs/browser.md)");

/** What a non-regular path is, in words: "a directory", "a named pipe (FIFO)", ... */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/** A reason the path cannot be read, or the open file. */
export type OpenResult = { readonly fd: number; readonly size: number } | { readonly problem: string; readonly cause?: unknown };

/** Opens `path` for reading when it is a regular file; `expected` completes "…; expected X". */
export function openRegularFile(path: string, expected: string): OpenResult {
  const { closeSync, constants, fstatSync, openSync, statSync } = fs(path);
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { problem: "file not found", cause: e };
    if (code === "ENOTDIR") return { problem: "file not found (a part of the path is a file, not a folder)", cause: e };
    return { problem: `cannot be read (${(e as Error).message})`, cause: e };
  }
  if (!st.isFile()) return { problem: `is ${kindOf(st)}; expected ${expected}, a regular file` };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { problem: `cannot be read (${(e as Error).message})`, cause: e };
  }
  const opened = fstatSync(fd);
  if (!opened.isFile()) {
    closeSync(fd);
    return { problem: `is ${kindOf(opened)}; expected ${expected}, a regular file` };
  }
  return { fd, size: opened.size };
}

/** Reads `length` bytes at `position` (fewer only when the file is shorter). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const { readSync } = fs("a file");
  const out = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, out, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? out : out.subarray(0, got);
}

export function closeFile(fd: number): void {
  fs("a file").closeSync(fd);
}

/**
 * Reading a data file from disk (Node): only regular files (see runtime/files/regular-file.ts), and never
 * more than the caller's bound, checked against the file's size before a byte is read. OS errors become
 * DataErrors that name the path.
 */
import { closeFile, openRegularFile, readAt } from "../files/regular-file.ts";
import { DataError } from "./errors.ts";

/** An open data file: its descriptor and size. Close it with closeDataFile. */
export interface DataFile {
  readonly path: string;
  readonly fd: number;
  readonly size: number;
}

/** Opens a regular data file or throws a DataError saying what the path is and what was `expected`. */
export function openDataFile(path: string, expected: string): DataFile {
  const r = openRegularFile(path, expected);
  if ("problem" in r) throw new DataError(path, r.problem);
  return { path, fd: r.fd, size: r.size };
}

export function closeDataFile(f: DataFile): void {
  closeFile(f.fd);
}

export function readDataRange(f: DataFile, position: number, length: number): Buffer {
  try {
    return readAt(f.fd, position, length);
  } catch (e) {
    throw new DataError(f.path, `cannot be read (${(e as Error).message})`);
  }
}

/** The whole file, when it is a regular file of at most `maxBytes` bytes (`what` names it in the error). */
export function readDataFile(path: string, expected: string, maxBytes: number): Buffer {
  const f = openDataFile(path, expected);
  try {
    if (f.size > maxBytes) throw new DataError(path, `is ${f.size} bytes; ${expected} is read whole, and at most ${maxBytes} bytes can be`);
    return readDataRange(f, 0, f.size);
  } finally {
    closeDataFile(f);
  }
}

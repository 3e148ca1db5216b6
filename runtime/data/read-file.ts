import { readFileSync } from "node:fs";
import { DataError } from "./errors.ts";

/** Reads a whole data file, turning the operating system's errors into DataErrors that name the path. */
export function readDataFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataError(path, "file not found");
    if (code === "EISDIR")
      throw new DataError(path, "is a directory; expected a data file");
    throw new DataError(path, `cannot be read (${(e as Error).message})`);
  }
}

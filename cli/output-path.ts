/**
 * Where a command writes: `--out` folders (train, lr-find, sweep, ensemble, report) and output files
 * (`compile -o`, `predict --output`). A path that cannot be used — an existing file where a folder is
 * wanted, a folder below a file, a read-only file system, no permission, a full disk — ends the command
 * with one line naming the flag, the path and the reason, before any work is done.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../runtime/checkpoint/atomic.ts";
import { OutputError } from "./errors.ts";

/** The operating system's reason for a failed write, in words (the code stays, for searching). */
export function writeFailureReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const cause = (e.cause as NodeJS.ErrnoException | undefined)?.code !== undefined ? (e.cause as NodeJS.ErrnoException) : e;
  switch (cause.code) {
    case "EROFS":
      return "the file system is read-only (EROFS)";
    case "EACCES":
    case "EPERM":
      return `permission denied (${cause.code})`;
    case "ENOSPC":
      return "no space left on the device (ENOSPC)";
    case "EDQUOT":
      return "disk quota exceeded (EDQUOT)";
    case "ENAMETOOLONG":
      return "the name is too long (ENAMETOOLONG)";
    case "ELOOP":
      return "too many symbolic links (ELOOP)";
    case "EISDIR":
      return "it is a folder (EISDIR)";
    default:
      return cause.code ?? cause.message ?? String(error);
  }
}

/** The nearest existing ancestor of `path` (what blocks a folder from being created below it). */
function nearestExisting(path: string): { path: string; isDirectory: boolean } | undefined {
  for (let p = dirname(path); ; p = dirname(p)) {
    const st = statOrUndefined(p);
    if (st !== undefined) return { path: p, isDirectory: st.isDirectory() };
    if (dirname(p) === p) return undefined;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR (a parent is a file) is reported by the mkdir below
  }
}

/**
 * The error of creating the first missing folder on the way to `dir` by itself: a recursive mkdir reports
 * ENOENT on a read-only file system, where the plain mkdir says EROFS.
 */
function firstMkdirFailure(dir: string): unknown {
  let missing = dir;
  while (dirname(missing) !== missing && statOrUndefined(dirname(missing)) === undefined) missing = dirname(missing);
  try {
    mkdirSync(missing);
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Makes sure `dir` is a folder nnc can create files in, creating it (and its parents) when missing. */
export function prepareOutputFolder(dir: string, flag: string): void {
  const st = statOrUndefined(dir);
  if (st !== undefined && !st.isDirectory())
    throw new OutputError(`${flag} ${dir}: is a file; expected a folder (it is created if missing)`);
  if (st === undefined) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST" || code === "ENOTDIR") {
        const blocker = nearestExisting(dir);
        if (blocker && !blocker.isDirectory) throw new OutputError(`${flag} ${dir}: cannot create the folder: ${blocker.path} is a file`);
      }
      throw new OutputError(`${flag} ${dir}: cannot create the folder: ${writeFailureReason(firstMkdirFailure(dir) ?? e)}`);
    }
  }
}

/**
 * Writes an output file atomically; a path that cannot be written is one clear line, naming the `flag`
 * (or command) that chose the path, when there is one.
 */
export function writeOutputFile(path: string, data: string | Uint8Array, flag?: string): void {
  const named = flag === undefined ? path : `${flag} ${path}`;
  const st = statOrUndefined(path);
  if (st?.isDirectory()) throw new OutputError(`${named}: is a folder; expected a file name`);
  const blocker = nearestExisting(path);
  if (blocker && !blocker.isDirectory) throw new OutputError(`${named}: cannot write the file: ${blocker.path} is a file, not a folder`);
  if (statOrUndefined(dirname(path)) === undefined)
    throw new OutputError(`${named}: cannot write the file: the folder ${dirname(path)} does not exist`);
  try {
    writeFileAtomic(path, data);
  } catch (e) {
    throw new OutputError(`${named}: cannot write the file: ${writeFailureReason(e)}`);
  }
}

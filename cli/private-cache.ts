/**
 * Folders under the system's temporary directory that nnc reuses across runs — generated modules (spec-module.ts),
 * compiled code of its toolchain (code-cache.ts). What is found there is run, so the folder must be one that only
 * this user can write: on a machine shared with other users, /tmp is writable by all of them, and anyone could
 * create the folder first (or put files in it) to have their code run by someone else's nnc.
 */
import { lstatSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * `tmpdir()/NAME-UID`, created private (mode 700) if it does not exist; undefined when it exists but is not a
 * folder of this user's that others cannot write (a symlink, someone else's, or group- or world-writable). On
 * systems without user ids (Windows, where the temporary directory is the user's own) `tmpdir()/NAME`.
 */
export function sharedPrivateFolder(name: string): string | undefined {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), uid === undefined ? name : `${name}-${uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const folder = lstatSync(dir);
    if (!folder.isDirectory()) return undefined;
    if (uid !== undefined && (folder.uid !== uid || (folder.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

const roots = new Map<string, string>();

/**
 * The folder for NAME's cache: sharedPrivateFolder(NAME), or, when that cannot be trusted, a new private folder of
 * this process's own (so nothing is reused, and nothing anyone else wrote is run), removed when the process (or the
 * worker thread that made it) exits. The same folder for the whole process.
 */
export function cacheRoot(name: string): string {
  let root = roots.get(name);
  if (root === undefined) {
    root = sharedPrivateFolder(name) ?? ownFolder(name);
    roots.set(name, root);
  }
  return root;
}

function ownFolder(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  // Nothing in it outlives the process: no later run can reuse it.
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

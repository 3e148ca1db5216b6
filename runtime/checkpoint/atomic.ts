/**
 * Crash-safe file replacement: the bytes go to a temporary file in the target's directory (same file system,
 * so rename is atomic), are fsynced, and the temporary file is renamed over the target; then the directory
 * is fsynced so the rename itself survives a power loss. A reader sees either the old or the new content,
 * never a half-written file. On failure the temporary file is removed.
 */
import { nodeCrypto, nodeFs, nodePath, processId } from "../node.ts";
import { CheckpointError } from "./errors.ts";

const INSTEAD = "in a browser, take the bytes (safetensorsBytes, checkpointBytes) and offer them as a download (see docs/browser.md)";

function fsyncDirectory(dir: string): void {
  const { closeSync, fsyncSync, openSync } = nodeFs("syncing a directory");
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch (e) {
    // Some platforms (Windows) and file systems cannot open or fsync a directory; the rename already happened.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EACCES") throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } = nodeFs(`writing ${path}`, INSTEAD);
  const { basename, dirname, join } = nodePath(`writing ${path}`, INSTEAD);
  const { randomBytes } = nodeCrypto(`writing ${path}`);
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${processId()}.${randomBytes(6).toString("hex")}.tmp`);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx");
    let written = 0;
    while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new CheckpointError(path, `cannot write the file (${(e as Error).message})`, { cause: e });
  }
  try {
    fsyncDirectory(dir);
  } catch (e) {
    throw new CheckpointError(path, `written, but the directory could not be synced (${(e as Error).message})`, { cause: e });
  }
}

/** `.NAME.PID.RANDOM.tmp`: the temporary files writeFileAtomic creates (and a SIGKILL can leave behind). */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files that runs killed mid-write left in `dir` and its direct subfolders
 * (snapshots/, plots/): those whose writer's pid (part of the name) is no longer alive. Returns how many.
 * Call it while holding the folder's run lock, so no other run on this host is writing there.
 */
export function removeStaleTempFiles(dir: string): number {
  const { readdirSync, rmSync } = nodeFs("cleaning a run folder");
  const { join } = nodePath("cleaning a run folder");
  let removed = 0;
  const scan = (folder: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (depth === 0) scan(join(folder, entry.name), 1);
        continue;
      }
      const m = TEMP_NAME.exec(entry.name);
      if (!m || !entry.isFile()) continue;
      const pid = Number(m[1]);
      if (pid === processId() || processAlive(pid)) continue;
      rmSync(join(folder, entry.name), { force: true });
      removed++;
    }
  };
  scan(dir, 0);
  return removed;
}

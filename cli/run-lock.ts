/**
 * An exclusive lock on a run folder, so two runs never write the same folder (two `nnc train --out runs/a`
 * at once used to mix their files: one run's checkpoint with the other's training state and metrics,
 * every checksum valid). The lock is the file `.nnc-run.lock` in the folder, holding the owner's pid, host,
 * command line and start time. It is created complete or not at all: the record is written to a temporary
 * file and hard-linked to the lock name, and link(2) fails if the name exists, atomically, on local and
 * network file systems alike. It is removed when the process exits; a lock left by a run that was killed
 * (SIGKILL, power loss) is stale when its pid is no longer alive on this host, and is taken over. A lock
 * from another host cannot be checked from here and is reported with its host and path.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { removeStaleTempFiles } from "../runtime/checkpoint/atomic.ts";
import { OutputError } from "./errors.ts";
import { prepareOutputFolder, writeFailureReason } from "./output-path.ts";

export const LOCK_FILE = ".nnc-run.lock";

interface LockRecord {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly started: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (typeof r.pid === "number" && typeof r.host === "string")
      return { pid: r.pid, host: r.host, command: String(r.command ?? "?"), started: String(r.started ?? "?") };
  } catch {
    // not ours, or edited by hand: reported as unreadable below
  }
  return undefined;
}

/** Replaces a stale lock, unless another run replaced it first (then its new lock is put back). */
function removeStale(path: string, staleText: string): void {
  const aside = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // already gone
  }
  if (readText(aside) !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // a third run holds the name now; the loop reads its lock next
    }
  }
  rmSync(aside, { force: true });
}

export interface RunLock {
  readonly path: string;
  release(): void;
}

const held = new Set<RunLock>();
process.on("exit", () => held.forEach((l) => l.release()));

/**
 * Locks `dir` (an existing folder) for this process, or ends the command with a line naming the run that
 * holds it. Once locked, temporary files an interrupted run left in the folder are removed.
 */
export function lockRunFolder(dir: string, flag: string): RunLock {
  const path = join(dir, LOCK_FILE);
  const mine: LockRecord = {
    pid: process.pid,
    host: hostname(),
    command: ["nnc", ...process.argv.slice(2)].join(" "),
    started: new Date().toISOString(),
  };
  const text = JSON.stringify(mine) + "\n";
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      writeFileSync(tmp, text, { flag: "wx" });
    } catch (e) {
      throw new OutputError(`${flag} ${dir}: cannot write in the folder: ${writeFailureReason(e)}`);
    }
    try {
      linkSync(tmp, path);
      rmSync(tmp, { force: true });
      const lock: RunLock = {
        path,
        release() {
          held.delete(lock);
          if (readText(path) === text) rmSync(path, { force: true });
        },
      };
      held.add(lock);
      const removed = removeStaleTempFiles(dir);
      if (removed > 0)
        process.stderr.write(`removed ${removed} temporary file${removed === 1 ? "" : "s"} an interrupted run left in ${dir}\n`);
      return lock;
    } catch (e) {
      rmSync(tmp, { force: true });
      if ((e as NodeJS.ErrnoException).code !== "EEXIST")
        throw new OutputError(`${flag} ${dir}: cannot write in the folder: ${writeFailureReason(e)}`);
    }
    const current = readText(path);
    if (current === undefined) continue; // released meanwhile
    const holder = parseRecord(current);
    if (holder === undefined)
      throw new OutputError(
        `${flag} ${dir}: the folder has a lock file nnc cannot read (${path}); if no run is writing the folder, remove that file`,
      );
    if (holder.host === mine.host && (holder.pid === process.pid || !isAlive(holder.pid))) {
      removeStale(path, current);
      continue;
    }
    const where = holder.host === mine.host ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
    const advice = holder.host === mine.host ? "wait for it to finish or choose another folder" : `if that run has ended, remove ${path}`;
    throw new OutputError(
      `${flag} ${dir}: the folder is in use by another run (\`${holder.command}\`, ${where}, started ${holder.started}); ${advice}`,
    );
  }
  throw new OutputError(`${flag} ${dir}: could not take the folder's lock (${path}): other runs keep taking and releasing it`);
}

/** Ends the command when a live run holds `dir` (for a folder this command reads but does not write). */
export function requireUnlocked(dir: string, flag: string): void {
  const current = readText(join(dir, LOCK_FILE));
  const holder = current === undefined ? undefined : parseRecord(current);
  if (holder === undefined) return;
  if (holder.host === hostname() && (holder.pid === process.pid || !isAlive(holder.pid))) return;
  throw new OutputError(
    `${flag} ${dir}: another run is writing this folder (\`${holder.command}\`, pid ${holder.pid} on host ${holder.host}); wait for it to finish`,
  );
}

/** The usual start of a command that writes a run folder: create it (or explain why not), then lock it. */
export function openRunFolder(dir: string, flag = "--out"): RunLock {
  prepareOutputFolder(dir, flag);
  return lockRunFolder(dir, flag);
}

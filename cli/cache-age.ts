/**
 * Cache entries age out. The folder of generated modules (spec-module.ts) gains an entry with every edited spec, sweep
 * trial and run folder, and where the temporary directory is cleared only at boot nothing else would remove them.
 * Each use of an entry marks it (its folder's time); the first entry a process writes removes the entries nobody has
 * used for UNUSED_DAYS.
 */
import { lstatSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { join } from "node:path";

/** Days after its last use that an entry is removed. */
export const UNUSED_DAYS = 30;

/** Marks the entry folder `entry` as used now. */
export function markUsed(entry: string): void {
  const now = new Date();
  try {
    utimesSync(entry, now, now);
  } catch {
    // An entry another process removed meanwhile is written again by whoever needs it next.
  }
}

const pruned = new Set<string>();

/**
 * Removes the entry folders under `root` unused for UNUSED_DAYS, once per process and root: the scan is a stat a
 * folder, and the entries age in days, not between one write and the next.
 */
export function pruneUnused(root: string, now = Date.now()): void {
  if (pruned.has(root)) return;
  pruned.add(root);
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const entry = join(root, name);
    try {
      const stat = lstatSync(entry);
      if (stat.isDirectory() && now - stat.mtimeMs > UNUSED_DAYS * 86_400_000) rmSync(entry, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

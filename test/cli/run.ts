/** Runs the real `nnc` binary, as a user would. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const repo = path.resolve(import.meta.dirname, "../..");

/** `env` adds to (or overrides) this process's environment, as a user's shell variables would. */
export function nnc(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repo, "bin/nnc.js"), ...args], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const created: string[] = [];

/** Removes every folder made by tempSpecs. */
export function removeTempSpecs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes files into a fresh temporary folder and returns its path. */
export function tempSpecs(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "nnc-cli-"));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

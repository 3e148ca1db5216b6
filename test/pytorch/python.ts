/**
 * The Python the PyTorch tests run: NNC_PYTHON, else Debian's /usr/bin/python3 (where `apt-get install
 * python3-torch` puts torch). Without torch the tests are skipped, and say so.
 */
import { spawnSync } from "node:child_process";

export const python = process.env.NNC_PYTHON ?? "/usr/bin/python3";

let cached: boolean | undefined;
let cachedPython: boolean | undefined;

/** Whether `python` runs at all (the hostile-spec checks parse scripts with it; torch is not needed). */
export function hasPython(): boolean {
  if (cachedPython === undefined) {
    cachedPython = spawnSync(python, ["-c", "import ast"], { encoding: "utf8" }).status === 0;
    if (!cachedPython) console.warn(`NOTE: Python checks of generated scripts skipped: ${python} does not run (set NNC_PYTHON).`);
  }
  return cachedPython;
}

/** Whether `python` can import torch and numpy; prints a note the first time it cannot. */
export function hasTorch(): boolean {
  if (cached === undefined) {
    const r = spawnSync(python, ["-c", "import torch, numpy"], { encoding: "utf8" });
    cached = r.status === 0;
    if (!cached) {
      console.warn(`NOTE: PyTorch tests skipped: ${python} cannot import torch and numpy (install python3-torch, or set NNC_PYTHON). ${(r.stderr ?? String(r.error ?? "")).trim().split("\n").pop() ?? ""}`);
    }
  }
  return cached;
}

/** Runs `python args…`; throws with its output when it fails. */
export function runPython(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { stdout: string; stderr: string } {
  const r = spawnSync(python, args, { encoding: "utf8", cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${python} ${args.join(" ")} exited with ${r.status ?? r.signal}:\n${r.stderr}${r.stdout}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

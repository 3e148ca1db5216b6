/**
 * The Python the PyTorch tests run: NNC_PYTHON, else Debian's /usr/bin/python3 (where `apt-get install
 * python3-torch` puts torch). Without torch the tests are skipped, and say so.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

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
      console.warn(
        `NOTE: PyTorch tests skipped: ${python} cannot import torch and numpy (install python3-torch, or set NNC_PYTHON). ${(r.stderr ?? String(r.error ?? "")).trim().split("\n").pop() ?? ""}`,
      );
    }
  }
  return cached;
}

/** Runs `python args…`; throws with its output when it fails. */
export function runPython(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { stdout: string; stderr: string } {
  const r = spawnSync(python, args, { encoding: "utf8", cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${python} ${args.join(" ")} exited with ${r.status ?? r.signal}:\n${r.stderr}${r.stdout}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the nnc CLI in a process group of its own and kills the whole group (torchrun and its workers
 * included) if it has not finished after `timeoutMs`, so a stuck distributed run fails the test instead of
 * hanging it.
 */
export function nncGroup(args: readonly string[], timeoutMs: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "../../bin/nnc.js"), ...args], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      process.kill(-(child.pid as number), "SIGKILL");
    }, timeoutMs);
    child.on("exit", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

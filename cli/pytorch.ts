/**
 * The PyTorch target from the command line: compile a spec to a training script (printing diagnostics as
 * `nnc check` does) and run it, under torchrun when more than one process is asked for.
 */
import { spawn, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { compile, formatDiagnostic } from "../compiler/index.ts";
import { readSpec } from "./read-spec.ts";
import { SpecError, UsageError } from "./errors.ts";

export const TARGETS = ["ts", "pytorch"] as const;

export function parseTarget(value: string): (typeof TARGETS)[number] {
  if (value === "ts" || value === "pytorch") return value;
  throw new UsageError(`--target expects ts or pytorch, got ${JSON.stringify(value)}`);
}

/** The Python interpreter that has torch: --python, else NNC_PYTHON, else python3. */
export function pythonExecutable(flag: string | undefined): string {
  return flag ?? process.env.NNC_PYTHON ?? "python3";
}

/** Compiles `spec` to a script meant for `scriptDir`; throws SpecError (diagnostics already printed) on errors. */
export async function compilePyTorchFile(spec: string, scriptDir: string): Promise<string> {
  const text = readSpec(spec);
  const r = await compile(text, { target: "pytorch", source: spec, baseDir: dirname(resolve(spec)), moduleDir: scriptDir });
  if (r.searchSpace.length > 0 && !r.hasErrors) {
    throw new UsageError(
      `${spec} is a search space (${r.searchSpace.length} distribution${r.searchSpace.length === 1 ? "" : "s"}); run \`nnc sweep ${spec}\` to sample it`,
    );
  }
  for (const d of r.diagnostics) process.stderr.write(formatDiagnostic(d, spec, text) + "\n");
  if (r.code === undefined) throw new SpecError(`${spec} has errors; nothing was compiled`);
  return r.code;
}

/**
 * `python3 -m torch.distributed.run`, run through runpy after one repair: PyTorch 1.13's torchrun parses its
 * --redirects/--tee defaults ("0") by iterating an IntFlag, which Python 3.11 changed, so on Debian 12
 * (Python 3.11, python3-torch 1.13.1) the plain command fails before starting a worker
 * ('NoneType' object has no attribute 'get'; fixed in PyTorch 2.0). The repair parses those values
 * directly and is skipped where it is not needed; everything else is torchrun itself.
 */
export const TORCHRUN = [
  "import runpy, sys",
  "import torch",
  "if sys.version_info >= (3, 11) and torch.__version__.startswith('1.'):",
  "    from torch.distributed.elastic.multiprocessing import api",
  "    def from_str(cls, value):",
  "        if value.strip().isdigit():",
  "            return cls(int(value))",
  "        return {int(k): cls(int(v)) for k, v in (part.split(':') for part in value.split(','))}",
  "    api.Std.from_str = classmethod(from_str)",
  "sys.argv[0] = 'torchrun'",
  "runpy.run_module('torch.distributed.run', run_name='__main__', alter_sys=True)",
].join("\n");

/** The command that runs `script` on `nproc` processes of this machine (torchrun --standalone when nproc > 1). */
export function scriptCommand(python: string, script: string, nproc: number, args: readonly string[]): string[] {
  if (nproc === 1) return [python, script, ...args];
  return [python, "-c", TORCHRUN, "--standalone", "--nproc_per_node", String(nproc), script, ...args];
}

/**
 * Whether `python` can import torch. Asked only after the script failed (importing torch takes about a second), so
 * that a Python without PyTorch gets a line saying so instead of a bare ModuleNotFoundError.
 */
export function importsTorch(python: string): boolean {
  return spawnSync(python, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
}

/** Runs the script with inherited stdio; resolves to its exit code (a signal counts as failure). */
export function runScript(command: readonly string[]): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(command[0], command.slice(1), { stdio: "inherit" });
    child.on("error", (e: NodeJS.ErrnoException) =>
      fail(
        new UsageError(
          e.code === "ENOENT" ? `${command[0]}: no such program (give the Python that has torch with --python or NNC_PYTHON)` : e.message,
        ),
      ),
    );
    child.on("exit", (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

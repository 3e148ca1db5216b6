/**
 * Runs one golden case through the PyTorch target: case.json → .nn spec → compilePyTorch → train.py, run
 * (from the case's init, in the case's batch order) by test/parity/pytorch_case.py, which calls the
 * script's own main(); then the per-step losses and rates, checkpoint.safetensors and the eval-mode outputs
 * are judged exactly as the TypeScript target's are (parity.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compilePyTorch } from "../../compiler/pytorch/index.ts";
import { formatDiagnostic } from "../../compiler/diagnostics.ts";
import { readSafetensors } from "../../runtime/index.ts";
import { python } from "../pytorch/python.ts";
import { failed, judge, readCase, type ParityResult } from "./parity.ts";
import { caseSpec } from "./case-spec.ts";
import { spawn } from "node:child_process";

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(python, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => done({ status: null, stdout, stderr: String(e) }));
    child.on("exit", (status) => done({ status, stdout, stderr }));
  });
}

export async function runPyTorchParityCase(dir: string, workDir = join(tmpdir(), "nnc-parity-pytorch")): Promise<ParityResult> {
  const caseDir = resolve(dir);
  const c = readCase(caseDir);
  const folder = join(workDir, c.name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const { text: spec, baseDir } = caseSpec(c, caseDir, folder);
  const specPath = join(folder, `${c.name}.nn`);
  writeFileSync(specPath, spec);
  const compiled = compilePyTorch(spec, { source: specPath, baseDir, scriptDir: folder });
  if (compiled.code === undefined) {
    return failed(c.name, `spec did not compile:\n${compiled.diagnostics.map((d) => formatDiagnostic(d, specPath, spec)).join("\n")}`);
  }
  const script = join(folder, "train.py");
  writeFileSync(script, compiled.code);
  const out = join(folder, "run");
  const stepLog = join(folder, "steps.jsonl");
  const r = await run([join(import.meta.dirname, "pytorch_case.py"), script, out, stepLog]);
  if (r.status !== 0) return failed(c.name, `${python} ${script} exited with ${r.status}:\n${r.stderr.trim()}`);
  const steps = readFileSync(stepLog, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { loss: number; lr: number; momentum: number | null });
  const recorded = JSON.parse(readFileSync(join(caseDir, "losses.json"), "utf8")) as Record<string, unknown>;
  return judge(caseDir, {
    losses: steps.map((s) => s.loss),
    lrs: steps.map((s) => s.lr),
    momenta: recorded.momentum !== undefined || recorded.beta1 !== undefined ? steps.map((s) => s.momentum ?? NaN) : undefined,
    state: readSafetensors(join(out, "checkpoint.safetensors")).tensors,
    evalRows: JSON.parse(r.stdout.trim().split("\n").pop() ?? "[]") as number[][],
  });
}

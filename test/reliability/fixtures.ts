/** Small synthetic training runs for the reliability tests: a CSV, a spec around it, and the CLI runner. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repo = resolve(import.meta.dirname, "../..");
const nncBin = join(repo, "bin/nnc.js");

/** `rows` rows of 4 features and a class 0-2 that depends on them (a learnable problem), from a fixed LCG. */
export function syntheticCsv(rows: number, seed = 1): string {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const lines = ["a,b,c,d,label"];
  for (let i = 0; i < rows; i++) {
    const x = [rand(), rand(), rand(), rand()];
    const label = x[0] + x[1] > 0.3 ? 0 : x[2] - x[3] > 0 ? 1 : 2;
    lines.push([...x.map((v) => v.toFixed(4)), label].join(","));
  }
  return lines.join("\n") + "\n";
}

export interface SpecOptions {
  readonly epochs?: number;
  readonly optimizer?: string;
  /** Extra lines inside `train { }`. */
  readonly train?: string;
  /** Extra layers before the output layer. */
  readonly layers?: string;
  readonly hidden?: number;
  readonly validation?: boolean;
}

export function syntheticSpec(o: SpecOptions = {}): string {
  return `data {
  train = csv("train.csv", label = 4, header = true)
${o.validation === false ? "" : "  validation = split(train, 0.2)\n"}}

model {
  input = [4]
  fc1: dense(${o.hidden ?? 16})
  relu
${o.layers ?? ""}  out: dense(3)
  loss = cross_entropy()
}

train {
  optimizer = ${o.optimizer ?? "adam(lr = 0.01)"}
  epochs = ${o.epochs ?? 6}
  batch_size = 16
  seed = 7
  checkpoint_every = 1 epochs
${o.train ?? ""}}
`;
}

/** A fresh folder with train.csv and spec.nn. */
export function runFolder(spec: string, rows = 200, files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "nnc-rel-"));
  writeFileSync(join(dir, "train.csv"), syntheticCsv(rows));
  writeFileSync(join(dir, "spec.nn"), spec);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function nnc(args: string[], cwd = repo): Run {
  const r = spawnSync(process.execPath, [nncBin, ...args], { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function nncAsync(args: string[], cwd = repo): ChildProcess {
  return spawn(process.execPath, [nncBin, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
}

/** Polls for DIR/training-state.safetensors, waits `delayMs` more, then SIGKILLs the child (if it still runs). */
export async function killAfterFirstCheckpoint(child: ChildProcess, dir: string, delayMs: number): Promise<void> {
  const state = join(dir, "training-state.safetensors");
  while (!existsSync(state) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, delayMs));
  if (child.exitCode === null) child.kill("SIGKILL");
}

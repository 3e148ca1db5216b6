/**
 * `nnc train --resume DIR` continues exactly: a run stopped early (by --epochs, or by SIGKILL) and resumed
 * ends with the same bits as a run that was never interrupted.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { killAfterFirstCheckpoint, nnc, nncAsync, runFolder, syntheticSpec } from "./fixtures.ts";
import { readRun } from "./state-files.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(spec: string, rows?: number): string {
  const dir = runFolder(spec, rows);
  folders.push(dir);
  return dir;
}

function train(dir: string, out: string, ...extra: string[]) {
  const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, out), "--no-progress", ...extra]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status, r.stderr).toBe(0);
  return r;
}

// Dropout (RNG), EMA, early stopping and a plateau schedule (scalar state) all carry state across a resume.
const stateful = syntheticSpec({
  epochs: 6,
  layers: "  dropout(0.2)\n",
  train: "  ema { decay = 0.9 }\n  early_stopping { patience = 10 }\n  schedule { lr = reduce_on_plateau(factor = 0.5, patience = 0) }\n",
});

describe("exact resume", () => {
  it("a run cut short by --epochs and resumed ends bit-identical to an uninterrupted run", () => {
    const dir = folder(stateful);
    train(dir, "full");
    train(dir, "part", "--epochs", "3");
    const resumed = nnc(["train", join(dir, "spec.nn"), "--resume", join(dir, "part"), "--no-progress"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("resuming from");
    expect(resumed.stderr).not.toMatch(/epoch [123]:/); // the first three epochs are not trained again
    const full = readRun(join(dir, "full"));
    const part = readRun(join(dir, "part"));
    expect(Object.keys(part.tensors).sort()).toEqual(Object.keys(full.tensors).sort());
    for (const name of Object.keys(full.tensors)) expect(part.tensors[name], name).toEqual(full.tensors[name]);
    expect(part.state).toEqual(full.state); // step, epoch, rng, batcher, scalars, history, early stopping
  });

  it("resumes a plain SGD-with-momentum run with a no-validation spec", () => {
    const dir = folder(syntheticSpec({ epochs: 4, optimizer: "sgd(lr = 0.05, momentum = 0.9)", validation: false }));
    train(dir, "full");
    train(dir, "part", "--epochs", "1");
    nnc(["train", join(dir, "spec.nn"), "--resume", join(dir, "part"), "--no-progress"]);
    expect(readRun(join(dir, "part"))).toEqual(readRun(join(dir, "full")));
  });

  it("a run killed with SIGKILL and resumed ends bit-identical to an uninterrupted run", async () => {
    const dir = folder(syntheticSpec({ epochs: 60, layers: "  dropout(0.1)\n", train: "  ema { decay = 0.9 }\n" }), 400);
    train(dir, "full");
    const child = nncAsync(["train", join(dir, "spec.nn"), "--out", join(dir, "killed"), "--no-progress"]);
    const exited = new Promise((r) => child.once("exit", r));
    // Kill once a checkpoint is on disk, wherever the process happens to be (often inside the next checkpoint write).
    await killAfterFirstCheckpoint(child, join(dir, "killed"), 50);
    await exited;
    expect(existsSync(join(dir, "killed", "training-state.safetensors"))).toBe(true);
    const resumed = nnc(["train", join(dir, "spec.nn"), "--resume", join(dir, "killed"), "--no-progress"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readRun(join(dir, "killed"))).toEqual(readRun(join(dir, "full")));
  });

  it("checkpoint_every in steps checkpoints inside an epoch, and a run killed there resumes bit-identical", async () => {
    // 320 training rows in batches of 16: 20 steps per epoch, 120 in all, so every 7th step falls inside an epoch.
    const spec = syntheticSpec({ epochs: 6, hidden: 512, layers: "  dropout(0.1)\n", train: "  ema { decay = 0.9 }\n" }).replace(
      "checkpoint_every = 1 epochs",
      "checkpoint_every = 7 steps",
    );
    const dir = folder(spec, 400);
    train(dir, "full");
    // Snapshots inside an epoch (119 = 5·20 + 19); keep_last's default 5 keeps 91 … 119.
    expect(existsSync(join(dir, "full", "snapshots", "step-000119.safetensors"))).toBe(true);
    const child = nncAsync(["train", join(dir, "spec.nn"), "--out", join(dir, "killed"), "--no-progress"]);
    const exited = new Promise((r) => child.once("exit", r));
    await killAfterFirstCheckpoint(child, join(dir, "killed"), 0);
    await exited;
    const killed = readRun(join(dir, "killed")).state as { step: number; extra: { partial?: { batch: number } } };
    expect(killed.step).toBeGreaterThan(0);
    expect(killed.step % 20, "killed inside an epoch").not.toBe(0);
    expect(killed.extra.partial?.batch).toBe(killed.step % 20);
    const resumed = nnc(["train", join(dir, "spec.nn"), "--resume", join(dir, "killed"), "--no-progress"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readRun(join(dir, "killed"))).toEqual(readRun(join(dir, "full")));
  });

  it("refuses --resume on a folder without a training state, naming the file", () => {
    const dir = folder(syntheticSpec());
    const r = nnc(["train", join(dir, "spec.nn"), "--resume", join(dir, "nothing-here"), "--no-progress"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(join(dir, "nothing-here", "training-state.safetensors"));
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^nnc: checkpoint error: .*no training state to resume from/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

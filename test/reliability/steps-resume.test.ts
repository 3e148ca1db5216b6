/**
 * `nnc train --steps N` limits one invocation: the run pauses after N optimizer steps (inside an epoch if
 * that is where the N-th step falls) and `--resume` continues the planned run to its end. The two
 * invocations together take exactly the uninterrupted run's steps and end with its bits.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, runFolder, syntheticSpec } from "./fixtures.ts";
import { readRun } from "./state-files.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Metrics {
  steps: number;
  epochs: { epoch: number; partial_batches?: number }[];
  paused?: { reason: string; epoch: number; batch: number; step: number };
  per_step: { loss: number[]; lr: number[] };
}
const metrics = (dir: string) => JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")) as Metrics;

function train(dir: string, ...args: string[]) {
  const r = nnc(["train", join(dir, "spec.nn"), "--no-progress", ...args]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status, r.stderr).toBe(0);
  return r;
}

// 400 rows, 320 after the validation split, batches of 16: 20 batches per epoch, 3 epochs = 60 steps.
// Dropout (RNG), EMA and a cosine schedule over the planned epochs all have to line up after the pause.
const spec = syntheticSpec({
  epochs: 3,
  layers: "  dropout(0.1)\n",
  train: "  ema { decay = 0.9 }\n  schedule { lr = cosine(3 epochs) }\n",
}).replace("  checkpoint_every = 1 epochs\n", "");

describe("--steps then --resume", () => {
  it("pauses inside epoch 2 after 30 steps, and the resumed run ends at 60 steps bit-identical to an uninterrupted run", () => {
    const dir = runFolder(spec, 400);
    folders.push(dir);
    train(dir, "--out", join(dir, "full"));
    const first = train(dir, "--out", join(dir, "part"), "--steps", "30");
    expect(first.stdout).toContain("trained 30 steps");
    const paused = metrics(join(dir, "part"));
    expect(paused.steps).toBe(30);
    expect(paused.paused).toMatchObject({ reason: "steps", epoch: 2, batch: 10, step: 30 });
    expect(paused.epochs.map((e) => e.partial_batches)).toEqual([undefined, 10]);
    const second = train(dir, "--resume", join(dir, "part"));
    expect(second.stdout).toContain("trained 60 steps");

    const full = readRun(join(dir, "full"));
    const resumed = readRun(join(dir, "part"));
    expect(Object.keys(resumed.tensors).sort()).toEqual(Object.keys(full.tensors).sort());
    for (const name of Object.keys(full.tensors)) expect(resumed.tensors[name], name).toEqual(full.tensors[name]);
    expect(resumed.state).toEqual(full.state);
    const [m, f] = [metrics(join(dir, "part")), metrics(join(dir, "full"))];
    expect(m.steps).toBe(60);
    expect(m.paused).toBeUndefined();
    expect(m.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(m.per_step.loss).toHaveLength(60);
    expect(m.per_step).toEqual(f.per_step);
  }, 240_000);

  it("with gradient accumulation across epoch ends, --steps twice then --resume still ends bit-identical", () => {
    // accumulate = 3 over 20 batches per epoch: steps straddle epoch boundaries (20 steps in all).
    const dir = runFolder(spec.replace("  seed = 7\n", "  seed = 7\n  accumulate = 3\n"), 400);
    folders.push(dir);
    train(dir, "--out", join(dir, "full"));
    train(dir, "--out", join(dir, "part"), "--steps", "7");
    train(dir, "--resume", join(dir, "part"), "--steps", "7");
    expect(metrics(join(dir, "part")).steps).toBe(14);
    train(dir, "--resume", join(dir, "part"));
    expect(readRun(join(dir, "part"))).toEqual(readRun(join(dir, "full")));
    expect(metrics(join(dir, "part")).per_step).toEqual(metrics(join(dir, "full")).per_step);
  }, 240_000);
});

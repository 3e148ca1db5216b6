/**
 * `nnc train --profile`: where a step's time goes, per layer and pass and per phase of the loop. Profiling
 * must not change what is trained (same checkpoint bytes as a plain run of the same seed), and the table must
 * name every layer of the spec.
 */
import { readFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

/** 64 rows of 1×6×6 images, 3 classes, from a fixed LCG: small enough for a few steps in a test. */
function imagesCsv(): string {
  let x = 7;
  const next = (): number => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const rows: string[] = [];
  for (let r = 0; r < 64; r++) rows.push([...Array.from({ length: 36 }, () => next().toFixed(4)), String(r % 3)].join(","));
  return rows.join("\n") + "\n";
}

const SPEC = `data {
  train = csv("images.csv", label = 36)
}
model {
  input = [1, 6, 6]
  conv1: conv2d(4, 3, padding = 1)
  bn1: batchnorm
  relu
  maxpool(2)
  flatten
  fc1: dense(8)
  tanh
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  steps = 5
  batch_size = 16
  seed = 4
  ema {
    decay = 0.9
  }
}
`;

describe("nnc train --profile", () => {
  const dir = tempSpecs({ "net.nn": SPEC, "images.csv": imagesCsv() });
  const spec = path.join(dir, "net.nn");
  const profiled = nnc(["train", spec, "--profile", "--no-progress", "--threads", "1", "--out", path.join(dir, "profiled")]);
  const plain = nnc(["train", spec, "--no-progress", "--threads", "1", "--out", path.join(dir, "plain")]);

  it("prints a table naming every layer and the loop's phases, and writes profile.json", () => {
    expect(profiled.stderr).not.toMatch(/internal error/);
    expect(profiled.status).toBe(0);
    for (const layer of [
      "conv1: conv2d",
      "bn1: batchnorm2d",
      "maxpool 2",
      "fc1: dense",
      "tanh",
      "out: dense",
      "loss",
      "optimizer update",
      "EMA",
      "batch",
    ]) {
      expect(profiled.stdout).toContain(layer);
    }
    // The first of the 5 steps also compiles the kernels: it is reported apart, not averaged in.
    expect(profiled.stdout).toMatch(/profile of 4 training steps after the first \(.*the first took \d+\.\d ms/);
    const json = JSON.parse(readFileSync(path.join(dir, "profiled", "profile.json"), "utf8")) as {
      steps: number;
      firstStepOnly: boolean;
      firstStepMs: number;
      rows: { name: string; forwardMs: number; backwardMs: number; share: number }[];
    };
    expect(json.steps).toBe(4);
    expect(json.firstStepOnly).toBe(false);
    expect(json.firstStepMs).toBeGreaterThan(0);
    const conv = json.rows.find((r) => r.name.startsWith("conv1"))!;
    expect(conv.forwardMs).toBeGreaterThan(0);
    expect(conv.backwardMs).toBeGreaterThan(0);
    const shares = json.rows.reduce((a, r) => a + r.share, 0);
    expect(shares).toBeCloseTo(1, 6);
  });

  it("trains exactly what a plain run trains", () => {
    expect(plain.status).toBe(0);
    const a = readFileSync(path.join(dir, "profiled", "checkpoint.safetensors"));
    const b = readFileSync(path.join(dir, "plain", "checkpoint.safetensors"));
    expect(a.equals(b)).toBe(true);
  });

  it("leaves a plain run without a profile, and the run folder's module unprofiled", () => {
    expect(existsSync(path.join(dir, "plain", "profile.json"))).toBe(false);
    expect(plain.stdout).not.toContain("profile of");
    for (const run of ["plain", "profiled"]) {
      const module = path.join(dir, run, "model.nn.ts");
      if (existsSync(module)) expect(readFileSync(module, "utf8")).not.toContain("StepProfile");
    }
  });
});

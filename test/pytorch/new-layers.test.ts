/**
 * The graph-model layers (issue 18) through `nnc train --target pytorch` as a user runs it: a spec with
 * layernorm, groupnorm, adaptive_avgpool, stochastic_depth and dense(dropconnect) trains in both targets, the
 * checkpoints hold the same tensor names and shapes, and `nnc eval` reads the script's checkpoint.
 * (Their numbers are checked by the golden cases and test/codegen/random-layers.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSafetensors } from "../../runtime/index.ts";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { hasTorch, python } from "./python.ts";

afterAll(removeTempSpecs);

interface Metrics {
  epochs: { update_weight_ratio: Record<string, number | null> }[];
}

/** 2 × 6 × 6 images of three classes from a fixed formula. */
function rows(n: number, offset: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = (i + offset) % 3;
    const f = Array.from({ length: 72 }, (_, j) => Math.fround(Math.sin(0.37 * (i + offset) * (j + 1)) + (j % 3 === label ? 0.8 : 0)));
    out.push([...f, label].join(","));
  }
  return out.join("\n") + "\n";
}

const spec = `data {
  train = csv("train.csv", label = 72)
  test = csv("test.csv", label = 72)
}
model {
  input = [2, 6, 6]
  conv1: conv2d(6, 3, padding = 1, bias = false)
  gn1: groupnorm(3)
  relu
  conv2: conv2d(4, 3)
  ln1: layernorm
  stochastic_depth(0.2)
  relu
  adaptive_avgpool([3, 2])
  flatten
  fc1: dense(12, dropconnect = 0.3)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  steps = 6
  batch_size = 8
  seed = 2
}
`;

describe.runIf(hasTorch())("the new layers in the generated PyTorch script", { timeout: 300_000 }, () => {
  it("train in both targets into checkpoints of the same tensors, which nnc eval reads", () => {
    const dir = tempSpecs({ "train.csv": rows(40, 0), "test.csv": rows(12, 100), "run.nn": spec });
    const ours = nnc(["train", join(dir, "run.nn"), "--threads", "1", "--no-progress", "--out", join(dir, "nnc")]);
    expect(ours.status, ours.stderr).toBe(0);
    const theirs = nnc(["train", "--target", "pytorch", join(dir, "run.nn"), "--python", python, "--out", join(dir, "torch")]);
    expect(theirs.status, theirs.stderr).toBe(0);
    const a = readSafetensors(join(dir, "nnc", "checkpoint.safetensors"));
    const b = readSafetensors(join(dir, "torch", "checkpoint.safetensors"));
    const shapes = (m: typeof a) => Object.fromEntries([...m.tensors].map(([name, t]) => [name, t.shape]));
    expect(shapes(b)).toEqual(shapes(a));
    expect(shapes(a)).toMatchObject({ "gn1.weight": [6], "ln1.weight": [4, 4, 4], "ln1.bias": [4, 4, 4], "fc1.weight": [12, 24] });
    // The update/weight ratios are per weight matrix in both targets: not the layer norm's [4, 4, 4] bias,
    // whose zero start would make its ratio infinite (which the script once wrote as invalid JSON).
    const ratios = (out: string) =>
      Object.keys((JSON.parse(readFileSync(join(dir, out, "metrics.json"), "utf8")) as Metrics).epochs[0].update_weight_ratio).sort();
    expect(ratios("nnc")).toEqual(["conv1.weight", "conv2.weight", "fc1.weight", "ln1.weight", "out.weight"]);
    expect(ratios("torch")).toEqual(ratios("nnc"));
    const evaluated = nnc(["eval", join(dir, "run.nn"), "--checkpoint", join(dir, "torch", "checkpoint.safetensors")]);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain("(12 samples)");
  });
});

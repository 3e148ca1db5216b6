/**
 * Issue 14, item 4: every scheduled hyperparameter is recorded per step in metrics.json's `per_step`
 * (beside loss and lr), and `base = 1` gives a schedule absolute values.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nnc, runFolder } from "../reliability/fixtures.ts";

const spec = `data {
  train = csv("train.csv", label = 4, header = true)
}
model {
  input = [4]
  fc1: dense(16)
  relu
  dropout(0.4)
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  schedule {
    momentum = linear(0.5, 0.99, 20 steps, base = 1)
    dropout = linear(0.5, 1, 2 epochs)
  }
  epochs = 3
  batch_size = 20
  seed = 2
}
`;

describe("per-step scheduled hyperparameters", () => {
  it("records momentum (absolute, from base = 1) and each dropout layer's rate in metrics.json", () => {
    const dir = runFolder(spec, 200); // 200 rows / batch 20: 10 steps per epoch, 30 in all
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(0);
    const perStep = JSON.parse(readFileSync(join(dir, "run", "metrics.json"), "utf8")).per_step as Record<string, number[]>;
    expect(perStep.loss).toHaveLength(30);
    // LinearLR with absolute values: 0.5 + (0.99 − 0.5)·min(k, 20)/20 at step k.
    expect(perStep.momentum).toHaveLength(30);
    perStep.momentum.forEach((m, k) => expect(m, `step ${k}`).toBeCloseTo(0.5 + (0.49 * Math.min(k, 20)) / 20, 12));
    // Dropout is counted in epochs: p·(0.5 + 0.5·min(epoch, 2)/2), the same for every step of an epoch.
    const dropout = perStep["dropout.dropout1"];
    expect(dropout).toHaveLength(30);
    dropout.forEach((p, k) => expect(p, `step ${k}`).toBeCloseTo(0.4 * (0.5 + (0.5 * Math.min(Math.floor(k / 10), 2)) / 2), 12));
  });
});

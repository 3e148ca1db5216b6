/**
 * `nnc eval` as a user runs it, with batch norm folded into the convolutions (the default) and without
 * (NNC_FOLD_BN=0): the same test loss and accuracy from the same checkpoint, and the checkpoint `nnc train`
 * writes is the same file either way.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

const SPEC = `data {
  train = csv("train.csv", label = 36, header = false)
  test = csv("test.csv", label = 36, header = false)
}
model {
  input = [1, 6, 6]
  conv1: conv2d(8, 3, padding = 1)
  bn1: batchnorm
  relu
  conv2: conv2d(8, 3, padding = 1, bias = false)
  bn2: batchnorm
  relu
  flatten
  fc: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  steps = 6
  batch_size = 32
  seed = 4
}
`;

/** n rows of 36 features and a label from a fixed formula. */
function rows(n: number, shift: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: 36 }, (_, j) => Math.fround(Math.sin(0.53 * (i + shift) + 1.3 * j)));
    out.push([...f, (f[3] > 0 ? 1 : 0) + (f[20] > 0.4 ? 1 : 0)].join(","));
  }
  return out.join("\n") + "\n";
}

const run = (args: string[], fold: boolean) => nnc(args, { NNC_FOLD_BN: fold ? "1" : "0" });

describe("nnc eval with batch norm folded into the convolutions", () => {
  it("reports the unfolded evaluation's loss and accuracy, and nnc train writes the same checkpoint", () => {
    const dir = tempSpecs({ "fold.nn": SPEC, "train.csv": rows(96, 0), "test.csv": rows(64, 1000) });
    const checkpoints = [true, false].map((fold) => {
      const out = path.join(dir, `run-${fold}`);
      const trained = run(["train", path.join(dir, "fold.nn"), "--out", out], fold);
      expect(trained.status, trained.stderr).toBe(0);
      return path.join(out, "checkpoint.safetensors");
    });
    expect(readFileSync(checkpoints[0]).equals(readFileSync(checkpoints[1]))).toBe(true);
    const [folded, unfolded] = [true, false].map((fold) => {
      const r = run(["eval", path.join(dir, "fold.nn"), "--checkpoint", checkpoints[0], "--json"], fold);
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { loss: number; accuracy: number };
    });
    expect(typeof folded.accuracy).toBe("number");
    expect(folded.accuracy).toBe(unfolded.accuracy);
    expect(Math.abs(folded.loss - unfolded.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, unfolded.loss));
  });
});

/**
 * The same spec and initial checkpoint, trained 100 steps by nnc (`nnc train`) and by the generated script
 * (`nnc train --target pytorch`), in the same data order: the checkpoints agree within the golden parity
 * tolerances, the preprocessing statistics and the per-epoch losses agree, and `nnc eval` of the PyTorch
 * checkpoint reports the test accuracy the script printed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSafetensors, type TensorData } from "../../runtime/index.ts";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { hasTorch, python } from "./python.ts";

afterAll(removeTempSpecs);

/** A small three-class problem from a fixed formula (no generator shared with either target). */
function rows(n: number, offset: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: 6 }, (_, j) => Math.fround(Math.sin(1.7 * (i + offset) + 2.3 * j) * (j + 1) + 0.3 * j));
    const label = (f[0] + 0.5 * f[1] > 0.4 ? 1 : 0) + (f[4] > 3 ? 1 : 0);
    out.push([...f, label].join(","));
  }
  return out.join("\n") + "\n";
}

const spec = (init: string) => `data {
  train = csv("train.csv", label = 6)
  test = csv("test.csv", label = 6)
  validation = split(train, 0.2)
  preprocess = [standardize(per_feature)]
}
model {
  input = [6]
  weight_init = ${init}
  fc1: dense(16, bias = false)
  bn1: batchnorm()
  relu
  fc2: dense(8)
  tanh
  out: dense(3)
  loss = cross_entropy(label_smoothing = 0.05)
}
train {
  optimizer = adam(lr = 0.01, weight_decay = 1e-4)
  schedule {
    lr = linear(0.1, 1.0, 10 steps) then cosine(90 steps)
  }
  regularize = [l1(1e-4)]
  clip_grad_norm = 1.0
  steps = 100
  batch_size = 16
  shuffle = false
  seed = 5
  ema {
    decay = 0.9
  }
}
`;

function numbers(t: TensorData): number[] {
  return t.dtype === "I64" ? Array.from(t.data as BigInt64Array, Number) : Array.from(t.data as Float32Array);
}

describe.runIf(hasTorch())("nnc and the generated PyTorch script train the same run", { timeout: 300_000 }, () => {
  it("agree within parity tolerances after 100 steps, and nnc eval reads the script's checkpoint", () => {
    const dir = tempSpecs({ "train.csv": rows(150, 0), "test.csv": rows(60, 1000), "init.nn": spec("xavier_uniform()") });
    // The shared initial checkpoint: nnc's own initialisation, written by a zero-length run.
    const init = nnc(["train", join(dir, "init.nn"), "--steps", "1", "--threads", "1", "--no-progress", "--out", join(dir, "init")]);
    expect(init.status, init.stderr).toBe(0);
    writeFileSync(join(dir, "run.nn"), spec(`from("init/checkpoint.safetensors")`));
    const ours = nnc(["train", join(dir, "run.nn"), "--threads", "1", "--no-progress", "--out", join(dir, "nnc")]);
    expect(ours.status, ours.stderr).toBe(0);
    const theirs = nnc(["train", "--target", "pytorch", join(dir, "run.nn"), "--python", python, "--out", join(dir, "torch")]);
    expect(theirs.status, theirs.stderr).toBe(0);

    const a = readSafetensors(join(dir, "nnc", "checkpoint.safetensors"));
    const b = readSafetensors(join(dir, "torch", "checkpoint.safetensors"));
    expect([...b.tensors.keys()].sort()).toEqual([...a.tensors.keys()].sort());
    for (const [name, t] of a.tensors) {
      const x = numbers(t);
      const y = numbers(b.tensors.get(name) as TensorData);
      expect(b.tensors.get(name)?.shape, name).toEqual(t.shape);
      if (name.endsWith("num_batches_tracked")) expect(y, name).toEqual(x);
      else x.forEach((v, i) => expect(Math.abs(y[i] - v), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(v)));
    }
    const stats = (m: Record<string, string>) => JSON.parse(m.preprocessing) as { steps: { mean: number[]; std: number[] }[] };
    const sa = stats(a.metadata).steps[0];
    const sb = stats(b.metadata).steps[0];
    sa.mean.forEach((v, i) => expect(sb.mean[i]).toBeCloseTo(v, 12));
    sa.std.forEach((v, i) => expect(sb.std[i]).toBeCloseTo(v, 12));
    expect({ epoch: b.metadata.epoch, step: b.metadata.step, format: b.metadata.format }).toEqual({
      epoch: a.metadata.epoch,
      step: a.metadata.step,
      format: a.metadata.format,
    });

    const epochs = (out: string) =>
      (JSON.parse(readFileSync(join(dir, out, "metrics.json"), "utf8")) as { epochs: { train_loss: number; val_loss: number }[] }).epochs;
    const ea = epochs("nnc");
    const eb = epochs("torch");
    expect(eb.length).toBe(ea.length);
    ea.forEach((e, i) => {
      expect(Math.abs(eb[i].train_loss - e.train_loss)).toBeLessThanOrEqual(1e-5 + 1e-4 * e.train_loss);
      expect(Math.abs(eb[i].val_loss - e.val_loss)).toBeLessThanOrEqual(1e-5 + 1e-4 * e.val_loss);
    });

    const printed = /test: loss (\S+) accuracy (\S+)/.exec(theirs.stdout);
    expect(printed, theirs.stdout).not.toBeNull();
    const evaluated = nnc(["eval", join(dir, "run.nn"), "--checkpoint", join(dir, "torch", "checkpoint.safetensors")]);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain(`test: loss ${printed![1]} accuracy ${printed![2]} (60 samples)`);
  });

  it("follow the same reduce_on_plateau decisions, epoch by epoch", () => {
    const plateau = (init: string) =>
      spec(init)
        .replace(
          "    lr = linear(0.1, 1.0, 10 steps) then cosine(90 steps)",
          "    lr = reduce_on_plateau(metric = validation.loss, factor = 0.5, patience = 0)",
        )
        .replace("  steps = 100", "  epochs = 12")
        .replace("  optimizer = adam(lr = 0.01, weight_decay = 1e-4)", "  optimizer = adam(lr = 0.05, weight_decay = 1e-4)");
    const dir = tempSpecs({ "train.csv": rows(150, 0), "test.csv": rows(60, 1000), "init.nn": spec("xavier_uniform()") });
    expect(nnc(["train", join(dir, "init.nn"), "--steps", "1", "--threads", "1", "--no-progress", "--out", join(dir, "init")]).status).toBe(
      0,
    );
    writeFileSync(join(dir, "run.nn"), plateau(`from("init/checkpoint.safetensors")`));
    const ours = nnc(["train", join(dir, "run.nn"), "--threads", "1", "--no-progress", "--out", join(dir, "nnc")]);
    expect(ours.status, ours.stderr).toBe(0);
    const theirs = nnc(["train", "--target", "pytorch", join(dir, "run.nn"), "--python", python, "--out", join(dir, "torch")]);
    expect(theirs.status, theirs.stderr).toBe(0);
    const lrs = (out: string) =>
      (JSON.parse(readFileSync(join(dir, out, "metrics.json"), "utf8")) as { epochs: { lr: number }[] }).epochs.map((e) => e.lr);
    const ra = lrs("nnc");
    expect(new Set(ra).size, "the schedule reduced the rate at least once").toBeGreaterThan(1);
    expect(
      lrs("torch")
        .map((x, i) => Math.abs(x - ra[i]) / ra[i])
        .every((d) => d <= 1e-12),
    ).toBe(true);
  });

  it("schedule momentum, weight decay and the EMA decay as nnc does", () => {
    const scheduled = (init: string) =>
      spec(init)
        .replace(
          "  optimizer = adam(lr = 0.01, weight_decay = 1e-4)",
          "  optimizer = sgd(lr = 0.05, momentum = 0.9, nesterov = true, weight_decay = 1e-3)",
        )
        .replace(
          "    lr = linear(0.1, 1.0, 10 steps) then cosine(90 steps)",
          "    lr = cosine(100 steps)\n    momentum = linear(0.5, 1.0, 30 steps)\n    weight_decay = step(2 epochs, gamma = 0.5)\n    ema = linear(0.5, 1.0, 40 steps)",
        );
    const dir = tempSpecs({ "train.csv": rows(150, 0), "test.csv": rows(60, 1000), "init.nn": spec("xavier_uniform()") });
    expect(nnc(["train", join(dir, "init.nn"), "--steps", "1", "--threads", "1", "--no-progress", "--out", join(dir, "init")]).status).toBe(
      0,
    );
    writeFileSync(join(dir, "run.nn"), scheduled(`from("init/checkpoint.safetensors")`));
    const ours = nnc(["train", join(dir, "run.nn"), "--threads", "1", "--no-progress", "--out", join(dir, "nnc")]);
    expect(ours.status, ours.stderr).toBe(0);
    const theirs = nnc(["train", "--target", "pytorch", join(dir, "run.nn"), "--python", python, "--out", join(dir, "torch")]);
    expect(theirs.status, theirs.stderr).toBe(0);
    const a = readSafetensors(join(dir, "nnc", "checkpoint.safetensors")).tensors;
    const b = readSafetensors(join(dir, "torch", "checkpoint.safetensors")).tensors;
    for (const [name, t] of a) {
      const x = numbers(t);
      const y = numbers(b.get(name) as TensorData);
      x.forEach((v, i) => expect(Math.abs(y[i] - v), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(v)));
    }
  });
});

/**
 * Issue 14, item 3: after pca_whiten(components = k) the model's input is [k]. The checker infers it (or
 * reports an `input` that disagrees, at `input`), the data loads, and training learns.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecModule } from "../../cli/spec-module.ts";

/** 8 correlated features (2 latent factors plus small noise); the class is the sign pattern of the factors. */
function csv(rows: number): string {
  let s = 7;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const a = rand();
    const b = rand();
    const x = [a, b, a + b, a - b, 2 * a, -b, 0.5 * a + b, a - 0.5 * b].map((v) => v + 0.01 * rand());
    const label = (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0);
    lines.push([...x.map((v) => v.toFixed(5)), label].join(","));
  }
  return lines.join("\n") + "\n";
}

const spec = (input: string) => `data {
  train = csv("train.csv", label = 8)
  preprocess = [pca_whiten(components = 3)]
}
model {
  ${input}
  fc1: dense(32)
  relu
  out: dense(4)
  loss = cross_entropy()
}
train {
  optimizer = adam(lr = 0.01)
  epochs = 8
  batch_size = 32
  seed = 1
}
`;

describe("pca_whiten(components = k) and the model's input", () => {
  it("loads the data and learns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-pca-"));
    writeFileSync(join(dir, "train.csv"), csv(400));
    writeFileSync(join(dir, "spec.nn"), spec("input = [3]"));
    const { module } = await loadSpecModule(join(dir, "spec.nn"), dir);
    const data = await module.loadData();
    expect(data.train.features).toBe(3);
    const r = await module.train({ data, threads: 1 });
    const first = r.epochs[0].train_loss as number;
    const last = r.epochs[r.epochs.length - 1].train_loss as number;
    expect(last).toBeLessThan(first * 0.5);
    expect(r.epochs[r.epochs.length - 1].train_accuracy).toBeGreaterThan(0.9);
  });
});

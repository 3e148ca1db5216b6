/**
 * The CNN example on real data, as a short slice of its recipe (the full run takes tens of minutes):
 * `nnc train examples/fashion-cnn.nn --steps 40` through the CLI — augmentation, batch norm, AdamW
 * with its warm-up, EMA, the WebAssembly kernels — then `nnc eval` on the checkpoint it wrote. Needs
 * `apt-get install -y dataset-fashion-mnist` (CI installs it); elsewhere the test is skipped with a note.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const haveData = existsSync("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
const out = join(root, "tmp", "e2e-fashion-cnn-slice");

if (!haveData && process.env.CI) throw new Error("CI must install dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist)");

describe.skipIf(!haveData)("nnc train on a slice of the Fashion-MNIST CNN recipe", () => {
  it("learns far beyond chance in 40 steps, and the checkpoint evaluates to the same test accuracy", () => {
    rmSync(out, { recursive: true, force: true });
    const nnc = (...args: string[]) => execFileSync(process.execPath, [join(root, "bin/nnc.js"), ...args], { cwd: root, encoding: "utf8" });
    nnc("train", "examples/fashion-cnn.nn", "--steps", "40", "--out", out, "--no-progress");
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as {
      epochs: { update_weight_ratio: Record<string, number> }[];
      steps: number;
      test_accuracy: number;
      threads_reason: string;
    };
    expect(metrics.steps).toBe(40);
    // Chance is 0.1; 40 steps (5,120 augmented images, still in the warm-up) reach well above 0.5.
    expect(metrics.test_accuracy).toBeGreaterThan(0.5);
    expect(Object.keys(metrics.epochs[0].update_weight_ratio)).toEqual([
      "conv1.weight",
      "conv2.weight",
      "conv3.weight",
      "conv4.weight",
      "conv5.weight",
      "fc1.weight",
      "out.weight",
    ]);
    expect(metrics.threads_reason).toMatch(/batch norm/);
    const evaluated = JSON.parse(nnc("eval", "examples/fashion-cnn.nn", "--checkpoint", join(out, "checkpoint.safetensors"), "--json")) as {
      accuracy: number;
      n: number;
    };
    expect(evaluated.n).toBe(10000);
    expect(evaluated.accuracy).toBeCloseTo(metrics.test_accuracy, 10);
  }, 180_000);
});

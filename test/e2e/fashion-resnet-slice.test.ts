/**
 * The ResNet example on real data, as a short slice of its recipe (the full run takes more than an hour):
 * `nnc train examples/fashion-resnet.nn --steps 60` through the CLI — blocks, repeats, residual adds with
 * identity and projection shortcuts, zero-initialised batch norms, augmentation — then `nnc eval` on the
 * checkpoint it wrote. Needs `apt-get install -y dataset-fashion-mnist` (CI installs it); skipped elsewhere.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readSafetensors } from "../../runtime/checkpoint/index.ts";

const root = resolve(import.meta.dirname, "../..");
const haveData = existsSync("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
const out = join(root, "tmp", "e2e-fashion-resnet-slice");

if (!haveData && process.env.CI) throw new Error("CI must install dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist)");

describe.skipIf(!haveData)("nnc train on a slice of the Fashion-MNIST ResNet recipe", () => {
  it("learns well beyond chance in 60 steps, writes torchvision's tensor names, and the checkpoint evaluates the same", () => {
    rmSync(out, { recursive: true, force: true });
    const nnc = (...args: string[]) => execFileSync(process.execPath, [join(root, "bin/nnc.js"), ...args], { cwd: root, encoding: "utf8" });
    nnc("train", "examples/fashion-resnet.nn", "--steps", "60", "--out", out, "--no-progress");
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as { steps: number; test_accuracy: number };
    expect(metrics.steps).toBe(60);
    // Chance is 0.1. Every block starts as its shortcut (zero_init) and the warm-up keeps the rate low, so
    // 60 steps (7,680 augmented images) reach about 0.32: well beyond chance, far from trained.
    expect(metrics.test_accuracy).toBeGreaterThan(0.25);
    const names = [...readSafetensors(join(out, "checkpoint.safetensors")).tensors.keys()];
    // The names and count torchvision's layout gives the same network (checked against PyTorch 1.13.1 by hand).
    expect(names).toContain("layer1.0.conv1.weight");
    expect(names).toContain("layer2.0.downsample.0.weight");
    expect(names).toContain("layer3.2.bn2.running_var");
    // Two projections (stages 2 and 3): a conv weight, and a batch norm's weight, bias, running mean, running variance and counter.
    expect(names.filter((n) => n.includes("downsample"))).toHaveLength(2 * 6);
    const evaluated = JSON.parse(
      nnc("eval", "examples/fashion-resnet.nn", "--checkpoint", join(out, "checkpoint.safetensors"), "--json"),
    ) as {
      accuracy: number;
      n: number;
    };
    expect(evaluated.n).toBe(10000);
    expect(evaluated.accuracy).toBeCloseTo(metrics.test_accuracy, 10);
  }, 300_000);
});

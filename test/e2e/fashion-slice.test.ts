/**
 * The whole product on real data: `nnc train` on a slice of Fashion-MNIST through the CLI, then
 * `nnc eval` on the checkpoint it wrote. Needs `apt-get install -y dataset-fashion-mnist` (CI installs
 * it); elsewhere the test is skipped with a note, never silently passed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const haveData = existsSync("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
const out = join(root, "tmp", "e2e-fashion-slice");

if (!haveData && process.env.CI) throw new Error("CI must install dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist)");

describe.skipIf(!haveData)("nnc train on a Fashion-MNIST slice", () => {
  it("lowers the training loss, beats chance by a wide margin, and the checkpoint evaluates to the same accuracy", () => {
    rmSync(out, { recursive: true, force: true });
    const nnc = (...args: string[]) => execFileSync(process.execPath, [join(root, "bin/nnc.js"), ...args], { cwd: root, encoding: "utf8" });
    nnc("train", "test/e2e/fashion-slice.nn", "--out", out, "--no-progress");
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as {
      epochs: {
        epoch: number;
        train_loss: number;
        val_loss: number;
        val_accuracy: number;
        lr: number;
        seconds: number;
        samples_per_second: number;
      }[];
      test_loss: number;
      test_accuracy: number;
    };
    expect(metrics.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const key of ["train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds", "samples_per_second"]) {
      expect(metrics.epochs[0]).toHaveProperty(key);
    }
    // ln(10) ≈ 2.30 is the loss of an untrained 10-class model.
    expect(metrics.epochs[0].train_loss).toBeLessThan(Math.log(10));
    expect(metrics.epochs[1].train_loss).toBeLessThan(metrics.epochs[0].train_loss);
    expect(metrics.test_accuracy).toBeGreaterThan(0.75);
    const evaluated = JSON.parse(
      nnc("eval", "test/e2e/fashion-slice.nn", "--checkpoint", join(out, "checkpoint.safetensors"), "--json"),
    ) as {
      accuracy: number;
      n: number;
    };
    expect(evaluated.n).toBe(10000);
    expect(evaluated.accuracy).toBeCloseTo(metrics.test_accuracy, 10);
  });
});

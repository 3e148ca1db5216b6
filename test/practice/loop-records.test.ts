/** What training records for the report: update/weight ratios per epoch, and numbered checkpoint snapshots. */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../runtime/index.ts";
import { loadSpec, spiralSpec } from "./specs.ts";

describe("training records", () => {
  it("writes the update/weight ratio of every weight matrix for each epoch into metrics.json", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "sgd(lr = 1e-7)" }));
    const out = mkdtempSync(join(tmpdir(), "nnc-practice-"));
    await m.train({ epochs: 3, outDir: out });
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as {
      epochs: { update_weight_ratio: Record<string, number> }[];
    };
    expect(metrics.epochs).toHaveLength(3);
    for (const e of metrics.epochs) {
      expect(Object.keys(e.update_weight_ratio)).toEqual(["fc1.weight", "fc2.weight", "out.weight"]);
      // lr 1e-7 on gradients of order 1 and weights of order 1: ratios around 1e-7.
      for (const r of Object.values(e.update_weight_ratio)) {
        expect(r).toBeGreaterThan(0);
        expect(r).toBeLessThan(1e-5);
      }
    }
  });

  it("reports each epoch's learning rate as the rate of its last step, so a warm-up shows where it got to", async () => {
    const m = await loadSpec(spiralSpec({ extra: "schedule {\n    lr = exponential(0.9, per = step)\n  }" }));
    const r = await m.train({ epochs: 3 });
    const stepsPerEpoch = r.steps / 3;
    expect(Number.isInteger(stepsPerEpoch) && stepsPerEpoch > 1).toBe(true);
    // adam(lr = 1e-2), the rate of step k (counted from 0) is 1e-2·0.9^k; epoch e ends with step e·S − 1.
    r.epochs.forEach((e, i) => expect(e.lr).toBeCloseTo(1e-2 * 0.9 ** ((i + 1) * stepsPerEpoch - 1), 12));
  });

  it("keeps a numbered snapshot per checkpoint_every, loadable as a model", async () => {
    const m = await loadSpec(spiralSpec({ extra: "checkpoint_every = 2 epochs" }));
    const out = mkdtempSync(join(tmpdir(), "nnc-practice-"));
    const r = await m.train({ epochs: 5, outDir: out });
    expect(existsSync(join(out, "snapshots", "epoch-0002.safetensors"))).toBe(true);
    expect(existsSync(join(out, "snapshots", "epoch-0004.safetensors"))).toBe(true);
    expect(existsSync(join(out, "snapshots", "epoch-0005.safetensors"))).toBe(false);
    const at4 = loadModel(m.createModel(), join(out, "snapshots", "epoch-0004.safetensors"));
    const final = m.load(join(out, "checkpoint.safetensors"));
    expect(r.epochs).toHaveLength(5);
    // Epoch 4's weights differ from the final (epoch 5) weights: the snapshot is not overwritten.
    expect(Array.from(at4.params).some((v, i) => v !== final.params[i])).toBe(true);
  });
});

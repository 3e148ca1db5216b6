/**
 * Issue 14, item 7: a snapshot ensemble anneals its cosine per step (Huang et al. 2017), so each snapshot
 * is taken after the lowest-rate step of its cycle, not at a rate held for a whole epoch.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecModule } from "../../cli/spec-module.ts";
import { syntheticCsv } from "../reliability/fixtures.ts";

const spec = `data {
  train = csv("train.csv", label = 4, header = true)
  validation = split(train, 0.2)
}
model {
  input = [4]
  fc1: dense(16)
  relu
  out: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.2, momentum = 0.9)
  schedule { lr = cosine_restarts(2 epochs, min = 0.002) }
  epochs = 6
  batch_size = 16
  seed = 3
  snapshot_ensemble = true
}
`;

describe("snapshot ensemble annealing", () => {
  it("takes each snapshot right after the minimum learning rate of its cycle", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-snap-"));
    writeFileSync(join(dir, "train.csv"), syntheticCsv(300)); // 240 training rows: 15 steps per epoch
    writeFileSync(join(dir, "spec.nn"), spec);
    const { module } = await loadSpecModule(join(dir, "spec.nn"), dir);
    const steps: { epoch: number; lr: number }[] = [];
    const r = await module.train({ onBatch: (p) => steps.push({ epoch: p.epoch, lr: p.lr }), threads: 1 });
    expect(r.snapshotEnsemble?.epochs).toEqual([2, 4, 6]);
    expect(steps).toHaveLength(90);
    for (const end of [2, 4, 6]) {
      // The cycle is epochs end−2 and end−1 (0-based in onBatch): 30 steps.
      const cycle = steps.filter((s) => s.epoch >= end - 2 && s.epoch < end).map((s) => s.lr);
      expect(cycle).toHaveLength(30);
      const last = cycle[cycle.length - 1];
      expect(last).toBe(Math.min(...cycle));
      // The step before the snapshot is within one step's worth of cosine of the minimum: (1 + cos(29π/30))/2 of the span.
      expect(last).toBeLessThan(0.002 + (0.2 - 0.002) * 0.003);
      // And the rate falls within every epoch, not only between epochs.
      expect(cycle[14]).toBeLessThan(cycle[0]);
      expect(cycle[29]).toBeLessThan(cycle[15]);
    }
  });
});

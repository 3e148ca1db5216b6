/**
 * Issue 14, item 6: schedules mixing steps and epochs compile, and the generated code resolves the epochs
 * with the steps per epoch of the loaded data, so the rate per step is the intended piecewise schedule.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecModule } from "../../cli/spec-module.ts";
import { syntheticCsv } from "../reliability/fixtures.ts";

/** 300 rows, 20% held out: 240 training rows; batch 16 gives 15 steps per epoch. */
function spec(schedule: string, epochs = 5, extra = ""): string {
  return `data {
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
  optimizer = sgd(lr = 0.1, momentum = 0.9)
  schedule { ${schedule} }
  epochs = ${epochs}
  batch_size = 16
  seed = 1
  ${extra}
}
`;
}

async function lrPerStep(text: string): Promise<{ lrs: number[]; steps: number }> {
  const dir = mkdtempSync(join(tmpdir(), "nnc-mixed-"));
  writeFileSync(join(dir, "train.csv"), syntheticCsv(300));
  writeFileSync(join(dir, "spec.nn"), text);
  const { module } = await loadSpecModule(join(dir, "spec.nn"), dir);
  const lrs: number[] = [];
  const r = await module.train({ onBatch: (p) => lrs.push(p.lr), threads: 1 });
  return { lrs, steps: r.steps };
}

const cosine = (k: number, T: number, base: number, min = 0) => min + ((base - min) * (1 + Math.cos((Math.PI * k) / T))) / 2;

describe("schedules in steps then epochs", () => {
  it("warms up for 20 steps, then anneals over 4 epochs of 15 steps", async () => {
    const { lrs, steps } = await lrPerStep(spec("lr = linear(0.1, 1, 20 steps) then cosine(4 epochs)"));
    expect(steps).toBe(75);
    const expected = Array.from({ length: 75 }, (_, k) => (k < 20 ? 0.1 * (0.1 + (0.9 * k) / 20) : cosine(k - 20, 60, 0.1)));
    lrs.forEach((lr, k) => expect(lr, `step ${k}`).toBeCloseTo(expected[k], 12));
  });

  it("takes one_cycle's total from the run's epochs once the data is loaded", async () => {
    const { lrs } = await lrPerStep(spec("lr = one_cycle(max = 0.5, anneal = linear)"));
    // 75 steps; the peak is at step pct·total − 1 = 21.5, so steps 21 and 22 are the highest.
    const peak = lrs.indexOf(Math.max(...lrs));
    expect([21, 22]).toContain(peak);
    expect(lrs[74]).toBeLessThan(lrs[0]);
    expect(lrs[0]).toBeCloseTo(0.5 / 25, 12);
  });

  it("resolves epochs inside multistep milestones of a step-counted schedule", async () => {
    const { lrs } = await lrPerStep(spec("lr = linear(0.5, 1, 10 steps) then multistep([1 epochs, 2 epochs], gamma = 0.5)", 4));
    // The multistep piece starts at step 10; its milestones fall 15 and 30 steps later.
    expect(lrs[10 + 14]).toBeCloseTo(0.1, 12);
    expect(lrs[10 + 15]).toBeCloseTo(0.05, 12);
    expect(lrs[10 + 30]).toBeCloseTo(0.025, 12);
  });
});

describe("evaluate_every in steps", () => {
  it("evaluates at the end of each epoch in which a multiple of the steps is reached", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-eval-every-"));
    writeFileSync(join(dir, "train.csv"), syntheticCsv(300));
    writeFileSync(join(dir, "spec.nn"), spec("lr = constant()", 5, "evaluate_every = 30 steps"));
    const { module } = await loadSpecModule(join(dir, "spec.nn"), dir);
    const r = await module.train({ threads: 1 });
    // 15 steps per epoch: steps 30 and 60 end epochs 2 and 4.
    expect(r.epochs.map((e) => e.val_loss !== null)).toEqual([false, true, false, true, false]);
  });
});

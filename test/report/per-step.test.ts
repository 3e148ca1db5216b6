/**
 * The report shows the run as it happened: the learning rate and loss of every step (a warm-up inside the
 * first epoch no longer hides behind one point per epoch), a loss axis fitted to the losses, and one
 * number style per table column.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trainingPlots, type MetricsFile } from "../../report/plots.ts";
import { writeReport } from "../../report/write.ts";
import { nnc, runFolder, syntheticSpec } from "../reliability/fixtures.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

function runDir(m: object): string {
  const dir = mkdtempSync(join(tmpdir(), "nnc-report-"));
  folders.push(dir);
  writeFileSync(join(dir, "metrics.json"), JSON.stringify(m));
  return dir;
}

// Two epochs of 10 steps; the rate warms up over the first 5 steps (1e-3 → 1e-2), then decays to 9.55e-4.
const warmup = [0.001, 0.00325, 0.0055, 0.00775, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01];
const decay = [0.01, 0.008, 0.006, 0.004, 0.003, 0.002, 0.0015, 0.0012, 0.001, 0.000955];
const stepLoss = Array.from({ length: 20 }, (_, i) => 0.6 - i * 0.015);
const metrics: MetricsFile & Record<string, unknown> = {
  source: "warmup.nn",
  epochs: [
    {
      epoch: 1,
      step: 10,
      train_loss: 0.5325,
      train_accuracy: 0.71,
      val_loss: 0.48,
      val_accuracy: 0.75,
      lr: 0.01,
      seconds: 1.23456,
      samples_per_second: 900,
    },
    {
      epoch: 2,
      step: 20,
      train_loss: 0.3825,
      train_accuracy: 0.8125,
      val_loss: 0.31,
      val_accuracy: 0.8,
      lr: 0.000955,
      seconds: 1.5,
      samples_per_second: 950,
    },
  ],
  per_step: { loss: stepLoss, lr: [...warmup, ...decay] },
  steps: 20,
  stopped_early: false,
  best_epoch: null,
};

type Spec = {
  title: string;
  data: { values: { x: number; y: number; series: string }[] };
  layer: { encoding: { y: { scale: { domain?: [number, number]; type?: string } } } }[];
};
const plot = (m: MetricsFile, name: string) => trainingPlots(m).find((p) => p.name === name)?.spec as unknown as Spec | undefined;

describe("per-step plots", () => {
  it("plots the learning rate of every step, warm-up included, and says so", () => {
    const lr = plot(metrics, "lr")!;
    expect(lr.title).not.toMatch(/start of each epoch/);
    expect(lr.title).toBe("Learning rate at every step");
    expect(lr.data.values.map((r) => [r.x, r.y])).toEqual([...warmup, ...decay].map((v, i) => [i + 1, v]));
  });

  it("plots the loss of every step, with the epoch means as points at the epoch's last step", () => {
    const loss = plot(metrics, "loss-steps")!;
    expect(loss.data.values.map((r) => r.y)).toEqual(stepLoss);
    const points = (loss.layer[1] as unknown as { data: { values: { x: number; y: number; series: string }[] } }).data.values;
    expect(points).toContainEqual({ x: 10, y: 0.5325, series: "train, epoch mean" });
    expect(points).toContainEqual({ x: 20, y: 0.31, series: "validation" });
  });

  it("averages runs of steps beyond 1,500 steps but keeps every rate change's shape", () => {
    const long = {
      ...metrics,
      per_step: {
        loss: Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? 1 : 3)),
        lr: Array.from({ length: 3000 }, (_, i) => (i < 1000 ? 0.001 : 0.01)),
      },
    };
    const loss = plot(long, "loss-steps")!.data.values;
    expect(loss).toHaveLength(1500);
    expect(new Set(loss.map((r) => r.y))).toEqual(new Set([2]));
    const lr = plot(long, "lr")!.data.values;
    expect(lr.find((r) => r.x === 1000)?.y).toBe(0.001);
    expect(lr.find((r) => r.x === 1002)?.y).toBe(0.01);
  });

  it("plots every other per-step series (scheduled hyperparameters) on one step axis", () => {
    const momentum = Array.from({ length: 20 }, (_, i) => 0.5 + (0.49 * Math.min(i, 10)) / 10);
    const plots = trainingPlots({ ...metrics, per_step: { ...metrics.per_step!, momentum } });
    const spec = plots.find((p) => p.name === "hyperparameters")?.spec as unknown as Spec;
    expect(spec.data.values.map((r) => [r.series, r.x, r.y])).toEqual(momentum.map((v, i) => ["momentum", i + 1, v]));
    expect(trainingPlots(metrics).some((p) => p.name === "hyperparameters")).toBe(false);
  });

  it("fits the loss axis to the losses (0.31–0.6), not to whole decades", async () => {
    const domain = plot(metrics, "loss")!.layer[0].encoding.y.scale.domain!;
    expect(domain[0]).toBeLessThanOrEqual(0.31);
    expect(domain[0]).toBeGreaterThan(0.25);
    expect(domain[1]).toBeGreaterThanOrEqual(0.48);
    expect(domain[1]).toBeLessThan(0.6);
    const dir = runDir(metrics);
    await writeReport(dir);
    const svg = readFileSync(join(dir, "plots", "loss.svg"), "utf8");
    // A decade-rounded axis would run from 0.1 to 1, labelled at 0.1.
    expect(svg).not.toMatch(/>0\.1<\/text>/);
  });

  it("writes every column of the epoch table in one number style", async () => {
    const dir = runDir(metrics);
    const html = readFileSync((await writeReport(dir)).html, "utf8");
    const table = html.slice(html.indexOf("<h2>Epochs</h2>"));
    const rows = [...table.matchAll(/<tr><td>(.*?)<\/td><\/tr>/g)].map((m) => m[1].split("</td><td>"));
    // epoch, step, train_loss, train_accuracy, val_loss, val_accuracy, lr, seconds
    expect(rows).toEqual([
      ["1", "10", "0.5325", "0.7100", "0.4800", "0.7500", "1.00e-2", "1.2"],
      ["2", "20", "0.3825", "0.8125", "0.3100", "0.8000", "9.55e-4", "1.5"],
    ]);
  });
});

describe("nnc train records per-step loss and lr", () => {
  it("a warm-up over the first steps of epoch 1 is in metrics.json and in the lr plot", () => {
    // 320 training rows in batches of 16: 20 steps per epoch; LinearLR from 0.1× to 1× over 10 steps.
    const dir = runFolder(syntheticSpec({ epochs: 2, train: "  schedule { lr = linear(0.1, 1, 10 steps) }\n" }), 400);
    folders.push(dir);
    const r = nnc(["train", join(dir, "spec.nn"), "--out", join(dir, "run"), "--no-progress"]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, "run", "metrics.json"), "utf8")) as MetricsFile & {
      per_step: { loss: number[]; lr: number[] };
    };
    expect(m.per_step.lr).toHaveLength(40);
    // PyTorch's LinearLR: lr_t = base · (0.1 + 0.9 · t/10) for t < 10, then base.
    m.per_step.lr.forEach((lr, t) => expect(lr).toBeCloseTo(0.01 * (0.1 + (0.9 * Math.min(t, 10)) / 10), 12));
    expect(m.per_step.loss.every((l) => l > 0 && Number.isFinite(l))).toBe(true);
    expect(m.epochs[0].lr).toBeCloseTo(0.01, 12); // the epoch's entry holds only its last step's rate
    const svg = readFileSync(join(dir, "run", "plots", "lr.svg"), "utf8");
    expect(svg).toContain("Learning rate at every step");
  }, 120_000);
});

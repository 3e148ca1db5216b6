/**
 * A graph spec trains, through its generated module and through `nnc train`: a residual MLP's loss falls, and data-parallel
 * training (runtime/parallel: replicas of the generated model in worker threads, each with its own
 * activations and gradient accumulation buffers) matches one thread, whichever thread computed each shard.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Batcher } from "../../runtime/data/batcher.ts";
import { arenaOf } from "../../runtime/arena.ts";
import { DataParallel } from "../../runtime/parallel/data-parallel.ts";
import { Rng } from "../../runtime/rng.ts";
import { runTraining } from "../../runtime/train/loop.ts";
import type { FirstOrderModel, GeneratedModule, LoadedData } from "../../runtime/index.ts";
import { loadSpecModule } from "../../cli/spec-module.ts";

const root = resolve(import.meta.dirname, "../..");
const work = join(root, "tmp", "graph", `training-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 640 rows of 16 features; the label is the arg-max of a fixed nonlinear map, so there is something to learn. */
function writeData(): string {
  mkdirSync(work, { recursive: true });
  const rng = new Rng(11);
  const lines: string[] = [];
  for (let r = 0; r < 640; r++) {
    const x = Array.from({ length: 16 }, () => rng.normal());
    const scores = [0, 1, 2, 3].map((c) => x.reduce((a, v, i) => a + Math.tanh(v) * Math.sin(1 + i * 7 + c * 3), 0));
    lines.push([...x.map((v) => v.toFixed(5)), scores.indexOf(Math.max(...scores))].join(","));
  }
  const file = join(work, "rows.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** A residual MLP written in the language: a dense stem, two repetitions of a residual block, the output layer. */
function residualSpec(csv: string, optimizer: string): string {
  return `block res(c) {
  residual {
    fc1: dense(c)
    relu
    fc2: dense(c)
  }
  relu
}
data {
  train = csv(${JSON.stringify(csv)}, label = 16)
}
model {
  input = [16]
  stem: dense(32)
  relu
  layer1: repeat(2, res(32))
  out: dense(4)
  loss = cross_entropy()
}
train {
  optimizer = ${optimizer}
  epochs = 4
  batch_size = 64
  seed = 1
}
`;
}

const csv = writeData();
let counter = 0;
function writeSpec(optimizer: string): string {
  const file = join(work, `res-${counter++}.nn`);
  writeFileSync(file, residualSpec(csv, optimizer));
  return file;
}

async function residualMlp(): Promise<GeneratedModule> {
  const file = writeSpec("sgd(lr = 0.05, momentum = 0.9)");
  return (await loadSpecModule(file, join(work, `module-${counter}`))).module;
}

/** `steps` optimizer steps through DataParallel over 2 threads, with workers or with the training thread standing in for them. */
function trainDirect(module: GeneratedModule, data: LoadedData, steps: number, workers: boolean) {
  const model = module.createModel() as FirstOrderModel;
  const batcher = new Batcher(data.train, 64, true, model.rng, "f32", arenaOf(model.params)!);
  const dp = new DataParallel(model, { x: batcher.x, labels: batcher.labels, targets: batcher.targets, capacity: 64 }, 2, {
    startWorkers: workers,
    takeBack: false,
  });
  try {
    if (workers) expect(dp.waitForWorkers(60_000)).toBe(true);
    batcher.startEpoch();
    for (let s = 0; s < steps; s++) {
      let n = batcher.next();
      if (n === 0) {
        batcher.startEpoch();
        n = batcher.next();
      }
      model.zeroGradients();
      dp.lossAndGradient(n, 1);
      model.update();
    }
    return { params: Float32Array.from(model.params), shardsBy: { ...dp.shardsBy } };
  } finally {
    dp.close();
  }
}

describe("training a graph model", () => {
  it("lowers a residual MLP's loss, on one thread and on two data-parallel threads alike", async () => {
    const module = await residualMlp();
    const data = await module.loadData();
    const single = module.createModel();
    const r1 = runTraining(single, data, { threads: 1 });
    expect(r1.epochs[3].train_loss).toBeLessThan(0.8 * r1.epochs[0].train_loss!);
    const parallel = module.createModel();
    const r2 = runTraining(parallel, data, { threads: 2 });
    expect(r2.threads.count).toBe(2);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < single.params.length; i++) {
      scale = Math.max(scale, Math.abs(single.params[i]));
      diff = Math.max(diff, Math.abs(single.params[i] - parallel.params[i]));
    }
    expect(diff).toBeLessThan(1e-4 * scale);
    expect(diff).toBeGreaterThan(0); // the shards really were summed separately
  });

  it("gives the same bytes whether worker threads or the training thread computed the shards", async () => {
    const module = await residualMlp();
    const data = await module.loadData();
    const workers = trainDirect(module, data, 8, true);
    expect(workers.shardsBy).toEqual({ workers: 8, standIn: 0 });
    const standIn = trainDirect(module, data, 8, false);
    expect(standIn.shardsBy).toEqual({ workers: 0, standIn: 8 });
    expect(Buffer.from(standIn.params.buffer).equals(Buffer.from(workers.params.buffer))).toBe(true);
  });

  it("nnc train trains a residual spec data-parallel on 2 threads, its loss falling epoch by epoch", () => {
    const file = writeSpec("adam(lr = 1e-2)");
    const out = join(work, "cli");
    execFileSync(process.execPath, [join(root, "bin/nnc.js"), "train", file, "--threads", "2", "--out", out, "--no-progress"], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 120_000,
    });
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as { threads: number; epochs: { train_loss: number }[] };
    expect(metrics.threads).toBe(2);
    const losses = metrics.epochs.map((e) => e.train_loss);
    expect(losses).toHaveLength(4);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
  });
});

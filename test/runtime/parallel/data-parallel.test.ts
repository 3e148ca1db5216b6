/**
 * Data-parallel training (runtime/parallel): the batch split across worker threads gives the
 * single-thread parameters within float tolerance, the same bytes on every run with the same seed and
 * thread count (whether a shard ran in a worker or on the training thread standing in for it), and
 * models whose batch cannot be split train on one thread and say why.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSpecModule, type GeneratedModule } from "../../../cli/spec-module.ts";
import { Batcher } from "../../../runtime/data/batcher.ts";
import { DataParallel } from "../../../runtime/parallel/data-parallel.ts";
import { shardRows, shardStart } from "../../../runtime/parallel/shard.ts";
import { Rng } from "../../../runtime/rng.ts";
import type { FirstOrderModel, LoadedData } from "../../../runtime/index.ts";
import { runTraining } from "../../../runtime/train/loop.ts";
import { arenaOf } from "../../../runtime/arena.ts";

const root = resolve(import.meta.dirname, "../../..");
const work = join(root, "tmp", `data-parallel-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 640 rows of 16 features; the label is the arg-max of a fixed linear map, so there is something to learn. */
function writeData(): string {
  mkdirSync(work, { recursive: true });
  const rng = new Rng(11);
  const lines: string[] = [];
  for (let r = 0; r < 640; r++) {
    const x = Array.from({ length: 16 }, () => rng.normal());
    const scores = [0, 1, 2, 3].map((c) => x.reduce((a, v, i) => a + v * Math.sin(1 + i * 7 + c * 3), 0));
    lines.push([...x.map((v) => v.toFixed(5)), scores.indexOf(Math.max(...scores))].join(","));
  }
  const file = join(work, "rows.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

function spec(data: string, hidden: string, optimizer: string): string {
  return `
data {
  train = csv(${JSON.stringify(data)}, label = 16)
}
model {
  input = [16]
  ${hidden}
  out: dense(4)
  loss = cross_entropy()
}
train {
  optimizer = ${optimizer}
  epochs = 2
  batch_size = 64
  seed = 1
}
`;
}

let counter = 0;
async function load(text: string): Promise<{ module: GeneratedModule; file: string }> {
  const file = join(work, `spec-${counter++}.nn`);
  writeFileSync(file, text);
  return { module: (await loadSpecModule(file, join(work, `module-${counter}`))).module, file };
}

const csv = writeData();
const mlp = "fc1: dense(64)\n  relu\n  fc2: dense(32)\n  relu";

/**
 * `steps` optimizer steps through DataParallel with workers (waited for, never overtaken) or without; returns the
 * parameters and optimizer state and who computed the shards and the update's ranges. `byRange`: the update as
 * training makes it, the replicas' gradients added and the params updated by range on every thread; otherwise
 * the gradients are added and the update made on the training thread.
 */
function trainDirect(module: GeneratedModule, data: LoadedData, threads: number, steps: number, workers: boolean, byRange = false) {
  const model = module.createModel() as FirstOrderModel;
  const batcher = new Batcher(data.train, 64, true, model.rng, "f32", arenaOf(model.params)!);
  const dp = new DataParallel(model, { x: batcher.x, labels: batcher.labels, targets: batcher.targets, capacity: 64 }, threads, {
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
      if (byRange) {
        dp.lossAndGradient(n, 1, false);
        expect(dp.update()).toBe(true);
      } else {
        dp.lossAndGradient(n, 1);
        model.update();
      }
    }
    const state = (model.optimizerState?.() ?? []).map((s) => Float32Array.from(s.data));
    return { params: Float32Array.from(model.params), state, shardsBy: { ...dp.shardsBy }, rangesBy: { ...dp.rangesBy } };
  } finally {
    dp.close();
  }
}

describe("data-parallel training", () => {
  it("splits every batch into shards that cover its rows once, the training thread's larger in a full batch, on row-tile boundaries", () => {
    for (let T = 2; T <= 5; T++) {
      for (let n = 1; n <= 130; n++) {
        let next = 0;
        for (let k = 0; k < T; k++) {
          expect(shardStart(n, T, k)).toBe(next);
          expect(shardRows(n, T, k)).toBeGreaterThanOrEqual(0);
          next += shardRows(n, T, k);
        }
        expect(next).toBe(n);
      }
    }
    // B1's batch: the training thread takes more rows than its worker (see shard.ts), both multiples of 4.
    const [own, worker] = [shardRows(64, 2, 0), shardRows(64, 2, 1)];
    expect(own).toBeGreaterThan(worker);
    expect([own % 4, worker % 4]).toEqual([0, 0]);
  });

  it("matches single-thread training within float tolerance", async () => {
    const { module } = await load(spec(csv, mlp, "sgd(lr = 0.05, momentum = 0.9)"));
    const data = await module.loadData();
    const single = module.createModel();
    const r1 = runTraining(single, data, { threads: 1 });
    const parallel = module.createModel();
    const r2 = runTraining(parallel, data, { threads: 2 });
    expect(r1.threads.count).toBe(1);
    expect(r2.threads).toMatchObject({ count: 2, kernels: 1, reason: "2 data-parallel threads (--threads 2)" });
    expect(r2.steps).toBe(20);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < single.params.length; i++) {
      scale = Math.max(scale, Math.abs(single.params[i]));
      diff = Math.max(diff, Math.abs(single.params[i] - parallel.params[i]));
    }
    expect(diff).toBeLessThan(1e-4 * scale);
    expect(diff).toBeGreaterThan(0); // the shards really were summed separately
    // The reported loss and accuracy are the whole batch's, not one shard's.
    expect(r2.epochs[1].train_loss).toBeCloseTo(r1.epochs[1].train_loss!, 4);
    expect(r2.epochs[1].train_accuracy).toBeCloseTo(r1.epochs[1].train_accuracy!, 2);
  });

  it("with weight and gradient noise matches single-thread training within float tolerance (the workers see the perturbed weights)", async () => {
    const noisy = spec(csv, mlp, "sgd(lr = 0.05, momentum = 0.9)").replace(
      "  seed = 1\n",
      "  seed = 1\n  noise = [weight_noise(0.05), gradient_noise(eta = 0.01)]\n",
    );
    const { module } = await load(noisy);
    const data = await module.loadData();
    const single = module.createModel();
    runTraining(single, data, { threads: 1 });
    const parallel = module.createModel();
    const r = runTraining(parallel, data, { threads: 2 });
    expect(r.threads.count).toBe(2);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < single.params.length; i++) {
      scale = Math.max(scale, Math.abs(single.params[i]));
      diff = Math.max(diff, Math.abs(single.params[i] - parallel.params[i]));
    }
    expect(diff).toBeLessThan(1e-4 * scale);
  });

  it("gives the same bytes whichever thread computed each shard, for the same seed and thread count", async () => {
    const { module } = await load(spec(csv, mlp, "adam(lr = 1e-2)"));
    const data = await module.loadData();
    const workers = trainDirect(module, data, 3, 12, true);
    expect(workers.shardsBy).toEqual({ workers: 24, standIn: 0 });
    const again = trainDirect(module, data, 3, 12, true);
    const standIn = trainDirect(module, data, 3, 12, false);
    expect(standIn.shardsBy).toEqual({ workers: 0, standIn: 24 });
    expect(Buffer.from(again.params.buffer).equals(Buffer.from(workers.params.buffer))).toBe(true);
    expect(Buffer.from(standIn.params.buffer).equals(Buffer.from(workers.params.buffer))).toBe(true);
    // runTraining with the same thread count is the same run, however many shards its workers took.
    const model = module.createModel();
    runTraining(model, data, { threads: 3, steps: 12 });
    expect(Buffer.from(Float32Array.from(model.params).buffer).equals(Buffer.from(workers.params.buffer))).toBe(true);
  });

  it("updates by parameter range on every thread with the bytes of the whole update on the training thread", async () => {
    // Three update groups with ragged edges (fc2's lr_mult), Adam's fused multiply-adds and NAdam's step scalars.
    const groups = "fc1: dense(61)\n  relu\n  fc2: dense(29) { lr_mult = 0.5 }\n  relu";
    for (const optimizer of ["adam(lr = 1e-2)", "nadam(lr = 1e-2)", "sgd(lr = 0.05, momentum = 0.9, nesterov = true)"]) {
      const { module } = await load(spec(csv, groups, optimizer));
      const data = await module.loadData();
      const whole = trainDirect(module, data, 3, 12, true);
      const ranges = trainDirect(module, data, 3, 12, true, true);
      expect(ranges.rangesBy).toEqual({ workers: 24, standIn: 0 });
      const standIn = trainDirect(module, data, 3, 12, false, true);
      expect(standIn.rangesBy).toEqual({ workers: 0, standIn: 24 });
      for (const run of [ranges, standIn]) {
        expect(Buffer.from(run.params.buffer).equals(Buffer.from(whole.params.buffer))).toBe(true);
        run.state.forEach((s, i) => expect(Buffer.from(s.buffer).equals(Buffer.from(whole.state[i].buffer))).toBe(true));
      }
    }
  });

  it("adds the workers' gradients before clip_grad_norm reads them, so the run is the one of a whole reduction", async () => {
    const clipped = spec(csv, mlp, "adam(lr = 1e-2)").replace("  seed = 1\n", "  seed = 1\n  clip_grad_norm = 0.5\n");
    const { module } = await load(clipped);
    const data = await module.loadData();
    const whole = trainDirect(module, data, 2, 12, true);
    const model = module.createModel();
    const r = runTraining(model, data, { threads: 2, steps: 12 });
    expect(r.threads.count).toBe(2);
    expect(Buffer.from(Float32Array.from(model.params).buffer).equals(Buffer.from(whole.params.buffer))).toBe(true);
  });

  it("trains a model with dropout on one thread, its products on the threads asked for, and says why", async () => {
    const { module } = await load(spec(csv, "fc1: dense(64)\n  relu\n  drop: dropout(0.2)", "adam(lr = 1e-2)"));
    const result = await module.train({ threads: 2 } as never);
    expect(result.threads.count).toBe(1);
    expect(result.threads.kernels).toBe(2);
    expect(result.threads.reason).toContain("dropout drop draws its masks from the model's random generator");
    expect(result.threads.reason).toContain("large products and convolutions use 2 threads (--threads 2)");
    expect(result.epochs[1].train_loss).toBeLessThan(result.epochs[0].train_loss!);
  });

  it("nnc train --threads 2 trains, reports its threads and exits (the workers do not hold the process)", async () => {
    const { file } = await load(spec(csv, mlp, "adam(lr = 1e-2)"));
    const run = (name: string) => {
      const out = join(work, name);
      const stderr = execFileSync(
        process.execPath,
        [join(root, "bin/nnc.js"), "train", file, "--threads", "2", "--out", out, "--no-progress"],
        {
          cwd: root,
          encoding: "utf8",
          stdio: ["ignore", "ignore", "pipe"],
          timeout: 120_000,
        },
      );
      return {
        stderr: stderr as unknown as string,
        checkpoint: readFileSync(join(out, "checkpoint.safetensors")),
        metrics: JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")),
      };
    };
    const a = run("cli-a");
    const b = run("cli-b");
    expect(a.metrics.threads).toBe(2);
    expect(a.checkpoint.equals(b.checkpoint)).toBe(true);
  });
});

/**
 * The ResNet row of issue 20: training steps of examples/fashion-resnet.nn (ResNet-20, batch 128, flips, crops
 * and cutout, SGD Nesterov) through nnc's generated module, extrapolated to an epoch of 60,000 images as the
 * CNN row is (bench/cnn.ts), beside the same network written in PyTorch (bench/pytorch/peer.py `resnet`).
 * Data loading and evaluation are not timed; batching, augmentation and the optimizer are.
 * Used by bench/run.ts; alone: `node bin/run-ts.js bench/resnet.ts [--steps N] [--rounds R]`.
 */
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpecModule } from "../cli/spec-module.ts";
import { epochSeconds, imagesPerSecond, lastNncThreads, nncSlice } from "./cnn.ts";
import type { Slice } from "./tfjs-cnn.ts";

const root = resolve(import.meta.dirname, "..");

export interface ResnetResult {
  readonly batchSize: number;
  readonly epochImages: number;
  readonly nncThreads: number;
  readonly slices: Slice[];
  /** The slice with the least wall time per image. */
  readonly best: Slice;
}

export async function resnetBench(steps: number, rounds: number, log: (line: string) => void): Promise<ResnetResult> {
  const { module } = await loadSpecModule(join(root, "examples/fashion-resnet.nn"));
  const batchSize = module.DEFINITION.training.batchSize;
  const data = await module.loadData();
  const epochImages = data.train.n;
  // JIT, wasm compilation, Winograd's transformed weights and first touch of the buffers.
  await nncSlice(module, data, 2);
  const slices: Slice[] = [];
  for (let r = 0; r < rounds; r++) {
    const slice = await nncSlice(module, data, steps);
    slices.push(slice);
    log(
      `ResNet nnc (${lastNncThreads()} kernel threads): ${steps} steps × ${batchSize} in ${(slice.wallMs / 1000).toFixed(2)} s ` +
        `(cpu ${(slice.cpuMs / 1000).toFixed(2)} s), ${imagesPerSecond(slice).toFixed(0)} images/s → epoch ≈ ${epochSeconds(slice, epochImages).toFixed(0)} s; ` +
        `load ${loadavg()[0].toFixed(2)}`,
    );
  }
  const best = slices.reduce((a, b) => (b.wallMs / b.images < a.wallMs / a.images ? b : a));
  return { batchSize, epochImages, nncThreads: lastNncThreads(), slices, best };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : Number(process.argv[i + 1]);
  };
  await resnetBench(arg("--steps", 16), arg("--rounds", 2), (line) => void process.stdout.write(line + "\n"));
}

/**
 * The CNN row of issue 7: training steps of examples/fashion-cnn.nn (batch 128) through nnc's generated
 * module and through the same model in TensorFlow.js (bench/tfjs-cnn.ts; wasm, optionally cpu) in this
 * process, alternating, extrapolated to one epoch (the whole training set: 60,000 images = 469 steps). Data loading,
 * a run's start and its warm-up step, and evaluation are not timed; batching, augmentation, the optimizer and the EMA
 * of the weights are.
 * Used by bench/run.ts; alone: `node bin/run-ts.js bench/cnn.ts [--steps N] [--rounds R] [--cpu-steps N]`.
 */
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { loadavg } from "node:os";
import * as tf from "@tensorflow/tfjs";
import { loadSpecModule, type GeneratedModule } from "../cli/spec-module.ts";
import type { LoadedData } from "../runtime/train/data.ts";
import { checkGradients, cnnTf, type GradientCheck, type Slice } from "./tfjs-cnn.ts";
import { useBackend } from "./tfjs.ts";

const root = resolve(import.meta.dirname, "..");
/** Largest acceptable |difference| between tfjs's hand-written gradients and its stock ones (float32 sums of ~100 terms). */
const GRADIENT_TOLERANCE = 1e-4;

export interface CnnOptions {
  /** Timed steps per slice, for nnc and tfjs-wasm alike. */
  readonly steps: number;
  /** Alternating nnc / tfjs-wasm slices; the fastest of each side is compared. */
  readonly rounds: number;
  /** Timed tfjs-cpu steps after one warm-up step (each takes seconds); 0 skips tfjs-cpu. */
  readonly cpuSteps: number;
  readonly log: (line: string) => void;
}

export interface CnnResult {
  readonly batchSize: number;
  readonly epochImages: number;
  readonly nncThreads: number;
  readonly gradientCheck: GradientCheck & { readonly stockConvGradientOnWasm: string };
  readonly nnc: Slice[];
  readonly tfjsWasm: Slice[];
  readonly tfjsCpu: Slice | undefined;
  /** Per side, the slice with the least wall time per image, and the least CPU time per image. */
  readonly best: { readonly nnc: Slice; readonly tfjsWasm: Slice; readonly nncCpu: Slice; readonly tfjsWasmCpu: Slice };
  /** tfjs-wasm time per image / nnc time per image, by wall clock and by process CPU time. */
  readonly ratio: { readonly wall: number; readonly cpu: number };
  readonly loadAverageAtEnd: number[];
}

export const imagesPerSecond = (s: Slice, clock: "wallMs" | "cpuMs" = "wallMs"): number => s.images / (s[clock] / 1000);
/** Estimated seconds for an epoch of `images` at a slice's wall (or CPU) time per image. */
export const epochSeconds = (s: Slice, images: number, clock: "wallMs" | "cpuMs" = "wallMs"): number =>
  ((s[clock] / s.images) * images) / 1000;
const fastest = (slices: readonly Slice[], clock: "wallMs" | "cpuMs"): Slice =>
  slices.reduce((a, b) => (b[clock] / b.images < a[clock] / a.images ? b : a));

/** Kernel threads of the last nnc slice (the training loop's choice for this model). */
let nncThreads = 1;
export const lastNncThreads = (): number => nncThreads;

/**
 * `steps` steps of the generated module's own training loop, timed from the end of its first `warmup` steps to the
 * end of its last (the run is given no validation or test set to evaluate). The warm-up steps and the run's start
 * (its arena and model, the kernel helper threads, which every run starts and ends) are not timed, as the peers'
 * slices time steps of a model that has already taken its warm-up steps (bench/pytorch/peer.py, tfjs-cnn.ts).
 * `threads` as `nnc train --threads` (default: chosen as it chooses).
 */
export async function nncSlice(module: GeneratedModule, data: LoadedData, steps: number, warmup = 1, threads?: number): Promise<Slice> {
  const trainOnly: LoadedData = { ...data, validation: undefined, test: undefined };
  let cpu0 = process.cpuUsage(),
    t0 = performance.now(),
    wallMs = 0,
    cpuMs = 0;
  const result = await module.train({
    data: trainOnly,
    steps: warmup + steps,
    threads,
    onBatch: (p) => {
      if (p.step === warmup) {
        cpu0 = process.cpuUsage();
        t0 = performance.now();
      } else if (p.step === warmup + steps) {
        wallMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        cpuMs = (cpu.user + cpu.system) / 1000;
      }
    },
  });
  if (result.steps !== warmup + steps || wallMs === 0) throw new Error(`nnc ran ${result.steps} steps, not ${warmup + steps}`);
  nncThreads = result.threads.kernels;
  return { steps, images: steps * module.DEFINITION.training.batchSize, wallMs, cpuMs };
}

/** What tfjs's own conv2d gradient does on wasm: the reason tfjs-cnn.ts writes its own. */
function stockConvGradientOnWasm(): string {
  try {
    tf.tidy(() =>
      tf
        .grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, "same")))(tf.ones([3, 3, 1, 1]))
        .dataSync(),
    );
    return "works";
  } catch (e) {
    return `throws: ${(e as Error).message.split("\n")[0]}`;
  }
}

export async function cnnBench(options: CnnOptions): Promise<CnnResult> {
  const { log } = options;
  const { module, plan } = await loadSpecModule(join(root, "examples/fashion-cnn.nn"));
  const augment = plan.data?.augment ?? [];
  const batchSize = plan.training.batchSize;
  const data = await module.loadData();
  const epochImages = data.train.n;

  await useBackend("wasm");
  const check = await checkGradients();
  const stock = stockConvGradientOnWasm();
  const e = (x: number): string => x.toExponential(1);
  log(
    `CNN self-check, tfjs-wasm hand-written gradients vs tfjs-cpu stock ones: conv2d max |Δdx| ${e(check.convDx)}, max |ΔdW| ${e(check.convDw)} ` +
      `(first-layer form ${e(check.convDwFirstLayer)}); batch norm max |Δ| ${e(check.batchNorm)}; max pool max |Δdx| ${e(check.maxPool)}. ` +
      `The stock conv2d gradient on wasm ${stock}`,
  );
  const worst = Math.max(check.convDx, check.convDw, check.convDwFirstLayer, check.batchNorm, check.maxPool);
  if (!(worst <= GRADIENT_TOLERANCE))
    throw new Error(
      `tfjs's hand-written gradients differ from its stock ones by ${worst} (> ${GRADIENT_TOLERANCE}): the CNN comparison would train a different model`,
    );

  const show = (name: string, s: Slice): void =>
    log(
      `CNN ${name}: ${s.steps} steps × ${batchSize} in ${(s.wallMs / 1000).toFixed(2)} s (cpu ${(s.cpuMs / 1000).toFixed(2)} s), ` +
        `${imagesPerSecond(s).toFixed(0)} images/s (cpu-time ${imagesPerSecond(s, "cpuMs").toFixed(0)}) → epoch of ${epochImages} ≈ ${epochSeconds(s, epochImages).toFixed(0)} s; load ${loadavg()[0].toFixed(2)}`,
    );
  // JIT, wasm compilation and first touch of nnc's buffers; tfjs warms up with one step inside each slice.
  await nncSlice(module, data, 2);
  const nnc: Slice[] = [];
  const tfjsWasm: Slice[] = [];
  for (let r = 0; r < options.rounds; r++) {
    nnc.push(await nncSlice(module, data, options.steps));
    show(`nnc (${nncThreads} thread${nncThreads === 1 ? "" : "s"})`, nnc[r]);
    tfjsWasm.push(await cnnTf(data.train, augment, batchSize, options.steps, 1));
    show("tfjs-wasm", tfjsWasm[r]);
  }
  let tfjsCpu: Slice | undefined;
  if (options.cpuSteps > 0) {
    await useBackend("cpu");
    tfjsCpu = await cnnTf(data.train, augment, batchSize, options.cpuSteps, 1);
    show("tfjs-cpu", tfjsCpu);
    await useBackend("wasm");
  }
  const best = {
    nnc: fastest(nnc, "wallMs"),
    tfjsWasm: fastest(tfjsWasm, "wallMs"),
    nncCpu: fastest(nnc, "cpuMs"),
    tfjsWasmCpu: fastest(tfjsWasm, "cpuMs"),
  };
  const ratio = {
    wall: best.tfjsWasm.wallMs / best.tfjsWasm.images / (best.nnc.wallMs / best.nnc.images),
    cpu: best.tfjsWasmCpu.cpuMs / best.tfjsWasmCpu.images / (best.nncCpu.cpuMs / best.nncCpu.images),
  };
  log(
    `CNN tfjs-wasm / nnc time per image (fastest slices): ${ratio.wall.toFixed(2)}× wall, ${ratio.cpu.toFixed(2)}× cpu time (target ≥ 3×). tfjs has no AdamW: Adam plus one decay multiply per weight`,
  );
  return {
    batchSize,
    epochImages,
    nncThreads,
    gradientCheck: { ...check, stockConvGradientOnWasm: stock },
    nnc,
    tfjsWasm,
    tfjsCpu,
    best,
    ratio,
    loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : Number(process.argv[i + 1]);
  };
  const print = (line: string): void => void process.stdout.write(line + "\n");
  print(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  await cnnBench({ steps: arg("--steps", 16), rounds: arg("--rounds", 2), cpuSteps: arg("--cpu-steps", 0), log: print });
}

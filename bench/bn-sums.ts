/**
 * Does computing a batch norm's per-channel sums in the convolution's output pass pay (issue 18, "conv +
 * batch norm + ReLU where it pays")? A training step's batch norm forward reads the convolution's output three
 * times (runtime/wasm/batchnorm2d.ts: the sums for the mean, the squared deviations for the variance, then the
 * normalise-and-affine pass). Folding the first into the convolution's epilogue would save at most the sums
 * pass. This times, per ResNet shape at batch 128 on one thread (least process CPU time of `--repeats`): the
 * 3×3 convolution's forward, the batch norm's whole training forward, and the sums pass alone — the most
 * the fusion could save. Alone: `node bin/run-ts.js bench/bn-sums.ts [--repeats N]`.
 */
import { loadavg } from "node:os";
import { Arena } from "../runtime/arena.ts";
import { conv2dForward } from "../runtime/dispatch/conv.ts";
import { batchNorm2dForwardTrain } from "../runtime/dispatch/batchnorm2d.ts";
import type { ConvGeometry } from "../runtime/kernels/conv.ts";
import { batchNorm2dModuleBytes } from "../runtime/wasm/batchnorm2d-module.ts";
import { kernelsFor } from "../runtime/wasm/instances.ts";
import { setGemmThreads } from "../runtime/wasm/threads.ts";

const N = 128;
const i = process.argv.indexOf("--repeats");
const repeats = i >= 0 ? Number(process.argv[i + 1]) : 10;
/** ResNet-20 on CIFAR (32×32 → 16×16 → 8×8) and examples/fashion-resnet.nn (28×28 → 14×14 → 7×7). */
const shapes: [number, number][] = [
  [16, 32],
  [32, 16],
  [64, 8],
  [16, 28],
  [32, 14],
  [64, 7],
];

/** Least CPU milliseconds of `repeats` runs of `f` (after one warm-up). */
function cpu(f: () => void): number {
  f();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.cpuUsage();
    f();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}

setGemmThreads(1);
console.log(`batch ${N}, one thread, least CPU ms of ${repeats}; load average ${loadavg()[0].toFixed(1)}`);
console.log("shape          conv fwd   bn train fwd   sums pass   sums / (conv + bn)");
for (const [C, S] of shapes) {
  const arena = new Arena(0);
  const g: ConvGeometry = { C, H: S, W: S, O: C, OH: S, OW: S, k: 3, stride: 1, pad: 1, dil: 1, groups: 1 };
  const size = N * C * S * S;
  const [x, w, y, z] = [size, C * C * 9, size, size].map((n) => arena.floats("f32", n) as Float32Array);
  const [gamma, beta, rm, rv, mean, inv] = [0, 1, 2, 3, 4, 5].map(() => new Float32Array(C).fill(1));
  for (const a of [x, w]) for (let k = 0; k < a.length; k++) a[k] = Math.sin(k * 0.37);
  const partials = arena.floats("f64", N * C) as Float64Array;
  const k = kernelsFor(arena, batchNorm2dModuleBytes) as { sums(x: number, B: number, C: number, S: number, out: number): void };
  const conv = cpu(() => conv2dForward(N, g, x, 0, w, 0, null, 0, y, 0, false));
  const bn = cpu(() =>
    batchNorm2dForwardTrain(N, C, S * S, y, 0, z, 0, gamma, 0, beta, 0, rm, 0, rv, 0, 0.1, 1e-5, mean, 0, inv, 0, false),
  );
  const sums = cpu(() => k.sums(y.byteOffset, N, C, S * S, partials.byteOffset));
  const label = `[${C}, ${S}, ${S}]`.padEnd(13);
  console.log(
    `${label}  ${conv.toFixed(2).padStart(8)}   ${bn.toFixed(2).padStart(12)}   ${sums.toFixed(2).padStart(9)}   ${((100 * sums) / (conv + bn)).toFixed(1)}%`,
  );
}

/**
 * ResNet-20's convolutions (examples/fashion-resnet.nn) one at a time, nnc beside PyTorch 1.13.1: each distinct
 * shape alone at batch 128, forward and backward (weight and input gradients, as training runs them; the stem has
 * no input gradient), best of --repeats, nnc on 2 kernel threads (as it trains ResNet-20 here) and PyTorch on 2 intra-op threads with
 * the BLAS it is installed with (oneDNN's convolutions). Weighted by how often ResNet-20 has each shape, the rows add
 * up to the convolutions of one training step, so the table says where a step's time goes against the peer's.
 * Alone: `node bin/run-ts.js bench/resnet-layers.ts [--repeats N]`.
 */
import { loadavg } from "node:os";
import { Arena } from "../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../runtime/dispatch/conv.ts";
import type { ConvGeometry } from "../runtime/kernels/conv.ts";
import { gemmThreads, setGemmThreads } from "../runtime/wasm/threads.ts";
import { type ConvShape, peerConvLayers, pytorchMissing } from "./pytorch.ts";

const N = 128;
setGemmThreads(2);

/** Name, shape and how many convolutions of ResNet-20 have it. */
const layers: [string, ConvShape, number][] = [
  ["stem 1→16 28×28", [1, 28, 16, 3, 1, 0], 1],
  ["16→16 28×28", [16, 28, 16, 3, 1, 1], 6],
  ["16→32 stride 2", [16, 28, 32, 3, 2, 1], 1],
  ["shortcut 16→32 1×1 stride 2", [16, 28, 32, 1, 2, 1], 1],
  ["32→32 14×14", [32, 14, 32, 3, 1, 1], 5],
  ["32→64 stride 2", [32, 14, 64, 3, 2, 1], 1],
  ["shortcut 32→64 1×1 stride 2", [32, 14, 64, 1, 2, 1], 1],
  ["64→64 7×7", [64, 7, 64, 3, 1, 1], 5],
];

function geometry([C, H, O, k, stride]: ConvShape): ConvGeometry {
  const pad = k >> 1,
    S = Math.floor((H + 2 * pad - k) / stride) + 1;
  return { C, H, W: H, O, OH: S, OW: S, k, stride, pad, dil: 1, groups: 1 };
}

/** nnc's forward and backward ms (wall, best of `repeats` after one warm-up). */
function nncMs(shape: ConvShape, repeats: number): [number, number] {
  const g = geometry(shape);
  const arena = new Arena(0);
  const inSize = g.C * g.H * g.W,
    outSize = g.O * g.OH * g.OW,
    wSize = g.O * g.C * g.k * g.k;
  const [x, w, y, dy, dx, dw] = [N * inSize, wSize, N * outSize, N * outSize, N * inSize, wSize].map(
    (n) => arena.floats("f32", n) as Float32Array,
  );
  for (const a of [x, w, dy]) for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 0.37);
  let fwd = Infinity,
    bwd = Infinity;
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    conv2dForward(N, g, x, 0, w, 0, null, 0, y, 0, false);
    const t1 = performance.now();
    conv2dBackward(N, g, x, 0, w, 0, dy, 0, dw, 0, null, 0, shape[5] === 1 ? dx : null, 0);
    const t2 = performance.now();
    if (r > 0) [fwd, bwd] = [Math.min(fwd, t1 - t0), Math.min(bwd, t2 - t1)];
  }
  return [fwd, bwd];
}

const i = process.argv.indexOf("--repeats");
const repeats = i < 0 ? 10 : Number(process.argv[i + 1]);
const missing = pytorchMissing();
const peer =
  missing === undefined
    ? peerConvLayers(
        "default",
        layers.map(([, shape]) => shape),
        repeats,
      )
    : undefined;
console.log(
  `batch ${N}, ms forward + backward, best of ${repeats}; nnc on ${gemmThreads()} kernel threads, PyTorch on 2 threads; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
let nncStep = 0,
  peerStep = 0;
layers.forEach(([name, shape, count], l) => {
  const [f, b] = nncMs(shape, repeats);
  nncStep += count * (f + b);
  let row = `${name.padEnd(28)} ×${count}  nnc ${f.toFixed(2)} + ${b.toFixed(2)}`;
  if (peer !== undefined) {
    const { forwardMs, backwardMs } = peer[l];
    peerStep += count * (forwardMs + backwardMs);
    row += `  PyTorch ${forwardMs.toFixed(2)} + ${backwardMs.toFixed(2)}  (nnc at ${((forwardMs + backwardMs) / (f + b)).toFixed(2)}×)`;
  }
  console.log(row);
});
console.log(
  `one step's convolutions: nnc ${nncStep.toFixed(1)} ms` +
    (peer === undefined ? ` (PyTorch ${missing})` : `, PyTorch ${peerStep.toFixed(1)} ms (nnc at ${(peerStep / nncStep).toFixed(2)}×)`),
);
process.exit(0);

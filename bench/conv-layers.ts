/**
 * The five 3×3 convolutions of examples/fashion-cnn.nn at batch 128, forward + backward (weight and
 * input gradients, as training runs them), on one thread, by im2col + GEMM (runtime/wasm/conv.ts), by
 * Winograd F(2×2, 3×3) for every pass (runtime/wasm/winograd.ts), by F(2×2, 3×3) forward with F(4×4, 3×3) for
 * the gradients (the default until 2026-12-05) and by F(4×4, 3×3) for every pass (runtime/wasm/winograd4.ts, the
 * default). One thread and process CPU time, so that the figures
 * mean something on a shared machine. Alone: `node bin/run-ts.js bench/conv-layers.ts [--repeats N]`.
 */
import { loadavg } from "node:os";
import { Arena } from "../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../runtime/dispatch/conv.ts";
import type { ConvGeometry } from "../runtime/kernels/conv.ts";
import { setGemmThreads } from "../runtime/wasm/threads.ts";
import { setWinogradMode, setWinogradTiles, winogradFits, winogradTiles, type WinogradTiles } from "../runtime/wasm/winograd.ts";

const defaultTiles = winogradTiles();

const N = 128;
const layers: [string, ConvGeometry, boolean][] = [
  ["conv1 1→32 28×28", geometry(1, 28, 32), false],
  ["conv2 32→48 14×14", geometry(32, 14, 48), true],
  ["conv3 48→48 14×14", geometry(48, 14, 48), true],
  ["conv4 48→96 7×7", geometry(48, 7, 96), true],
  ["conv5 96→96 7×7", geometry(96, 7, 96), true],
];

function geometry(C: number, S: number, O: number): ConvGeometry {
  return { C, H: S, W: S, O, OH: S, OW: S, k: 3, stride: 1, pad: 1, dil: 1, groups: 1 };
}

/** CPU milliseconds per forward and per backward pass (best of `repeats`). */
function time(g: ConvGeometry, withDx: boolean, repeats: number): [number, number] {
  const arena = new Arena(0);
  const inSize = g.C * g.H * g.W,
    outSize = g.O * g.OH * g.OW,
    wSize = g.O * g.C * 9;
  const [x, w, y, dy, dx, dw] = [N * inSize, wSize, N * outSize, N * outSize, N * inSize, wSize].map(
    (n) => arena.floats("f32", n) as Float32Array,
  );
  for (const a of [x, w, dy]) for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 0.37);
  let fwd = Infinity,
    bwd = Infinity;
  for (let r = 0; r < repeats + 1; r++) {
    const t0 = process.cpuUsage();
    conv2dForward(N, g, x, 0, w, 0, null, 0, y, 0, true);
    const t1 = process.cpuUsage();
    conv2dBackward(N, g, x, 0, w, 0, dy, 0, dw, 0, null, 0, withDx ? dx : null, 0);
    const t2 = process.cpuUsage();
    const ms = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user + b.system - a.user - a.system) / 1000;
    if (r > 0) {
      fwd = Math.min(fwd, ms(t0, t1));
      bwd = Math.min(bwd, ms(t1, t2));
    }
  }
  return [fwd, bwd];
}

const i = process.argv.indexOf("--repeats");
const repeats = i < 0 ? 5 : Number(process.argv[i + 1]);
setGemmThreads(1);
console.log(
  `batch ${N}, one thread, CPU ms per pass (best of ${repeats}); load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
const variants: [string, WinogradTiles | null][] = [
  ["direct", null],
  ["F(2×2)", { forward: 2, gradients: 2 }],
  ["F(2×2) forward", { forward: 2, gradients: 4 }],
  ["F(4×4) (default)", { forward: 4, gradients: 4 }],
];
const total = variants.map(() => 0);
for (const [name, g, withDx] of layers) {
  const row: string[] = [];
  variants.forEach(([label, tiles], v) => {
    setWinogradMode(tiles === null ? "off" : "auto");
    if (tiles !== null) setWinogradTiles(tiles);
    const [f, b] = time(g, withDx, repeats);
    total[v] += f + b;
    row.push(`${label} ${f.toFixed(1)} + ${b.toFixed(1)}`);
  });
  setWinogradMode("auto");
  setWinogradTiles(defaultTiles);
  console.log(`${name.padEnd(20)} ${row.join(" | ")}${winogradFits(g) ? "" : " (direct in every variant)"}`);
}
console.log(
  `total: ${variants.map(([label], v) => `${label} ${total[v].toFixed(1)} ms (${(total[0] / total[v]).toFixed(2)}×)`).join(", ")}`,
);

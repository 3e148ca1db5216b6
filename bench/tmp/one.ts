import { Arena } from "../../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../../runtime/dispatch/conv.ts";
import { setGemmThreads } from "../../runtime/wasm/threads.ts";
const N = 128;
setGemmThreads(1);
const [C, S, O] = (process.env.SHAPE ?? "96,7,96").split(",").map(Number);
const g = { C, H: S, W: S, O, OH: S, OW: S, k: 3, stride: 1, pad: 1, dil: 1, groups: 1 };
const arena = new Arena(0);
const [x, w, y, dy, dw, dx] = [N * C * S * S, O * C * 9, N * O * S * S, N * O * S * S, O * C * 9, N * C * S * S].map((n) => arena.floats("f32", n) as Float32Array);
for (const a of [x, w, dy]) for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 0.37);
const reps = 30;
for (let r = 0; r < reps; r++) {
  conv2dForward(N, g, x, 0, w, 0, null, 0, y, 0, false);
  conv2dBackward(N, g, x, 0, w, 0, dy, 0, dw, 0, null, 0, dx, 0);
}

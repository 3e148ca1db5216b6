/*
 * 2-D max or average pooling as the generated model holds it: its window geometry and, for max pooling, the
 * buffer of winning inputs backward reads, so each pass reads `pool.forward(n, x, y)`. The arithmetic is
 * runtime/dispatch/pool.ts's and runtime/kernels/pool.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import type { PoolGeometry } from "../kernels/pool.ts";
import { avgPoolBackward, avgPoolForward } from "../kernels/pool.ts";
import { maxPoolBackward, maxPoolForward } from "../dispatch/pool.ts";

export interface Pool2dSettings {
  readonly op: "max" | "avg";
  readonly geometry: PoolGeometry;
  /** Max pooling: the winning input of each window, written by forward for backward; null for average pooling. */
  readonly argmax: Int32Array | null;
}

export class Pool2d {
  constructor(readonly settings: Pool2dSettings) {}

  forward(n: number, x: FloatArray, y: FloatArray): void {
    const s = this.settings;
    if (s.op === "max") maxPoolForward(n, s.geometry, x, 0, y, 0, winners(s), 0);
    else avgPoolForward(n, s.geometry, x, 0, y, 0);
  }

  /** Writes the gradient w.r.t. the input into dx from dy, the gradient w.r.t. the output. */
  backward(n: number, dy: FloatArray, dx: FloatArray): void {
    const s = this.settings;
    if (s.op === "max") maxPoolBackward(n, s.geometry, dy, 0, winners(s), 0, dx, 0);
    else avgPoolBackward(n, s.geometry, dy, 0, dx, 0);
  }
}

function winners(s: Pool2dSettings): Int32Array {
  if (s.argmax === null) throw new Error("internal: max pooling without its argmax buffer");
  return s.argmax;
}

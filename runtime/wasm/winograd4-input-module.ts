import { FunctionBuilder, I32, op, V128 } from "./encode.ts";
import { forTiles } from "./emit-loops.ts";
import { advance, bytesOf, floatAddress } from "./emit-address.ts";
import { fillInterleaved } from "./winograd4-interleave.ts";
import { inputTransform, laneLayout, splatConstants, storeColumn } from "./winograd4-lanes.ts";
import { loadScratch, storeScratch, tileScratch } from "./winograd4-scratch.ts";

/* winograd4Input: V = Bᵀ d B of every 6×6 input patch of four samples (runtime/wasm/winograd4-module.ts gives the layout). */

export function emitInput4(fused: boolean): FunctionBuilder {
  const f = new FunctionBuilder("winograd4Input", Array<typeof I32>(15).fill(I32));
  const [x, sampleBytes, lanes, planes, V, C, H, W, pad, TH, TW, NT, stride, panelBytes, parity0] = Array.from({ length: 15 }, (_, i) => i);
  const [c, ty, tx, vc, out, row, ptr, parity, channelBytes, panelled] = Array.from({ length: 10 }, () => f.local(I32));
  const k = splatConstants(f, [2, 4, 5], fused, [2, 4]);
  const [p, q] = [f.local(V128), f.local(V128)];
  const d = Array.from({ length: 6 }, () => f.local(V128));
  const r6 = Array.from({ length: 6 }, () => f.local(V128));
  const scratch = f.local(I32);
  // One interleaved plane (winograd4-interleave.ts): 4·TH + 2 rows of 4·TW + 2 pixels of four floats.
  const layout = laneLayout(
    f,
    () => {
      f.get(TW);
      f.i32(2);
      f.op(op.i32Shl);
      f.i32(2);
      f.op(op.i32Add);
      f.i32(2);
      f.op(op.i32Shl);
    },
    () => {
      f.get(TH);
      f.i32(2);
      f.op(op.i32Shl);
      f.i32(2);
      f.op(op.i32Add);
    },
    stride,
  );
  tileScratch(f, layout, planes, 1, scratch);
  f.get(V);
  f.set(vc);
  // A channel's row of V: NT floats, or 8 floats of every GEMM panel.
  f.i32(32);
  bytesOf(f, NT);
  f.get(panelBytes);
  f.select();
  f.set(channelBytes);
  f.get(panelBytes);
  f.i32(0);
  f.op(op.i32Ne);
  f.set(panelled);
  f.forRange(
    c,
    () => f.i32(0),
    () => f.get(C),
    1,
    () => {
      // The four samples' channel c at row pad, column pad, zeros around (and everywhere in a missing sample's lane).
      fillInterleaved(
        f,
        layout,
        { planes, lanes, sampleBytes, rows: H, cols: W },
        () => floatAddress(f, x, [c, H, W]),
        () => {
          f.get(pad);
          f.get(layout.rowBytes);
          f.op(op.i32Mul);
          f.get(pad);
          f.i32(4);
          f.op(op.i32Shl);
          f.op(op.i32Add);
        },
      );
      f.get(vc);
      f.set(out);
      f.get(parity0);
      f.set(parity);
      forTiles(f, ty, tx, TH, TW, 1, () => {
        // row = the patch's top-left pixel: row 4·ty, column 4·tx of the plane.
        f.get(ty);
        f.get(layout.rowBytes);
        f.op(op.i32Mul);
        f.i32(2);
        f.op(op.i32Shl);
        f.get(tx);
        f.i32(6);
        f.op(op.i32Shl);
        f.op(op.i32Add);
        f.get(planes);
        f.op(op.i32Add);
        f.set(row);
        // Each patch row as it is loaded: d = its six pixels, one sample per lane; scratch row i = d B (by rows).
        for (let i = 0; i < 6; i++) {
          d.forEach((v, j) => {
            f.get(row);
            f.v128Load(16 * j);
            f.set(v);
          });
          inputTransform(f, k, d, r6, p, q);
          storeScratch(f, scratch, r6, 6 * i, 1);
          if (i < 5) advance(f, row, () => f.get(layout.rowBytes));
        }
        // V = Bᵀ (d B) (by columns of the scratch): column j's six values are V[ξ = 6i + j], stored at out + (6i + j)·xs.
        f.get(out);
        f.set(ptr);
        for (let jj = 0; jj < 6; jj++) {
          loadScratch(f, scratch, r6, jj, 6);
          inputTransform(f, k, r6, d, p, q);
          storeColumn(f, layout, ptr, d);
          if (jj < 5) advance(f, ptr, () => f.get(layout.xs));
        }
        // The next tile's column: 16 bytes on, or in GEMM panels from the second half of one panel to the next panel
        // (parity stays 0 without panels, and flips with them).
        advance(f, out, () => {
          f.get(panelBytes);
          f.i32(16);
          f.op(op.i32Sub);
          f.i32(16);
          f.get(parity);
          f.select();
        });
        f.get(parity);
        f.get(panelled);
        f.op(op.i32Xor);
        f.set(parity);
      });
      advance(f, vc, () => f.get(channelBytes));
    },
  );
  return f;
}

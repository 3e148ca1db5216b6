import { FunctionBuilder, I32, op, V128 } from "./encode.ts";
import { forTiles } from "./emit-loops.ts";
import { biasRelu, copyFloats } from "./winograd-lanes.ts";
import { advance, bytesOf, floatAddress } from "./emit-address.ts";
import { inLane, laneLayout, outputTransform, splatConstants, tileCorner, tilePixels, transpose } from "./winograd4-lanes.ts";
import { loadScratch, storeScratch, tileScratch } from "./winograd4-scratch.ts";

/*
 * winograd4Output: Y = Aᵀ m A of every tile's 36 products for four samples, with bias and ReLU
 * (runtime/wasm/winograd4-module.ts gives the layout).
 */

export function emitOutput4(fused: boolean): FunctionBuilder {
  const f = new FunctionBuilder("winograd4Output", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [M, planes, y, sampleBytes, lanes, O, OH, OW, TH, TW, NT, bias, relu, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [o, l, r, ty, tx, j, n4] = Array.from({ length: 7 }, () => f.local(I32));
  const [src, dst, from, ptr, cell] = Array.from({ length: 5 }, () => f.local(I32));
  const k = splatConstants(f, [2, 4, 8], fused);
  const epilogue = biasRelu(f, bias, relu);
  const tmp = Array.from({ length: 4 }, () => f.local(V128));
  const z = Array.from({ length: 4 }, () => f.local(V128));
  const m = Array.from({ length: 6 }, () => f.local(V128));
  const r4 = Array.from({ length: 4 }, () => f.local(V128));
  const scratch = f.local(I32);
  // Each lane's output plane: 4·TH rows of 4·TW floats, so that odd sizes need no partial tiles.
  const layout = laneLayout(f, tilePixels(f, TW), tilePixels(f, TH), stride);
  tileScratch(f, layout, planes, 4, scratch);
  epilogue.start();
  // Without bias and ReLU (a convolution before batch norm, an input gradient) the epilogue is skipped: 64 of a tile's
  // ~400 instructions, and it only turned −0 into +0.
  const active = f.local(I32);
  f.get(bias);
  f.get(relu);
  f.op(op.i32Or);
  f.set(active);
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(O),
    1,
    () => {
      epilogue.channel(o);
      floatAddress(f, M, [o, NT]);
      f.set(from);
      forTiles(f, ty, tx, TH, TW, 1, () => {
        // Row i of the 36 products as it is loaded: scratch row i = (m A)[i]; then Y = Aᵀ (m A) by columns of the scratch.
        f.get(from);
        f.set(ptr);
        for (let i = 0; i < 6; i++) {
          for (let jj = 0; jj < 6; jj++) {
            f.get(ptr);
            f.v128Load();
            f.set(m[jj]);
            if (i < 5 || jj < 5) advance(f, ptr, () => f.get(layout.xs));
          }
          outputTransform(f, k, m, r4, tmp);
          storeScratch(f, scratch, r4, 4 * i, 1);
        }
        for (let jj = 0; jj < 4; jj++) {
          loadScratch(f, scratch, m, jj, 4);
          outputTransform(f, k, m, r4, tmp);
          f.get(active);
          f.if(() => {
            for (const q of r4) epilogue.apply(q);
          });
          storeScratch(f, scratch, r4, 24 + jj, 4);
        }
        // Row i of the tile: its four pixels of sample L go to lane L's plane at (4ty + i, 4tx).
        tileCorner(f, layout, planes, ty, tx, cell);
        for (let i = 0; i < 4; i++) {
          loadScratch(f, scratch, r4, 24 + 4 * i, 1);
          transpose(f, r4, z, tmp);
          for (let L = 0; L < 4; L++) {
            inLane(f, layout, cell, L);
            f.get(z[L]);
            f.v128Store();
          }
          if (i < 3) advance(f, cell, () => f.get(layout.rowBytes));
        }
        advance(f, from, () => f.i32(16));
      });
      f.forRange(
        l,
        () => f.i32(0),
        () => f.get(lanes),
        1,
        () => {
          f.get(planes);
          f.get(l);
          f.get(layout.planeBytes);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.set(src);
          f.get(y);
          f.get(l);
          f.get(sampleBytes);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.get(o);
          f.get(OH);
          f.op(op.i32Mul);
          f.get(OW);
          f.op(op.i32Mul);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
          f.forRange(
            r,
            () => f.i32(0),
            () => f.get(OH),
            1,
            () => {
              copyFloats(f, dst, src, OW, j, n4);
              advance(f, src, () => f.get(layout.rowBytes));
              advance(f, dst, () => bytesOf(f, OW));
            },
          );
        },
      );
    },
  );
  return f;
}

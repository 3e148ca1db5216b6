import { FunctionBuilder, I32, V128 } from "./encode.ts";
import { forTiles } from "./emit-loops.ts";
import { advance, floatAddress } from "./emit-address.ts";
import {
  fillLanePlanes,
  gradientTransform,
  inLane,
  laneLayout,
  splatConstants,
  storeColumn,
  tileCorner,
  tilePixels,
  transpose,
} from "./winograd4-lanes.ts";
import { loadScratch, storeScratch, tileScratch } from "./winograd4-scratch.ts";

/*
 * winograd4Gradient: A g Aᵀ of every 4×4 tile of dy for four samples, for the weight gradient
 * (runtime/wasm/winograd4-module.ts gives the layout).
 */

export function emitGradient4(fused: boolean): FunctionBuilder {
  const f = new FunctionBuilder("winograd4Gradient", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, sampleBytes, lanes, planes, D, O, OH, OW, TH, TW, NT, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [o, ty, tx, to, ptr, cell] = Array.from({ length: 6 }, () => f.local(I32));
  const k = splatConstants(f, [2, 4], fused, [2]);
  const [p, q] = [f.local(V128), f.local(V128)];
  const a = Array.from({ length: 4 }, () => f.local(V128));
  const tmp = Array.from({ length: 4 }, () => f.local(V128));
  const g = Array.from({ length: 4 }, () => f.local(V128));
  const scratch = f.local(I32);
  const Dv = Array.from({ length: 6 }, () => f.local(V128));
  // Each lane's plane: 4·TH rows of 4·TW floats.
  const layout = laneLayout(f, tilePixels(f, TW), tilePixels(f, TH), stride);
  tileScratch(f, layout, planes, 4, scratch);
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(O),
    1,
    () => {
      // Lane l's plane holds dy[l, o] with zeros past OH and OW (and everywhere for a missing sample), so those terms vanish.
      fillLanePlanes(f, layout, { planes, lanes, sampleBytes, rows: OH, cols: OW }, () => floatAddress(f, dy, [o, OH, OW]), null);
      floatAddress(f, D, [o, NT]);
      f.set(to);
      forTiles(f, ty, tx, TH, TW, 1, () => {
        tileCorner(f, layout, planes, ty, tx, cell);
        // Each row of the tile as it is loaded: g = its four pixels in each lane's sample, scratch row i = (g Aᵀ)[i].
        for (let i = 0; i < 4; i++) {
          for (let L = 0; L < 4; L++) {
            inLane(f, layout, cell, L);
            f.v128Load();
            f.set(a[L]);
          }
          transpose(f, a, g, tmp);
          gradientTransform(f, k, g, Dv, p, q);
          storeScratch(f, scratch, Dv, 6 * i, 1);
          if (i < 3) advance(f, cell, () => f.get(layout.rowBytes));
        }
        // D = A (g Aᵀ) (by columns of the scratch): column j's six values are D[ξ = 6i + j], stored at to + (6i + j)·xs.
        f.get(to);
        f.set(ptr);
        for (let jj = 0; jj < 6; jj++) {
          loadScratch(f, scratch, g, jj, 6);
          gradientTransform(f, k, g, Dv, p, q);
          storeColumn(f, layout, ptr, Dv);
          if (jj < 5) advance(f, ptr, () => f.get(layout.xs));
        }
        advance(f, to, () => f.i32(16));
      });
    },
  );
  return f;
}

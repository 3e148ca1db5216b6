import { FunctionBuilder, I32, V128, assembleModule, op, simdOp } from "./encode.ts";

/*
 * The transforms of Winograd's F(2×2, 3×3) convolution (Lavin & Gray, "Fast Algorithms for
 * Convolutional Neural Networks", 2016), for one sample of a batch; runtime/wasm/winograd.ts runs
 * the products between them and defines the layout. An output tile is 2×2 pixels at (2·ty, 2·tx),
 * computed from the 4×4 input patch d at rows 2·ty − pad …, columns 2·tx − pad …:
 *   Y = Aᵀ [ Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B) ] A
 *   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],   Aᵀ = [1 1 1 0; 0 1 −1 −1].
 * Tiles are numbered ty·TWp + tx with TWp = ⌈TW/4⌉·4 (TW = ⌈OW/2⌉): four neighbouring tiles of a tile
 * row fill the four f32x4 lanes, so every transform is whole-vector arithmetic. The tiles past TW read
 * zero padding and their outputs are dropped.
 *
 *   winogradInput(x, plane, V, C, H, W, pad, TH, TWp, NT)
 *       x: one sample [C, H, W]. For each channel, copies the image into `plane` (a zeroed scratch of
 *       (2·TH + 2) × (2·TWp + 4) floats, the image at row pad, column pad) and writes the 16 values
 *       V = Bᵀ d B of every tile: element ξ = 4i + j of tile t of channel c at V[ξ·C·NT + c·NT + t].
 *   winogradOutput(M, plane, y, O, OH, OW, TH, TWp, NT, bias, relu)
 *       M[ξ·O·NT + o·NT + t]: the 16 products per tile. Writes y[o, OH, OW] = Aᵀ m A (+ bias[o] when
 *       bias ≠ 0) (ReLU when relu ≠ 0), through `plane` (2·TH × 2·TWp floats) so that odd sizes need no
 *       partial tiles.
 *   winogradGradient(dy, plane, D, O, OH, OW, TH, TWp, NT)
 *       For the weight gradient: D[ξ·O·NT + o·NT + t] = (A g Aᵀ)[ξ] of each 2×2 tile g of dy[o, OH, OW]
 *       (zero past the edges and in the padding tiles), through `plane` (2·TH × 2·TWp floats).
 */

const FLOATS = 4;

/** Pushes base + 4·(index local) as an address. */
function addr(f: FunctionBuilder, base: number, index: number): void {
  f.get(base);
  f.get(index);
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
}

/** dst[0…n) = src[0…n) (byte addresses in locals; n floats), four lanes at a time, then one at a time. */
function copyFloats(f: FunctionBuilder, dst: number, src: number, n: number, j: number, n4: number): void {
  f.get(n);
  f.i32(-4);
  f.op(op.i32And);
  f.set(n4);
  f.forRange(
    j,
    () => f.i32(0),
    () => f.get(n4),
    FLOATS,
    () => {
      addr(f, dst, j);
      addr(f, src, j);
      f.v128Load();
      f.v128Store();
    },
  );
  f.forRange(
    j,
    () => f.get(n4),
    () => f.get(n),
    1,
    () => {
      addr(f, dst, j);
      addr(f, src, j);
      f.f32Load();
      f.f32Store();
    },
  );
}

/** Leaves a ∘ b in local `to` (∘ an f32x4 opcode). */
function combine(f: FunctionBuilder, to: number, a: number, b: number, opcode: number): void {
  f.get(a);
  f.get(b);
  f.simd(opcode);
  f.set(to);
}

function emitInput(): FunctionBuilder {
  const f = new FunctionBuilder("winogradInput", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, plane, V, C, H, W, pad, TH, TWp, NT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const c = f.local(I32),
    r = f.local(I32),
    ty = f.local(I32),
    tx = f.local(I32),
    j = f.local(I32),
    n4 = f.local(I32);
  const Wp = f.local(I32),
    planeBytes = f.local(I32),
    xiStride = f.local(I32),
    src = f.local(I32),
    dst = f.local(I32);
  const patch = f.local(I32),
    out = f.local(I32),
    vc = f.local(I32);
  const [a, b, e] = [f.local(V128), f.local(V128), f.local(V128)];
  const d = Array.from({ length: 16 }, () => f.local(V128));
  const t = Array.from({ length: 16 }, () => f.local(V128));
  const s = Array.from({ length: 4 }, () => f.local(V128));
  f.get(TWp);
  f.i32(1);
  f.op(op.i32Shl);
  f.i32(4);
  f.op(op.i32Add);
  f.set(Wp);
  f.get(TH);
  f.i32(1);
  f.op(op.i32Shl);
  f.i32(2);
  f.op(op.i32Add);
  f.get(Wp);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(planeBytes);
  f.get(C);
  f.get(NT);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(xiStride);
  f.get(x);
  f.set(src);
  f.get(V);
  f.set(vc);
  f.forRange(
    c,
    () => f.i32(0),
    () => f.get(C),
    1,
    () => {
      f.get(plane);
      f.i32(0);
      f.get(planeBytes);
      f.memoryFill();
      // dst = plane + 4·(pad·Wp + pad)
      f.get(pad);
      f.get(Wp);
      f.op(op.i32Mul);
      f.get(pad);
      f.op(op.i32Add);
      f.set(dst);
      f.get(plane);
      f.get(dst);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(dst);
      f.forRange(
        r,
        () => f.i32(0),
        () => f.get(H),
        1,
        () => {
          copyFloats(f, dst, src, W, j, n4);
          f.get(src);
          f.get(W);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(src);
          f.get(dst);
          f.get(Wp);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
        },
      );
      f.get(vc);
      f.set(out);
      f.forRange(
        ty,
        () => f.i32(0),
        () => f.get(TH),
        1,
        () => {
          f.forRange(
            tx,
            () => f.i32(0),
            () => f.get(TWp),
            4,
            () => {
              // patch = plane + 4·(2·ty·Wp + 2·tx): the top-left pixel of tile tx's patch.
              f.get(ty);
              f.get(Wp);
              f.op(op.i32Mul);
              f.get(tx);
              f.op(op.i32Add);
              f.i32(3);
              f.op(op.i32Shl);
              f.get(plane);
              f.op(op.i32Add);
              f.set(patch);
              // Patch row i of tiles tx…tx+3 is plane row 2ty + i, columns 2tx … 2tx + 10: d[i][j] gathers
              // column 2(tx + lane) + j for the four lanes by shuffling three consecutive vectors.
              for (let i = 0; i < 4; i++) {
                f.get(patch);
                f.v128Load(0);
                f.set(a);
                f.get(patch);
                f.v128Load(16);
                f.set(b);
                f.get(patch);
                f.v128Load(32);
                f.set(e);
                f.get(a);
                f.get(b);
                f.shuffle32([0, 2, 4, 6]);
                f.set(d[4 * i]);
                f.get(a);
                f.get(b);
                f.shuffle32([1, 3, 5, 7]);
                f.set(d[4 * i + 1]);
                f.get(d[4 * i]);
                f.get(b);
                f.get(e);
                f.shuffle32([0, 2, 4, 6]);
                f.shuffle32([1, 2, 3, 6]);
                f.set(d[4 * i + 2]);
                f.get(d[4 * i + 1]);
                f.get(b);
                f.get(e);
                f.shuffle32([1, 3, 5, 7]);
                f.shuffle32([1, 2, 3, 6]);
                f.set(d[4 * i + 3]);
                if (i < 3) {
                  f.get(patch);
                  f.get(Wp);
                  f.i32(2);
                  f.op(op.i32Shl);
                  f.op(op.i32Add);
                  f.set(patch);
                }
              }
              // t = Bᵀ d (rows), then V = t B (columns).
              for (let jj = 0; jj < 4; jj++) {
                combine(f, t[jj], d[jj], d[8 + jj], simdOp.f32x4Sub);
                combine(f, t[4 + jj], d[4 + jj], d[8 + jj], simdOp.f32x4Add);
                combine(f, t[8 + jj], d[8 + jj], d[4 + jj], simdOp.f32x4Sub);
                combine(f, t[12 + jj], d[4 + jj], d[12 + jj], simdOp.f32x4Sub);
              }
              for (let i = 0; i < 4; i++) {
                combine(f, s[0], t[4 * i], t[4 * i + 2], simdOp.f32x4Sub);
                combine(f, s[1], t[4 * i + 1], t[4 * i + 2], simdOp.f32x4Add);
                combine(f, s[2], t[4 * i + 2], t[4 * i + 1], simdOp.f32x4Sub);
                combine(f, s[3], t[4 * i + 1], t[4 * i + 3], simdOp.f32x4Sub);
                for (let jj = 0; jj < 4; jj++) {
                  // V[ξ = 4i + jj] at out + ξ·xiStride
                  f.get(out);
                  f.get(xiStride);
                  f.i32(4 * i + jj);
                  f.op(op.i32Mul);
                  f.op(op.i32Add);
                  f.get(s[jj]);
                  f.v128Store();
                }
              }
              f.get(out);
              f.i32(16);
              f.op(op.i32Add);
              f.set(out);
            },
          );
        },
      );
      f.get(vc);
      f.get(NT);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(vc);
    },
  );
  return f;
}

function emitOutput(): FunctionBuilder {
  const f = new FunctionBuilder("winogradOutput", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [M, plane, y, O, OH, OW, TH, TWp, NT, bias, relu] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const o = f.local(I32),
    r = f.local(I32),
    ty = f.local(I32),
    tx = f.local(I32),
    j = f.local(I32),
    n4 = f.local(I32);
  const Wq = f.local(I32),
    xiStride = f.local(I32),
    src = f.local(I32),
    dst = f.local(I32),
    from = f.local(I32),
    mo = f.local(I32),
    cell = f.local(I32);
  const [bv, zero, keep, v] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const m = Array.from({ length: 16 }, () => f.local(V128));
  const R = Array.from({ length: 8 }, () => f.local(V128));
  const Y = Array.from({ length: 4 }, () => f.local(V128));
  f.get(TWp);
  f.i32(1);
  f.op(op.i32Shl);
  f.set(Wq);
  f.get(O);
  f.get(NT);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(xiStride);
  f.v128Zero();
  f.set(zero);
  // A lane survives where (v > 0) | keep; keep is all ones without ReLU (as the im2col module's permute).
  f.get(relu);
  f.i32(0);
  f.op(op.i32Ne);
  f.i32(1);
  f.op(op.i32Sub);
  f.simd(simdOp.i32x4Splat);
  f.set(keep);
  f.get(M);
  f.set(mo);
  f.get(y);
  f.set(dst);
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(O),
    1,
    () => {
      f.v128Zero();
      f.set(bv);
      f.get(bias);
      f.if(() => {
        f.get(bias);
        f.get(o);
        f.i32(2);
        f.op(op.i32Shl);
        f.op(op.i32Add);
        f.v128Load32Splat();
        f.set(bv);
      });
      f.get(mo);
      f.set(from);
      f.forRange(
        ty,
        () => f.i32(0),
        () => f.get(TH),
        1,
        () => {
          f.forRange(
            tx,
            () => f.i32(0),
            () => f.get(TWp),
            4,
            () => {
              for (let xi = 0; xi < 16; xi++) {
                f.get(from);
                f.get(xiStride);
                f.i32(xi);
                f.op(op.i32Mul);
                f.op(op.i32Add);
                f.v128Load();
                f.set(m[xi]);
              }
              // R = Aᵀ m (two rows of four columns), then Y = R A.
              for (let jj = 0; jj < 4; jj++) {
                combine(f, R[jj], m[jj], m[4 + jj], simdOp.f32x4Add);
                combine(f, R[jj], R[jj], m[8 + jj], simdOp.f32x4Add);
                combine(f, R[4 + jj], m[4 + jj], m[8 + jj], simdOp.f32x4Sub);
                combine(f, R[4 + jj], R[4 + jj], m[12 + jj], simdOp.f32x4Sub);
              }
              for (let i = 0; i < 2; i++) {
                combine(f, Y[2 * i], R[4 * i], R[4 * i + 1], simdOp.f32x4Add);
                combine(f, Y[2 * i], Y[2 * i], R[4 * i + 2], simdOp.f32x4Add);
                combine(f, Y[2 * i + 1], R[4 * i + 1], R[4 * i + 2], simdOp.f32x4Sub);
                combine(f, Y[2 * i + 1], Y[2 * i + 1], R[4 * i + 3], simdOp.f32x4Sub);
              }
              for (const q of Y) {
                f.get(q);
                f.get(bv);
                f.simd(simdOp.f32x4Add);
                f.tee(v);
                f.get(v);
                f.get(zero);
                f.simd(simdOp.f32x4Gt);
                f.get(keep);
                f.simd(simdOp.v128Or);
                f.simd(simdOp.v128And);
                f.set(q);
              }
              // Output rows 2ty and 2ty + 1, columns 2tx … 2tx + 7: the two columns of each tile interleaved.
              for (let i = 0; i < 2; i++) {
                // cell = plane + 4·((2ty + i)·Wq + 2tx)
                f.get(ty);
                f.i32(1);
                f.op(op.i32Shl);
                f.i32(i);
                f.op(op.i32Add);
                f.get(Wq);
                f.op(op.i32Mul);
                f.get(tx);
                f.i32(1);
                f.op(op.i32Shl);
                f.op(op.i32Add);
                f.i32(2);
                f.op(op.i32Shl);
                f.get(plane);
                f.op(op.i32Add);
                f.set(cell);
                f.get(cell);
                f.get(Y[2 * i]);
                f.get(Y[2 * i + 1]);
                f.shuffle32([0, 4, 1, 5]);
                f.v128Store(0);
                f.get(cell);
                f.get(Y[2 * i]);
                f.get(Y[2 * i + 1]);
                f.shuffle32([2, 6, 3, 7]);
                f.v128Store(16);
              }
              f.get(from);
              f.i32(16);
              f.op(op.i32Add);
              f.set(from);
            },
          );
        },
      );
      f.get(plane);
      f.set(src);
      f.forRange(
        r,
        () => f.i32(0),
        () => f.get(OH),
        1,
        () => {
          copyFloats(f, dst, src, OW, j, n4);
          f.get(src);
          f.get(Wq);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(src);
          f.get(dst);
          f.get(OW);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
        },
      );
      f.get(mo);
      f.get(NT);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(mo);
    },
  );
  return f;
}

function emitGradient(): FunctionBuilder {
  const f = new FunctionBuilder("winogradGradient", [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, plane, D, O, OH, OW, TH, TWp, NT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const o = f.local(I32),
    r = f.local(I32),
    ty = f.local(I32),
    tx = f.local(I32),
    j = f.local(I32),
    n4 = f.local(I32);
  const Wq = f.local(I32),
    planeBytes = f.local(I32),
    xiStride = f.local(I32),
    src = f.local(I32),
    dst = f.local(I32),
    to = f.local(I32),
    cell = f.local(I32);
  const [a, b] = [f.local(V128), f.local(V128)];
  const g = Array.from({ length: 4 }, () => f.local(V128));
  const R = Array.from({ length: 8 }, () => f.local(V128));
  f.get(TWp);
  f.i32(1);
  f.op(op.i32Shl);
  f.set(Wq);
  f.get(TH);
  f.i32(1);
  f.op(op.i32Shl);
  f.get(Wq);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(planeBytes);
  f.get(O);
  f.get(NT);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(xiStride);
  f.get(dy);
  f.set(src);
  f.get(D);
  f.set(to);
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(O),
    1,
    () => {
      // The plane holds dy[o] with zeros past OH and OW (odd sizes, padding tiles), so those terms vanish.
      f.get(plane);
      f.i32(0);
      f.get(planeBytes);
      f.memoryFill();
      f.get(plane);
      f.set(dst);
      f.forRange(
        r,
        () => f.i32(0),
        () => f.get(OH),
        1,
        () => {
          copyFloats(f, dst, src, OW, j, n4);
          f.get(src);
          f.get(OW);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(src);
          f.get(dst);
          f.get(Wq);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
        },
      );
      f.get(to);
      f.set(dst);
      f.forRange(
        ty,
        () => f.i32(0),
        () => f.get(TH),
        1,
        () => {
          f.forRange(
            tx,
            () => f.i32(0),
            () => f.get(TWp),
            4,
            () => {
              // g[2i + jj] = dy[2ty + i][2(tx + lane) + jj] for the four lanes.
              for (let i = 0; i < 2; i++) {
                f.get(ty);
                f.i32(1);
                f.op(op.i32Shl);
                f.i32(i);
                f.op(op.i32Add);
                f.get(Wq);
                f.op(op.i32Mul);
                f.get(tx);
                f.i32(1);
                f.op(op.i32Shl);
                f.op(op.i32Add);
                f.i32(2);
                f.op(op.i32Shl);
                f.get(plane);
                f.op(op.i32Add);
                f.set(cell);
                f.get(cell);
                f.v128Load(0);
                f.set(a);
                f.get(cell);
                f.v128Load(16);
                f.set(b);
                f.get(a);
                f.get(b);
                f.shuffle32([0, 2, 4, 6]);
                f.set(g[2 * i]);
                f.get(a);
                f.get(b);
                f.shuffle32([1, 3, 5, 7]);
                f.set(g[2 * i + 1]);
              }
              // R = A g (4×2) with A = [1 0; 1 1; 1 −1; 0 −1] = (Aᵀ)ᵀ, then A g Aᵀ (4×4), stored as it is computed.
              for (let jj = 0; jj < 2; jj++) {
                f.get(g[jj]);
                f.set(R[jj]);
                combine(f, R[2 + jj], g[jj], g[2 + jj], simdOp.f32x4Add);
                combine(f, R[4 + jj], g[jj], g[2 + jj], simdOp.f32x4Sub);
                f.get(g[2 + jj]);
                f.simd(simdOp.f32x4Neg);
                f.set(R[6 + jj]);
              }
              for (let i = 0; i < 4; i++) {
                const [r0, r1] = [R[2 * i], R[2 * i + 1]];
                const put = (xi: number, value: () => void): void => {
                  f.get(dst);
                  f.get(xiStride);
                  f.i32(xi);
                  f.op(op.i32Mul);
                  f.op(op.i32Add);
                  value();
                  f.v128Store();
                };
                put(4 * i, () => f.get(r0));
                put(4 * i + 1, () => {
                  f.get(r0);
                  f.get(r1);
                  f.simd(simdOp.f32x4Add);
                });
                put(4 * i + 2, () => {
                  f.get(r0);
                  f.get(r1);
                  f.simd(simdOp.f32x4Sub);
                });
                put(4 * i + 3, () => {
                  f.get(r1);
                  f.simd(simdOp.f32x4Neg);
                });
              }
              f.get(dst);
              f.i32(16);
              f.op(op.i32Add);
              f.set(dst);
            },
          );
        },
      );
      f.get(to);
      f.get(NT);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(to);
    },
  );
  return f;
}

/** The module's bytes; exports winogradInput, winogradOutput and winogradGradient. */
export function winogradModuleBytes(): Uint8Array {
  return assembleModule([emitInput(), emitOutput(), emitGradient()]);
}

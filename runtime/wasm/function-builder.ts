import { sleb, uleb } from "./leb128.ts";
import type { ValType } from "./opcodes.ts";

/* The body of one WebAssembly function as the kernels emit it (runtime/wasm/encode.ts assembles modules of them). */

/** One function body under construction: named locals and an instruction stream. */
export class FunctionBuilder {
  readonly params: ValType[] = [];
  private readonly locals: ValType[] = [];
  readonly code: number[] = [];

  constructor(
    readonly name: string,
    paramTypes: readonly ValType[],
  ) {
    this.params.push(...paramTypes);
  }

  /** Index of a fresh local of type `t`. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  // --- control ---------------------------------------------------------------------------
  block(body: () => void): void {
    this.code.push(0x02, 0x40);
    body();
    this.code.push(0x0b);
  }
  loop(body: () => void): void {
    this.code.push(0x03, 0x40);
    body();
    this.code.push(0x0b);
  }
  /** `if` on the i32 on the stack. */
  if(then: () => void, otherwise?: () => void): void {
    this.code.push(0x04, 0x40);
    then();
    if (otherwise !== undefined) {
      this.code.push(0x05);
      otherwise();
    }
    this.code.push(0x0b);
  }
  br(depth: number): void {
    this.code.push(0x0c);
    uleb(depth, this.code);
  }
  brIf(depth: number): void {
    this.code.push(0x0d);
    uleb(depth, this.code);
  }
  select(): void {
    this.code.push(0x1b);
  }
  /** Pushes min(most, limit − at) for i32 locals `limit` and `at`: the length of a block of at most `most` from `at`. */
  minLeft(limit: number, at: number, most: number): void {
    for (let k = 0; k < 2; k++) {
      this.get(limit);
      this.get(at);
      this.op(0x6b); // i32.sub
      this.i32(most);
    }
    this.op(0x48); // i32.lt_s
    this.select();
  }

  call(funcIndex: number): void {
    this.code.push(0x10);
    uleb(funcIndex, this.code);
  }

  /** for (v = from; v < limit; v += step) body — `from`/`limit` push one i32 each; step is a constant. */
  forRange(v: number, from: () => void, limit: () => void, step: number, body: () => void): void {
    from();
    this.set(v);
    this.block(() => {
      this.get(v);
      limit();
      this.op(0x4e);
      this.brIf(0); // v >= limit (signed): exit
      this.loop(() => {
        body();
        this.get(v);
        this.i32(step);
        this.op(0x6a);
        this.tee(v);
        limit();
        this.op(0x48);
        this.brIf(0); // v < limit: continue
      });
    });
  }

  // --- locals and constants ------------------------------------------------------------------
  get(i: number): void {
    this.code.push(0x20);
    uleb(i, this.code);
  }
  set(i: number): void {
    this.code.push(0x21);
    uleb(i, this.code);
  }
  tee(i: number): void {
    this.code.push(0x22);
    uleb(i, this.code);
  }
  i32(n: number): void {
    this.code.push(0x41);
    sleb(n, this.code);
  }
  f32(x: number): void {
    this.code.push(0x43);
    const b = new Uint8Array(new Float32Array([x]).buffer);
    this.code.push(...b);
  }
  f64(x: number): void {
    this.code.push(0x44);
    this.code.push(...new Uint8Array(new Float64Array([x]).buffer));
  }
  v128Zero(): void {
    this.simd(0x0c);
    for (let i = 0; i < 16; i++) this.code.push(0);
  }

  /** A plain opcode (i32.add = 0x6a, f32.add = 0x92, …). */
  op(...bytes: number[]): void {
    this.code.push(...bytes);
  }
  /** A 0xFD-prefixed SIMD opcode. */
  simd(opcode: number): void {
    this.code.push(0xfd);
    uleb(opcode, this.code);
  }

  // --- memory (address on the stack; `offset` a constant byte offset) -----------------------
  private memarg(alignLog2: number, offset: number): void {
    uleb(alignLog2, this.code);
    uleb(offset, this.code);
  }
  f32Load(offset = 0): void {
    this.code.push(0x2a);
    this.memarg(2, offset);
  }
  f32Store(offset = 0): void {
    this.code.push(0x38);
    this.memarg(2, offset);
  }
  v128Load(offset = 0): void {
    this.simd(0x00);
    this.memarg(4, offset);
  }
  v128Store(offset = 0): void {
    this.simd(0x0b);
    this.memarg(4, offset);
  }
  v128Load32Splat(offset = 0): void {
    this.simd(0x09);
    this.memarg(2, offset);
  }
  i32Load(offset = 0): void {
    this.code.push(0x28);
    this.memarg(2, offset);
  }
  i32Store(offset = 0): void {
    this.code.push(0x36);
    this.memarg(2, offset);
  }
  /** i8x16.shuffle of the two v128 on the stack, picking bytes of 32-bit lanes `lanes` (0–7). */
  shuffle32(lanes: readonly number[]): void {
    this.simd(0x0d);
    for (const l of lanes) for (let b = 0; b < 4; b++) this.code.push(4 * l + b);
  }
  /** v128.const of four i32 lanes. */
  v128I32(lanes: readonly number[]): void {
    this.simd(0x0c);
    for (const l of lanes) this.code.push(l & 0xff, (l >> 8) & 0xff, (l >> 16) & 0xff, (l >>> 24) & 0xff);
  }
  f64Store(offset = 0): void {
    this.code.push(0x39);
    this.memarg(3, offset);
  }
  /** memory.copy (dest, src, bytes on the stack); regions may overlap. */
  memoryCopy(): void {
    this.code.push(0xfc, 0x0a, 0x00, 0x00);
  }
  /** memory.fill (dest, byte value, bytes on the stack). */
  memoryFill(): void {
    this.code.push(0xfc, 0x0b, 0x00);
  }
  /** Lane `lane` of the f32x4 on the stack, as an f32. */
  f32x4ExtractLane(lane: number): void {
    this.simd(0x1f);
    this.code.push(lane);
  }

  /** Body bytes: local declarations (one group per local, simple over compact) then code. */
  body(): number[] {
    const out: number[] = [];
    uleb(this.locals.length, out);
    for (const t of this.locals) {
      uleb(1, out);
      out.push(t);
    }
    out.push(...this.code, 0x0b);
    return out;
  }
}

/*
 * A minimal WebAssembly binary writer: just enough of the format (binary spec §5) to emit
 * the runtime's SIMD kernels at load time, so a clean clone needs no wasm toolchain and the
 * kernels read as TypeScript. A module here always imports one shared memory as env.memory
 * (the Arena's), and exports functions that take i32 byte addresses into it.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
function uleb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(n: number, out: number[]): void {
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

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

// Opcodes used by the kernels, named once here so the emitters read as instructions.
export const op = {
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  f32Lt: 0x5d,
  f32Gt: 0x5e,
  f32Abs: 0x8b,
  f32Neg: 0x8c,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
  f32Min: 0x96,
  f32Max: 0x97,
  f32Le: 0x5f,
  f32Ne: 0x5c,
  i32DivS: 0x6d,
  i32Or: 0x72,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  f64Add: 0xa0,
  f64PromoteF32: 0xbb,
} as const;
export const simdOp = {
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f32x4Ne: 0x42,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  v128And: 0x4e,
  v128Or: 0x50,
  v128Xor: 0x51,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  v128Bitselect: 0x52,
  i32x4Add: 0xae,
  /** Relaxed SIMD: a·b + c, fused where the hardware has FMA (runtime/wasm/simd.ts decides whether it is used). */
  f32x4RelaxedMadd: 0x105,
} as const;

function section(id: number, payload: number[], out: number[]): void {
  out.push(id);
  uleb(payload.length, out);
  out.push(...payload);
}

function name(s: string, out: number[]): void {
  const b = new TextEncoder().encode(s);
  uleb(b.length, out);
  out.push(...b);
}

/** A module importing a shared memory env.memory (0..65536 pages) and exporting `fns` by name; no results. */
export function assembleModule(fns: readonly FunctionBuilder[]): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(fns.length, types);
  for (const f of fns) {
    types.push(0x60);
    uleb(f.params.length, types);
    types.push(...f.params);
    types.push(0x00);
  }
  section(1, types, out);
  const imports: number[] = [];
  uleb(1, imports);
  name("env", imports);
  name("memory", imports);
  imports.push(0x02, 0x03); // memory, limits with maximum and shared
  uleb(0, imports);
  uleb(65536, imports);
  section(2, imports, out);
  const funcs: number[] = [];
  uleb(fns.length, funcs);
  fns.forEach((_, i) => uleb(i, funcs));
  section(3, funcs, out);
  const exports: number[] = [];
  uleb(fns.length, exports);
  fns.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    uleb(i, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  uleb(fns.length, code);
  for (const f of fns) {
    const b = f.body();
    uleb(b.length, code);
    code.push(...b);
  }
  section(10, code, out);
  return new Uint8Array(out);
}

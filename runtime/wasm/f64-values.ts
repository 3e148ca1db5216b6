import { F64, type FunctionBuilder, op } from "./encode.ts";

/*
 * Straight-line float64 arithmetic for the Winograd filter transforms (winograd-filters-module.ts). Every value is
 * a local and every operation one instruction into a new local, so an emitter reads as the formula it computes
 * and rounds as that expression does in float64, operand by operand, left to right.
 */

/** A float64 local, or a constant. */
export type Operand = number | { readonly constant: number };

export class F64Values {
  constructor(private readonly f: FunctionBuilder) {}

  /** A constant operand (a bare number is a local's index). */
  static k(x: number): Operand {
    return { constant: x };
  }

  private push(a: Operand): void {
    if (typeof a === "number") this.f.get(a);
    else this.f.f64(a.constant);
  }

  private binary(a: Operand, b: Operand, opcode: number): number {
    this.push(a);
    this.push(b);
    this.f.op(opcode);
    const l = this.f.local(F64);
    this.f.set(l);
    return l;
  }

  add(a: Operand, b: Operand): number {
    return this.binary(a, b, op.f64Add);
  }

  sub(a: Operand, b: Operand): number {
    return this.binary(a, b, op.f64Sub);
  }

  mul(a: Operand, b: Operand): number {
    return this.binary(a, b, op.f64Mul);
  }

  neg(a: number): number {
    this.f.get(a);
    this.f.op(op.f64Neg);
    const l = this.f.local(F64);
    this.f.set(l);
    return l;
  }

  /** Sets local `into` to the float32 at the address local `base` + `offset` bytes, widened. */
  loadInto(into: number, base: number, offset: number): void {
    this.f.get(base);
    this.f.f32Load(offset);
    this.f.op(op.f64PromoteF32);
    this.f.set(into);
  }

  /** A new local holding the float32 at `base` + `offset` bytes, widened. */
  load(base: number, offset = 0): number {
    const l = this.f.local(F64);
    this.loadInto(l, base, offset);
    return l;
  }

  /** Stores `value` rounded to float32 at the address local `base` + `offset` bytes. */
  store(base: number, offset: number, value: number): void {
    this.f.get(base);
    this.f.get(value);
    this.f.op(op.f32DemoteF64);
    this.f.f32Store(offset);
  }

  /** float32 at `base` + `offset` bytes += value (the sum in float64, rounded once). */
  addTo(base: number, offset: number, value: number): void {
    this.store(base, offset, this.add(this.load(base, offset), value));
  }
}

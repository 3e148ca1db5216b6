/**
 * The lowering IR: the checked Plan (compiler/ir.ts) grows one stage at a time as the named passes run
 * (./index.ts). Each stage is a record tagged by the pass that produced it, holding everything the
 * earlier ones did, so a stage can be verified (./verify.ts) and printed (./dump.ts) on its own.
 *
 *   plan           the checked model: layers with their shapes, optimizer, schedules, training
 *   layout         + where every tensor lives in the flat params/stats buffers, the optimizer's update groups
 *   kernel-steps   + the kernel calls: dense/conv/batchnorm2d followed by ReLU fused into one step
 *   buffers        + every allocation of the model's arena, in constructor order, with its byte range and owner;
 *                  gradient buffers never live at once share memory
 */
import type { Plan } from "../ir.ts";
import type { Layout } from "../codegen/layout.ts";
import type { KernelStep } from "../codegen/kernel-steps.ts";
import type { BufferField } from "../codegen/emit-layers.ts";

/** One allocation of the model's arena: the runtime hands them out in this order, each aligned (runtime/arena.ts). */
export interface Allocation {
  /** The generated model's field (`params`, `act0`, `expAvg`). */
  readonly name: string;
  readonly kind: "floats" | "ints";
  /** Elements. */
  readonly size: number;
  /** Byte range in the arena: [offset, offset + bytes), bytes rounded up to the arena's alignment. */
  readonly offset: number;
  readonly bytes: number;
  /** What the buffer belongs to: `model`, `optimizer`, `weight noise`, `backward`, or the kernel step's label. */
  readonly owner: string;
  /** The allocation whose memory this buffer reuses (never live at the same time); its byte range is that one's. */
  readonly sharesWith?: string;
}

export interface BufferPlan {
  readonly allocations: readonly Allocation[];
  /** The arena's size once every allocation is made (header included). */
  readonly bytes: number;
  /** The per-step buffers as the code generator declares them (the allocations after the optimizer's and noise's). */
  readonly fields: readonly BufferField[];
  /** Floats and ints the arena is created for (Arena.bytesFor in the generated constructor). */
  readonly floats: number;
  readonly ints: number;
  /** Bytes of the per-step and backward buffers (activations, scratch, gradients): each in its own memory, and as allocated with reuse. */
  readonly reuse: { readonly before: number; readonly after: number };
}

export type Stage =
  | { readonly stage: "plan"; readonly plan: Plan }
  | { readonly stage: "layout"; readonly plan: Plan; readonly layout: Layout }
  | { readonly stage: "kernel-steps"; readonly plan: Plan; readonly layout: Layout; readonly steps: readonly KernelStep[] }
  | Lowered;

/** The last stage: what the code generator emits from. */
export interface Lowered {
  readonly stage: "buffers";
  readonly plan: Plan;
  readonly layout: Layout;
  readonly steps: readonly KernelStep[];
  readonly buffers: BufferPlan;
}

export type StageName = Stage["stage"];

/** A named lowering pass: from the stage before it to its own. */
export interface Pass {
  readonly name: Exclude<StageName, "plan">;
  /** One line for `nnc compile --dump-ir` and docs/architecture.md. */
  readonly summary: string;
  run(input: Stage): Stage;
}

/** The stage a pass needs, or an internal error naming the pass (passes run in the order of ./index.ts). */
export function expectStage<N extends StageName>(input: Stage, name: N, pass: string): Extract<Stage, { stage: N }> {
  if (input.stage !== name) throw new Error(`internal: pass ${pass} runs after ${name}, got the ${input.stage} stage`);
  return input as Extract<Stage, { stage: N }>;
}

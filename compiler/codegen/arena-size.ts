/**
 * The buffers a generated model allocates in its WebAssembly arena when it is constructed — parameters,
 * gradients, optimizer state, batch-norm statistics, saved weights for weight noise, and every layer's
 * activations and scratch for `batch_size` rows — computed once here for both the code generator (which
 * emits `new Arena(Arena.bytesFor(PRECISION, floats, ints))` from these numbers) and `nnc check` (which
 * reports them and refuses a model that cannot fit). One function, so the figure is the allocation itself.
 */
import { ARENA_HEADER_BYTES, alignToArena } from "../../runtime/contract.ts";
import type { Plan } from "../ir.ts";
import { backwardReads, emitLayersFields, type BufferField } from "./emit-layers.ts";
import { computeLayout, type Layout } from "./layout.ts";
import { emitNoise } from "./emit-noise.ts";
import { gradientFields } from "./gradient-sharing.ts";
import { optimizerEmitter } from "./emit-optimizer.ts";
import { lowerKernelSteps, type KernelStep } from "./kernel-steps.ts";

/** wasm32 addresses 65,536 pages of 64 KiB: no arena can be larger. */
export const WASM_MEMORY_LIMIT = 65536 * 65536;
/**
 * Room left in the arena for what kernels allocate while running: convolution's column and staging
 * buffers (chunked at 1 MiB of columns per thread, runtime/wasm/conv.ts) and batch-norm scratch. The
 * checker refuses a model whose buffers leave less than this free.
 */
export const WORKSPACE_RESERVE = 128 * 1024 * 1024;
export interface ArenaBuffers {
  /**
   * Per-layer activations and scratch, plus the backward ping-pong buffers (the second only when the backward
   * pass reads it), then a graph model's gradient accumulation buffers.
   */
  readonly fields: readonly BufferField[];
  /** Optimizer state buffers, each the size of the parameters. */
  readonly stateBuffers: number;
  readonly floats: number;
  readonly ints: number;
  /** Bytes of the arena at construction: header plus Arena.bytesFor(precision, floats, ints). */
  readonly bytes: number;
}

export function arenaBuffers(plan: Plan, layout: Layout, units: readonly KernelStep[], maxBatch: number): ArenaBuffers {
  const fields: BufferField[] = emitLayersFields(units, maxBatch);
  let gradWidth = plan.inputSize;
  for (const u of units) gradWidth = Math.max(gradWidth, u.inputSize, u.outputSize, ...u.inputSizes);
  fields.push({ name: "gradA", kind: "floats", size: maxBatch * gradWidth, doc: "backward ping-pong buffer" });
  if (backwardReads(units, layout).gradB)
    fields.push({ name: "gradB", kind: "floats", size: maxBatch * gradWidth, doc: "backward ping-pong buffer" });
  fields.push(...gradientFields(units, maxBatch));
  const stateBuffers = optimizerEmitter(plan.optimizer)?.state.length ?? 0;
  const savedSize = emitNoise(plan, layout).savedSize;
  let floats = layout.paramCount * (2 + stateBuffers) + layout.statsCount + savedSize;
  let ints = 0;
  for (const f of fields) {
    if (f.sharesWith !== undefined) continue;
    if (f.kind === "floats") floats += f.size;
    else ints += f.size;
  }
  const perFloat = plan.training.precision === "f32" ? 4 : 8;
  return { fields, stateBuffers, floats, ints, bytes: ARENA_HEADER_BYTES + alignToArena(floats * perFloat) + alignToArena(ints * 4) };
}

export interface MemoryEstimate {
  /** The arena at construction, for one thread. */
  readonly arenaBytes: number;
  /** Of which this much does not depend on the batch (parameters, gradients, optimizer state). */
  readonly fixedBytes: number;
  /** And this much grows with each sample of the batch (activations, masks, gradients). */
  readonly bytesPerSample: number;
  /** Bytes of one L-BFGS history pair (s and y, one float per parameter each), kept outside the arena. */
  readonly lbfgsPairBytes: number;
}

/** What a training run of `plan` allocates; the fixed part is the arena sized for no rows. */
export function estimateMemory(plan: Plan): MemoryEstimate {
  const layout = computeLayout(plan);
  const units = lowerKernelSteps(plan, layout);
  const batch = plan.training.batchSize;
  const at = (rows: number) => arenaBuffers(plan, layout, units, rows).bytes;
  const perFloat = plan.training.precision === "f32" ? 4 : 8;
  const fixed = at(0);
  const arenaBytes = at(batch);
  return { arenaBytes, fixedBytes: fixed, bytesPerSample: (arenaBytes - fixed) / batch, lbfgsPairBytes: 2 * layout.paramCount * perFloat };
}

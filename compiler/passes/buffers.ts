/**
 * Pass `buffers`: every allocation of the model's arena in the order the generated constructor makes
 * them — params, grads and stats, the optimizer's state, weight noise's saved weights, then each kernel
 * step's output and scratch, the two backward buffers and a graph model's gradient buffers — with the byte
 * range the runtime's bump allocator (runtime/arena.ts: a header, then each allocation rounded up to
 * ARENA_ALIGN) gives it. A gradient buffer sharing another's memory (codegen/gradient-sharing.ts) has that
 * one's range.
 */
import { ARENA_HEADER_BYTES, alignToArena } from "../../runtime/contract.ts";
import { arenaBuffers } from "../codegen/arena-size.ts";
import { stepFields } from "../codegen/emit-layers.ts";
import { optimizerEmitter } from "../codegen/emit-optimizer.ts";
import type { Allocation } from "./ir.ts";
import { expectStage, type Pass } from "./ir.ts";

export const buffersPass: Pass = {
  name: "buffers",
  summary: "lay out the arena: params, grads, stats, optimizer state, then each kernel step's buffers, at aligned byte offsets",
  run(input) {
    const { plan, layout, steps } = expectStage(input, "kernel-steps", "buffers");
    const maxBatch = plan.training.batchSize;
    const arena = arenaBuffers(plan, layout, steps, maxBatch);
    const owners = new Map<string, string>([
      ["gradA", "backward"],
      ["gradB", "backward"],
    ]);
    for (const s of steps) for (const f of stepFields(s, maxBatch)) owners.set(f.name, s.label);
    for (const s of steps) if (s.outputGrad !== undefined) owners.set(s.outputGrad, `backward: ${s.label}`);

    const perFloat = plan.training.precision === "f32" ? 4 : 8;
    const allocations: Allocation[] = [];
    let top = ARENA_HEADER_BYTES;
    const allocate = (name: string, kind: "floats" | "ints", size: number, owner: string) => {
      const bytes = alignToArena(size * (kind === "floats" ? perFloat : 4));
      allocations.push({ name, kind, size, offset: top, bytes, owner });
      top += bytes;
    };
    allocate("params", "floats", layout.paramCount, "model");
    allocate("grads", "floats", layout.paramCount, "model");
    allocate("stats", "floats", layout.statsCount, "model");
    for (const s of optimizerEmitter(plan.optimizer)?.state ?? []) allocate(s.field, "floats", layout.paramCount, "optimizer");
    const noise = plan.training.weightNoise;
    if (noise !== undefined) {
      const saved = noise.tensors.reduce((n, t) => n + (layout.slots.get(t)?.size ?? 0), 0);
      allocate("weightNoiseSaved", "floats", saved, "weight noise");
    }
    const fieldsStart = top;
    for (const f of arena.fields) {
      const host = allocations.find((a) => a.name === f.sharesWith);
      if (host === undefined) allocate(f.name, f.kind, f.size, owners.get(f.name) ?? "unowned");
      else {
        const bytes = alignToArena(f.size * (f.kind === "floats" ? perFloat : 4));
        allocations.push({
          name: f.name,
          kind: f.kind,
          size: f.size,
          offset: host.offset,
          bytes,
          owner: owners.get(f.name) ?? "unowned",
          sharesWith: host.name,
        });
      }
    }
    // What the per-step and backward buffers would take each in its own memory, and take sharing it.
    const unshared = arena.fields.reduce((a, f) => a + alignToArena(f.size * (f.kind === "floats" ? perFloat : 4)), 0);
    const reuse = { before: unshared, after: top - fieldsStart };
    return {
      stage: "buffers",
      plan,
      layout,
      steps,
      buffers: { allocations, bytes: top, fields: arena.fields, floats: arena.floats, ints: arena.ints, reuse },
    };
  },
};

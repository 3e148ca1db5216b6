/**
 * Memory layout of a compiled model. Every trainable tensor lives in one flat `params` buffer, in
 * PyTorch's state_dict order, with gradients and each optimizer state in parallel buffers of the same
 * layout; batch-norm running statistics live in a separate `stats` buffer because no optimizer touches
 * them. The optimizer walks maximal contiguous runs of tensors that share their update settings
 * ("groups"), so per-layer multipliers and freezing cost no branch inside the fused loop.
 */
import type { Plan } from "../ir.ts";
import { layerTensors } from "../definitions/layers/index.ts";
import { regularizerOf } from "../definitions/regularizers/index.ts";

export interface TensorSlot {
  readonly name: string;
  readonly shape: readonly number[];
  readonly buffer: "params" | "stats";
  readonly offset: number;
  readonly size: number;
  readonly role: "weight" | "bias" | "running_mean" | "running_var";
  readonly layer: string;
}

/** A contiguous range of `params` that one fused optimizer call updates. */
export interface UpdateGroup {
  readonly start: number;
  readonly end: number;
  readonly lrMult: number;
  readonly wdMult: number;
  /** 2λ summed over the spec's l2(λ) terms covering these tensors (gradient of λ·Σw²). */
  readonly l2x: number;
  /** λ summed over the l1(λ) terms covering these tensors. */
  readonly l1: number;
  readonly tensors: readonly string[];
}

export interface Layout {
  readonly tensors: readonly TensorSlot[];
  /** The same slots by name (a model can have 100,000 tensors: no linear search per lookup). */
  readonly slots: ReadonlyMap<string, TensorSlot>;
  readonly paramCount: number;
  readonly statsCount: number;
  readonly groups: readonly UpdateGroup[];
  /** Names of the batch-norm layers, in order; each has a num_batches_tracked counter. */
  readonly batchNorms: readonly string[];
  /** Names of all non-frozen parameter tensors. */
  readonly trainable: readonly string[];
}

interface ParamTensorInfo {
  readonly slot: TensorSlot;
  readonly frozen: boolean;
  readonly lrMult: number;
  readonly wdMult: number;
}

export function computeLayout(plan: Plan): Layout {
  const tensors: TensorSlot[] = [];
  const params: ParamTensorInfo[] = [];
  const batchNorms: string[] = [];
  let paramCount = 0;
  let statsCount = 0;
  for (const layer of plan.layers) {
    for (const t of layerTensors(layer)) {
      const size = t.shape.reduce((a, d) => a * d, 1);
      const name = `${layer.name}.${t.role}`;
      if (t.buffer === "params") {
        const slot: TensorSlot = { name, shape: t.shape, buffer: "params", offset: paramCount, size, role: t.role, layer: layer.name };
        paramCount += size;
        tensors.push(slot);
        params.push({ slot, ...t.train });
      } else {
        tensors.push({ name, shape: t.shape, buffer: "stats", offset: statsCount, size, role: t.role, layer: layer.name });
        statsCount += size;
      }
    }
    // Every layer with running statistics is a batch norm, with a num_batches_tracked counter.
    if (layerTensors(layer).some((t) => t.buffer === "stats")) batchNorms.push(layer.name);
  }

  const l2x = new Map<string, number>();
  const l1 = new Map<string, number>();
  for (const reg of plan.training.regularizers) {
    const gradient = regularizerOf(reg).gradient;
    const target = gradient.term === "l2x" ? l2x : l1;
    const coefficient = gradient.coefficient(reg.lambda);
    for (const name of reg.tensors) target.set(name, (target.get(name) ?? 0) + coefficient);
  }

  const groups: (UpdateGroup & { tensors: string[] })[] = [];
  for (const p of params) {
    if (p.frozen) continue;
    const key = { lrMult: p.lrMult, wdMult: p.wdMult, l2x: l2x.get(p.slot.name) ?? 0, l1: l1.get(p.slot.name) ?? 0 };
    const last = groups[groups.length - 1];
    if (
      last !== undefined &&
      last.end === p.slot.offset &&
      last.lrMult === key.lrMult &&
      last.wdMult === key.wdMult &&
      last.l2x === key.l2x &&
      last.l1 === key.l1
    ) {
      last.tensors.push(p.slot.name); // in place: copying the list per tensor was quadratic in a group's size
      groups[groups.length - 1] = { ...last, end: p.slot.offset + p.slot.size };
    } else {
      groups.push({ start: p.slot.offset, end: p.slot.offset + p.slot.size, ...key, tensors: [p.slot.name] });
    }
  }
  return {
    tensors,
    slots: new Map(tensors.map((t) => [t.name, t])),
    paramCount,
    statsCount,
    groups,
    batchNorms,
    trainable: params.filter((p) => !p.frozen).map((p) => p.slot.name),
  };
}

export function slotOf(layout: Layout, name: string): TensorSlot | undefined {
  return layout.slots.get(name);
}

/**
 * Every layer kind, in the order completion lists them. The registry (names, completion, hover), the layer
 * builder, the memory layout, the summary, both code generators and the tests all read this list, so a
 * layer is known to every phase or to none. Adding a layer: its definition file, its kernels, a line here.
 */
import type { RegistryEntry } from "../../registry/types.ts";
import type { LayerDefinition, LayerEntry, LayerTensor } from "./definition.ts";
import { dense } from "./dense.ts";
import { dropout } from "./dropout.ts";
import { batchnorm } from "./batchnorm.ts";
import { maxout } from "./maxout.ts";
import { conv2d } from "./conv2d.ts";
import { pool } from "./pool.ts";
import { globalAvgpool } from "./global-avgpool.ts";
import { flatten } from "./flatten.ts";
import { dropout2d } from "./dropout2d.ts";
import { activation } from "./activation.ts";
import { add } from "./add.ts";
import { concat } from "./concat.ts";
import { layernorm } from "./layernorm.ts";
import { groupnorm } from "./groupnorm.ts";
import { adaptiveAvgpool } from "./adaptive-avgpool.ts";
import { stochasticDepth } from "./stochastic-depth.ts";

export const layerDefinitions = [
  dense,
  dropout,
  batchnorm,
  maxout,
  conv2d,
  pool,
  globalAvgpool,
  flatten,
  dropout2d,
  activation,
  add,
  concat,
  layernorm,
  groupnorm,
  adaptiveAvgpool,
  stochasticDepth,
] as const;

type PlanOf<D> = D extends LayerDefinition<infer P> ? P : never;

/** One layer of the model: the plan of one of the definitions above. */
export type LayerPlan = PlanOf<(typeof layerDefinitions)[number]>;

export { reservedLayers } from "./reserved.ts";

const byKind = new Map<string, LayerDefinition<LayerPlan>>(layerDefinitions.map((d) => [d.kind, d as LayerDefinition<LayerPlan>]));

/** The definition of a plan. */
export function layerOf(plan: LayerPlan): LayerDefinition<LayerPlan> {
  const d = byKind.get(plan.kind);
  if (d === undefined) throw new Error(`internal: no layer definition for ${plan.kind}`);
  return d;
}

/** The definition that builds a registry entry, with how that entry reads its input. */
export function layerForEntry(entry: RegistryEntry): { definition: LayerDefinition<LayerPlan>; entry: LayerEntry } | undefined {
  for (const d of layerDefinitions) {
    const e = d.entries.find((x) => x.entry === entry);
    if (e !== undefined) return { definition: d as LayerDefinition<LayerPlan>, entry: e };
  }
  return undefined;
}

/** The tensors a layer owns, in state_dict order. */
export function layerTensors(plan: LayerPlan): readonly LayerTensor[] {
  return layerOf(plan).tensors(plan);
}

/** Trainable parameters of a layer (running statistics are not parameters). */
export function layerParameters(plan: LayerPlan): number {
  let n = 0;
  for (const t of layerTensors(plan)) if (t.buffer === "params") n += t.shape.reduce((a, d) => a * d, 1);
  return n;
}

/** Whether a layer has parameters the optimizer updates (some, and not frozen). */
export function isTrainable(plan: LayerPlan): boolean {
  return layerTensors(plan).some((t) => t.buffer === "params" && !t.train.frozen);
}

/** Every layer entry of the language: each definition's names, then the reserved ones. */
export const layerEntries: readonly RegistryEntry[] = layerDefinitions.flatMap((d) => d.entries.map((e) => e.entry));

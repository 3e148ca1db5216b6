/** Which parameter tensors a regularizer covers, from its `on` and `layers` arguments. */
import type { BoundCall } from "../bind.ts";
import type { LayerInfo } from "./layers.ts";
import { layerTensors } from "../definitions/layers/index.ts";

export function parameterTensors(layer: LayerInfo): { weights: string[]; biases: string[] } {
  const p = layer.plan;
  if (p.kind === "dense") return { weights: [`${p.name}.weight`], biases: p.bias ? [`${p.name}.bias`] : [] };
  if (p.kind === "batchnorm" && p.affine) return { weights: [`${p.name}.weight`], biases: [`${p.name}.bias`] };
  return { weights: [], biases: [] };
}

export function regularizerTensors(r: BoundCall, layers: readonly LayerInfo[]): string[] {
  const on = r.args.string<"weights" | "biases" | "all">("on");
  const only = r.args.optional.references("layers");
  const names = only === undefined ? undefined : new Set(only.map((n) => n.path.join(".")));
  const out: string[] = [];
  for (const l of layers) {
    if (names !== undefined && !names.has(l.plan.name)) continue;
    const t = parameterTensors(l);
    if (on !== "biases") for (const w of t.weights) out.push(w);
    if (on !== "weights") for (const b of t.biases) out.push(b);
  }
  return out;
}

/** The trainable tensors weight noise perturbs: every parametric layer's (conv2d included), frozen layers excepted. */
export function noiseTensors(on: "weights" | "biases" | "all", layers: readonly LayerInfo[]): string[] {
  const out: string[] = [];
  for (const l of layers) {
    for (const t of layerTensors(l.plan)) {
      if (t.buffer !== "params" || t.train.frozen) continue;
      if (t.role === "weight" ? on !== "biases" : on !== "weights") out.push(`${l.plan.name}.${t.role}`);
    }
  }
  return out;
}

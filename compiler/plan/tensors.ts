/** Which parameter tensors a regularizer covers, from its `on` and `layers` arguments. */
import type { BoundCall } from "../bind.ts";
import type { LayerInfo } from "./layers.ts";

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
    const p = l.plan;
    if (!(p.kind === "dense" || p.kind === "conv2d" || (p.kind === "batchnorm" && p.affine)) || p.frozen) continue;
    const hasBias = p.kind === "batchnorm" || p.bias;
    if (on !== "biases") out.push(`${p.name}.weight`);
    if (on !== "weights" && hasBias) out.push(`${p.name}.bias`);
  }
  return out;
}

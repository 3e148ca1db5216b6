/**
 * One ordinary layer (`fc1: dense(256) { lr_mult = 0.1 }`, `relu`) of a model or a block: resolves its call
 * against the registry, binds its arguments and `{ }` overrides, and lets its definition (compiler/
 * definitions/layers) check it against the shape entering it and build its plan.
 */
import type { Span } from "../../grammar/span.ts";
import type { LayerPlan } from "../ir.ts";
import { diagnostic } from "../diagnostics.ts";
import { bindArgs } from "../bind.ts";
import type { BoundCall } from "../bind.ts";
import { lookup, settingsSpecs } from "../registry/index.ts";
import type { RegistryEntry } from "../registry/index.ts";
import { unknownEntry } from "../unknown-entry.ts";
import { bindSettings } from "../settings.ts";
import type { BlockSettings, SettingsContext } from "../settings.ts";
import type { CallValue } from "../values.ts";
import type { Body } from "../../grammar/ast.ts";
import { initPlan, type InitPlan } from "../definitions/initializers/index.ts";
import { layerForEntry, layerParameters } from "../definitions/layers/index.ts";
import type { LayerBuild } from "../definitions/layers/definition.ts";

export interface LayerInfo {
  readonly plan: LayerPlan;
  readonly entry: RegistryEntry;
  readonly explicitName: boolean;
  readonly nameSpan: Span;
  /** The span of the layer's call, `dense(10)`, without a name or overrides. */
  readonly callSpan: Span;
  readonly overrides: BlockSettings | undefined;
  readonly parameters: number;
  readonly flops: number;
  /** How deep in blocks, repetitions and branches the layer sits (0 in `model { }`), for the check table. */
  readonly depth: number;
}

export interface ModelDefaults {
  readonly weightInit: BoundCall | undefined;
  readonly biasInit: BoundCall | undefined;
}

/** A value of the graph: the output of layer `index` (-1: the model's input) and its per-sample shape. */
export interface GraphValue {
  readonly index: number;
  readonly shape: readonly number[];
}

/** What building one layer reads besides its call. */
export interface LayerRequest {
  readonly call: CallValue;
  /** Full dotted name (`layer1.0.conv1`). */
  readonly name: string;
  readonly explicitName: boolean;
  readonly nameSpan: Span;
  readonly statementSpan: Span;
  /** The layer's own `{ }` body, if written. */
  readonly body: Body | undefined;
  /** `{ }` overrides of the block instances around the layer, innermost first (`layer1: basic(64) { freeze = true }`). */
  readonly inherited: readonly BlockSettings[];
  readonly inputs: readonly GraphValue[];
  readonly depth: number;
}

/** Builds one layer's plan; undefined (with the reason reported) when it cannot be built. */
export function buildLayer(r: LayerRequest, defaults: ModelDefaults, ctx: SettingsContext): LayerInfo | undefined {
  const entry = lookup("layer", r.call.name) ?? lookup("activation", r.call.name);
  if (entry === undefined) {
    ctx.out.push(unknownEntry(r.call.name, ["layer", "activation"], r.call.nameSpan));
    return undefined;
  }
  const layer = layerForEntry(entry);
  if (entry.reserved === true || layer === undefined) {
    ctx.out.push(diagnostic("NN4003", `\`${entry.name}\` is not supported yet (planned for a later version)`, r.call.nameSpan));
    return undefined;
  }
  const bound = bindArgs(r.call, entry, ctx);
  let overrides: BlockSettings | undefined;
  if (r.body !== undefined) {
    if (!layer.definition.parametric) {
      ctx.out.push(diagnostic("NN2005", `\`${entry.name}\` has no parameters, so it takes no \`{ }\` overrides`, r.body.span));
    } else {
      overrides = bindSettings(r.name, r.call.nameSpan, r.body.span, r.body.statements, settingsSpecs.layer, ctx);
    }
  }
  if (bound === undefined) return undefined;
  const shape = r.inputs[0].shape;
  if (layer.entry.needsMap && shape.length !== 3) {
    const message = `\`${entry.name}\` needs a [channels, height, width] input, but it receives [${shape.join(", ")}]`;
    ctx.out.push(diagnostic("NN4011", message, bound.call.span));
    return undefined;
  }
  const layered = overrides === undefined ? r.inherited : [overrides, ...r.inherited];
  const plan = layer.definition.plan(layerBuild(bound, r, layered, defaults, ctx));
  if (plan === undefined) return undefined;
  return {
    plan,
    entry,
    overrides,
    parameters: layerParameters(plan),
    flops: layer.definition.flops(plan),
    explicitName: r.explicitName,
    nameSpan: r.nameSpan,
    callSpan: r.call.span,
    depth: r.depth,
  };
}

function layerBuild(
  call: BoundCall,
  r: LayerRequest,
  overrides: readonly BlockSettings[],
  defaults: ModelDefaults,
  ctx: SettingsContext,
): LayerBuild {
  const inputShape = r.inputs[0].shape;
  const nearest = <T>(read: (o: BlockSettings) => T | undefined): T | undefined => {
    for (const o of overrides) {
      const v = read(o);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const weightCall = nearest((o) => o.settings.optional.call("weight_init")) ?? defaults.weightInit;
  return {
    call,
    inputShape,
    inputShapes: r.inputs.map((v) => v.shape),
    map: inputShape.length === 3 ? { c: inputShape[0], h: inputShape[1], w: inputShape[2] } : undefined,
    base: { name: r.name, inputs: r.inputs.map((v) => v.index), inputSize: inputShape.reduce((a, d) => a * d, 1), span: r.statementSpan },
    train: {
      lrMult: nearest((o) => o.settings.optional.number("lr_mult")) ?? 1,
      wdMult: nearest((o) => o.settings.optional.number("wd_mult")) ?? 1,
      frozen: nearest((o) => o.settings.optional.boolean("freeze")) ?? false,
    },
    weightInit: () => init(weightCall, `${r.name}.weight`),
    biasInit: () => init(biasInitCall(overrides, defaults), `${r.name}.bias`),
    weightsFrom: weightCall?.entry.name === "from" ? weightCall.args.string("path") : undefined,
    out: ctx.out,
  };
}

/**
 * A bias's initializer, nearest first: the layer's (or its block instance's) `bias_init`; the nearest
 * `weight_init = from(...)` (the checkpoint holds the layer's bias beside its weight: loading only the weight
 * would silently pair it with a random bias); the model's `bias_init`; a model-wide `weight_init = from(...)`.
 */
function biasInitCall(overrides: readonly BlockSettings[], defaults: ModelDefaults): BoundCall | undefined {
  for (const o of overrides) {
    const own = o.settings.optional.call("bias_init");
    if (own !== undefined) return own;
    const weight = o.settings.optional.call("weight_init");
    if (weight?.entry.name === "from") return weight;
  }
  return defaults.biasInit ?? (defaults.weightInit?.entry.name === "from" ? defaults.weightInit : undefined);
}

function init(b: BoundCall | undefined, tensor: string): InitPlan {
  return b === undefined ? { kind: "pytorch_default" } : initPlan(b, tensor);
}

/**
 * The model's layers: resolves each layer statement against the registry, binds its arguments and
 * overrides, names anonymous layers PyTorch-style, and lets each layer's definition (compiler/definitions/
 * layers) check it against the shape entering it and build its plan.
 */
import type { Statement } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/span.ts";
import type { LayerPlan } from "../ir.ts";
import { diagnostic } from "../diagnostics.ts";
import { evaluate } from "../evaluate.ts";
import { bindArgs } from "../bind.ts";
import type { BoundCall } from "../bind.ts";
import { lookup, settingsSpecs } from "../registry/index.ts";
import { unknownEntry } from "../unknown-entry.ts";
import type { RegistryEntry } from "../registry/index.ts";
import { bindSettings } from "../settings.ts";
import type { BlockSettings, SettingsContext } from "../settings.ts";
import { asCall } from "../values.ts";
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
}

export interface ModelDefaults {
  readonly weightInit: BoundCall | undefined;
  readonly biasInit: BoundCall | undefined;
}

export interface BuiltLayers {
  readonly layers: LayerInfo[];
  /** False when some layer had errors and was left out: shapes after it are not meaningful. */
  readonly complete: boolean;
}

/** `inputShape` is [features] or [channels, height, width]; each layer's output shape is inferred from it. */
export function buildLayers(
  statements: readonly Statement[],
  inputShape: readonly number[],
  defaults: ModelDefaults,
  ctx: SettingsContext,
): BuiltLayers {
  const before = ctx.out.filter((d) => d.severity === "error").length;
  const layers: LayerInfo[] = [];
  const explicit = new Set<string>();
  for (const s of statements) if (s.kind === "LayerStatement") explicit.add(s.name.name);
  const counters = new Map<string, number>();
  const seen = new Set<string>();
  let shape = inputShape;
  for (const s of statements) {
    if (s.kind !== "LayerStatement" && s.kind !== "BlockStatement") continue;
    const value = evaluate(s.call, ctx.constants, ctx.out);
    const call = value === undefined ? undefined : asCall(value);
    if (call === undefined) continue;
    const entry = lookup("layer", call.name) ?? lookup("activation", call.name);
    if (entry === undefined) {
      ctx.out.push(unknownEntry(call.name, ["layer", "activation"], call.nameSpan));
      continue;
    }
    const layer = layerForEntry(entry);
    if (entry.reserved === true || layer === undefined) {
      ctx.out.push(diagnostic("NN4003", `\`${entry.name}\` is not supported yet (planned for a later version)`, call.nameSpan));
      continue;
    }
    const bound = bindArgs(call, entry, ctx);
    let name: string;
    if (s.kind === "LayerStatement") {
      name = s.name.name;
      if (seen.has(name)) {
        ctx.out.push(diagnostic("NN2007", `layer name \`${name}\` is already used`, s.name.span));
        continue;
      }
    } else {
      const kind = entry.name;
      let n = counters.get(kind) ?? 0;
      do n++;
      while (explicit.has(`${kind}${n}`));
      counters.set(kind, n);
      name = `${kind}${n}`;
    }
    seen.add(name);
    let overrides: BlockSettings | undefined;
    if (s.body !== undefined) {
      if (!layer.definition.parametric) {
        ctx.out.push(diagnostic("NN2005", `\`${entry.name}\` has no parameters, so it takes no \`{ }\` overrides`, s.body.span));
      } else {
        overrides = bindSettings(name, call.nameSpan, s.body.span, s.body.statements, settingsSpecs.layer, ctx);
      }
    }
    if (bound === undefined) continue;
    if (layer.entry.needsMap && shape.length !== 3) {
      const message = `\`${entry.name}\` needs a [channels, height, width] input, but it receives [${shape.join(", ")}]`;
      ctx.out.push(diagnostic("NN4011", message, bound.call.span));
      continue;
    }
    const plan = layer.definition.plan(layerBuild(bound, name, [layers.length - 1], shape, s.span, overrides, defaults, ctx));
    if (plan === undefined) continue;
    layers.push({
      plan,
      entry,
      overrides,
      parameters: layerParameters(plan),
      flops: layer.definition.flops(plan),
      explicitName: s.kind === "LayerStatement",
      nameSpan: s.kind === "LayerStatement" ? s.name.span : call.nameSpan,
      callSpan: call.span,
    });
    shape = plan.outputShape;
  }
  return { layers, complete: ctx.out.filter((d) => d.severity === "error").length === before };
}

function layerBuild(
  call: BoundCall,
  name: string,
  inputs: readonly number[],
  inputShape: readonly number[],
  span: Span,
  overrides: BlockSettings | undefined,
  defaults: ModelDefaults,
  ctx: SettingsContext,
): LayerBuild {
  const own = overrides?.settings.optional;
  const weightCall = own?.call("weight_init") ?? defaults.weightInit;
  return {
    call,
    inputShape,
    inputShapes: [inputShape],
    map: inputShape.length === 3 ? { c: inputShape[0], h: inputShape[1], w: inputShape[2] } : undefined,
    base: { name, inputs, inputSize: inputShape.reduce((a, d) => a * d, 1), span },
    train: {
      lrMult: own?.number("lr_mult") ?? 1,
      wdMult: own?.number("wd_mult") ?? 1,
      frozen: own?.boolean("freeze") ?? false,
    },
    weightInit: () => init(weightCall, `${name}.weight`),
    biasInit: () => init(biasInitCall(overrides, defaults), `${name}.bias`),
    weightsFrom: weightCall?.entry.name === "from" ? weightCall.args.string("path") : undefined,
    out: ctx.out,
  };
}

/**
 * A bias's initializer, nearest first: the layer's `bias_init`; the layer's own `weight_init = from(...)`
 * (the checkpoint holds the layer's bias beside its weight: loading only the weight would silently pair it
 * with a random bias); the model's `bias_init`; a model-wide `weight_init = from(...)` (the whole checkpoint).
 */
function biasInitCall(overrides: BlockSettings | undefined, defaults: ModelDefaults): BoundCall | undefined {
  const own = overrides?.settings.optional.call("bias_init");
  if (own !== undefined) return own;
  const layerWeight = overrides?.settings.optional.call("weight_init");
  if (layerWeight?.entry.name === "from") return layerWeight;
  return defaults.biasInit ?? (defaults.weightInit?.entry.name === "from" ? defaults.weightInit : undefined);
}

function init(b: BoundCall | undefined, tensor: string): InitPlan {
  return b === undefined ? { kind: "pytorch_default" } : initPlan(b, tensor);
}

/**
 * The model's layers: resolves each layer statement against the registry, binds its arguments and
 * overrides, names anonymous layers PyTorch-style, and infers the flat feature count layer by layer.
 */
import type { Statement } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/span.ts";
import type { ActivationFn, InitPlan, LayerPlan, MapShape } from "../ir.ts";
import { diagnostic } from "../diagnostics.ts";
import { evaluate } from "../evaluate.ts";
import { bindArgs } from "../bind.ts";
import type { BoundCall } from "../bind.ts";
import { lookup, settingsSpecs } from "../registry/index.ts";
import { unknownEntry } from "../unknown-entry.ts";
import type { RegistryEntry } from "../registry/index.ts";
import { bindSettings, setting } from "../settings.ts";
import type { BlockSettings, SettingsContext } from "../settings.ts";
import { asCall } from "../values.ts";
import { initPlan } from "./init.ts";

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

const parametric = new Set(["dense", "batchnorm", "batchnorm2d", "conv2d"]);

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
    if (entry.reserved === true) {
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
      if (!parametric.has(entry.name)) {
        ctx.out.push(diagnostic("NN2005", `\`${entry.name}\` has no parameters, so it takes no \`{ }\` overrides`, s.body.span));
      } else {
        overrides = bindSettings(name, call.nameSpan, s.body.span, s.body.statements, settingsSpecs.layer, ctx);
      }
    }
    if (bound === undefined) continue;
    const info = layerInfo(entry, bound, name, shape, s.span, overrides, defaults, ctx);
    if (info === undefined) continue;
    layers.push({
      ...info,
      explicitName: s.kind === "LayerStatement",
      nameSpan: s.kind === "LayerStatement" ? s.name.span : call.nameSpan,
      callSpan: call.span,
    });
    shape = info.plan.outputShape;
  }
  return { layers, complete: ctx.out.filter((d) => d.severity === "error").length === before };
}

function layerInfo(
  entry: RegistryEntry,
  b: BoundCall,
  name: string,
  inputShape: readonly number[],
  span: Span,
  overrides: BlockSettings | undefined,
  defaults: ModelDefaults,
  ctx: SettingsContext,
): Omit<LayerInfo, "explicitName" | "nameSpan" | "callSpan"> | undefined {
  const arg = <T>(key: string): T => b.args.get(key)?.value as T;
  const inputSize = inputShape.reduce((a, d) => a * d, 1);
  const base = { name, inputSize, span };
  const same = { outputSize: inputSize, outputShape: inputShape };
  const map = inputShape.length === 3 ? { c: inputShape[0], h: inputShape[1], w: inputShape[2] } : undefined;
  if (map === undefined && spatialOnly.has(entry.name)) {
    ctx.out.push(
      diagnostic(
        "NN4011",
        `\`${entry.name}\` needs a [channels, height, width] input, but it receives [${inputShape.join(", ")}]`,
        b.call.span,
      ),
    );
    return undefined;
  }
  const train = {
    lrMult: setting<number>(overrides, "lr_mult") ?? 1,
    wdMult: setting<number>(overrides, "wd_mult") ?? 1,
    frozen: setting<boolean>(overrides, "freeze") ?? false,
  };
  if (entry.role === "activation") {
    const fn = activationFn(entry.name, b);
    return { plan: { ...base, kind: "activation", activation: fn, ...same }, entry, overrides, parameters: 0, flops: 0 };
  }
  switch (entry.name) {
    case "dense": {
      const units = arg<number>("units");
      const bias = arg<boolean>("bias");
      const weightInit = init(setting(overrides, "weight_init") ?? defaults.weightInit, `${name}.weight`);
      const biasInit = init(biasInitCall(overrides, defaults), `${name}.bias`);
      const parameters = inputSize * units + (bias ? units : 0);
      return {
        plan: { ...base, kind: "dense", outputSize: units, outputShape: [units], bias, weightInit, biasInit, ...train },
        entry,
        overrides,
        parameters,
        flops: 2 * inputSize * units,
      };
    }
    case "batchnorm":
    case "batchnorm2d": {
      const affine = arg<boolean>("affine");
      // After a convolution (any [C, H, W] input) batch norm is per channel, as nn.BatchNorm2d.
      const features = map === undefined ? inputSize : map.c;
      const w = setting<BoundCall>(overrides, "weight_init") ?? defaults.weightInit;
      const from = w !== undefined && w.entry.name === "from" ? (w.args.get("path")?.value as string) : undefined;
      return {
        plan: {
          ...base,
          kind: "batchnorm",
          ...same,
          eps: arg("eps"),
          momentum: arg("momentum"),
          affine,
          from,
          features,
          spatial: inputSize / features,
          ...train,
        },
        entry,
        overrides,
        parameters: affine ? 2 * features : 0,
        flops: 4 * inputSize,
      };
    }
    case "dropout":
      return { plan: { ...base, kind: "dropout", ...same, p: arg("p") }, entry, overrides, parameters: 0, flops: 0 };
    case "dropout2d":
      return {
        plan: { ...base, kind: "dropout2d", ...same, p: arg("p"), channels: map!.c, spatial: map!.h * map!.w },
        entry,
        overrides,
        parameters: 0,
        flops: 0,
      };
    case "flatten":
      return {
        plan: { ...base, kind: "flatten", outputSize: inputSize, outputShape: [inputSize] },
        entry,
        overrides,
        parameters: 0,
        flops: 0,
      };
    case "global_avgpool":
      return {
        plan: { ...base, kind: "global_avgpool", outputSize: map!.c, outputShape: [map!.c], channels: map!.c, spatial: map!.h * map!.w },
        entry,
        overrides,
        parameters: 0,
        flops: inputSize,
      };
    case "maxpool":
    case "avgpool":
      return poolInfo(entry, b, base, map!, overrides, ctx);
    case "conv2d":
      return convInfo(entry, b, base, map!, overrides, defaults, train, ctx);
    case "maxout": {
      const k = arg<number>("k");
      if (inputSize % k !== 0) {
        ctx.out.push(
          diagnostic("NN4004", `maxout(${k}) needs a feature count divisible by ${k}, but it receives ${inputSize}`, b.call.span),
        );
        return undefined;
      }
      return {
        plan: { ...base, kind: "maxout", outputSize: inputSize / k, outputShape: [inputSize / k], k },
        entry,
        overrides,
        parameters: 0,
        flops: 0,
      };
    }
    default:
      throw new Error(`layer without a plan: ${entry.name}`);
  }
}

/** Layers that only make sense on a feature map. */
const spatialOnly = new Set(["conv2d", "maxpool", "avgpool", "global_avgpool", "batchnorm2d", "dropout2d"]);

type LayerBaseFields = { readonly name: string; readonly inputSize: number; readonly span: Span };
type Built = Omit<LayerInfo, "explicitName" | "nameSpan" | "callSpan">;

/**
 * A bias's initializer, nearest first: the layer's `bias_init`; the layer's own `weight_init = from(...)`
 * (the checkpoint holds the layer's bias beside its weight: loading only the weight would silently pair it
 * with a random bias); the model's `bias_init`; a model-wide `weight_init = from(...)` (the whole checkpoint).
 */
function biasInitCall(overrides: BlockSettings | undefined, defaults: ModelDefaults): BoundCall | undefined {
  const own = setting<BoundCall>(overrides, "bias_init");
  if (own !== undefined) return own;
  const layerWeight = setting<BoundCall>(overrides, "weight_init");
  if (layerWeight?.entry.name === "from") return layerWeight;
  return defaults.biasInit ?? (defaults.weightInit?.entry.name === "from" ? defaults.weightInit : undefined);
}

/** Output side of a sliding window (PyTorch's formula); ≤ 0 means the window does not fit. */
export function windowOutput(size: number, kernel: number, stride: number, padding: number, dilation: number): number {
  return Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

function convInfo(
  entry: RegistryEntry,
  b: BoundCall,
  base: LayerBaseFields,
  map: MapShape,
  overrides: BlockSettings | undefined,
  defaults: ModelDefaults,
  train: { lrMult: number; wdMult: number; frozen: boolean },
  ctx: SettingsContext,
): Built | undefined {
  const arg = <T>(key: string): T => b.args.get(key)?.value as T;
  const filters = arg<number>("filters");
  const kernel = arg<number>("kernel");
  const stride = arg<number>("stride");
  const padding = arg<number>("padding");
  const dilation = arg<number>("dilation");
  const groups = arg<number>("groups");
  const bias = arg<boolean>("bias");
  if (map.c % groups !== 0 || filters % groups !== 0) {
    ctx.out.push(
      diagnostic(
        "NN4012",
        `conv2d groups = ${groups} must divide both the input channels (${map.c}) and the filters (${filters})`,
        b.call.span,
      ),
    );
    return undefined;
  }
  const h = windowOutput(map.h, kernel, stride, padding, dilation);
  const w = windowOutput(map.w, kernel, stride, padding, dilation);
  if (h < 1 || w < 1) {
    const reach = dilation * (kernel - 1) + 1;
    ctx.out.push(
      diagnostic(
        "NN4013",
        `conv2d kernel ${kernel}${dilation > 1 ? ` (dilation ${dilation}, reach ${reach})` : ""} does not fit the ${map.h}×${map.w} input with padding ${padding}`,
        b.call.span,
      ),
    );
    return undefined;
  }
  const out = { c: filters, h, w };
  const weightInit = init(setting(overrides, "weight_init") ?? defaults.weightInit, `${base.name}.weight`);
  const biasInit = init(biasInitCall(overrides, defaults), `${base.name}.bias`);
  const perOutput = (map.c / groups) * kernel * kernel;
  const outputSize = filters * h * w;
  return {
    plan: {
      ...base,
      kind: "conv2d",
      outputSize,
      outputShape: [filters, h, w],
      in: map,
      out,
      kernel,
      stride,
      padding,
      dilation,
      groups,
      bias,
      weightInit,
      biasInit,
      ...train,
    },
    entry,
    overrides,
    parameters: filters * perOutput + (bias ? filters : 0),
    flops: 2 * perOutput * outputSize,
  };
}

function poolInfo(
  entry: RegistryEntry,
  b: BoundCall,
  base: LayerBaseFields,
  map: MapShape,
  overrides: BlockSettings | undefined,
  ctx: SettingsContext,
): Built | undefined {
  const kernel = b.args.get("kernel")?.value as number;
  const stride = (b.args.get("stride")?.value as number | undefined) ?? kernel;
  const padding = b.args.get("padding")?.value as number;
  if (2 * padding > kernel) {
    ctx.out.push(diagnostic("NN4013", `${entry.name} padding ${padding} must be at most half the kernel (${kernel})`, b.call.span));
    return undefined;
  }
  const h = windowOutput(map.h, kernel, stride, padding, 1);
  const w = windowOutput(map.w, kernel, stride, padding, 1);
  if (h < 1 || w < 1) {
    ctx.out.push(
      diagnostic("NN4013", `${entry.name} kernel ${kernel} does not fit the ${map.h}×${map.w} input with padding ${padding}`, b.call.span),
    );
    return undefined;
  }
  const op = entry.name === "maxpool" ? "max" : "avg";
  const outputSize = map.c * h * w;
  return {
    plan: { ...base, kind: "pool", op, outputSize, outputShape: [map.c, h, w], in: map, out: { c: map.c, h, w }, kernel, stride, padding },
    entry,
    overrides,
    parameters: 0,
    flops: outputSize * kernel * kernel,
  };
}

function init(b: BoundCall | undefined, tensor: string): InitPlan {
  return b === undefined ? { kind: "pytorch_default" } : initPlan(b, tensor);
}

function activationFn(name: string, b: BoundCall): ActivationFn {
  switch (name) {
    case "leaky_relu":
      return { fn: "leaky_relu", slope: b.args.get("slope")?.value as number };
    case "elu":
      return { fn: "elu", alpha: b.args.get("alpha")?.value as number };
    case "relu":
    case "gelu":
    case "sigmoid":
    case "tanh":
    case "softmax":
      return { fn: name };
    default:
      throw new Error(`activation without a plan: ${name}`);
  }
}

/**
 * The model's layers: resolves each layer statement against the registry, binds its arguments and
 * overrides, names anonymous layers PyTorch-style, and infers the flat feature count layer by layer.
 */
import type { Statement } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/span.ts";
import type { ActivationFn, InitPlan, LayerPlan } from "../ir.ts";
import { diagnostic } from "../diagnostics.ts";
import { didYouMean, suggest } from "../did-you-mean.ts";
import { evaluate } from "../evaluate.ts";
import { bindArgs } from "../bind.ts";
import type { BoundCall } from "../bind.ts";
import { lookup, namesFor, settingsSpecs } from "../registry/index.ts";
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

const parametric = new Set(["dense", "batchnorm"]);

export interface BuiltLayers {
  readonly layers: LayerInfo[];
  /** False when some layer had errors and was left out: shapes after it are not meaningful. */
  readonly complete: boolean;
}

export function buildLayers(statements: readonly Statement[], inputSize: number, defaults: ModelDefaults, ctx: SettingsContext): BuiltLayers {
  const before = ctx.out.filter((d) => d.severity === "error").length;
  const layers: LayerInfo[] = [];
  const explicit = new Set<string>();
  for (const s of statements) if (s.kind === "LayerStatement") explicit.add(s.name.name);
  const counters = new Map<string, number>();
  const seen = new Set<string>();
  let size = inputSize;
  for (const s of statements) {
    if (s.kind !== "LayerStatement" && s.kind !== "BlockStatement") continue;
    const value = evaluate(s.call, ctx.constants, ctx.out);
    const call = value === undefined ? undefined : asCall(value);
    if (call === undefined) continue;
    const entry = lookup("layer", call.name) ?? lookup("activation", call.name);
    if (entry === undefined) {
      const suggestions = suggest(call.name, [...namesFor("layer"), ...namesFor("activation")]);
      ctx.out.push(diagnostic("NN2002", `unknown layer \`${call.name}\`${didYouMean(suggestions)}`, call.nameSpan, "error", suggestions));
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
    const info = layerInfo(entry, bound, name, size, s.span, overrides, defaults, ctx);
    if (info === undefined) continue;
    layers.push({ ...info, explicitName: s.kind === "LayerStatement", nameSpan: s.kind === "LayerStatement" ? s.name.span : call.nameSpan, callSpan: call.span });
    size = info.plan.outputSize;
  }
  return { layers, complete: ctx.out.filter((d) => d.severity === "error").length === before };
}

function layerInfo(
  entry: RegistryEntry,
  b: BoundCall,
  name: string,
  inputSize: number,
  span: Span,
  overrides: BlockSettings | undefined,
  defaults: ModelDefaults,
  ctx: SettingsContext,
): Omit<LayerInfo, "explicitName" | "nameSpan" | "callSpan"> | undefined {
  const arg = <T>(key: string): T => b.args.get(key)?.value as T;
  const base = { name, inputSize, span };
  const train = {
    lrMult: setting<number>(overrides, "lr_mult") ?? 1,
    wdMult: setting<number>(overrides, "wd_mult") ?? 1,
    frozen: setting<boolean>(overrides, "freeze") ?? false,
  };
  if (entry.role === "activation") {
    const fn = activationFn(entry.name, b);
    return { plan: { ...base, kind: "activation", activation: fn, outputSize: inputSize }, entry, overrides, parameters: 0, flops: 0 };
  }
  switch (entry.name) {
    case "dense": {
      const units = arg<number>("units");
      const bias = arg<boolean>("bias");
      const weightInit = init(setting(overrides, "weight_init") ?? defaults.weightInit, `${name}.weight`);
      // A model-wide `weight_init = from(...)` loads the whole checkpoint, biases included.
      const wholeModel = defaults.weightInit?.entry.name === "from" ? defaults.weightInit : undefined;
      const biasInit = init(setting(overrides, "bias_init") ?? defaults.biasInit ?? wholeModel, `${name}.bias`);
      const parameters = inputSize * units + (bias ? units : 0);
      return {
        plan: { ...base, kind: "dense", outputSize: units, bias, weightInit, biasInit, ...train },
        entry,
        overrides,
        parameters,
        flops: 2 * inputSize * units,
      };
    }
    case "batchnorm": {
      const affine = arg<boolean>("affine");
      const w = (setting<BoundCall>(overrides, "weight_init") ?? defaults.weightInit);
      const from = w !== undefined && w.entry.name === "from" ? (w.args.get("path")?.value as string) : undefined;
      return {
        plan: { ...base, kind: "batchnorm", outputSize: inputSize, eps: arg("eps"), momentum: arg("momentum"), affine, from, ...train },
        entry,
        overrides,
        parameters: affine ? 2 * inputSize : 0,
        flops: 0,
      };
    }
    case "dropout":
      return { plan: { ...base, kind: "dropout", outputSize: inputSize, p: arg("p") }, entry, overrides, parameters: 0, flops: 0 };
    case "maxout": {
      const k = arg<number>("k");
      if (inputSize % k !== 0) {
        ctx.out.push(diagnostic("NN4004", `maxout(${k}) needs a feature count divisible by ${k}, but it receives ${inputSize}`, b.call.span));
        return undefined;
      }
      return { plan: { ...base, kind: "maxout", outputSize: inputSize / k, k }, entry, overrides, parameters: 0, flops: 0 };
    }
    default:
      throw new Error(`layer without a plan: ${entry.name}`);
  }
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

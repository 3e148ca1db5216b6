/**
 * Initialisation code: one runtime initializer call per tensor, in state_dict order, all drawing from
 * the model's seeded generator so the same seed gives bit-identical weights.
 */
import type { InitPlan, Plan } from "../ir.ts";
import type { Layout } from "./layout.ts";
import { slotOf } from "./layout.ts";
import { num, str } from "./literals.ts";
import { pathExpression, type PathContext } from "./paths.ts";

export interface InitCode {
  /** Model-wide `weight_init = from(...)`: the expression of the file to load every tensor from. */
  readonly stateDictPath: string | undefined;
  readonly body: string;
  readonly imports: readonly string[];
}

/**
 * The runtime's fan-scaled initializers fill fanIn·fanOut elements (a dense [out, in] weight); a conv
 * weight has fanIn·O elements instead, so its fan-scaled inits become the plain normal/uniform
 * distribution they stand for, with the same draws.
 */
function convWeightInit(init: InitPlan, fanIn: number, fanOut: number): InitPlan {
  const fan = (mode: "fan_in" | "fan_out") => (mode === "fan_in" ? fanIn : fanOut);
  switch (init.kind) {
    case "xavier_normal":
      return { kind: "normal", mean: 0, std: init.gain * Math.sqrt(2 / (fanIn + fanOut)) };
    case "xavier_uniform": {
      const bound = init.gain * Math.sqrt(6 / (fanIn + fanOut));
      return { kind: "uniform", low: -bound, high: bound };
    }
    case "he_normal":
      return { kind: "normal", mean: 0, std: init.gain / Math.sqrt(fan(init.mode)) };
    case "he_uniform": {
      const bound = init.gain * Math.sqrt(3 / fan(init.mode));
      return { kind: "uniform", low: -bound, high: bound };
    }
    case "pytorch_default": {
      const bound = 1 / Math.sqrt(fanIn);
      return { kind: "uniform", low: -bound, high: bound };
    }
    default:
      return init;
  }
}

export function emitInit(plan: Plan, layout: Layout, paths: PathContext): InitCode {
  const imports = new Set<string>();
  const lines: string[] = [];
  const emit = (init: InitPlan, name: string, fanIn: number, fanOut: number, rows: number, cols: number) => {
    const slot = slotOf(layout, name);
    if (slot === undefined) throw new Error(`internal: no tensor ${name}`);
    const a = slot.buffer === "params" ? "P" : "S";
    const o = slot.offset;
    const n = slot.size;
    const use = (fn: string, args: string) => {
      imports.add(fn);
      lines.push(`${fn}(${args});`);
    };
    switch (init.kind) {
      case "zeros":
        return use("initZeros", `${a}, ${o}, ${n}`);
      case "constant":
        return use("initConstant", `${a}, ${o}, ${n}, ${num(init.value)}`);
      case "normal":
        return use("initNormal", `${a}, ${o}, ${n}, ${num(init.mean)}, ${num(init.std)}, rng`);
      case "uniform":
        return use("initUniform", `${a}, ${o}, ${n}, ${num(init.low)}, ${num(init.high)}, rng`);
      case "xavier_normal":
        return use("initXavierNormal", `${a}, ${o}, ${fanIn}, ${fanOut}, ${num(init.gain)}, rng`);
      case "xavier_uniform":
        return use("initXavierUniform", `${a}, ${o}, ${fanIn}, ${fanOut}, ${num(init.gain)}, rng`);
      case "he_normal":
        return use("initHeNormal", `${a}, ${o}, ${fanIn}, ${fanOut}, "${init.mode}", ${num(init.gain)}, rng`);
      case "he_uniform":
        return use("initHeUniform", `${a}, ${o}, ${fanIn}, ${fanOut}, "${init.mode}", ${num(init.gain)}, rng`);
      case "orthogonal":
        return use("initOrthogonal", `${a}, ${o}, ${rows}, ${cols}, ${num(init.gain)}, rng`);
      case "pytorch_default":
        if (slot.role === "bias") return use("initPytorchDefaultBias", `${a}, ${o}, ${n}, ${fanIn}, rng`);
        return use("initPytorchDefaultWeight", `${a}, ${o}, ${fanIn}, ${fanOut}, rng`);
      case "from":
        imports.add("loadTensorInto");
        {
          const p = pathExpression(init.path, paths);
          if (p.usesResolver) imports.add("resolveDataPath");
          lines.push(`loadTensorInto(${p.code}, ${str(init.tensor)}, ${a}, ${o}, ${JSON.stringify(slot.shape)});`);
        }
        return;
    }
  };
  for (const layer of plan.layers) {
    if (layer.kind === "dense") {
      emit(layer.weightInit, `${layer.name}.weight`, layer.inputSize, layer.outputSize, layer.outputSize, layer.inputSize);
      if (layer.bias) emit(layer.biasInit, `${layer.name}.bias`, layer.inputSize, layer.outputSize, layer.outputSize, 1);
    } else if (layer.kind === "conv2d") {
      // PyTorch's fans of a conv weight [O, C/groups, k, k]: fan_in = C/groups·k², fan_out = O·k².
      const area = layer.kernel * layer.kernel;
      const fanIn = (layer.in.c / layer.groups) * area;
      const fanOut = layer.out.c * area;
      emit(convWeightInit(layer.weightInit, fanIn, fanOut), `${layer.name}.weight`, fanIn, fanOut, layer.out.c, fanIn);
      if (layer.bias) emit(layer.biasInit, `${layer.name}.bias`, fanIn, fanOut, layer.out.c, 1);
    } else if (layer.kind === "batchnorm") {
      const F = layer.features;
      if (layer.from !== undefined) {
        for (const role of ["weight", "bias", "running_mean", "running_var"]) {
          if (!layer.affine && (role === "weight" || role === "bias")) continue;
          emit({ kind: "from", path: layer.from, tensor: `${layer.name}.${role}` }, `${layer.name}.${role}`, F, F, F, 1);
        }
        continue;
      }
      if (layer.affine) {
        emit({ kind: "constant", value: 1 }, `${layer.name}.weight`, F, F, F, 1);
        emit({ kind: "zeros" }, `${layer.name}.bias`, F, F, F, 1);
      }
      emit({ kind: "zeros" }, `${layer.name}.running_mean`, F, F, F, 1);
      emit({ kind: "constant", value: 1 }, `${layer.name}.running_var`, F, F, F, 1);
    }
  }
  let stateDictPath: string | undefined;
  if (plan.initFrom !== undefined) {
    const p = pathExpression(plan.initFrom, paths);
    if (p.usesResolver) imports.add("resolveDataPath");
    imports.add("loadStateDictInto");
    stateDictPath = p.code;
  }
  return { body: lines.join("\n"), imports: [...imports].sort(), stateDictPath };
}

/** Initializer calls → InitPlan, with Kaiming's gain computed as torch.nn.init.calculate_gain does. */
import type { InitPlan } from "../ir.ts";
import type { BoundCall } from "../bind.ts";

/** torch.nn.init.calculate_gain for the nonlinearities he_* accepts. */
export function kaimingGain(nonlinearity: string, a: number): number {
  switch (nonlinearity) {
    case "relu":
      return Math.SQRT2;
    case "leaky_relu":
      return Math.sqrt(2 / (1 + a * a));
    case "tanh":
      return 5 / 3;
    case "selu":
      return 3 / 4;
    default:
      return 1; // linear, sigmoid
  }
}

/** `fc1.weight` read from the checkpoint layer `layer` instead: `hidden.weight` (transfer-learning name mapping). */
function renamed(tensor: string, layer: string | undefined): string {
  return layer === undefined ? tensor : `${layer}${tensor.slice(tensor.lastIndexOf("."))}`;
}

/** `tensor` names the parameter a `from(...)` initializer loads (`fc1.weight`). */
export function initPlan(b: BoundCall, tensor: string): InitPlan {
  const arg = <T>(name: string): T => b.args.get(name)?.value as T;
  switch (b.entry.name) {
    case "zeros":
      return { kind: "zeros" };
    case "constant":
      return { kind: "constant", value: arg<number>("value") };
    case "normal":
      return { kind: "normal", mean: arg<number>("mean"), std: arg<number>("std") };
    case "uniform":
      return { kind: "uniform", low: arg<number>("a"), high: arg<number>("b") };
    case "xavier_normal":
      return { kind: "xavier_normal", gain: arg<number>("gain") };
    case "xavier_uniform":
      return { kind: "xavier_uniform", gain: arg<number>("gain") };
    case "he_normal":
    case "he_uniform":
      return {
        kind: b.entry.name,
        mode: arg<"fan_in" | "fan_out">("mode"),
        gain: kaimingGain(arg<string>("nonlinearity"), arg<number>("a")),
      };
    case "orthogonal":
      return { kind: "orthogonal", gain: arg<number>("gain") };
    case "pytorch_default":
      return { kind: "pytorch_default" };
    case "from":
      return { kind: "from", path: arg<string>("path"), tensor: renamed(tensor, arg<string | undefined>("layer")) };
    default:
      throw new Error(`initializer without a plan: ${b.entry.name}`);
  }
}

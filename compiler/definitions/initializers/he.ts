/** He/Kaiming initialisation: variance gain²/fan, normal or uniform, with PyTorch's calculate_gain. */
import type { ParamSpec, RegistryEntry } from "../../registry/types.ts";
import type { CheckedCall } from "../call.ts";
import { NUMBER, oneOf, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { runtimeCall, type InitFans, type InitializerDefinition } from "./definition.ts";

type FanMode = "fan_in" | "fan_out";

/** Kaiming. `gain` is already computed from nonlinearity and `a` (PyTorch's calculate_gain). */
export interface HeNormalInit {
  readonly kind: "he_normal";
  readonly mode: FanMode;
  readonly gain: number;
}

export interface HeUniformInit {
  readonly kind: "he_uniform";
  readonly mode: FanMode;
  readonly gain: number;
}

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

const heParams: readonly ParamSpec[] = [
  opt("mode", oneOf("fan_in", "fan_out"), "fan_in", "preserve the variance of the forward (fan_in) or backward (fan_out) pass"),
  opt("nonlinearity", oneOf("relu", "leaky_relu", "linear", "sigmoid", "tanh", "selu"), "relu", "activation that follows, for the gain"),
  opt("a", NUMBER, 0, "negative slope of leaky_relu", nonNegative),
];

const heNormalEntry: RegistryEntry = {
  name: "he_normal",
  confusedWith: { msra: "MSRA initialization is he_normal" },
  aliases: ["kaiming_normal"],
  role: "initializer",
  params: heParams,
  doc: "He/Kaiming normal: std = gain/√fan, gain = √2 for ReLU.",
  details:
    "W ~ N(0, gain²/fan) with gain = √(2/(1 + a²)) for (leaky) ReLU (He et al. 2015). ReLU zeroes half its " +
    "inputs, so the factor 2 keeps the activation variance constant through depth: the recommended init for " +
    "ReLU networks (CS231n).",
};

const heUniformEntry: RegistryEntry = {
  name: "he_uniform",
  aliases: ["kaiming_uniform"],
  role: "initializer",
  params: heParams,
  doc: "He/Kaiming uniform: U(±gain·√(3/fan)).",
  details: "The uniform variant of He init (same variance as he_normal): the recommended init for ReLU networks.",
};

const modeAndGain = (call: CheckedCall) => ({
  mode: call.args.string<FanMode>("mode"),
  gain: kaimingGain(call.args.string("nonlinearity"), call.args.number("a")),
});

const fan = (fans: InitFans, mode: FanMode): number => (mode === "fan_in" ? fans.fanIn : fans.fanOut);

export const heNormal: InitializerDefinition<HeNormalInit> = {
  kind: "he_normal",
  entry: heNormalEntry,
  plan: (call) => ({ kind: "he_normal", ...modeAndGain(call) }),
  typescript: (init, t) =>
    runtimeCall("initHeNormal", `${t.view}, ${t.fans.fanIn}, ${t.fans.fanOut}, "${init.mode}", ${num(init.gain)}, rng`),
  pytorch: (init, t) =>
    `nn.init.normal_(${t.ref}, std=${pyFloat(init.gain)} / math.sqrt(${fan(t.fans, init.mode)}))  # He (Kaiming) normal, ${init.mode}`,
  asDistribution: (init, fans) => ({ kind: "normal", mean: 0, std: init.gain / Math.sqrt(fan(fans, init.mode)) }),
};

export const heUniform: InitializerDefinition<HeUniformInit> = {
  kind: "he_uniform",
  entry: heUniformEntry,
  plan: (call) => ({ kind: "he_uniform", ...modeAndGain(call) }),
  typescript: (init, t) =>
    runtimeCall("initHeUniform", `${t.view}, ${t.fans.fanIn}, ${t.fans.fanOut}, "${init.mode}", ${num(init.gain)}, rng`),
  pytorch: (init, t) => {
    const bound = `${pyFloat(init.gain)} * math.sqrt(3 / ${fan(t.fans, init.mode)})`;
    return `nn.init.uniform_(${t.ref}, -${bound}, ${bound})  # He (Kaiming) uniform, ${init.mode}`;
  },
  asDistribution: (init, fans) => {
    const bound = init.gain * Math.sqrt(3 / fan(fans, init.mode));
    return { kind: "uniform", low: -bound, high: bound };
  },
};

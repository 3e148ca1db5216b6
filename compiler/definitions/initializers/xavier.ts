/** Glorot/Xavier initialisation: variance 2/(fan_in + fan_out), normal or uniform. */
import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { runtimeCall, type InitializerDefinition } from "./definition.ts";

export interface XavierNormalInit {
  readonly kind: "xavier_normal";
  readonly gain: number;
}

export interface XavierUniformInit {
  readonly kind: "xavier_uniform";
  readonly gain: number;
}

const xavierNormalEntry: RegistryEntry = {
  name: "xavier_normal",
  aliases: ["glorot_normal"],
  role: "initializer",
  params: [opt("gain", NUMBER, 1, "scale factor", positive)],
  doc: "Glorot/Xavier normal: std = gain·√(2/(fan_in + fan_out)).",
  details:
    "Keeps the variance of activations and gradients roughly constant through layers with linear or " +
    "tanh-like activations (Glorot & Bengio 2010). With ReLU half the units are off, the variance halves at " +
    "every layer; use he_* there.",
};

const xavierUniformEntry: RegistryEntry = {
  name: "xavier_uniform",
  aliases: ["glorot_uniform"],
  role: "initializer",
  params: [opt("gain", NUMBER, 1, "scale factor", positive)],
  doc: "Glorot/Xavier uniform: U(±gain·√(6/(fan_in + fan_out))).",
  details:
    "The uniform variant of Xavier init, same variance as xavier_normal. Suited to tanh/sigmoid/linear layers; " +
    "with ReLU prefer he_uniform.",
};

export const xavierNormal: InitializerDefinition<XavierNormalInit> = {
  kind: "xavier_normal",
  entry: xavierNormalEntry,
  plan: (call) => ({ kind: "xavier_normal", gain: call.args.number("gain") }),
  typescript: (init, t) => runtimeCall("initXavierNormal", `${t.view}, ${t.fans.fanIn}, ${t.fans.fanOut}, ${num(init.gain)}, rng`),
  pytorch: (init, t) =>
    t.isWeight
      ? `nn.init.xavier_normal_(${t.ref}, gain=${pyFloat(init.gain)})`
      : `nn.init.normal_(${t.ref}, std=${pyFloat(init.gain)} * math.sqrt(2 / (${t.fans.fanIn} + ${t.fans.fanOut})))  # Xavier normal with the layer's fans`,
  asDistribution: (init, { fanIn, fanOut }) => ({ kind: "normal", mean: 0, std: init.gain * Math.sqrt(2 / (fanIn + fanOut)) }),
};

export const xavierUniform: InitializerDefinition<XavierUniformInit> = {
  kind: "xavier_uniform",
  entry: xavierUniformEntry,
  plan: (call) => ({ kind: "xavier_uniform", gain: call.args.number("gain") }),
  typescript: (init, t) => runtimeCall("initXavierUniform", `${t.view}, ${t.fans.fanIn}, ${t.fans.fanOut}, ${num(init.gain)}, rng`),
  pytorch: (init, t) => {
    if (t.isWeight) return `nn.init.xavier_uniform_(${t.ref}, gain=${pyFloat(init.gain)})`;
    const bound = `${pyFloat(init.gain)} * math.sqrt(6 / (${t.fans.fanIn} + ${t.fans.fanOut}))`;
    return `nn.init.uniform_(${t.ref}, -${bound}, ${bound})  # Xavier uniform with the layer's fans`;
  },
  asDistribution: (init, { fanIn, fanOut }) => {
    const bound = init.gain * Math.sqrt(6 / (fanIn + fanOut));
    return { kind: "uniform", low: -bound, high: bound };
  },
};

/** Fill a tensor with one value: zeros (for biases) and constant. */
import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, req } from "../../registry/params.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { runtimeCall, type InitializerDefinition } from "./definition.ts";

export interface ZerosInit {
  readonly kind: "zeros";
}

export interface ConstantInit {
  readonly kind: "constant";
  readonly value: number;
}

const zerosEntry: RegistryEntry = {
  name: "zeros",
  role: "initializer",
  params: [],
  doc: "Every element zero (for biases).",
  details:
    "Fine for biases. For weights it is a bug: every unit of a layer computes the same output and receives the " +
    "same gradient, so the units stay identical forever — symmetry is never broken.",
};

const constantEntry: RegistryEntry = {
  name: "constant",
  role: "initializer",
  params: [req("value", NUMBER, "the value of every element")],
  doc: "Every element set to one value.",
  details: "Like zeros, it leaves all units of a layer identical (no symmetry breaking); use it for biases only.",
};

export const zeros: InitializerDefinition<ZerosInit> = {
  kind: "zeros",
  entry: zerosEntry,
  plan: () => ({ kind: "zeros" }),
  typescript: (_, t) => runtimeCall("initZeros", t.view),
  pytorch: (_, t) => `nn.init.zeros_(${t.ref})`,
};

export const constant: InitializerDefinition<ConstantInit> = {
  kind: "constant",
  entry: constantEntry,
  plan: (call) => ({ kind: "constant", value: call.args.number("value") }),
  typescript: (init, t) => runtimeCall("initConstant", `${t.view}, ${num(init.value)}`),
  pytorch: (init, t) => `nn.init.constant_(${t.ref}, ${pyFloat(init.value)})`,
};

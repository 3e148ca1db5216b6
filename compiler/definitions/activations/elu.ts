import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import type { ActivationDefinition } from "./definition.ts";

export interface Elu {
  readonly fn: "elu";
  readonly alpha: number;
}

const entry: RegistryEntry = {
  name: "elu",
  role: "activation",
  params: [opt("alpha", NUMBER, 1.0, "saturation value for negative inputs is −alpha", positive)],
  doc: "Exponential linear unit: x for x > 0, alpha·(eˣ − 1) otherwise.",
  details:
    "f(x) = x if x > 0 else α(eˣ − 1). Like ReLU for positive inputs, but smooth and with mean activations " +
    "closer to zero, which speeds learning (Clevert et al. 2015); costs an exponential.",
};

export const elu: ActivationDefinition<Elu> = {
  fn: "elu",
  entry,
  plan: (call) => ({ fn: "elu", alpha: call.args.number("alpha") }),
  summary: (a) => `elu(${a.alpha})`,
  typescript: {
    type: "Elu",
    settings: (a, width) => `{ features: ${width}, alpha: ${num(a.alpha)} }`,
    // The derivative for x ≤ 0 is y + alpha, read from the output.
    backwardReads: "both",
  },
  pytorch: (a) => `x = F.elu(x, alpha=${pyFloat(a.alpha)})`,
};

/** Every activation, in the order completion lists them; the registry, the layer builder and both code generators read it. */
import type { CheckedCall } from "../call.ts";
import type { ActivationDefinition } from "./definition.ts";
import { relu } from "./relu.ts";
import { leakyRelu } from "./leaky-relu.ts";
import { elu } from "./elu.ts";
import { gelu } from "./gelu.ts";
import { sigmoid } from "./sigmoid.ts";
import { tanh } from "./tanh.ts";
import { softmax } from "./softmax.ts";

export const activationDefinitions = [relu, leakyRelu, elu, gelu, sigmoid, tanh, softmax] as const;

type PlanOf<D> = D extends ActivationDefinition<infer A> ? A : never;

/** An activation function with its constants: the plan of one of the definitions above. */
export type ActivationFn = PlanOf<(typeof activationDefinitions)[number]>;

const byFn = new Map<string, ActivationDefinition<ActivationFn>>(activationDefinitions.map((d) => [d.fn, d]));

/** The definition of an activation plan. */
export function activationOf(a: ActivationFn): ActivationDefinition<ActivationFn> {
  const d = byFn.get(a.fn);
  if (d === undefined) throw new Error(`internal: no activation definition for ${a.fn}`);
  return d;
}

/** The plan of a bound activation call (`leaky_relu(0.1)`). */
export function activationPlan(call: CheckedCall): ActivationFn {
  const d = activationDefinitions.find((a) => a.entry.name === call.entry.name);
  if (d === undefined) throw new Error(`internal: no activation definition for ${call.entry.name}`);
  return (d as ActivationDefinition<ActivationFn>).plan(call);
}

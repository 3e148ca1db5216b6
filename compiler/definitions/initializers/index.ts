/**
 * Every initializer, in the order completion lists them. The registry, the binder (`weight_init = …`),
 * both code generators and the tests read this list: an initializer is known everywhere or nowhere.
 */
import type { InitFans, InitializerDefinition, PyTorchInitTarget } from "./definition.ts";
import type { CheckedCall } from "../call.ts";
import { constant, zeros } from "./constant.ts";
import { normal, uniform } from "./random.ts";
import { xavierNormal, xavierUniform } from "./xavier.ts";
import { heNormal, heUniform } from "./he.ts";
import { orthogonal } from "./orthogonal.ts";
import { pytorchDefault } from "./pytorch-default.ts";
import { from } from "./from.ts";

export const initializerDefinitions = [
  zeros,
  constant,
  normal,
  uniform,
  xavierNormal,
  xavierUniform,
  heNormal,
  heUniform,
  orthogonal,
  pytorchDefault,
  from,
] as const;

type PlanOf<D> = D extends InitializerDefinition<infer I> ? I : never;

/** How one tensor is initialised: the plan of one of the definitions above. */
export type InitPlan = PlanOf<(typeof initializerDefinitions)[number]>;

export { kaimingGain } from "./he.ts";

const byKind = new Map<string, InitializerDefinition<InitPlan>>(initializerDefinitions.map((d) => [d.kind, d]));

/** The definition of a plan. */
export function initializerOf(init: InitPlan): InitializerDefinition<InitPlan> {
  const d = byKind.get(init.kind);
  if (d === undefined) throw new Error(`internal: no initializer definition for ${init.kind}`);
  return d;
}

/** The plan of a bound initializer call for the tensor `tensor` (`fc1.weight`). */
export function initPlan(call: CheckedCall, tensor: string): InitPlan {
  const d = initializerDefinitions.find((i) => i.entry.name === call.entry.name);
  if (d === undefined) throw new Error(`internal: no initializer definition for ${call.entry.name}`);
  return (d as InitializerDefinition<InitPlan>).plan(call, tensor);
}

/** The plain distribution a fan-scaled initializer stands for on a tensor that is not a fanOut × fanIn matrix. */
export function asDistribution(init: InitPlan, fans: InitFans): InitPlan {
  const d = initializerOf(init);
  return d.asDistribution === undefined ? init : d.asDistribution(init, fans);
}

/** The PyTorch statement initialising one tensor, or undefined where PyTorch's default already does it. */
export function pytorchInit(init: InitPlan, target: PyTorchInitTarget): string | undefined {
  return initializerOf(init).pytorch(init, target);
}

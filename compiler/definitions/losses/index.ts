/** Every loss, in the order completion lists them; the registry, the planner and both code generators read it. */
import type { CheckedCall } from "../call.ts";
import type { LossDefinition } from "./definition.ts";
import { crossEntropy } from "./cross-entropy.ts";
import { hinge } from "./hinge.ts";
import { mse } from "./mse.ts";

export const lossDefinitions = [crossEntropy, hinge, mse] as const;

type PlanOf<D> = D extends LossDefinition<infer L> ? L : never;

/** The loss of a plan: one of the definitions' plans. */
export type LossPlan = PlanOf<(typeof lossDefinitions)[number]>;

const byKind = new Map<string, LossDefinition<LossPlan>>(lossDefinitions.map((d) => [d.kind, d]));

export function lossOf(loss: LossPlan): LossDefinition<LossPlan> {
  const d = byKind.get(loss.kind);
  if (d === undefined) throw new Error(`internal: no loss definition for ${loss.kind}`);
  return d;
}

/** The plan of a bound loss call (`cross_entropy(label_smoothing = 0.1)`). */
export function lossPlan(call: CheckedCall): LossPlan {
  const d = lossDefinitions.find((l) => l.entry.name === call.entry.name);
  if (d === undefined) throw new Error(`internal: no loss definition for ${call.entry.name}`);
  return (d as LossDefinition<LossPlan>).plan(call);
}

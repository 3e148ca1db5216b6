/**
 * What a loss-term regularizer is, once, for every phase: its registry entry, how its gradient folds into
 * the fused optimizer update (a per-range coefficient the runtime adds as l2x·w or l1·sign(w)), the runtime
 * function that gives its value for the reported loss, and its term in the PyTorch script's penalty().
 * The plan is RegularizerPlan in compiler/ir.ts (kind, λ, the tensors it covers: compiler/plan/tensors.ts).
 */
import type { RegistryEntry } from "../../registry/types.ts";

export interface RegularizerDefinition<K extends string> {
  readonly entry: RegistryEntry & { readonly name: K };
  /** The gradient of λ·R(w) as the update's term: `l2x` (times w) or `l1` (times sign w), and its coefficient from λ. */
  readonly gradient: { readonly term: "l2x" | "l1"; coefficient(lambda: number): number };
  /** The runtime function R(params, offset, size) for the loss value, multiplied by λ. */
  readonly penalty: "l2Penalty" | "l1Penalty";
  /** R of a PyTorch tensor expression. */
  pytorch(tensor: string): string;
}

export function defineRegularizer<K extends string>(definition: RegularizerDefinition<K>): RegularizerDefinition<K> {
  return definition;
}

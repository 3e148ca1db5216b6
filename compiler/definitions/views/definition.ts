/**
 * What a test-time view is, once, for every phase: its registry entry (role "view", listed in a data
 * block's `tta`), its plan (the runtime's ViewPlan: evaluation and prediction average the network's outputs
 * over the images as given and each view, runtime/data/views.ts), and the PyTorch expression of the view of
 * a batch `x` [N, C, H, W]. Adding one is a definition file, its case in runtime/data/views.ts, and a line in
 * ./index.ts.
 */
import type { ViewPlan } from "../../../runtime/contract.ts";
import type { RegistryEntry } from "../../registry/types.ts";

export interface ViewDefinition<P extends ViewPlan> {
  readonly entry: RegistryEntry;
  plan(): P;
  /** The view of the batch `x` as a PyTorch expression. */
  readonly pytorch: string;
}

export function defineView<P extends ViewPlan>(definition: ViewDefinition<P>): ViewDefinition<P> {
  return definition;
}

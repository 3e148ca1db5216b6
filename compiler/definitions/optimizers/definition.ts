/**
 * What an optimizer is, once, for every phase: its registry entry (names, parameters, ranges, hover text),
 * its typed plan (built from the checked arguments), the hyperparameters schedules start from, and how it
 * is emitted for each target. The checker, the TypeScript generator and the PyTorch generator all read
 * an optimizer through its definition, so adding one is a definition file, its runtime update kernel and
 * a line in ./index.ts.
 */
import type { Span } from "../../../grammar/span.ts";
import type { RegistryEntry } from "../../registry/types.ts";
import type { Arguments } from "../call.ts";

export type { Arguments } from "../call.ts";

/** The values the spec's schedules scale (`train { schedule { lr = …; momentum = … } }`). */
export interface ScheduledBases {
  readonly lr: number;
  /** The momentum-like hyperparameter and its name in schedules: SGD/RMSprop `momentum`, the Adam family's `beta1`. */
  readonly momentum: { readonly name: "momentum" | "beta1"; readonly base: number } | undefined;
  readonly weightDecay: number;
}

/** An optimizer state buffer of the generated model, one element per parameter. */
export interface StateBuffer {
  /** Field name in the generated class. */
  readonly field: string;
  /** PyTorch's optimizer-state name, used in training-state checkpoints. */
  readonly torchName: string;
  /** Initial value of every element. */
  readonly initial: number;
}

/**
 * A first-order optimizer in the generated TypeScript: a module constant holding the hyperparameters the
 * spec fixes (`const ADAM: AdamHyperparameters = { … }`), then one runtime step call per update group,
 * `adamStep(ADAM, step, group, P, G, this.expAvg, …)`, where `step` is this step's UpdateStep (t, lr,
 * momentum, weight decay, clipping), `group` a range of UPDATE_GROUPS and P, G the parameters and gradients.
 * Every call is elementwise over its group's range, so a step may be split by parameter range.
 */
export interface StepUpdate {
  readonly kind: "step";
  /** Runtime names the emitted code uses, types as `type X`. */
  readonly runtimeImports: readonly string[];
  /** The declaration of the hyperparameter constant, with its doc comment. */
  readonly hyperparameters: string;
  readonly state: readonly StateBuffer[];
  /** Scalar state carried across steps (NAdam's mu_product): field name → initial value. */
  readonly scalarState: readonly { readonly field: string; readonly initial: number }[];
  /** Statements run once per step before its UpdateStep is built, given `t` and `mom` ("" when none). */
  readonly stepScalars: string;
  /** The UpdateStep's `scalars`, from what stepScalars declared (NAdam's momentum schedule); absent when none. */
  readonly stepValues?: string;
  /** The runtime call for one update group, `group` being its expression (`UPDATE_GROUPS[0]`). */
  call(group: string): string;
}

/** A full-batch optimizer (L-BFGS): a runtime object the model constructs and drives with a loss closure. */
export interface FullBatchUpdate {
  readonly kind: "full_batch";
  readonly runtimeImports: readonly string[];
  /** The constructor statement, given the parameter count. */
  construct(paramCount: number): string;
}

/** A torch.optim class (or one the script defines) and its keyword arguments as Python literals, in PyTorch's order. */
export interface PyTorchOptimizer {
  readonly cls: string;
  readonly args: readonly (readonly [name: string, value: string])[];
  /** Python source of a class the script must define first (our NAdam), if `cls` is not torch's. */
  readonly classSource?: string;
}

/** Why the PyTorch target cannot express the optimizer; the spec is rejected with this wording. */
export interface NoPyTorch {
  readonly unsupported: string;
}

export interface OptimizerDefinition<P extends { readonly name: string }> {
  readonly entry: RegistryEntry;
  /** The typed plan from the checked arguments. */
  plan(args: Arguments, span: Span): P;
  scheduled(plan: P): ScheduledBases;
  typescript(plan: P): StepUpdate | FullBatchUpdate;
  pytorch(plan: P): PyTorchOptimizer | NoPyTorch;
}

/** Ties a definition to its plan type while keeping the literal type of the list element. */
export function defineOptimizer<P extends { readonly name: string }>(definition: OptimizerDefinition<P>): OptimizerDefinition<P> {
  return definition;
}

/** `betas = [β1, β2]` as a pair. */
export function betaPair(args: Arguments): readonly [number, number] {
  const b = args.numbers("betas");
  if (b.length !== 2) throw new Error("internal: betas is not a pair");
  return [b[0], b[1]];
}

/**
 * The optimizer step of the generated model, as the optimizer's definition (compiler/definitions/optimizers/)
 * emits it: module constants (its fixed hyperparameters and UPDATE_GROUPS), the step's values as one
 * UpdateStep, and the runtime step call that updates a range of a group.
 */
import type { OptimizerPlan } from "../ir.ts";
import { optimizerOf } from "../definitions/optimizers/index.ts";
import type { FullBatchUpdate, StateBuffer } from "../definitions/optimizers/definition.ts";
import type { UpdateGroup } from "./layout.ts";
import { commentText, num } from "./literals.ts";

export type { StateBuffer };

export interface OptimizerEmitter {
  readonly runtimeImports: readonly string[];
  readonly state: readonly StateBuffer[];
  /** Scalar state carried across steps (NAdam's mu_product): field name → initial value. */
  readonly scalarState: readonly { readonly field: string; readonly initial: number }[];
  /** The base value of the momentum-like hyperparameter (SGD/RMSprop momentum, Adam-family β1). */
  readonly baseMomentum: number | undefined;
  readonly baseWeightDecay: number;
  /** Module-level declarations: the fixed hyperparameters, then UPDATE_GROUPS. */
  constants(groups: readonly UpdateGroup[]): string;
  /** Statements the step's value reads, given `t` and `mom` ("" when none). */
  readonly stepScalars: string;
  /** This step's UpdateStep, an object literal given the locals `t`, `lr`, `mom`, `wd`, `clipValue`, `clipScale`. */
  readonly stepValue: string;
  /** The runtime call updating the range `group` (an UpdateGroup expression), given `step`, `P` and `G`. */
  call(group: string): string;
}

/** UPDATE_GROUPS: the layout's update groups as the runtime's UpdateGroup records. */
function updateGroups(groups: readonly UpdateGroup[]): string {
  const rows = groups.map(
    (g) =>
      `  // ${commentText(tensorList(g.tensors))}\n` +
      `  { start: ${g.start}, end: ${g.end}, lrMult: ${num(g.lrMult)}, wdMult: ${num(g.wdMult)}, l2x: ${num(g.l2x)}, l1: ${num(g.l1)} },`,
  );
  return [
    `\n/** Ranges of params updated alike: their layers' lr_mult and wd_mult, 2λ of the l2 and λ of the l1 loss terms over them. */`,
    `const UPDATE_GROUPS: readonly UpdateGroup[] = [`,
    ...rows,
    `];`,
  ].join("\n");
}

/** A group's tensors for its comment: all of them, or the first and last of a long run (a ResNet's 65 in one group). */
function tensorList(tensors: readonly string[]): string {
  return tensors.length <= 8 ? tensors.join(", ") : `${tensors[0]} … ${tensors[tensors.length - 1]} (${tensors.length} tensors)`;
}

/** A first-order optimizer's per-step update; undefined for a full-batch one (see fullBatchUpdate). */
export function optimizerEmitter(plan: OptimizerPlan): OptimizerEmitter | undefined {
  const definition = optimizerOf(plan);
  const update = definition.typescript(plan);
  if (update.kind !== "step") return undefined;
  const bases = definition.scheduled(plan);
  // An optimizer without momentum reads none (its momentumAt would return 0).
  const momentum = bases.momentum === undefined ? "0" : "mom";
  const scalars = update.stepValues === undefined ? "" : `, scalars: ${update.stepValues}`;
  const step = `{ t, lr, momentum: ${momentum}, weightDecay: wd, clipValue, clipScale${scalars} }`;
  return {
    runtimeImports: [...update.runtimeImports, "type UpdateGroup", "type UpdateStep"],
    state: update.state,
    scalarState: update.scalarState,
    baseMomentum: bases.momentum?.base,
    baseWeightDecay: bases.weightDecay,
    constants: (groups) => `${update.hyperparameters}\n${updateGroups(groups)}`,
    stepScalars: update.stepScalars,
    stepValue: step,
    call: update.call,
  };
}

/** A full-batch optimizer's runtime object (L-BFGS); undefined for a first-order one. */
export function fullBatchUpdate(plan: OptimizerPlan): FullBatchUpdate | undefined {
  const update = optimizerOf(plan).typescript(plan);
  return update.kind === "full_batch" ? update : undefined;
}

/** The learning rate the lr schedule starts from. */
export function baseLearningRate(plan: OptimizerPlan): number {
  return optimizerOf(plan).scheduled(plan).lr;
}

/**
 * Every optimizer, in order of increasing complexity. The registry, the checker and both code generators
 * read optimizers from this list only: adding one is its definition file plus one line here.
 */
import type { OptimizerDefinition } from "./definition.ts";
import { sgd } from "./sgd.ts";
import { adagrad } from "./adagrad.ts";
import { adadelta } from "./adadelta.ts";
import { rmsprop } from "./rmsprop.ts";
import { adam } from "./adam.ts";
import { adamw } from "./adamw.ts";
import { nadam } from "./nadam.ts";
import { radam } from "./radam.ts";
import { adamax } from "./adamax.ts";
import { lbfgs } from "./lbfgs.ts";

export const optimizerDefinitions = [sgd, adagrad, adadelta, rmsprop, adam, adamw, nadam, radam, adamax, lbfgs] as const;

/** The typed plan of any optimizer: a union tagged by `name`. */
export type OptimizerPlan = ReturnType<(typeof optimizerDefinitions)[number]["plan"]>;

/**
 * The definition of a plan's optimizer. Each definition's functions take only its own plan; `name` ties
 * the plan to its definition, which is the one cast this dispatch needs.
 */
export function optimizerOf(plan: OptimizerPlan): OptimizerDefinition<OptimizerPlan> {
  const definition = optimizerDefinitions.find((d) => d.entry.name === plan.name);
  if (definition === undefined) throw new Error(`internal: no definition for optimizer ${plan.name}`);
  return definition as unknown as OptimizerDefinition<OptimizerPlan>;
}

/** The definition of a registry name (`adam`), or undefined for a name that is not an optimizer. */
export function optimizerNamed(name: string): OptimizerDefinition<OptimizerPlan> | undefined {
  return optimizerDefinitions.find((d) => d.entry.name === name) as unknown as OptimizerDefinition<OptimizerPlan> | undefined;
}

export type { OptimizerDefinition } from "./definition.ts";

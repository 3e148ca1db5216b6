/** Pieces of the generated update calls every first-order optimizer shares. */
import { num } from "../../codegen/literals.ts";
import { pyBool, pyFloat } from "../../pytorch/literals.ts";
import type { UpdateRange } from "./definition.ts";

/** The loss-term regularizers and clipping, the last arguments of every runtime update. */
export const regularize = (r: UpdateRange): string => `${num(r.l2x)}, ${num(r.l1)}, clipValue, clipScale`;

/** `start, end` of the range. */
export const bounds = (r: UpdateRange): string => `${r.start}, ${r.end}`;

/** A scheduled local times the range's multiplier (the bare local when the multiplier is 1). */
export const scaled = (local: string, mult: number): string => (mult === 1 ? local : `${local} * ${num(mult)}`);

/** Python literals for torch.optim's keyword arguments. */
export const py = {
  float: pyFloat,
  bool: pyBool,
  pair: (values: readonly number[]): string => `(${values.map(pyFloat).join(", ")})`,
};

/**
 * What the two merges (`add`, `concat`) share: the check that a merge reads at least two inputs, and how a
 * merge's backward hands the gradient to each input as the kernel-steps pass planned (KernelStep.inputGrads).
 */
import { diagnostic } from "../../diagnostics.ts";
import type { KernelStep, LayerBuild } from "./definition.ts";
import type { InputGradient } from "./input-gradient.ts";

/** The input shapes of a merge, or undefined (reported) when it reads fewer than two: it is built from `add { }`/`concat { }` branches. */
export function mergeShapes(b: LayerBuild, kind: string): readonly (readonly number[])[] | undefined {
  if (b.inputShapes.length >= 2) return b.inputShapes;
  const message = `\`${kind}\` merges two or more branches (\`${kind} { branch { … } branch { … } }\`); as a plain layer it has only one input`;
  b.out.push(diagnostic("NN4010", message, b.call.call.span));
  return undefined;
}

/** `[2, 7, 7]`. */
export const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/**
 * A merge's backward: `deliver(k, target, accumulate)` writes input k's gradient from `g` into `target`.
 * Inputs bound for accumulation buffers come first; the one the next step differentiated reads in `g` (at
 * most one) last, since delivering it may move `g`. `intoG` is that last delivery (nothing for `add`).
 */
export function mergeBackward(
  step: KernelStep,
  deliver: (k: number, target: string, accumulate: boolean) => string,
  intoG: (k: number) => readonly string[],
): string[] {
  const lines: string[] = [];
  step.inputGrads.forEach((d: InputGradient, k) => {
    if (d.to === "buffer") lines.push(deliver(k, `this.${d.buffer}`, d.accumulate));
  });
  const direct = step.inputGrads.findIndex((d) => d.to === "g");
  if (direct >= 0) lines.push(...intoG(direct));
  return lines;
}

/**
 * Commands that train or evaluate read the spec's `data { }` block. A spec may leave it out (a TypeScript
 * program that imports the spec passes its own data to `train({ data })`), so its absence is not a
 * checker error; these commands say what to add instead of failing inside the generated loadData().
 */
import type { Plan } from "../compiler/index.ts";
import { SpecError } from "./errors.ts";

/** A data block that fits the model's input, for the message: CSV for a feature vector, IDX for images. */
function exampleBlock(plan: Plan): string {
  const source =
    plan.inputShape.length === 1
      ? `train = csv("train.csv", label = ${plan.inputSize}, header = true)`
      : `train = idx("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")`;
  return `data { ${source}; validation = split(train, 0.1) }`;
}

export function requireDataBlock(plan: Plan, file: string, command: string): void {
  if (plan.data !== undefined) return;
  const columns = plan.inputShape.length === 1 ? ` (${plan.inputSize} feature columns, then the label)` : "";
  throw new SpecError(
    `${file} has no data block, so \`nnc ${command}\` has no data to work on; add one to the spec, e.g. \`${exampleBlock(plan)}\`${columns} ` +
      `(docs/language.md, section "data"; a spec without data can still be trained from TypeScript with train({ data }))`,
  );
}

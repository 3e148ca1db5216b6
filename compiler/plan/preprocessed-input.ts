/**
 * The model's input is what preprocessing leaves of a row: `pca_whiten(components = k)` keeps k features,
 * so the model's input is [k], whatever the data's width. The checker infers `input` from it when the spec
 * leaves `input` out, and reports an `input` that disagrees (it would read k-wide rows as something else).
 */
import type { Diagnostic, Span } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import type { BoundCall } from "../bind.ts";
import type { BlockSettings } from "../settings.ts";

/** The width the last width-changing step leaves (`pca_whiten` with a number of components), and that step. */
export function preprocessedWidth(data: BlockSettings | undefined): { width: number; step: BoundCall } | undefined {
  const steps = data?.settings.optional.calls("preprocess") ?? [];
  let found: { width: number; step: BoundCall } | undefined;
  for (const step of steps) {
    if (step.entry.name !== "pca_whiten") continue;
    const k = step.args.optional.integerOrAll("components");
    // `components = all` keeps the data's own width, unknown here.
    found = typeof k === "number" ? { width: k, step } : undefined;
  }
  return found;
}

/**
 * The model's input shape: the spec's `input`, checked against the preprocessing (NN4019 at `input`), or,
 * when the spec has none, the preprocessing's width.
 */
export function modelInputShape(
  given: number[] | undefined,
  givenSpan: Span | undefined,
  data: BlockSettings | undefined,
  out: Diagnostic[],
): number[] | undefined {
  const pre = preprocessedWidth(data);
  if (pre === undefined) return given;
  if (given === undefined) return [pre.width];
  const size = given.reduce((a, b) => a * b, 1);
  if (size !== pre.width && givenSpan !== undefined) {
    out.push(
      diagnostic(
        "NN4019",
        `\`input = [${given.join(", ")}]\` (${size} features) does not match the preprocessing: \`pca_whiten(components = ${pre.width})\` ` +
          `leaves ${pre.width} features per row, which is the model's input; write \`input = [${pre.width}]\` or leave \`input\` out`,
        givenSpan,
      ),
    );
    return undefined;
  }
  return given;
}

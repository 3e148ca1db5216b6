/**
 * A residual's projection shortcut, as torchvision's ResNet builds it when a block changes the shape:
 * `downsample.0` a 1×1 convolution with the stride that maps the input's size to the branch's (no bias),
 * `downsample.1` a batch norm. On flat features it is a dense layer (no bias) and a batch norm.
 */
import type { Span } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import type { ArgValue, Value } from "../values.ts";
import { syntheticCall, type Frame, type GraphBuilding } from "./graph-frame.ts";
import type { GraphValue } from "./layer.ts";
import { Namer, ScopeBuilder } from "./model-scope.ts";

export function projectionShortcut(
  b: GraphBuilding,
  span: Span,
  input: GraphValue,
  target: readonly number[],
  frame: Frame,
): GraphValue | undefined {
  const names = frame.scope.names;
  if (!names.claim("downsample")) {
    b.ctx.out.push(diagnostic("NN2007", "the projection shortcut is named `downsample`, which this block already uses", span));
    return undefined;
  }
  const arg = (name: string | undefined, value: Value): ArgValue => ({ name, nameSpan: undefined, value, span });
  const number = (value: number): Value => ({ kind: "number", value, span });
  const no: Value = { kind: "boolean", value: false, span };
  let first;
  if (input.shape.length === 3 && target.length === 3) {
    const stride = projectionStride(input.shape, target);
    if (stride === undefined) {
      const message = `no 1×1 convolution maps the residual's input [${input.shape.join(", ")}] to its branch's output [${target.join(", ")}]: the branch must shrink height and width by one whole stride`;
      b.ctx.out.push(diagnostic("NN4023", message, span));
      return undefined;
    }
    first = syntheticCall(
      "conv2d",
      [arg(undefined, number(target[0])), arg(undefined, number(1)), arg("stride", number(stride)), arg("bias", no)],
      span,
    );
  } else if (input.shape.length === 1 && target.length === 1) {
    first = syntheticCall("dense", [arg(undefined, number(target[0])), arg("bias", no)], span);
  } else {
    const message = `the residual's branch gives [${target.join(", ")}] from [${input.shape.join(", ")}]: a shortcut cannot change between feature maps and flat features`;
    b.ctx.out.push(diagnostic("NN4023", message, span));
    return undefined;
  }
  const scope = new ScopeBuilder("branch", new Namer(names.qualify("downsample"), new Set()), span);
  const inner: Frame = { ...frame, scope };
  const projected = b.layer(first, { local: "0", explicit: false, span }, span, undefined, [input], inner);
  const normalised =
    projected && b.layer(syntheticCall("batchnorm", [], span), { local: "1", explicit: false, span }, span, undefined, [projected], inner);
  frame.scope.items.push({ kind: "scope", scope: scope.finish() });
  return normalised;
}

/** The stride s of a 1×1 convolution taking [C, H, W] to [C', H', W'] (floor((H − 1)/s) + 1 = H'), if one exists. */
function projectionStride(from: readonly number[], to: readonly number[]): number | undefined {
  const s = Math.round(from[1] / to[1]);
  const fits = (h: number, h2: number): boolean => Math.floor((h - 1) / s) + 1 === h2;
  return s >= 1 && fits(from[1], to[1]) && fits(from[2], to[2]) ? s : undefined;
}

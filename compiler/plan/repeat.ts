/**
 * `layer2: repeat(3, basic(128), first = basic(128, stride = 2))`: copies of a block (or a layer) one after
 * another, named `layer2.0`, `layer2.1`, … as an nn.Sequential's children; `first` replaces the first copy,
 * as the first block of a ResNet stage changes the stride and width.
 */
import type { BlockStatement, LayerStatement } from "../../grammar/ast.ts";
import { diagnostic } from "../diagnostics.ts";
import { evaluate } from "../evaluate.ts";
import { asCall, type CallValue, type Value } from "../values.ts";
import type { Frame, GraphBuilding } from "./graph-frame.ts";
import type { GraphValue } from "./layer.ts";
import { Namer, ScopeBuilder } from "./model-scope.ts";

/** More copies than this is a typo, not a network (and would make the checker slow). */
const MAX_REPEAT = 1000;

export function buildRepeat(b: GraphBuilding, s: LayerStatement | BlockStatement, input: GraphValue, frame: Frame): GraphValue | undefined {
  const value = evaluate(s.call, frame.constants, b.ctx.out);
  if (value === undefined || value.kind !== "call") return undefined;
  const positional = value.args.filter((a) => a.name === undefined);
  const named = value.args.filter((a) => a.name !== undefined);
  const count = positional[0]?.value;
  if (positional.length !== 2 || count === undefined) {
    b.ctx.out.push(diagnostic("NN3003", "`repeat` takes a count and a block or layer: `repeat(3, basic(64))`", value.span));
    return undefined;
  }
  if (count.kind !== "number" || !Number.isInteger(count.value) || count.value < 1 || count.value > MAX_REPEAT) {
    b.ctx.out.push(diagnostic("NN3002", `\`repeat\`'s count is a whole number from 1 to ${MAX_REPEAT}`, count.span));
    return undefined;
  }
  const item = unit(b, positional[1].value);
  let first: CallValue | undefined = item;
  for (const a of named) {
    if (a.name === "first") first = unit(b, a.value);
    else {
      b.ctx.out.push(diagnostic("NN2003", `\`repeat\` has no argument \`${a.name}\` (only \`first\`)`, a.nameSpan ?? a.span));
      return undefined;
    }
  }
  if (item === undefined || first === undefined) return undefined;
  if (s.body !== undefined) {
    b.ctx.out.push(diagnostic("NN2005", "`repeat` takes no `{ }`: give overrides to the block instead", s.body.span));
    return undefined;
  }
  const name = b.memberName(s, "repeat", frame);
  if (name === undefined) return undefined;
  const scope = new ScopeBuilder("repeat", new Namer(frame.scope.names.qualify(name.local), new Set()), s.call.span);
  const inner: Frame = { ...frame, scope, depth: frame.depth + 1 };
  let current = input;
  for (let i = 0; i < count.value; i++) {
    const call = i === 0 ? first : item;
    const member = { local: String(i), explicit: false, span: call.nameSpan };
    scope.names.claim(member.local);
    const next = b.blocks.has(call.name)
      ? b.instance(call, member, undefined, current, inner)
      : b.layer(call, member, s.span, undefined, [current], inner);
    if (next === undefined) break;
    current = next;
  }
  frame.scope.items.push({ kind: "scope", scope: scope.finish() });
  return current;
}

/** What is repeated: a block instance or a layer call (`relu` as a bare word too); an unknown name is reported where it is built. */
function unit(b: GraphBuilding, v: Value): CallValue | undefined {
  const call = asCall(v);
  if (call !== undefined) return call;
  b.ctx.out.push(diagnostic("NN3001", "`repeat` repeats a block or a layer, e.g. `basic(64)` or `dense(128)`", v.span));
  return undefined;
}

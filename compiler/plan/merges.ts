/**
 * Skip connections and merges: `residual { branch }` (the branch's output plus a shortcut of its input —
 * the identity, or a projection when the shapes differ), and `add { branch… }` / `concat { branch… }` over
 * parallel branches from one input. Each becomes its branches' layers followed by one merge layer reading
 * their outputs; a merge of shapes that do not fit is reported at the merge, with every branch's shape and
 * where that branch is written.
 */
import type { BlockStatement, LayerStatement, Statement } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import { didYouMean, suggest } from "../did-you-mean.ts";
import { evaluate } from "../evaluate.ts";
import { syntheticCall, type Frame, type GraphBuilding } from "./graph-frame.ts";
import type { GraphValue } from "./layer.ts";
import { explicitNames } from "./explicit-names.ts";
import { Namer, ScopeBuilder } from "./model-scope.ts";
import { projectionShortcut } from "./projection.ts";

type Structural = LayerStatement | BlockStatement;

const where = (span: Span): string => `line ${span.start.line}:${span.start.column}`;
const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

interface ResidualOptions {
  readonly shortcut: "auto" | "identity" | "projection";
  readonly zeroInit: boolean;
}

function residualOptions(b: GraphBuilding, s: Structural, frame: Frame): ResidualOptions | undefined {
  const value = evaluate(s.call, frame.constants, b.ctx.out);
  if (value === undefined || value.kind !== "call") return undefined;
  let shortcut: ResidualOptions["shortcut"] = "auto";
  let zeroInit = false;
  for (const a of value.args) {
    if (a.name === "shortcut" && a.value.kind === "word" && ["auto", "identity", "projection"].includes(a.value.path.join("."))) {
      shortcut = a.value.path[0] as ResidualOptions["shortcut"];
    } else if (a.name === "zero_init" && a.value.kind === "boolean") {
      zeroInit = a.value.value;
    } else if (a.name === "shortcut" || a.name === "zero_init") {
      const expected = a.name === "shortcut" ? "`auto`, `identity` or `projection`" : "`true` or `false`";
      b.ctx.out.push(diagnostic("NN3001", `\`${a.name}\` is ${expected}`, a.value.span));
      return undefined;
    } else {
      const suggestions = a.name === undefined ? [] : suggest(a.name, ["shortcut", "zero_init"]);
      const what = a.name === undefined ? "takes named arguments only" : `has no argument \`${a.name}\`${didYouMean(suggestions)}`;
      b.ctx.out.push(
        diagnostic("NN2003", `\`residual\` ${what} (\`shortcut\`, \`zero_init\`)`, a.nameSpan ?? a.span, "error", suggestions),
      );
      return undefined;
    }
  }
  return { shortcut, zeroInit };
}

/** A named structure gets a module of its own; an anonymous residual shares its enclosing module's names. */
function structureNames(b: GraphBuilding, s: Structural, statements: readonly Statement[], frame: Frame): Namer | undefined {
  if (s.kind === "BlockStatement") return frame.scope.names;
  const name = b.memberName(s, s.call.callee.name, frame);
  return name === undefined ? undefined : new Namer(frame.scope.names.qualify(name.local), explicitNames(statements));
}

export function buildResidual(b: GraphBuilding, s: Structural, input: GraphValue, frame: Frame): GraphValue | undefined {
  const options = residualOptions(b, s, frame);
  if (s.body === undefined || s.body.statements.length === 0) {
    b.ctx.out.push(diagnostic("NN4024", "`residual` needs a `{ }` body: the branch whose output its input is added to", s.call.span));
    return undefined;
  }
  const names = structureNames(b, s, s.body.statements, frame);
  if (options === undefined || names === undefined) return undefined;
  const scope = new ScopeBuilder("residual", names, s.call.span);
  const inner: Frame = { ...frame, scope };
  const first = b.layers.length;
  const branch = b.sequence(s.body.statements, input, inner);
  if (b.layers.length === first) return undefined;
  const same = sameShape(branch.shape, input.shape);
  if (options.shortcut === "identity" && !same) {
    const message = `the residual's branch gives ${shapeText(branch.shape)} (${where(s.body.span)}) but its identity shortcut gives its input, ${shapeText(input.shape)}: use \`shortcut = projection\` or make the branch keep the shape`;
    b.ctx.out.push(diagnostic("NN4023", message, s.call.span));
    return undefined;
  }
  // The branch's layers end here; a projection shortcut's batch norm, built next, is not the branch's.
  const branchEnd = b.layers.length;
  let shortcut: GraphValue | undefined = input;
  if (options.shortcut === "projection" || !same) {
    scope.shortcut = "projection";
    shortcut = projectionShortcut(b, s.call.span, input, branch.shape, inner);
    if (shortcut === undefined) return undefined;
  } else scope.shortcut = "identity";
  if (options.zeroInit && !zeroLastBatchNorm(b, first, branchEnd, s.call.span)) return undefined;
  const merged = b.layer(
    syntheticCall("add", [], s.call.span),
    { local: names.anonymous("add"), explicit: false, span: s.call.span },
    s.span,
    undefined,
    [branch, shortcut],
    inner,
  );
  frame.scope.items.push({ kind: "scope", scope: scope.finish() });
  return merged;
}

/** `zero_init`: the branch's last batch norm starts with γ = 0, so the block starts as its shortcut (Goyal et al. 2017). */
function zeroLastBatchNorm(b: GraphBuilding, first: number, end: number, span: Span): boolean {
  for (let i = end - 1; i >= first; i--) {
    const l = b.layers[i];
    if (l.plan.kind === "batchnorm") {
      b.layers[i] = { ...l, plan: { ...l.plan, zeroInit: true } };
      return true;
    }
  }
  b.ctx.out.push(diagnostic("NN4024", "`zero_init = true` needs a batch norm in the residual's branch (its γ starts at 0)", span));
  return false;
}

export function buildMerge(
  b: GraphBuilding,
  kind: "add" | "concat",
  s: Structural,
  input: GraphValue,
  frame: Frame,
): GraphValue | undefined {
  if (s.call.hasParens && s.call.args.length > 0) {
    b.ctx.out.push(diagnostic("NN3004", `\`${kind}\` takes no arguments; its branches go in its \`{ }\``, s.call.args[0].span));
    return undefined;
  }
  const branches = (s.body?.statements ?? []).filter((t) => isBranch(t));
  for (const t of s.body?.statements ?? []) {
    if (!isBranch(t)) b.ctx.out.push(diagnostic("NN4024", `inside \`${kind} { }\` each item is a \`branch { … }\``, t.span));
  }
  if (branches.length < 2) {
    b.ctx.out.push(
      diagnostic("NN4024", `\`${kind}\` needs at least two \`branch { … }\` items (an empty \`branch { }\` is the identity)`, s.call.span),
    );
    return undefined;
  }
  const names = structureNames(b, s, branches, frame);
  if (names === undefined) return undefined;
  const scope = new ScopeBuilder(kind, names, s.call.span);
  const outputs: { value: GraphValue; span: Span; name: string }[] = [];
  for (const t of branches) {
    const branchName = b.memberName(t, "branch", { ...frame, scope });
    if (branchName === undefined) continue;
    const statements = t.body?.statements ?? [];
    const branchScope = new ScopeBuilder("branch", new Namer(names.qualify(branchName.local), explicitNames(statements)), t.span);
    const value = b.sequence(statements, input, { ...frame, scope: branchScope, depth: frame.depth + 1 });
    scope.items.push({ kind: "scope", scope: branchScope.finish() });
    outputs.push({ value, span: t.span, name: branchName.local });
  }
  if (outputs.length !== branches.length || !mergeable(b, kind, outputs, s.call.span)) return undefined;
  const mergeName = { local: names.anonymous(kind), explicit: false, span: s.call.span };
  const merged = b.layer(
    syntheticCall(kind, [], s.call.span),
    mergeName,
    s.span,
    undefined,
    outputs.map((o) => o.value),
    { ...frame, scope },
  );
  frame.scope.items.push({ kind: "scope", scope: scope.finish() });
  return merged;
}

function isBranch(s: Statement): s is Structural {
  return (s.kind === "BlockStatement" || s.kind === "LayerStatement") && s.call.callee.name === "branch";
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Whether the branches' shapes can be merged; reported at the merge with every branch's shape otherwise. */
function mergeable(
  b: GraphBuilding,
  kind: "add" | "concat",
  outputs: readonly { value: GraphValue; span: Span; name: string }[],
  span: Span,
): boolean {
  const fits =
    kind === "add"
      ? outputs.every((o) => sameShape(o.value.shape, outputs[0].value.shape))
      : outputs.every((o) => o.value.shape.length === outputs[0].value.shape.length) &&
        (outputs[0].value.shape.length === 1 || outputs.every((o) => sameShape(o.value.shape.slice(1), outputs[0].value.shape.slice(1))));
  if (fits) return true;
  const listed = outputs.map((o) => `\`${o.name}\` (${where(o.span)}) gives ${shapeText(o.value.shape)}`).join(", ");
  const rule =
    kind === "add"
      ? "`add` needs every branch to give the same shape"
      : "`concat` joins channels: every branch needs the same height and width (or all flat)";
  b.ctx.out.push(diagnostic("NN4023", `${rule}, but ${listed}`, span));
  return false;
}

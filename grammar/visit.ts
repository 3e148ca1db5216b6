/**
 * A generic walk over the syntax tree, for the checker and the language server. `walk` keeps its own
 * stack instead of recursing, so it is safe on any tree parse() returns.
 */
import type * as A from "./ast.ts";

/** Calls `fn` on each direct child of `node`, in source order. */
export function forEachChild(node: A.Node, fn: (child: A.Node) => void): void {
  switch (node.kind) {
    case "File":
      node.statements.forEach(fn);
      return;
    case "LetStatement":
      fn(node.name);
      fn(node.value);
      return;
    case "LayerStatement":
      fn(node.name);
      fn(node.call);
      if (node.body) fn(node.body);
      return;
    case "BlockDefinition":
      fn(node.name);
      node.params.forEach(fn);
      fn(node.body);
      return;
    case "SettingStatement":
      fn(node.key);
      fn(node.value);
      return;
    case "BlockStatement":
      fn(node.call);
      if (node.body) fn(node.body);
      return;
    case "Body":
      node.statements.forEach(fn);
      return;
    case "CallExpression":
      fn(node.callee);
      node.args.forEach(fn);
      return;
    case "Argument":
      if (node.name) fn(node.name);
      fn(node.value);
      return;
    case "ListExpression":
      node.items.forEach(fn);
      return;
    case "ReferenceExpression":
      node.path.forEach(fn);
      return;
    case "UnaryExpression":
      fn(node.operand);
      return;
    case "BinaryExpression":
      fn(node.left);
      fn(node.right);
      return;
    case "DurationExpression":
      fn(node.amount);
      return;
    case "ForExpression":
      fn(node.value);
      fn(node.duration);
      return;
    case "SequenceExpression":
      node.items.forEach(fn);
      return;
    case "ParenExpression":
      fn(node.expression);
      return;
    case "NumberLiteral":
    case "StringLiteral":
    case "BooleanLiteral":
    case "Identifier":
    case "Comment":
      return;
  }
}

/** The direct children of `node`, in source order. */
export function childrenOf(node: A.Node): A.Node[] {
  const out: A.Node[] = [];
  forEachChild(node, (c) => out.push(c));
  return out;
}

export interface Visitor {
  /** Called before the children; return `false` to skip them (leave is still called). */
  enter?(node: A.Node, parent: A.Node | undefined): void | boolean;
  /** Called after the children. */
  leave?(node: A.Node, parent: A.Node | undefined): void;
}

/** Depth-first, in source order. File comments are not visited (they are in `file.comments`). */
export function walk(root: A.Node, visitor: Visitor): void {
  type Frame = { node: A.Node; parent: A.Node | undefined; entered: boolean };
  const stack: Frame[] = [{ node: root, parent: undefined, entered: false }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.entered) {
      stack.pop();
      visitor.leave?.(frame.node, frame.parent);
      continue;
    }
    frame.entered = true;
    if (visitor.enter?.(frame.node, frame.parent) === false) continue;
    const children = childrenOf(frame.node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], parent: frame.node, entered: false });
  }
}

/** The innermost node whose span contains `offset` (for hover, go-to-definition), with its ancestors. */
export function nodePathAt(root: A.Node, offset: number): A.Node[] {
  const path: A.Node[] = [root];
  for (;;) {
    const here = path[path.length - 1];
    const inner = childrenOf(here).find((c) => c.span.start.offset <= offset && offset < c.span.end.offset);
    if (!inner) return path;
    path.push(inner);
  }
}

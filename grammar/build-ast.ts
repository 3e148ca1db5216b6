/**
 * Turns the parser's CST into the syntax tree of ast.ts. Error recovery can leave any child missing or
 * replaced by an inserted token without a position; a node whose required parts are missing is
 * dropped (its builder returns undefined), so the tree is always well formed. Expression depth is
 * bounded here too: a node that would nest deeper than MAX_EXPRESSION_DEPTH is dropped with NN1004,
 * which keeps every later recursive pass (checker, printer) safe.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import type { Diagnostic, Span } from "./span.ts";
import { isRealToken, tokenSpan } from "./token-span.ts";
import { decodeString } from "./strings.ts";
import { syntaxCodes } from "./syntax-codes.ts";

export const MAX_EXPRESSION_DEPTH = 1000;

type Children = Record<string, CstElement[] | undefined>;

/** One operand of a flat expression: its value (a Primary, or a Duration) and the `-` signs before it. */
interface Operand {
  readonly minuses: IToken[];
  readonly value: A.Expression;
}
/** A flat expression: operators[i] stands between operands[i] and operands[i + 1]. */
interface Flat {
  readonly operands: readonly Operand[];
  readonly operators: readonly IToken[];
}

/** The operand ranges [lo, hi] of `f` between the operators in `ops` (top level of the range only). */
function splitAt(f: Flat, lo: number, hi: number, ops: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  let start = lo;
  for (let i = lo; i < hi; i++) {
    if (ops.includes(f.operators[i].image)) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, hi]);
  return out;
}

function kids(node: CstNode | undefined): Children {
  return (node?.children ?? {}) as Children;
}
function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []) as CstNode[];
}
function node(c: Children, key: string, i = 0): CstNode | undefined {
  return c[key]?.[i] as CstNode | undefined;
}
/** Real tokens only: recovery-inserted ones are treated as absent. */
function tokens(c: Children, key: string): IToken[] {
  return ((c[key] ?? []) as IToken[]).filter(isRealToken);
}
function token(c: Children, key: string): IToken | undefined {
  const tok = c[key]?.[0] as IToken | undefined;
  return isRealToken(tok) ? tok : undefined;
}
function span(from: Span, to: Span): Span {
  return { start: from.start, end: to.end };
}
function ident(tok: IToken): A.Identifier {
  return { kind: "Identifier", name: tok.image, span: tokenSpan(tok) };
}

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly depth = new WeakMap<object, number>();

  file(cst: CstNode): A.Statement[] {
    return this.statements(nodes(kids(cst), "statement"));
  }

  private statements(list: CstNode[]): A.Statement[] {
    const out: A.Statement[] = [];
    for (const s of list) {
      const built = this.statement(s);
      if (built) out.push(built);
    }
    return out;
  }

  private statement(cst: CstNode): A.Statement | undefined {
    const c = kids(cst);
    const letCst = node(c, "letStatement");
    if (letCst) return this.letStatement(kids(letCst));
    const definition = node(c, "blockDefinition");
    if (definition) return this.blockDefinition(kids(definition));
    const layer = node(c, "layerStatement");
    if (layer) return this.layerStatement(kids(layer));
    const setting = node(c, "settingStatement");
    if (setting) return this.settingStatement(kids(setting));
    const block = node(c, "blockStatement");
    if (block) return this.blockStatement(kids(block));
    return undefined;
  }

  private letStatement(c: Children): A.LetStatement | undefined {
    const letTok = token(c, "Let");
    const name = token(c, "Identifier");
    const value = this.expression(node(c, "expression"));
    if (!letTok || !name || !value) return undefined;
    return { kind: "LetStatement", name: ident(name), value, span: span(tokenSpan(letTok), value.span) };
  }

  private blockDefinition(c: Children): A.BlockDefinition | undefined {
    const keyword = token(c, "Block");
    const name = token(c, "Identifier");
    const body = this.body(node(c, "body"));
    if (!keyword || !name || !body) return undefined;
    const argsCst = node(c, "args");
    const params = argsCst && token(kids(argsCst), "LParen") ? this.args(kids(argsCst), tokenSpan(name)).args : [];
    return { kind: "BlockDefinition", name: ident(name), params, body, span: span(tokenSpan(keyword), body.span) };
  }

  private layerStatement(c: Children): A.LayerStatement | undefined {
    const name = token(c, "name");
    const callee = token(c, "callee");
    if (!name || !callee) return undefined;
    const call = this.call(callee, node(c, "args"));
    const body = this.body(node(c, "body"));
    return { kind: "LayerStatement", name: ident(name), call, body, span: span(tokenSpan(name), (body ?? call).span) };
  }

  private settingStatement(c: Children): A.SettingStatement | undefined {
    const keyKids = kids(node(c, "key"));
    const keyTok = token(keyKids, "Identifier") ?? token(keyKids, "Unit");
    const value = this.expression(node(c, "expression"));
    if (!keyTok || !value) return undefined;
    return { kind: "SettingStatement", key: ident(keyTok), value, span: span(tokenSpan(keyTok), value.span) };
  }

  private blockStatement(c: Children): A.BlockStatement | undefined {
    const name = token(c, "Identifier");
    if (!name) return undefined;
    const call = this.call(name, node(c, "args"));
    const body = this.body(node(c, "body"));
    return { kind: "BlockStatement", call, body, span: span(call.span, (body ?? call).span) };
  }

  private body(cst: CstNode | undefined): A.Body | undefined {
    if (!cst) return undefined;
    const c = kids(cst);
    const open = token(c, "LBrace");
    if (!open) return undefined;
    const statements = this.statements(nodes(c, "statement"));
    const close = token(c, "RBrace");
    const last = close ? tokenSpan(close) : statements.length > 0 ? statements[statements.length - 1].span : tokenSpan(open);
    return { kind: "Body", statements, span: span(tokenSpan(open), last) };
  }

  private call(callee: IToken, argsCst: CstNode | undefined): A.CallExpression {
    const name = ident(callee);
    if (!argsCst || !token(kids(argsCst), "LParen")) {
      return { kind: "CallExpression", callee: name, args: [], hasParens: false, span: name.span };
    }
    const { args, end } = this.args(kids(argsCst), name.span);
    return { kind: "CallExpression", callee: name, args, hasParens: true, span: span(name.span, end) };
  }

  private args(c: Children, fallbackEnd: Span): { args: A.Argument[]; end: Span } {
    const args: A.Argument[] = [];
    let end = tokenSpan(token(c, "LParen") as IToken);
    for (const a of nodes(c, "argument")) {
      const built = this.argument(kids(a));
      if (built) {
        args.push(built);
        end = built.span;
      }
    }
    const close = token(c, "RParen");
    return { args, end: close ? tokenSpan(close) : (end ?? fallbackEnd) };
  }

  private argument(c: Children): A.Argument | undefined {
    const value = this.expression(node(c, "expression"));
    if (!value) return undefined;
    const keyCst = node(c, "key");
    const keyTok = keyCst ? (token(kids(keyCst), "Identifier") ?? token(kids(keyCst), "Unit")) : undefined;
    const name = keyTok && token(c, "Equals") ? ident(keyTok) : undefined;
    return { kind: "Argument", name, value, span: name ? span(name.span, value.span) : value.span };
  }

  /** Records the depth of a new expression node, or drops it (NN1004) when it nests too deeply. */
  private make<T extends A.Expression>(expr: T, children: readonly A.Expression[], at: Span): T | undefined {
    let d = 0;
    for (const child of children) d = Math.max(d, this.depth.get(child) ?? 0);
    if (d + 1 > MAX_EXPRESSION_DEPTH) {
      this.diagnostics.push({
        code: syntaxCodes.NN1004.code,
        severity: "error",
        span: at,
        message: `this expression is nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels); split it up with \`let\` constants`,
      });
      return undefined;
    }
    this.depth.set(expr, d + 1);
    return expr;
  }

  /**
   * An expression arrives flat, as operands and the operators between them; this applies the grammar's
   * precedence (lowest first): `then` (n-ary), one `for`, `+ -` (left), `* /` (left), unary `-`, `^`
   * (right, its right side a Unary). Each level splits its range at its operators, so the work is linear.
   */
  private expression(cst: CstNode | undefined): A.Expression | undefined {
    const c = kids(cst);
    const operands = nodes(c, "operand").map((o) => this.operand(kids(o)));
    const operators = ((c["operator"] ?? []) as IToken[]).slice(0, Math.max(0, operands.length - 1));
    if (operands.length === 0 || operators.length !== operands.length - 1) return undefined;
    if (operands.some((o) => o === undefined) || !operators.every(isRealToken)) return undefined;
    return this.sequence({ operands: operands as Operand[], operators }, 0, operands.length - 1);
  }

  private sequence(f: Flat, lo: number, hi: number): A.Expression | undefined {
    const items: A.Expression[] = [];
    for (const [a, b] of splitAt(f, lo, hi, ["then"])) {
      const item = this.forExpression(f, a, b);
      if (!item) return undefined;
      items.push(item);
    }
    if (items.length === 1) return items[0];
    const s = span(items[0].span, items[items.length - 1].span);
    return this.make({ kind: "SequenceExpression", items, span: s }, items, s);
  }

  private forExpression(f: Flat, lo: number, hi: number): A.Expression | undefined {
    const parts = splitAt(f, lo, hi, ["for"]);
    const value = this.binary(f, parts[0][0], parts[0][1], 0);
    if (!value || parts.length === 1) return value;
    if (parts.length > 2) {
      const extra = f.operators[parts[2][0] - 1];
      this.diagnostics.push({
        code: syntaxCodes.NN1003.code,
        severity: "error",
        span: tokenSpan(extra),
        message: "expected `then` or the end of the expression, found a second `for`; one `for` gives one duration",
      });
      return undefined;
    }
    const duration = this.binary(f, parts[1][0], parts[1][1], 0);
    if (!duration) return undefined;
    const s = span(value.span, duration.span);
    return this.make({ kind: "ForExpression", value, duration, span: s }, [value, duration], s);
  }

  /** Left-associative levels: 0 is `+ -`, 1 is `* /`; below them the power chain. */
  private binary(f: Flat, lo: number, hi: number, level: 0 | 1): A.Expression | undefined {
    const parts = splitAt(f, lo, hi, level === 0 ? ["+", "-"] : ["*", "/"]);
    const sub = (a: number, b: number) => (level === 0 ? this.binary(f, a, b, 1) : this.power(f, a, b));
    let acc = sub(parts[0][0], parts[0][1]);
    for (let i = 1; i < parts.length && acc; i++) {
      const right = sub(parts[i][0], parts[i][1]);
      if (!right) return undefined;
      const op = f.operators[parts[i][0] - 1];
      const s = span(acc.span, right.span);
      acc = this.make(
        { kind: "BinaryExpression", operator: op.image as A.BinaryExpression["operator"], left: acc, right, span: s },
        [acc, right],
        tokenSpan(op),
      );
    }
    return acc;
  }

  /** `-a ^ -b ^ c` is `-(a ^ (-(b ^ c)))`: each operand's minuses negate the rest of the chain. */
  private power(f: Flat, lo: number, hi: number): A.Expression | undefined {
    let rest: A.Expression | undefined = f.operands[hi].value;
    rest = this.negate(f.operands[hi].minuses, rest);
    for (let i = hi - 1; i >= lo && rest; i--) {
      const left = f.operands[i].value;
      const s = span(left.span, rest.span);
      const pow = this.make(
        { kind: "BinaryExpression", operator: "^", left, right: rest, span: s },
        [left, rest],
        tokenSpan(f.operators[i]),
      );
      rest = pow && this.negate(f.operands[i].minuses, pow);
    }
    return rest;
  }

  private negate(minuses: IToken[], operand: A.Expression | undefined): A.Expression | undefined {
    let acc = operand;
    for (let i = minuses.length - 1; i >= 0 && acc; i--) {
      const s = span(tokenSpan(minuses[i]), acc.span);
      acc = this.make({ kind: "UnaryExpression", operator: "-", operand: acc, span: s }, [acc], tokenSpan(minuses[i]));
    }
    return acc;
  }

  /** "-"* Primary Unit?: the unit binds to the primary, the minuses are applied by `power`. */
  private operand(c: Children): Operand | undefined {
    const amount = this.primary(c);
    if (!amount) return undefined;
    const minuses = tokens(c, "Minus");
    const unit = token(c, "Unit");
    if (!unit) return { minuses, value: amount };
    const s = span(amount.span, tokenSpan(unit));
    const plural = unit.image.startsWith("step") ? "steps" : "epochs";
    const value = this.make({ kind: "DurationExpression", amount, unit: plural, span: s }, [amount], s);
    return value && { minuses, value };
  }

  private primary(c: Children): A.Expression | undefined {
    const num = token(c, "NumberLiteral");
    if (num) return { kind: "NumberLiteral", value: Number(num.image), raw: num.image, span: tokenSpan(num) };
    const str = token(c, "StringLiteral");
    if (str) return { kind: "StringLiteral", value: decodeString(str.image), span: tokenSpan(str) };
    const bool = token(c, "True") ?? token(c, "False");
    if (bool) return { kind: "BooleanLiteral", value: bool.image === "true", span: tokenSpan(bool) };
    const list = node(c, "list");
    if (list) return this.list(kids(list));
    const paren = node(c, "parenExpression");
    if (paren) return this.paren(kids(paren));
    const ref = node(c, "reference");
    if (ref) return this.reference(kids(ref));
    return undefined;
  }

  private list(c: Children): A.Expression | undefined {
    const open = token(c, "LBracket");
    if (!open) return undefined;
    const items: A.Expression[] = [];
    for (const e of nodes(c, "expression")) {
      const built = this.expression(e);
      if (built) items.push(built);
    }
    const close = token(c, "RBracket");
    const end = close ? tokenSpan(close) : items.length > 0 ? items[items.length - 1].span : tokenSpan(open);
    const s = span(tokenSpan(open), end);
    return this.make({ kind: "ListExpression", items, span: s }, items, tokenSpan(open));
  }

  private paren(c: Children): A.Expression | undefined {
    const open = token(c, "LParen");
    const inner = this.expression(node(c, "expression"));
    if (!open || !inner) return undefined;
    const close = token(c, "RParen");
    const s = span(tokenSpan(open), close ? tokenSpan(close) : inner.span);
    return this.make({ kind: "ParenExpression", expression: inner, span: s }, [inner], tokenSpan(open));
  }

  private reference(c: Children): A.Expression | undefined {
    const path = tokens(c, "Identifier").map(ident);
    if (path.length === 0) return undefined;
    const refSpan = span(path[0].span, path[path.length - 1].span);
    const argsCst = node(c, "args");
    if (!argsCst || !token(kids(argsCst), "LParen")) {
      return { kind: "ReferenceExpression", path, span: refSpan };
    }
    if (path.length > 1) {
      this.diagnostics.push({
        code: syntaxCodes.NN1006.code,
        severity: "error",
        span: refSpan,
        message: `only a plain name can be called, not \`${path.map((p) => p.name).join(".")}\``,
      });
    }
    const callee: A.Identifier =
      path.length === 1 ? path[0] : { kind: "Identifier", name: path.map((p) => p.name).join("."), span: refSpan };
    const { args, end } = this.args(kids(argsCst), refSpan);
    const s = span(refSpan, end);
    return this.make(
      { kind: "CallExpression", callee, args, hasParens: true, span: s },
      args.map((a) => a.value),
      s,
    );
  }
}

/**
 * Canonical text of expressions: spaces around binary operators, `f(a, b = 1)`, `[1, 2]`, numbers as
 * written, strings re-escaped, and only the parentheses the tree needs (explicit ParenExpressions are
 * kept as written). A call or list whose one-line form would pass MAX_LINE_WIDTH is broken one item
 * per line with a trailing comma.
 */
import type * as A from "./ast.ts";
import { quoteString } from "./strings.ts";

export const MAX_LINE_WIDTH = 100;
export const INDENT = "  ";

/**
 * Binding strength, following the grammar: Sequence < For < Additive < Multiplicative < Unary < Power
 * < Postfix (durations) < Primary.
 */
const enum Prec {
  Sequence = 1,
  For,
  Additive,
  Multiplicative,
  Unary,
  Power,
  Postfix,
  Primary,
}

function precedence(e: A.Expression): Prec {
  switch (e.kind) {
    case "SequenceExpression":
      return Prec.Sequence;
    case "ForExpression":
      return Prec.For;
    case "BinaryExpression":
      return e.operator === "+" || e.operator === "-" ? Prec.Additive : e.operator === "^" ? Prec.Power : Prec.Multiplicative;
    case "UnaryExpression":
      return Prec.Unary;
    case "DurationExpression":
      return Prec.Postfix;
    default:
      return Prec.Primary;
  }
}

/** Prints `e`, starting at column `column` (0-based) of a line indented `depth` levels. */
export function printExpression(e: A.Expression, depth: number, column: number): string {
  return new ExpressionPrinter(depth).print(e, column);
}

/** `e` on one line, whatever its length (used to decide whether a call or list must break). */
export function printFlat(e: A.Expression): string {
  return flatPrinter.print(e, 0);
}

class ExpressionPrinter {
  /** `flat`: never break (measuring); otherwise break what does not fit, at nesting level `depth`. */
  constructor(
    private readonly depth: number,
    private readonly flat = false,
  ) {}

  print(e: A.Expression, column: number): string {
    switch (e.kind) {
      case "NumberLiteral":
        return e.raw;
      case "StringLiteral":
        return quoteString(e.value);
      case "BooleanLiteral":
        return e.value ? "true" : "false";
      case "ReferenceExpression":
        return e.path.map((p) => p.name).join(".");
      case "ParenExpression":
        return "(" + this.print(e.expression, column + 1) + ")";
      case "ListExpression":
        return this.items(
          "[",
          e.items.map((item) => ({ name: undefined, value: item })),
          "]",
          column,
        );
      case "CallExpression":
        return e.hasParens ? e.callee.name + this.items("(", e.args, ")", column + e.callee.name.length) : e.callee.name;
      case "UnaryExpression":
        return "-" + this.operand(e.operand, Prec.Unary, column + 1);
      case "DurationExpression":
        return this.operand(e.amount, Prec.Primary, column) + " " + e.unit;
      case "ForExpression": {
        const value = this.operand(e.value, Prec.Additive, column);
        return value + " for " + this.operand(e.duration, Prec.Additive, lastColumn(value, column) + 5);
      }
      case "SequenceExpression": {
        let out = "";
        for (const item of e.items) {
          if (out !== "") out += " then ";
          out += this.operand(item, Prec.For, lastColumn(out, column));
        }
        return out;
      }
      case "BinaryExpression": {
        const p = precedence(e);
        // Left-associative operators take their own level on the left; `^` is right-associative and
        // its left side is a Postfix, its right side a Unary.
        const leftMin = e.operator === "^" ? Prec.Postfix : p;
        const rightMin = e.operator === "^" ? Prec.Unary : p + 1;
        const left = this.operand(e.left, leftMin, column);
        const prefix = left + " " + e.operator + " ";
        return prefix + this.operand(e.right, rightMin, lastColumn(prefix, column));
      }
    }
  }

  /** `e` as an operand needing at least binding strength `min`, parenthesised if it binds looser. */
  private operand(e: A.Expression, min: Prec, column: number): string {
    return precedence(e) >= min ? this.print(e, column) : "(" + this.print(e, column + 1) + ")";
  }

  items(open: string, items: readonly { name: A.Identifier | undefined; value: A.Expression }[], close: string, column: number): string {
    const flat = open + items.map((it) => (it.name ? it.name.name + " = " : "") + flatPrinter.print(it.value, 0)).join(", ") + close;
    if (this.flat || items.length === 0 || column + flat.length <= MAX_LINE_WIDTH) return flat;
    const inner = new ExpressionPrinter(this.depth + 1);
    const pad = INDENT.repeat(this.depth + 1);
    const lines = items.map((it) => pad + inner.item(it, pad.length) + ",");
    return open + "\n" + lines.join("\n") + "\n" + INDENT.repeat(this.depth) + close;
  }

  private item(it: { name: A.Identifier | undefined; value: A.Expression }, column: number): string {
    const prefix = it.name ? it.name.name + " = " : "";
    return prefix + this.print(it.value, column + prefix.length);
  }
}

/** `dense(256, bias = false)`, or the bare name when the call was written without parentheses. */
export function printCall(call: A.CallExpression, depth: number, column: number): string {
  return new ExpressionPrinter(depth).print(call, column);
}

/** The column after `text` when it starts at `column`. */
function lastColumn(text: string, column: number): number {
  const nl = text.lastIndexOf("\n");
  return nl < 0 ? column + text.length : text.length - nl - 1;
}

const flatPrinter = new ExpressionPrinter(0, true);

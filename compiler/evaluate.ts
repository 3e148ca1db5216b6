/**
 * Constant folding: turns expressions into values, reporting unknown constants, division by zero and
 * arithmetic on non-numbers as diagnostics. `let` constants are evaluated in order, so a constant may only
 * refer to earlier ones (which also rules out cycles).
 */
import type { Expression, File } from "../grammar/ast.ts";
import type { Diagnostic } from "../grammar/span.ts";
import { diagnostic } from "./diagnostics.ts";
import { didYouMean, NameSuggester } from "./did-you-mean.ts";
import type { ArgValue, Value } from "./values.ts";
import { describe } from "./values.ts";

export interface Constants {
  /** Evaluated constants visible at this point. */
  readonly values: Map<string, Value>;
  /** Every constant of the file with its position, to tell a forward reference from an unknown name. */
  readonly declared: Map<string, number>;
  /** "Did you mean" among the declared constants (bounded work however many there are). */
  readonly suggester: NameSuggester;
}

/** Evaluates every expression (reporting each one's problems); undefined if any of them failed. */
function evaluateAll(exprs: readonly Expression[], constants: Constants, out: Diagnostic[]): Value[] | undefined {
  const items: Value[] = [];
  let ok = true;
  for (const item of exprs) {
    const v = evaluate(item, constants, out);
    if (v === undefined) ok = false;
    else items.push(v);
  }
  return ok ? items : undefined;
}

export function evaluate(expr: Expression, constants: Constants, out: Diagnostic[]): Value | undefined {
  switch (expr.kind) {
    case "NumberLiteral":
      return { kind: "number", value: expr.value, span: expr.span };
    case "StringLiteral":
      return { kind: "string", value: expr.value, span: expr.span };
    case "BooleanLiteral":
      return { kind: "boolean", value: expr.value, span: expr.span };
    case "ParenExpression": {
      const inner = evaluate(expr.expression, constants, out);
      return inner === undefined ? undefined : { ...inner, span: expr.span };
    }
    case "ListExpression": {
      const items = evaluateAll(expr.items, constants, out);
      return items === undefined ? undefined : { kind: "list", items, span: expr.span };
    }
    case "ReferenceExpression": {
      const path = expr.path.map((p) => p.name);
      if (path.length === 1) {
        const c = constants.values.get(path[0]);
        if (c !== undefined) return { ...c, span: expr.span };
        if (constants.declared.has(path[0])) {
          out.push(diagnostic("NN2009", `constant \`${path[0]}\` is used before its definition`, expr.span));
          return undefined;
        }
      }
      return { kind: "word", path, span: expr.span };
    }
    case "CallExpression": {
      const args: ArgValue[] = [];
      let ok = true;
      for (const a of expr.args) {
        const v = evaluate(a.value, constants, out);
        if (v === undefined) ok = false;
        else args.push({ name: a.name?.name, nameSpan: a.name?.span, value: v, span: a.span });
      }
      if (!ok) return undefined;
      return { kind: "call", name: expr.callee.name, nameSpan: expr.callee.span, args, hasParens: expr.hasParens, span: expr.span };
    }
    case "UnaryExpression": {
      const v = number(expr.operand, constants, out);
      return v === undefined ? undefined : { kind: "number", value: -v, span: expr.span };
    }
    case "BinaryExpression": {
      const l = number(expr.left, constants, out);
      const r = number(expr.right, constants, out);
      if (l === undefined || r === undefined) return undefined;
      if (expr.operator === "/" && r === 0) {
        out.push(diagnostic("NN3006", "division by zero", expr.span));
        return undefined;
      }
      const value =
        expr.operator === "+"
          ? l + r
          : expr.operator === "-"
            ? l - r
            : expr.operator === "*"
              ? l * r
              : expr.operator === "/"
                ? l / r
                : l ** r;
      if (!Number.isFinite(value)) {
        out.push(diagnostic("NN3013", `\`${expr.operator}\` gives a value that is not a finite number`, expr.span));
        return undefined;
      }
      return { kind: "number", value, span: expr.span };
    }
    case "DurationExpression": {
      const amount = number(expr.amount, constants, out);
      return amount === undefined ? undefined : { kind: "duration", amount, unit: expr.unit, span: expr.span };
    }
    case "ForExpression": {
      const value = evaluate(expr.value, constants, out);
      const duration = evaluate(expr.duration, constants, out);
      return value === undefined || duration === undefined ? undefined : { kind: "for", value, duration, span: expr.span };
    }
    case "SequenceExpression": {
      const items = evaluateAll(expr.items, constants, out);
      return items === undefined ? undefined : { kind: "sequence", items, span: expr.span };
    }
  }
}

/** Evaluates an operand of arithmetic, which must be a number. */
function number(expr: Expression, constants: Constants, out: Diagnostic[]): number | undefined {
  const v = evaluate(expr, constants, out);
  if (v === undefined) return undefined;
  if (v.kind === "number") return v.value;
  if (v.kind === "word" && v.path.length === 1) {
    const suggestions = constants.suggester.suggest(v.path[0]);
    out.push(diagnostic("NN2001", `unknown name \`${v.path[0]}\`${didYouMean(suggestions)}`, v.span, "error", suggestions));
    return undefined;
  }
  out.push(diagnostic("NN3001", `expected a number, got ${describe(v)}`, v.span));
  return undefined;
}

/** Evaluates the file's `let` constants in order; duplicates are reported and the first one kept. */
export function evaluateConstants(file: File, out: Diagnostic[]): Constants {
  const declared = new Map<string, number>();
  file.statements.forEach((s, i) => {
    if (s.kind === "LetStatement" && !declared.has(s.name.name)) declared.set(s.name.name, i);
  });
  const constants: Constants = { values: new Map(), declared, suggester: new NameSuggester(declared.keys()) };
  const seen = new Set<string>();
  for (const s of file.statements) {
    if (s.kind !== "LetStatement") continue;
    if (seen.has(s.name.name)) {
      out.push(diagnostic("NN2008", `constant \`${s.name.name}\` is already defined`, s.name.span));
      continue;
    }
    seen.add(s.name.name);
    // While its own value is evaluated the constant is declared but not yet defined: `let a = a` is a cycle.
    const v = evaluate(s.value, constants, out);
    if (v !== undefined) constants.values.set(s.name.name, v);
  }
  return constants;
}

/**
 * Evaluated expressions. Arithmetic is folded to numbers; calls, bare words and schedule sequences stay
 * symbolic because their meaning depends on where they stand (the registry decides).
 */
import type { Span } from "../grammar/span.ts";
import type { TimeUnit } from "../runtime/contract.ts";

export type Value =
  | { readonly kind: "number"; readonly value: number; readonly span: Span }
  | { readonly kind: "string"; readonly value: string; readonly span: Span }
  | { readonly kind: "boolean"; readonly value: boolean; readonly span: Span }
  | { readonly kind: "list"; readonly items: readonly Value[]; readonly span: Span }
  | { readonly kind: "duration"; readonly amount: number; readonly unit: TimeUnit; readonly span: Span }
  /** A bare or dotted name that is not a constant: `global`, `relu`, `validation.loss`. */
  | { readonly kind: "word"; readonly path: readonly string[]; readonly span: Span }
  | CallValue
  | { readonly kind: "for"; readonly value: Value; readonly duration: Value; readonly span: Span }
  | { readonly kind: "sequence"; readonly items: readonly Value[]; readonly span: Span };

export interface ArgValue {
  readonly name: string | undefined;
  readonly nameSpan: Span | undefined;
  readonly value: Value;
  readonly span: Span;
}

export interface CallValue {
  readonly kind: "call";
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly ArgValue[];
  readonly hasParens: boolean;
  readonly span: Span;
}

/** How a value is called in messages: "a number", "a string", "`relu`". */
export function describe(v: Value): string {
  switch (v.kind) {
    case "number":
      return `the number ${v.value}`;
    case "string":
      return "a string";
    case "boolean":
      return `\`${v.value}\``;
    case "list":
      return "a list";
    case "duration":
      return `the duration \`${v.amount} ${v.unit}\``;
    case "word":
      return `\`${v.path.join(".")}\``;
    case "call":
      return `\`${v.name}${v.hasParens ? "(...)" : ""}\``;
    case "for":
      return "a `for` expression";
    case "sequence":
      return "a `then` sequence";
  }
}

/** A bare name used as a call of no arguments (`relu` where a layer stands). */
export function asCall(v: Value): CallValue | undefined {
  if (v.kind === "call") return v;
  if (v.kind === "word" && v.path.length === 1)
    return { kind: "call", name: v.path[0], nameSpan: v.span, args: [], hasParens: false, span: v.span };
  return undefined;
}

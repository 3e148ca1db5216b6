/** Converts an evaluated value to the JavaScript value a parameter type calls for, checking its range. */
import * as path from "node:path";
import type { Span } from "../grammar/span.ts";
import type { Duration } from "./ir.ts";
import { diagnostic } from "./diagnostics.ts";
import { didYouMean, suggest } from "./did-you-mean.ts";
import { inRange } from "./registry/index.ts";
import { nonNegative } from "./registry/range.ts";
import type { ParamSpec, ParamType, Role } from "./registry/index.ts";
import type { BoundCall, Converted, NameRef } from "./bound.ts";
import type { BindContext } from "./bind-context.ts";
import type { Value } from "./values.ts";
import { describe } from "./values.ts";
import { convertDistribution, isDistribution } from "./search/distribution.ts";

export type { Converted, NameRef } from "./bound.ts";

/** Binds a value that must call an entry of `role` (bind.ts bindRole, passed in so the two files do not import each other). */
export type BindCall = (v: Value, role: Role, ctx: BindContext) => BoundCall | undefined;

const typeNames: Record<ParamType["kind"], string> = {
  number: "a number",
  integer: "an integer",
  boolean: "`true` or `false`",
  string: "a string",
  path: "a file path string",
  duration: "a duration such as `500 steps` or `2 epochs`",
  durations: "a list of durations",
  enum: "one of",
  numbers: "a list of numbers",
  integers: "a list of integers",
  integer_or_all: "an integer or `all`",
  size2d: "an integer or a list `[h, w]` of two integers",
  classes: "a number of classes such as `10` or a list of labels such as `[5, 6, 7]`",
  reference: "a name such as `validation.loss`",
  references: "a list of names",
  call: "a call",
  calls: "a list",
  schedule: "a schedule",
};

/**
 * The JavaScript value of `v` for a parameter of this type, or undefined after reporting why it does not
 * fit. Calls (`call`, `calls`) are bound through `bindCall`.
 */
export function convert(v: Value, param: ParamSpec, what: string, ctx: BindContext, bindCall: BindCall): Converted {
  const t = param.type;
  const wrongType = (expected: string): undefined => {
    const word = v.kind === "word" && v.path.length === 1 ? v.path[0] : undefined;
    if (word !== undefined && (t.kind === "number" || t.kind === "integer" || t.kind === "boolean")) {
      // A bare word where a number or boolean belongs is most likely a misspelled constant or `true`/`false`.
      const suggestions = t.kind === "boolean" ? suggest(word, ["true", "false"]) : (ctx.constants?.suggester.suggest(word) ?? []);
      ctx.out.push(
        diagnostic(
          "NN2001",
          `unknown name \`${word}\` (${what} expects ${expected})${didYouMean(suggestions)}`,
          v.span,
          "error",
          suggestions,
        ),
      );
      return undefined;
    }
    ctx.out.push(diagnostic("NN3001", `${what} expects ${expected}, got ${describe(v)}`, v.span));
    return undefined;
  };
  const checkRange = (x: number, span: Span): boolean => {
    if (param.range === undefined || inRange(x, param.range)) return true;
    ctx.out.push(diagnostic("NN3002", `${what} must be in ${param.range.text}, got ${x}`, span));
    return false;
  };
  switch (t.kind) {
    case "number":
    case "integer": {
      if (v.kind === "call" && isDistribution(v.name)) return convertDistribution(v, param, what, t.kind === "integer", ctx);
      if (v.kind !== "number") return wrongType(typeNames[t.kind]);
      if (t.kind === "integer" && !Number.isInteger(v.value)) return wrongType(typeNames.integer);
      return checkRange(v.value, v.span) ? v.value : undefined;
    }
    case "boolean":
      return v.kind === "boolean" ? v.value : wrongType(typeNames.boolean);
    case "string":
      return v.kind === "string" ? v.value : wrongType(typeNames.string);
    case "path":
      return v.kind === "string" ? path.resolve(ctx.baseDir, v.value) : wrongType(typeNames.path);
    case "duration": {
      if (v.kind !== "duration") return wrongType(typeNames.duration);
      if (!(v.amount > 0)) {
        ctx.out.push(diagnostic("NN3002", `${what} must be a positive duration, got ${v.amount} ${v.unit}`, v.span));
        return undefined;
      }
      return { amount: v.amount, unit: v.unit };
    }
    case "durations": {
      if (v.kind !== "list") return wrongType(typeNames.durations);
      const out: Duration[] = [];
      for (const item of v.items) {
        if (item.kind !== "duration") return wrongType(typeNames.durations);
        out.push({ amount: item.amount, unit: item.unit });
      }
      return out;
    }
    case "enum": {
      const word = v.kind === "word" && v.path.length === 1 ? v.path[0] : v.kind === "call" && !v.hasParens ? v.name : undefined;
      const list = t.values.map((x) => `\`${x}\``).join(", ");
      if (word === undefined) return wrongType(`one of ${list}`);
      if (!t.values.includes(word)) {
        const suggestions = suggest(word, t.values);
        ctx.out.push(
          diagnostic("NN3001", `${what} must be one of ${list}, got \`${word}\`${didYouMean(suggestions)}`, v.span, "error", suggestions),
        );
        return undefined;
      }
      return word;
    }
    case "numbers":
    case "integers": {
      if (v.kind !== "list") return wrongType(typeNames[t.kind]);
      const out: number[] = [];
      for (const item of v.items) {
        if (item.kind !== "number" || (t.kind === "integers" && !Number.isInteger(item.value))) return wrongType(typeNames[t.kind]);
        if (!checkRange(item.value, item.span)) return undefined;
        out.push(item.value);
      }
      if (t.kind === "numbers" && t.length !== undefined && out.length !== t.length) {
        ctx.out.push(diagnostic("NN3001", `${what} expects a list of ${t.length} numbers, got ${out.length}`, v.span));
        return undefined;
      }
      return out;
    }
    case "classes": {
      if (v.kind === "list") return convert(v, { ...param, type: { kind: "integers" }, range: nonNegative }, what, ctx, bindCall);
      if (v.kind !== "number" || !Number.isInteger(v.value) || v.value < 1) return wrongType(typeNames.classes);
      return v.value;
    }
    case "integer_or_all": {
      if (v.kind === "word" && v.path.length === 1 && v.path[0] === "all") return "all";
      if (v.kind !== "number" || !Number.isInteger(v.value) || v.value < 1) return wrongType(typeNames.integer_or_all);
      return v.value;
    }
    case "size2d": {
      const items = v.kind === "number" ? [v, v] : v.kind === "list" && v.items.length === 2 ? v.items : undefined;
      if (items === undefined) return wrongType(typeNames.size2d);
      const out: number[] = [];
      for (const item of items) {
        if (item.kind !== "number" || !Number.isInteger(item.value)) return wrongType(typeNames.size2d);
        if (!checkRange(item.value, item.span)) return undefined;
        out.push(item.value);
      }
      return out;
    }
    case "reference":
      return v.kind === "word" ? { path: v.path, span: v.span } : wrongType(typeNames.reference);
    case "references": {
      if (v.kind !== "list") return wrongType(typeNames.references);
      const out: NameRef[] = [];
      for (const item of v.items) {
        if (item.kind !== "word") return wrongType(typeNames.references);
        out.push({ path: item.path, span: item.span });
      }
      return out;
    }
    case "call":
      return bindCall(v, t.role, ctx);
    case "calls": {
      if (v.kind !== "list") return wrongType("a list such as `[...]`");
      const out: BoundCall[] = [];
      let ok = true;
      for (const item of v.items) {
        const b = bindCall(item, t.role, ctx);
        if (b === undefined) ok = false;
        else out.push(b);
      }
      return ok ? out : undefined;
    }
    case "schedule":
      return v;
  }
}

/**
 * Binds a call's arguments to a registry entry's parameters: positional then named, unknown and duplicate
 * names, missing arguments, types and ranges — and fills every default. The result is a map from parameter
 * name to a converted JavaScript value, so later phases never look at argument lists again.
 */
import type { Span } from "../grammar/span.ts";
import { diagnostic } from "./diagnostics.ts";
import { didYouMean, suggest } from "./did-you-mean.ts";
import { entriesFor, lookup, roleNoun } from "./registry/index.ts";
import { unknownEntry } from "./unknown-entry.ts";
import type { ParamSpec, RegistryEntry, Role } from "./registry/index.ts";
import { convert } from "./convert.ts";
import type { Converted } from "./convert.ts";
import type { CallValue } from "./values.ts";
import { asCall, describe } from "./values.ts";
import type { Value } from "./values.ts";
import { BoundValues } from "./bound.ts";
import type { Bound, BoundCall } from "./bound.ts";
import type { BindContext } from "./bind-context.ts";

export type { Bound, BoundCall } from "./bound.ts";
export type { BindContext } from "./bind-context.ts";

/** Converts a value for a parameter (convert.ts), binding the calls that stand where the parameter wants them. */
export function bindValue(v: Value, param: ParamSpec, what: string, ctx: BindContext): Converted {
  return convert(v, param, what, ctx, bindRole);
}

/** Resolves a value that must name an entry of `role` and binds its arguments. */
export function bindRole(value: Value, role: Role, ctx: BindContext): BoundCall | undefined {
  const call = asCall(value);
  if (call === undefined) {
    ctx.out.push(diagnostic("NN3001", `expected ${article(roleNoun[role])}, got ${describe(value)}`, value.span));
    return undefined;
  }
  const entry = lookup(role, call.name);
  if (entry === undefined) {
    ctx.out.push(unknownEntry(call.name, [role], call.nameSpan));
    return undefined;
  }
  if (entry.reserved === true) {
    ctx.out.push(diagnostic("NN4003", `\`${entry.name}\` is not supported yet`, call.nameSpan));
    return undefined;
  }
  return bindArgs(call, entry, ctx);
}

export function bindArgs(call: CallValue, entry: RegistryEntry, ctx: BindContext): BoundCall | undefined {
  const args = new BoundValues<Bound>(
    entry.name,
    entry.params.map((p) => p.name),
  );
  let ok = true;
  const positional = call.args.filter((a) => a.name === undefined);
  const single = positional.length === 1 ? entry.params.find((p) => p.name === entry.singlePositional) : undefined;
  const order = single !== undefined ? [single] : entry.params;
  // Parameters given with a bad value: already reported, so not "missing" as well.
  const failed = new Set<string>();
  let seenNamed = false;
  let index = 0;
  for (const arg of call.args) {
    let param: ParamSpec | undefined;
    if (arg.name === undefined) {
      if (seenNamed) {
        ctx.out.push(diagnostic("NN3005", "a positional argument cannot follow a named one", arg.span));
        ok = false;
        continue;
      }
      param = order[index++];
      if (param === undefined) {
        const n = entry.params.length;
        ctx.out.push(
          diagnostic("NN3004", `\`${entry.name}\` takes ${n} argument${n === 1 ? "" : "s"}, got ${positional.length}`, arg.span),
        );
        ok = false;
        continue;
      }
    } else {
      seenNamed = true;
      param = entry.params.find((p) => p.name === arg.name);
      if (param === undefined) {
        const siblings = siblingsAccepting(entry, arg.name);
        if (siblings.length > 0) {
          const list = siblings.map((n) => `\`${n}\``).join(", ");
          ctx.out.push(
            diagnostic(
              "NN3009",
              `\`${arg.name}\` is not an option of \`${entry.name}\`; it is accepted by ${list}`,
              arg.nameSpan ?? arg.span,
            ),
          );
          ok = false;
          continue;
        }
        const suggestions = suggest(
          arg.name,
          entry.params.map((p) => p.name),
        );
        const span = arg.nameSpan ?? arg.span;
        const has = entry.params.length === 0 ? "takes no arguments" : `has no argument \`${arg.name}\``;
        ctx.out.push(diagnostic("NN2003", `\`${entry.name}\` ${has}${didYouMean(suggestions)}`, span, "error", suggestions));
        ok = false;
        continue;
      }
    }
    if (args.has(param.name)) {
      ctx.out.push(diagnostic("NN2004", `argument \`${param.name}\` of \`${entry.name}\` is given twice`, arg.span));
      ok = false;
      continue;
    }
    const value = bindValue(arg.value, param, `\`${param.name}\` of \`${entry.name}\``, ctx);
    if (value === undefined) {
      failed.add(param.name);
      ok = false;
      continue;
    }
    args.set(param.name, { value, span: arg.value.span, given: true });
  }
  for (const param of entry.params) {
    if (args.has(param.name) || failed.has(param.name)) continue;
    if (param.required === true) {
      ctx.out.push(diagnostic("NN3003", `\`${entry.name}\` needs the argument \`${param.name}\` (${param.doc})`, call.span));
      ok = false;
      continue;
    }
    // A reference's default is written as text ("validation.loss"); checks and the plan read a NameRef.
    const value =
      param.type.kind === "reference" && typeof param.default === "string"
        ? { path: param.default.split("."), span: call.span }
        : param.default;
    args.set(param.name, { value, span: call.span, given: false });
  }
  const broken = ok ? entry.relation?.((name) => args.get(name)?.value) : undefined;
  if (broken !== undefined) {
    ctx.out.push(diagnostic("NN3002", broken.message, args.get(broken.param)?.span ?? call.span));
    return undefined;
  }
  return ok ? { entry, call, args } : undefined;
}

/** Other entries of the same role that do take a parameter of this name (`amsgrad` → adam, adamw). */
function siblingsAccepting(entry: RegistryEntry, name: string): string[] {
  return entriesFor(entry.role)
    .filter((e) => e !== entry && e.params.some((p) => p.name === name))
    .map((e) => e.name);
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

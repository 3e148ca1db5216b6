/**
 * A block instance's arguments (`basic(64, stride = 2)`) bound to its definition's parameters
 * (`block basic(c, stride = 1)`): positional then named, defaults evaluated in order (a default may use an
 * earlier parameter), unknown and missing ones reported at the call. The result is the constant scope the
 * block's body is evaluated in: the file's constants, shadowed by the parameters.
 */
import type { Argument, BlockDefinition } from "../../grammar/ast.ts";
import type { Diagnostic } from "../../grammar/span.ts";
import { diagnostic } from "../diagnostics.ts";
import { didYouMean, NameSuggester, suggest } from "../did-you-mean.ts";
import { evaluate, type Constants } from "../evaluate.ts";
import type { CallValue, Value } from "../values.ts";
import { printValue } from "./print-value.ts";

export interface BoundInstance {
  readonly constants: Constants;
  /** The parameters' values in declaration order, printed: `c = 64`. */
  readonly args: readonly { readonly name: string; readonly value: string }[];
}

/** A parameter is a bare name (required) or `name = default`; anything else is reported once, at the definition. */
export function paramName(p: Argument): string | undefined {
  if (p.name !== undefined) return p.name.name;
  return p.value.kind === "ReferenceExpression" && p.value.path.length === 1 ? p.value.path[0].name : undefined;
}

export function bindInstance(call: CallValue, def: BlockDefinition, globals: Constants, out: Diagnostic[]): BoundInstance | undefined {
  const params = def.params.map(paramName).filter((n): n is string => n !== undefined);
  const given = new Map<string, Value>();
  let ok = true;
  let position = 0;
  let seenNamed = false;
  for (const a of call.args) {
    if (a.name === undefined) {
      if (seenNamed) {
        out.push(diagnostic("NN3005", "a positional argument cannot follow a named one", a.span));
        ok = false;
        continue;
      }
      const p = params[position++];
      if (p === undefined) {
        const n = params.length;
        out.push(diagnostic("NN3004", `block \`${def.name.name}\` takes ${n} argument${n === 1 ? "" : "s"}, got more`, a.span));
        ok = false;
        continue;
      }
      given.set(p, a.value);
      continue;
    }
    seenNamed = true;
    if (!params.includes(a.name)) {
      const suggestions = suggest(a.name, params);
      const where = a.nameSpan ?? a.span;
      out.push(
        diagnostic(
          "NN2003",
          `block \`${def.name.name}\` has no parameter \`${a.name}\`${didYouMean(suggestions)}`,
          where,
          "error",
          suggestions,
        ),
      );
      ok = false;
      continue;
    }
    if (given.has(a.name)) {
      out.push(diagnostic("NN2004", `\`${a.name}\` is given twice`, a.nameSpan ?? a.span));
      ok = false;
      continue;
    }
    given.set(a.name, a.value);
  }
  const values = new Map(globals.values);
  const args: { name: string; value: string }[] = [];
  const scope: Constants = { values, declared: globals.declared, suggester: new NameSuggester([...globals.declared.keys(), ...params]) };
  for (const p of def.params) {
    const name = paramName(p);
    if (name === undefined) continue;
    let v = given.get(name);
    if (v === undefined && p.name !== undefined) v = evaluate(p.value, scope, out);
    if (v === undefined) {
      if (p.name === undefined) {
        out.push(diagnostic("NN3003", `block \`${def.name.name}\` needs \`${name}\``, call.span));
        ok = false;
      }
      continue;
    }
    values.set(name, v);
    args.push({ name, value: printValue(v) });
  }
  return ok ? { constants: scope, args } : undefined;
}

/** Reports parameters that are neither a bare name nor `name = default`, and repeated names. */
export function checkParams(def: BlockDefinition, out: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const p of def.params) {
    const name = paramName(p);
    if (name === undefined) {
      out.push(diagnostic("NN3001", "a block parameter is a name (`c`) or a name with a default (`stride = 1`)", p.span));
    } else if (seen.has(name)) {
      out.push(diagnostic("NN2004", `parameter \`${name}\` is declared twice`, p.span));
    } else seen.add(name);
  }
}

/**
 * Binds the `key = value` statements of a block against its settings spec: unknown keys (with
 * suggestions), duplicates, types and ranges, and nested blocks. Layers inside `model { }` are left to the
 * caller, which receives them in `rest`.
 */
import type { BlockStatement, Statement } from "../grammar/ast.ts";
import type { Span } from "../grammar/span.ts";
import { diagnostic } from "./diagnostics.ts";
import { didYouMean, suggest } from "./did-you-mean.ts";
import type { Constants } from "./evaluate.ts";
import { evaluate } from "./evaluate.ts";
import { bindValue } from "./bind.ts";
import type { BindContext, Bound } from "./bind.ts";
import { BoundValues } from "./bound.ts";
import { settingsSpecs } from "./registry/index.ts";
import type { SettingsSpec } from "./registry/index.ts";

export interface Setting extends Bound {
  readonly keySpan: Span;
  readonly statementSpan: Span;
}

export interface BlockSettings {
  readonly name: string;
  /** The span of the block's name (`train`), where "missing setting" errors point. */
  readonly nameSpan: Span;
  readonly span: Span;
  /** The block's values by key, with typed reads (`settings.number("epochs")`, bound.ts). */
  readonly settings: BoundValues<Setting>;
  /** Every key written in the block, including those whose value had errors (so "missing" is not reported too). */
  readonly present: ReadonlySet<string>;
  readonly blocks: ReadonlyMap<string, BlockSettings>;
}

export interface SettingsContext extends BindContext {
  readonly constants: Constants;
}

/**
 * `rest` receives the statements that are not settings or nested blocks of this spec (layers, in
 * `model`); when it is undefined they are errors.
 */
export function bindSettings(
  name: string,
  nameSpan: Span,
  span: Span,
  statements: readonly Statement[],
  spec: SettingsSpec,
  ctx: SettingsContext,
  rest?: Statement[],
): BlockSettings {
  const settings = new BoundValues<Setting>(
    name,
    spec.settings.map((p) => p.name),
  );
  const blocks = new Map<string, BlockSettings>();
  const present = new Set<string>();
  const keys = spec.settings.map((s) => s.name);
  for (const s of statements) {
    if (s.kind === "SettingStatement") {
      const key = s.key.name;
      const param = spec.settings.find((p) => p.name === key);
      if (param === undefined) {
        const suggestions = suggest(key, [...keys, ...spec.blocks]);
        ctx.out.push(
          diagnostic("NN2005", `unknown setting \`${key}\` in \`${name}\`${didYouMean(suggestions)}`, s.key.span, "error", suggestions),
        );
        continue;
      }
      if (settings.has(key)) {
        ctx.out.push(diagnostic("NN2006", `\`${key}\` is already set in \`${name}\``, s.key.span));
        continue;
      }
      present.add(key);
      const v = evaluate(s.value, ctx.constants, ctx.out);
      if (v === undefined) continue;
      const value = bindValue(v, param, `\`${key}\``, ctx);
      if (value === undefined) continue;
      settings.set(key, { value, span: v.span, given: true, keySpan: s.key.span, statementSpan: s.span });
      continue;
    }
    if (s.kind === "BlockStatement" && s.body !== undefined && spec.blocks.includes(s.call.callee.name) && !s.call.hasParens) {
      const inner = s.call.callee.name;
      if (blocks.has(inner)) {
        ctx.out.push(diagnostic("NN2011", `\`${inner}\` appears twice in \`${name}\``, s.call.callee.span));
        continue;
      }
      blocks.set(inner, bindSettings(inner, s.call.callee.span, s.span, s.body.statements, settingsSpecs[inner], ctx));
      continue;
    }
    if (rest !== undefined && s.kind !== "LetStatement" && s.kind !== "BlockDefinition") {
      rest.push(s);
      continue;
    }
    reportStray(s, name, [...keys, ...spec.blocks], ctx);
  }
  for (const p of spec.settings) {
    if (!settings.has(p.name) && p.default !== undefined) {
      // A reference's default is written as text ("validation.loss"); checks and the plan read a NameRef.
      const value =
        p.type.kind === "reference" && typeof p.default === "string" ? { path: p.default.split("."), span: nameSpan } : p.default;
      settings.set(p.name, { value, span: nameSpan, given: false, keySpan: nameSpan, statementSpan: nameSpan });
    }
  }
  return { name, nameSpan, span, settings, present, blocks };
}

function reportStray(s: Statement, block: string, known: string[], ctx: SettingsContext): void {
  if (s.kind === "LetStatement") {
    ctx.out.push(diagnostic("NN2010", "`let` constants are declared at the top level, outside blocks", s.span));
    return;
  }
  if (s.kind === "BlockDefinition") {
    ctx.out.push(diagnostic("NN2010", `\`block ${s.name.name}\` must be defined at the top level, outside \`${block}\``, s.name.span));
    return;
  }
  const nameNode = s.kind === "LayerStatement" ? s.name : s.kind === "BlockStatement" ? s.call.callee : s.key;
  const suggestions = suggest(nameNode.name, known);
  const what = s.kind === "BlockStatement" && s.body !== undefined ? "block" : "statement";
  ctx.out.push(
    diagnostic(
      "NN2010",
      `unknown ${what} \`${nameNode.name}\` in \`${block}\`${didYouMean(suggestions)}`,
      nameNode.span,
      "error",
      suggestions,
    ),
  );
}

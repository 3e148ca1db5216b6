/**
 * The model's layers: expands the statements of `model { }` — layers, block instances, repetitions,
 * residuals and merges (graph-builder.ts) — into the plan's flat layer list in topological order, with the
 * module tree that names them by path.
 */
import type { BlockDefinition, Statement } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/span.ts";
import type { SettingsContext } from "../settings.ts";
import { explicitNames } from "./explicit-names.ts";
import { GraphBuilder } from "./graph-builder.ts";
import type { LayerInfo, ModelDefaults } from "./layer.ts";
import { Namer, ScopeBuilder, type ModelScope } from "./model-scope.ts";

export type { LayerInfo, ModelDefaults } from "./layer.ts";

export interface BuiltLayers {
  readonly layers: LayerInfo[];
  /** The module tree: block instances, repetitions, branches (the root is the model). */
  readonly scopes: ModelScope;
  /** False when some layer had errors and was left out: shapes after it are not meaningful. */
  readonly complete: boolean;
}

/** `inputShape` is [features] or [channels, height, width]; each layer's output shape is inferred from it. */
export function buildLayers(
  statements: readonly Statement[],
  inputShape: readonly number[],
  defaults: ModelDefaults,
  ctx: SettingsContext,
  blocks: ReadonlyMap<string, BlockDefinition> = new Map(),
  modelSpan: Span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
): BuiltLayers {
  const before = ctx.out.filter((d) => d.severity === "error").length;
  const builder = new GraphBuilder(blocks, defaults, ctx);
  const scope = new ScopeBuilder("model", new Namer("", explicitNames(statements)), modelSpan);
  builder.sequence(statements, { index: -1, shape: inputShape }, { scope, constants: ctx.constants, inherited: [], depth: 0, stack: [] });
  return { layers: builder.layers, scopes: scope.finish(), complete: ctx.out.filter((d) => d.severity === "error").length === before };
}

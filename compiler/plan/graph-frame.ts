/**
 * What the parts of the graph expansion share: where a statement is built (its frame), a member's name, and
 * the builder's interface that residuals, merges and repetitions call back into (graph-builder.ts implements it).
 */
import type { BlockDefinition, Body, BlockStatement, LayerStatement, Statement } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/span.ts";
import type { Constants } from "../evaluate.ts";
import type { BlockSettings, SettingsContext } from "../settings.ts";
import type { CallValue } from "../values.ts";
import type { GraphValue, LayerInfo } from "./layer.ts";
import type { ScopeBuilder } from "./model-scope.ts";

/** The words of the language's structure, which no block may be named. */
export const STRUCTURAL = ["residual", "add", "concat", "branch", "repeat"] as const;

/** Where a statement is built: its module, the constants it sees, and what encloses it. */
export interface Frame {
  readonly scope: ScopeBuilder;
  readonly constants: Constants;
  /** `{ }` overrides of the enclosing block instances, innermost first. */
  readonly inherited: readonly BlockSettings[];
  readonly depth: number;
  /** The blocks being expanded, outermost first: a block may not use itself. */
  readonly stack: readonly string[];
}

/** A member's name in its module: written (`conv1:`) or anonymous. */
export interface MemberName {
  readonly local: string;
  readonly explicit: boolean;
  readonly span: Span;
}

export type NamedStatement = LayerStatement | BlockStatement;

export interface GraphBuilding {
  readonly layers: LayerInfo[];
  readonly blocks: ReadonlyMap<string, BlockDefinition>;
  readonly ctx: SettingsContext;
  /** Builds statements one after another from `input`; returns the value the last one produces. */
  sequence(statements: readonly Statement[], input: GraphValue, frame: Frame): GraphValue;
  /** A statement's name in its module, or undefined (reported) when the module already uses it. */
  memberName(s: NamedStatement, kind: string, frame: Frame): MemberName | undefined;
  /** An ordinary layer reading `inputs`; appended to the list and to the frame's module. */
  layer(
    call: CallValue,
    name: MemberName,
    span: Span,
    body: Body | undefined,
    inputs: readonly GraphValue[],
    frame: Frame,
  ): GraphValue | undefined;
  /** A block instance (`layer1: basic(64)`), built in a module of its own with its parameters bound. */
  instance(call: CallValue, name: MemberName, body: Body | undefined, input: GraphValue, frame: Frame): GraphValue | undefined;
}

/** A synthetic call of a merge or shortcut layer, pointing at the statement that asked for it. */
export function syntheticCall(name: string, args: CallValue["args"], span: Span): CallValue {
  return { kind: "call", name, nameSpan: span, args, hasParens: args.length > 0, span };
}

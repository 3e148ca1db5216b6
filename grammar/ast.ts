/**
 * The syntax tree of a `.nn` file. Nodes are readonly and tagged by `kind`; every node carries the span
 * of the source text it came from, so diagnostics can point at it. The tree is purely syntactic: what a
 * call such as `dense(256)` means is decided by the checker's registry, not here.
 */
import type { Span } from "./span.ts";

export interface Comment {
  readonly kind: "Comment";
  readonly text: string; // including the leading '#'
  readonly span: Span;
}

export interface Identifier {
  readonly kind: "Identifier";
  readonly name: string;
  readonly span: Span;
}

export interface File {
  readonly kind: "File";
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}

export type Statement = LetStatement | BlockDefinition | LayerStatement | SettingStatement | BlockStatement;

/** `let hidden = 256` */
export interface LetStatement {
  readonly kind: "LetStatement";
  readonly name: Identifier;
  readonly value: Expression;
  readonly span: Span;
}

/**
 * `block basic(c, stride = 1) { ... }` — a reusable block of layers. A parameter is a bare name (required)
 * or `name = default`; they are written as a call's arguments and kept as such.
 */
export interface BlockDefinition {
  readonly kind: "BlockDefinition";
  readonly name: Identifier;
  readonly params: readonly Argument[];
  readonly body: Body;
  readonly span: Span;
}

/** `fc1: dense(256) { lr_mult = 0.1 }` — a layer with an explicit name. */
export interface LayerStatement {
  readonly kind: "LayerStatement";
  readonly name: Identifier;
  readonly call: CallExpression;
  readonly body: Body | undefined;
  readonly span: Span;
}

/** `lr = 1e-3` */
export interface SettingStatement {
  readonly kind: "SettingStatement";
  readonly key: Identifier;
  readonly value: Expression;
  readonly span: Span;
}

/**
 * `model { ... }`, `relu`, `dropout(0.2)`, `early_stopping { ... }` — a name with optional arguments
 * and an optional body. Whether it is a block or an anonymous layer depends on where it stands.
 */
export interface BlockStatement {
  readonly kind: "BlockStatement";
  readonly call: CallExpression;
  readonly body: Body | undefined;
  readonly span: Span;
}

export interface Body {
  readonly kind: "Body";
  readonly statements: readonly Statement[];
  readonly span: Span;
}

export type Expression =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | ListExpression
  | ReferenceExpression
  | CallExpression
  | UnaryExpression
  | BinaryExpression
  | DurationExpression
  | ForExpression
  | SequenceExpression
  | ParenExpression;

export interface NumberLiteral {
  readonly kind: "NumberLiteral";
  readonly value: number;
  /** The text as written, kept so the formatter prints `1e-3` back as `1e-3`. */
  readonly raw: string;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: "StringLiteral";
  /** The decoded value (escapes resolved). */
  readonly value: string;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
  readonly span: Span;
}

export interface ListExpression {
  readonly kind: "ListExpression";
  readonly items: readonly Expression[];
  readonly span: Span;
}

/** `hidden`, `validation.loss`: one or more dot-separated names. */
export interface ReferenceExpression {
  readonly kind: "ReferenceExpression";
  readonly path: readonly Identifier[];
  readonly span: Span;
}

/** `dense(256, bias = false)`. A bare name used where a call is expected (`relu`) is a call with no arguments and `hasParens: false`. */
export interface CallExpression {
  readonly kind: "CallExpression";
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  readonly hasParens: boolean;
  readonly span: Span;
}

export interface Argument {
  readonly kind: "Argument";
  readonly name: Identifier | undefined; // undefined for a positional argument
  readonly value: Expression;
  readonly span: Span;
}

export interface UnaryExpression {
  readonly kind: "UnaryExpression";
  readonly operator: "-";
  readonly operand: Expression;
  readonly span: Span;
}

export interface BinaryExpression {
  readonly kind: "BinaryExpression";
  readonly operator: "+" | "-" | "*" | "/" | "^";
  readonly left: Expression;
  readonly right: Expression;
  readonly span: Span;
}

/** `500 steps`, `2 epochs`. `unit` is normalised to the plural. */
export interface DurationExpression {
  readonly kind: "DurationExpression";
  readonly amount: Expression;
  readonly unit: "steps" | "epochs";
  readonly span: Span;
}

/** `exponential(0.9) for 10 epochs` */
export interface ForExpression {
  readonly kind: "ForExpression";
  readonly value: Expression;
  readonly duration: Expression;
  readonly span: Span;
}

/** `linear(0.1, 1, 500 steps) then cosine(20 epochs)` */
export interface SequenceExpression {
  readonly kind: "SequenceExpression";
  readonly items: readonly Expression[];
  readonly span: Span;
}

export interface ParenExpression {
  readonly kind: "ParenExpression";
  readonly expression: Expression;
  readonly span: Span;
}

export type Node = File | Statement | Body | Expression | Argument | Identifier | Comment;

/**
 * The nesting of a graph model — block instances, repetitions, branches and residuals — as PyTorch's module
 * tree would show it. The layers themselves are one flat list in topological order (plan.layers); a scope
 * says which of them, and which inner scopes, belong to a block instance, in order. The check table, the
 * language server and the PyTorch target read it; the TypeScript target needs only the flat list.
 */
import type { Span } from "../../grammar/span.ts";

export type ScopeKind = "model" | "block" | "repeat" | "branch" | "residual" | "add" | "concat";

export type ScopeItem = { readonly kind: "layer"; readonly index: number } | { readonly kind: "scope"; readonly scope: ModelScope };

export interface ModelScope {
  readonly kind: ScopeKind;
  /** Dotted path from the model (`layer1.0`), the prefix of every tensor name inside; "" for the model. */
  readonly path: string;
  /** The block definition a block instance expands (`basic`). */
  readonly block: string | undefined;
  /** A block instance's arguments after evaluation, defaults included: `c = 64`, `stride = 2`. */
  readonly args: readonly { readonly name: string; readonly value: string }[];
  /** A residual's shortcut: the identity, or a projection (downsample.0 conv + downsample.1 batch norm). */
  readonly shortcut: "identity" | "projection" | undefined;
  readonly span: Span;
  readonly items: readonly ScopeItem[];
}

/**
 * The names of one module of the tree: a member's full dotted name, and PyTorch-style names for anonymous
 * members (`relu1`, `relu2`) that never take a name the spec writes. An anonymous residual shares its
 * enclosing module's names, as torchvision's BasicBlock holds conv1, bn1 and downsample side by side.
 */
export class Namer {
  private readonly counters = new Map<string, number>();
  private readonly taken = new Set<string>();

  constructor(
    readonly path: string,
    private readonly explicit: ReadonlySet<string>,
  ) {}

  qualify(local: string): string {
    return this.path === "" ? local : `${this.path}.${local}`;
  }

  /** Claims a written name; false when the module already has a member of that name. */
  claim(local: string): boolean {
    if (this.taken.has(local)) return false;
    this.taken.add(local);
    return true;
  }

  anonymous(kind: string): string {
    let n = this.counters.get(kind) ?? 0;
    do n++;
    while (this.explicit.has(`${kind}${n}`) || this.taken.has(`${kind}${n}`));
    this.counters.set(kind, n);
    this.taken.add(`${kind}${n}`);
    return `${kind}${n}`;
  }
}

/** The module tree of a model whose layers could not be built. */
export function emptyScope(span: Span): ModelScope {
  return { kind: "model", path: "", block: undefined, args: [], shortcut: undefined, span, items: [] };
}

/** A scope being filled: the builder appends layers and inner scopes as it walks the statements. */
export class ScopeBuilder {
  readonly items: ScopeItem[] = [];
  shortcut: "identity" | "projection" | undefined;

  constructor(
    readonly kind: ScopeKind,
    readonly names: Namer,
    readonly span: Span,
    readonly block: string | undefined = undefined,
    readonly args: readonly { readonly name: string; readonly value: string }[] = [],
  ) {}

  finish(): ModelScope {
    const { kind, block, args, shortcut, span, items } = this;
    return { kind, path: this.names.path, block, args, shortcut, span, items };
  }
}

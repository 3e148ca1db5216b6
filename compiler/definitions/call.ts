/**
 * What a definition's `plan` reads of a checked call: its name, its arguments through typed reads, and
 * where it was written. compiler/bound.ts's CheckedCall is one; definitions depend on this shape rather than
 * on the binder, so the binder (which reads the registry, which lists the definitions) imports nothing back.
 */
import type { Span } from "../../grammar/span.ts";

/** The typed reads of compiler/bound.ts's BoundValues that definitions use; a misread key is an internal error there. */
export interface Arguments {
  number(key: string): number;
  boolean(key: string): boolean;
  string<T extends string = string>(key: string): T;
  /** `numbers` parameters (Adam's betas). */
  numbers(key: string): readonly number[];
  /** Parameters whose default is "absent" (pooling's stride, from's layer, lbfgs's max_eval, pca_whiten's components). */
  readonly optional: {
    number(key: string): number | undefined;
    string<T extends string = string>(key: string): T | undefined;
    integerOrAll(key: string): number | "all" | undefined;
  };
}

export interface CheckedCall {
  /** The registry entry the call resolved to (an alias already resolved to its name). */
  readonly entry: { readonly name: string };
  readonly args: Arguments;
  /** The call as written, where errors about it point. */
  readonly call: { readonly span: Span };
}

/**
 * The checked arguments of a call, every default filled in, as a definition reads them to build its plan:
 * the typed reads of compiler/bound.ts's BoundValues (a misread key or type is an internal error there).
 * Declared here structurally so definitions depend on no phase of the compiler.
 */
export interface Arguments {
  number(key: string): number;
  boolean(key: string): boolean;
  numbers(key: string): readonly number[];
  string<T extends string = string>(key: string): T;
  /** Parameters whose default is "absent" (lbfgs's max_eval, pca_whiten's components). */
  readonly optional: {
    number(key: string): number | undefined;
    integerOrAll(key: string): number | "all" | undefined;
  };
}

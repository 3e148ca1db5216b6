/**
 * The shape of a registry entry: every callable name of the language (layers, activations, losses,
 * initializers, optimizers, schedules, regularizers, preprocessing steps, data sources) and every setting
 * key is described once, here, and read by the checker, the code generator and the editor services.
 */

/** Where a name may stand. */
export type Role =
  | "layer"
  | "activation"
  | "loss"
  | "initializer"
  | "optimizer"
  | "schedule"
  | "regularizer"
  | "noise"
  | "preprocess"
  | "augment"
  | "view"
  | "source"
  | "metric";

/** The type of one parameter or setting value. */
export type ParamType =
  | { readonly kind: "number" }
  | { readonly kind: "integer" }
  | { readonly kind: "boolean" }
  | { readonly kind: "string" }
  /** A file path: a string, resolved against the spec's folder. */
  | { readonly kind: "path" }
  /** A count with an explicit unit: `500 steps`, `2 epochs`. */
  | { readonly kind: "duration" }
  | { readonly kind: "durations" }
  /** One of a few bare words: `global`, `fan_in`. */
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "numbers"; readonly length?: number }
  | { readonly kind: "integers" }
  /** A class count `N` (labels 0..N−1) or a list of labels to keep, `[5, 6, 7]` (a data source's `classes`). */
  | { readonly kind: "classes" }
  /** An integer or the word `all` (meaning "no limit"). */
  | { readonly kind: "integer_or_all" }
  /** A 2-D size: one integer for a square (`3`) or a list `[h, w]`; bound as the pair [h, w]. */
  | { readonly kind: "size2d" }
  /** A dotted name such as `validation.loss`. */
  | { readonly kind: "reference" }
  /** A list of bare names such as `[fc1, fc2]`. */
  | { readonly kind: "references" }
  /** A call (or bare name) of another registry role: `he_normal()`, `adam(lr = 1e-3)`. */
  | { readonly kind: "call"; readonly role: Role }
  | { readonly kind: "calls"; readonly role: Role }
  /** A schedule expression, possibly `A then B` and `A for 10 epochs`. */
  | { readonly kind: "schedule" };

/** A closed or open interval; the wording is what messages print ("in [0, 1)"). */
export interface Range {
  readonly min: number;
  readonly max: number;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
  readonly text: string;
}

export type DefaultValue = number | boolean | string | readonly number[] | { readonly amount: number; readonly unit: "steps" | "epochs" };

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  /**
   * The default (PyTorch's where PyTorch has one). `undefined` with `required` false means "absent",
   * e.g. one_cycle's `total` (the whole run) or pca_whiten's `components`.
   */
  readonly default?: DefaultValue;
  readonly required?: boolean;
  readonly range?: Range;
  readonly doc: string;
}

export interface RegistryEntry {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly role: Role;
  /** Positional order is the order of this list. */
  readonly params: readonly ParamSpec[];
  /** One line, for completion lists. */
  readonly doc: string;
  /** The formula and when to use it, for hover. */
  readonly details: string;
  /** With exactly one positional argument, it binds to this parameter (`normal(0.01)` is the std). */
  readonly singlePositional?: string;
  /** Parsed but rejected with "not supported yet". */
  readonly reserved?: boolean;
  /**
   * Names people write for this entry that the language does not accept — another concept's name (the
   * lectures' "softmax loss") or another library's — each with why this entry is meant. An unknown name
   * listed here is answered with this entry even when the spelling is not close.
   */
  readonly confusedWith?: Readonly<Record<string, string>>;
  /**
   * A rule between parameters that no single range can state (`uniform(a, b)` needs a < b): given the
   * bound values by name, the parameter to blame and why, or undefined when they agree.
   */
  readonly relation?: (value: (param: string) => unknown) => { readonly param: string; readonly message: string } | undefined;
}

/** A block of settings (`train { }`, a layer's `{ }` overrides...): keys with their types. */
export interface SettingsSpec {
  readonly block: string;
  readonly settings: readonly ParamSpec[];
  /** Nested blocks allowed inside (`schedule`, `early_stopping`, `ema`). */
  readonly blocks: readonly string[];
}

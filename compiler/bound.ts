/**
 * What binding produces: the converted value of every argument of a call and every key of a settings
 * block, read through typed accessors. Binding has already checked each value against its parameter's
 * type (convert.ts), so a typed read that finds another shape, or names a key the registry entry does not
 * declare, is a broken invariant of the compiler (a misspelled key in compiler code), never a user error:
 * it throws with the entry and key named.
 *
 *   call.args.number("lr")                  // a number the entry declares with a default, or required
 *   call.args.optional.number("max_eval")   // number | undefined: a parameter with no default
 *   block.settings.calls("metrics")         // BoundCall[]
 *   call.args.span("momentum")              // where the value was written (or the call, for a default)
 */
// Leaf imports only: the definitions (compiler/definitions/) read their arguments through this file, and
// the registry and the plan types are built from the definitions.
import type { Span } from "../grammar/span.ts";
import type { DurationSetting as Duration } from "../runtime/contract.ts";
import type { RegistryEntry } from "./registry/types.ts";
import type { CallValue, Value } from "./values.ts";

export interface NameRef {
  readonly path: readonly string[];
  readonly span: Span;
}

export type Converted =
  | number
  | boolean
  | string
  | Duration
  | readonly Duration[]
  | readonly number[]
  | NameRef
  | readonly NameRef[]
  | BoundCall
  | readonly BoundCall[]
  | Value
  | undefined;

export interface Bound {
  readonly value: Converted;
  /** The argument's value span, or the call's span for a filled-in default. */
  readonly span: Span;
  readonly given: boolean;
}

export interface BoundCall {
  readonly entry: RegistryEntry;
  readonly call: CallValue;
  readonly args: BoundValues;
}

/** One typed read per parameter type of the registry (registry/types.ts ParamType). */
export interface TypedReads<Maybe> {
  /** `number` and `integer` parameters (a sweep's distribution binds to its default number). */
  number(key: string): number | Maybe;
  boolean(key: string): boolean | Maybe;
  /** `string`, `path` (already resolved) and `enum` parameters; T narrows an enum to its words. */
  string<T extends string = string>(key: string): T | Maybe;
  duration(key: string): Duration | Maybe;
  durations(key: string): readonly Duration[] | Maybe;
  /** `numbers` and `integers` parameters. */
  numbers(key: string): readonly number[] | Maybe;
  /** `classes`: a class count or the labels to keep. */
  classes(key: string): number | readonly number[] | Maybe;
  integerOrAll(key: string): number | "all" | Maybe;
  reference(key: string): NameRef | Maybe;
  references(key: string): readonly NameRef[] | Maybe;
  call(key: string): BoundCall | Maybe;
  calls(key: string): readonly BoundCall[] | Maybe;
  /** A `schedule` parameter, left as an evaluated expression for plan/schedule.ts. */
  schedule(key: string): Value | Maybe;
}

type Guard = (v: NonNullable<Converted>) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isDuration = (v: unknown) => isObject(v) && typeof v.amount === "number" && (v.unit === "steps" || v.unit === "epochs");
const isNameRef = (v: unknown) => isObject(v) && Array.isArray(v.path);
const isCall = (v: unknown) => isObject(v) && isObject(v.entry) && v.args instanceof BoundValues;
const isValue = (v: unknown) => isObject(v) && typeof v.kind === "string";
const listOf = (item: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(item);
const isNumber = (v: unknown) => typeof v === "number";

const guards: Record<keyof TypedReads<never>, [Guard, string]> = {
  number: [isNumber, "a number"],
  boolean: [(v) => typeof v === "boolean", "a boolean"],
  string: [(v) => typeof v === "string", "a string"],
  duration: [isDuration, "a duration"],
  durations: [listOf(isDuration), "a list of durations"],
  numbers: [listOf(isNumber), "a list of numbers"],
  classes: [(v) => isNumber(v) || listOf(isNumber)(v), "a class count or list"],
  integerOrAll: [(v) => isNumber(v) || v === "all", "an integer or `all`"],
  reference: [isNameRef, "a name"],
  references: [listOf(isNameRef), "a list of names"],
  call: [isCall, "a call"],
  calls: [listOf(isCall), "a list of calls"],
  schedule: [isValue, "a schedule expression"],
};

/**
 * The bound values of one call or block by parameter name. It is a Map (reads by `get` and iteration
 * keep working) with typed reads on top: `args.number("lr")` for a value that is always there (given,
 * defaulted or required), `args.optional.number("total")` for one that may be absent.
 */
export class BoundValues<B extends Bound = Bound> extends Map<string, B> implements TypedReads<never> {
  /** Reads of values that may be absent (a parameter with no default that was not given): undefined then. */
  readonly optional: TypedReads<undefined>;

  /**
   * `owner` names the call or block in internal errors (`adam`, `train`); `declared` lists its parameter
   * names, so reading one it does not have is caught.
   */
  constructor(
    readonly owner: string,
    private readonly declared: readonly string[],
  ) {
    super();
    const optional = {} as Record<keyof TypedReads<never>, (key: string) => unknown>;
    for (const name of Object.keys(guards) as (keyof TypedReads<never>)[]) optional[name] = (key) => this.read(key, name, false);
    this.optional = optional as unknown as TypedReads<undefined>;
  }

  number(key: string): number {
    return this.read(key, "number", true) as number;
  }
  boolean(key: string): boolean {
    return this.read(key, "boolean", true) as boolean;
  }
  string<T extends string = string>(key: string): T {
    return this.read(key, "string", true) as T;
  }
  duration(key: string): Duration {
    return this.read(key, "duration", true) as Duration;
  }
  durations(key: string): readonly Duration[] {
    return this.read(key, "durations", true) as readonly Duration[];
  }
  numbers(key: string): readonly number[] {
    return this.read(key, "numbers", true) as readonly number[];
  }
  classes(key: string): number | readonly number[] {
    return this.read(key, "classes", true) as number | readonly number[];
  }
  integerOrAll(key: string): number | "all" {
    return this.read(key, "integerOrAll", true) as number | "all";
  }
  reference(key: string): NameRef {
    return this.read(key, "reference", true) as NameRef;
  }
  references(key: string): readonly NameRef[] {
    return this.read(key, "references", true) as readonly NameRef[];
  }
  call(key: string): BoundCall {
    return this.read(key, "call", true) as BoundCall;
  }
  calls(key: string): readonly BoundCall[] {
    return this.read(key, "calls", true) as readonly BoundCall[];
  }
  schedule(key: string): Value {
    return this.read(key, "schedule", true) as Value;
  }

  /** Where the value was written; for a default, where the call or block is. Undefined for a key left unset. */
  span(key: string): Span | undefined {
    this.checkDeclared(key);
    return this.get(key)?.span;
  }

  /** Whether the spec wrote this key (false for a default or an unset key). */
  given(key: string): boolean {
    this.checkDeclared(key);
    return this.get(key)?.given === true;
  }

  /** Whether the entry has a parameter of this name (`targets` of `csv`, not of `mnist`). */
  declares(key: string): boolean {
    return this.declared.includes(key);
  }

  private read(key: string, type: keyof TypedReads<never>, required: boolean): unknown {
    this.checkDeclared(key);
    const value = this.get(key)?.value;
    if (value === undefined) {
      if (required) throw new Error(`internal: \`${key}\` of \`${this.owner}\` has no value (read it with .optional)`);
      return undefined;
    }
    const [guard, noun] = guards[type];
    if (!guard(value)) throw new Error(`internal: \`${key}\` of \`${this.owner}\` is not ${noun}`);
    return value;
  }

  private checkDeclared(key: string): void {
    if (!this.declared.includes(key)) throw new Error(`internal: \`${this.owner}\` has no parameter \`${key}\``);
  }
}

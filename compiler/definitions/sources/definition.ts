/**
 * What a data source is, once, for every phase. A file source (idx, csv) has its registry entry, its plan
 * (a DataSourcePlan variant of compiler/ir.ts), and the expression that loads it in the generated module
 * (a runtime loader) and in the PyTorch script (the script's loader); `classes` and `limit`/`fraction`,
 * which every file source takes, are applied around that expression by codegen/emit-data.ts and
 * pytorch/emit-data.ts. `split` is not a file: it holds out part of the training set, which the data
 * emitters do themselves, so its definition is its entry and plan.
 */
import type { Span } from "../../../grammar/span.ts";
import type { DataSourcePlan, SubsetPlan } from "../../ir.ts";
import type { RegistryEntry } from "../../registry/types.ts";
import type { Arguments } from "../call.ts";

/** What every file source's plan carries besides its own fields, present only when the spec gives it. */
export interface SelectedRows {
  readonly classes?: readonly number[];
  readonly subset?: SubsetPlan;
}

/** The reads a source's plan needs besides those of every definition. */
export interface SourceArguments extends Arguments {
  readonly optional: Arguments["optional"] & { numbers(key: string): readonly number[] | undefined };
}

export interface FileSourceDefinition<K extends DataSourcePlan["kind"]> {
  readonly kind: "file";
  readonly entry: RegistryEntry;
  plan(args: SourceArguments, rows: SelectedRows, span: Span): Extract<DataSourcePlan, { readonly kind: K }>;
  /** The generated module's load: `await loader(…)`, with `path` turning a spec path into its expression. */
  typescript(
    plan: Extract<DataSourcePlan, { readonly kind: K }>,
    path: (p: string) => string,
  ): { readonly loader: string; readonly load: string };
  /** The PyTorch script's load, likewise. */
  pytorch(plan: Extract<DataSourcePlan, { readonly kind: K }>, path: (p: string) => string): string;
}

export interface SplitDefinition {
  readonly kind: "split";
  readonly entry: RegistryEntry;
  plan(args: Arguments): { readonly kind: "split"; readonly fraction: number };
}

export function defineFileSource<K extends DataSourcePlan["kind"]>(definition: FileSourceDefinition<K>): FileSourceDefinition<K> {
  return definition;
}

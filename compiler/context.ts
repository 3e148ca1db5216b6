/** What the checks and lints see: the bound blocks, the layers with their shapes, the schedules. */
import type { File } from "../grammar/ast.ts";
import type { Span } from "../grammar/span.ts";
import type { BoundCall } from "./bind.ts";
import type { LayerInfo } from "./plan/layers.ts";
import type { ModelScope } from "./plan/model-scope.ts";
import type { ScheduleDraft } from "./plan/schedule.ts";
import type { BlockSettings, SettingsContext } from "./settings.ts";
import type { DataHeaderInfo, HeaderFormat } from "../runtime/data/header.ts";

export interface CheckOptions {
  /** The spec's path as the user gave it; becomes `Plan.source`. */
  readonly source: string;
  /** Folder that relative paths in the spec resolve against. */
  readonly baseDir: string;
  /**
   * Size of the training set after the validation split, when the caller knows it (e.g. after loading the
   * data). Enables converting epochs to steps with ceil(trainSize / batch_size).
   */
  readonly trainSize?: number;
  /**
   * Reads data-file headers so the checker can compare the data with the spec (checks/data-files.ts); the
   * CLI reads at once, the language server from a cache it fills in the background. Absent: no data checks.
   */
  readonly dataHeaders?: DataHeaderSource;
}

/** What a header lookup knows: the facts, why the file cannot be used, or nothing yet (a read is under way). */
export type HeaderLookup =
  | { readonly state: "ok"; readonly info: DataHeaderInfo }
  | { readonly state: "error"; readonly message: string }
  | { readonly state: "pending" };

export interface DataHeaderSource {
  lookup(path: string, format: HeaderFormat): HeaderLookup;
}

export interface CheckContext extends SettingsContext {
  readonly file: File;
  readonly options: CheckOptions;
  /** A zero-width span at the start of the file, for "missing block" errors. */
  readonly fileStart: Span;
  readonly model: BlockSettings | undefined;
  readonly data: BlockSettings | undefined;
  readonly train: BlockSettings | undefined;
  readonly inputShape: readonly number[] | undefined;
  readonly inputSize: number | undefined;
  readonly layers: readonly LayerInfo[];
  /** False when a layer had errors and is missing from `layers`. */
  readonly layersComplete: boolean;
  /** The module tree of the layers (plan/model-scope.ts). */
  readonly scopes: ModelScope;
  readonly loss: BoundCall | undefined;
  readonly optimizer: BoundCall | undefined;
  readonly schedules: readonly ScheduleDraft[];
  readonly stepsPerEpoch: number | undefined;
}

/** A structural rule or a lint: reads the context, pushes diagnostics to `ctx.out`. */
export interface Rule {
  readonly name: string;
  run(ctx: CheckContext): void;
}

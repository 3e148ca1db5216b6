/** What the checks and lints see: the bound blocks, the layers with their shapes, the schedules. */
import type { File } from "../grammar/ast.ts";
import type { Span } from "../grammar/span.ts";
import type { BoundCall } from "./bind.ts";
import type { LayerInfo } from "./plan/layers.ts";
import type { ScheduleDraft } from "./plan/schedule.ts";
import type { BlockSettings, SettingsContext } from "./settings.ts";

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

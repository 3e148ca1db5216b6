/**
 * What the CLI thread and the training thread of `nnc train` say to each other. Training runs in a worker
 * thread so the CLI thread's event loop stays free: a synchronous training loop on the main thread would
 * hold back SIGINT and SIGTERM handlers until the run ended. The CLI thread asks for a pause through a
 * shared flag the loop reads between optimizer steps (Atomics, no event-loop turn needed).
 */
import type { BatchProgress, EpochMetrics, TrainResult } from "../../runtime/index.ts";
import type { RunFolderBytes } from "../../runtime/train/disk-usage.ts";

/** What the training thread starts with, before its job: the runtime to load while the spec is compiled. */
export interface TrainingThreadData {
  readonly runtimeUrl: string;
}

/** The one job the training thread gets, as a message, once the generated module is written. */
export interface TrainJob {
  /** The generated module (file URL), already written by the CLI thread. */
  readonly moduleUrl: string;
  readonly epochs?: number;
  readonly steps?: number;
  readonly seed?: number;
  readonly initFrom?: string;
  readonly resumeFrom?: string;
  readonly outDir: string;
  readonly threads?: number;
  /** Int32 flag: 0 train on, 1 pause after the current step (STOP_REQUESTED). */
  readonly stop: SharedArrayBuffer;
}

export const STOP_REQUESTED = 1;

export type TrainEvent =
  | { readonly kind: "data"; readonly train: number; readonly validation: number | undefined; readonly test: number | undefined }
  | { readonly kind: "batch"; readonly progress: BatchProgress }
  | { readonly kind: "epoch"; readonly metrics: EpochMetrics }
  | { readonly kind: "nan"; readonly message: string }
  /** Before the first step: how much disk the run folder will hold (runtime/train/disk-usage.ts). */
  | { readonly kind: "disk"; readonly disk: RunFolderBytes }
  | { readonly kind: "done"; readonly result: TrainResult }
  /** `text` is the message reportError would print; the CLI thread prints it and exits with `exitCode`. */
  | { readonly kind: "failed"; readonly text: string; readonly exitCode: number };

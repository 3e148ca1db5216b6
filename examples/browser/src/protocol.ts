/** Messages between the page (main.ts) and the training worker (train-worker.ts). */
import type { TrainResult } from "nnc/runtime";

export interface TrainRequest {
  readonly kind: "train";
  /** Data-parallel threads to ask for (undefined: let nnc choose). */
  readonly threads: number | undefined;
  /** Overrides the spec's epochs (undefined: the spec's). */
  readonly epochs: number | undefined;
  /** false: the training thread always waits for its workers (tests; see TrainOptions.takeBack). */
  readonly takeBack: boolean | undefined;
  /** "train": call the generated train() and send back its whole result (no boundary or checkpoint). */
  readonly api: "train" | undefined;
}

export type WorkerReply =
  | {
      readonly kind: "epoch";
      readonly epoch: number;
      readonly epochs: number;
      readonly loss: number;
      readonly accuracy: number | null;
      readonly valAccuracy: number | null;
    }
  | {
      readonly kind: "done";
      readonly threads: { readonly count: number; readonly reason: string; readonly workerShards: number };
      readonly history: readonly { readonly train_loss: number; readonly train_accuracy: number | null }[];
      /** The data set (raw 2-D points and labels) and the predicted class of each cell of a GRID × GRID grid over [−1, 1]². */
      readonly points: Float32Array;
      readonly labels: Int32Array;
      readonly grid: Int32Array;
      readonly checkpoint: Uint8Array;
    }
  | { readonly kind: "result"; readonly result: TrainResult }
  | { readonly kind: "error"; readonly message: string };

/** Cells per side of the decision-boundary grid. */
export const GRID = 100;
/** The grid spans [−EXTENT, EXTENT]² (the spiral lies within [−1, 1]²). */
export const EXTENT = 1.1;

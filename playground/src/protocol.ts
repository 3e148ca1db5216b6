/** Messages between the page and its workers (compile-worker.ts, train-worker.ts). */
import type { Boundary, Histogram } from "./plots.ts";

export interface CompileRequest {
  readonly id: number;
  readonly spec: string;
  /** Absolute URL the generated module imports the runtime from. */
  readonly runtimeUrl: string;
}

export type CompileReply =
  | { readonly id: number; readonly kind: "compiled"; readonly typescript: string; readonly javascript: string; readonly twoD: boolean }
  | { readonly id: number; readonly kind: "errors"; readonly count: number }
  | { readonly id: number; readonly kind: "failed"; readonly message: string };

export interface TrainRequest {
  /** The generated module, as JavaScript. */
  readonly javascript: string;
  readonly runtimeUrl: string;
  /** Data files by the names a spec uses (built-in sets, the examples' data/, uploads). */
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** Set to 1 by the page to stop after the current step (only when the page is cross-origin isolated). */
  readonly stopFlag: SharedArrayBuffer | undefined;
  readonly threads: number | undefined;
}

export interface StepPoint {
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  readonly accuracy: number | null;
}

export type TrainReply =
  | { readonly kind: "started"; readonly threads: string; readonly trainRows: number; readonly steps: number | undefined }
  | { readonly kind: "steps"; readonly epoch: number; readonly points: readonly StepPoint[] }
  | {
      readonly kind: "epoch";
      readonly epoch: number;
      readonly step: number;
      readonly trainLoss: number | null;
      readonly trainAccuracy: number | null;
      readonly valLoss: number | null;
      readonly valAccuracy: number | null;
      readonly ratios: Record<string, number>;
    }
  | {
      readonly kind: "snapshot";
      readonly activations: readonly Histogram[];
      readonly weights: readonly Histogram[];
      readonly boundary: Boundary | undefined;
      readonly points: readonly (readonly [number, number, number])[];
    }
  | {
      readonly kind: "done";
      readonly stopped: boolean;
      readonly steps: number;
      readonly checkpoint: Uint8Array;
      readonly metrics: string;
      readonly summary: string;
    }
  | { readonly kind: "error"; readonly message: string };

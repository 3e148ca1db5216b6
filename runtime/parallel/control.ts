/**
 * The control block a data-parallel worker shares with the training thread: four Int32 words (state,
 * first row and row count of the shard, correct predictions) and two Float64 words (the shard's
 * gradient scale, its loss) over one 32-byte SharedArrayBuffer. Only the state word is written by both
 * sides, with Atomics; whoever sets it hands the rest of the block to the other side.
 */
export const CONTROL_BYTES = 32;

/** Int32 indices. */
export const STATE = 0;
export const ROW0 = 1;
export const ROWS = 2;
export const CORRECT = 3;

/** Float64 indices. */
export const GRAD_MUL = 2;
export const LOSS = 3;

/**
 * States. The training thread moves EMPTY → ATTACH, READY → STEP, READY → DETACH, and takes a step back
 * (STEP → READY) that the worker has not begun; the worker answers.
 */
export const EMPTY = 0;
/** An attach message (AttachMessage) waits on the port; the worker builds its replica, then READY or FAILED. */
export const ATTACH = 1;
export const READY = 2;
/** ROW0, ROWS and GRAD_MUL are set; the worker claims the step (RUNNING) or the training thread takes it back. */
export const STEP = 3;
/** The worker computes, writes LOSS and CORRECT, then READY (or FAILED). */
export const RUNNING = 6;
/** The worker drops its replica, then EMPTY. */
export const DETACH = 4;
/** The worker posted an error message on the port and takes no more work. */
export const FAILED = 5;
/**
 * A PreloadMessage waits on the port: the worker imports that module, so that a later attach finds it
 * loaded, then EMPTY. The training thread may replace PRELOAD by ATTACH at any time.
 */
export const PRELOAD = 7;

export interface PreloadMessage {
  readonly kind: "preload";
  readonly moduleUrl: string;
}

/** What a worker needs to build a replica and see the batch: all byte offsets into `placement.memory`. */
export interface AttachMessage {
  readonly kind: "attach";
  readonly moduleUrl: string;
  readonly placement: { readonly memory: WebAssembly.Memory; readonly params: number; readonly stats: number; readonly at: number };
  readonly precision: "f32" | "f64";
  readonly batch: {
    readonly capacity: number;
    readonly x: number;
    readonly xLength: number;
    readonly labels: number;
    readonly labelsLength: number;
    readonly targets: number;
    readonly targetsLength: number;
  };
}

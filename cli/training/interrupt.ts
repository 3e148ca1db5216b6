/**
 * Ctrl-C (SIGINT) and SIGTERM during `nnc train`. The first signal asks the training thread to pause after
 * the step it is computing: it then writes checkpoint, training state and metrics (each atomically, see
 * runtime/checkpoint/atomic.ts) and the CLI thread writes the report and exits 130. A second signal exits
 * at once: a write in progress leaves only a temporary file (removed by the next run in the folder), never
 * a half-written checkpoint, so the folder still holds the last complete one.
 */
import { STOP_REQUESTED } from "./events.ts";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Exit status of a process ended by SIGINT, as shells report it (128 + 2). */
export const INTERRUPTED_EXIT = 130;

export class Interrupts {
  private count = 0;
  private readonly handler = (signal: NodeJS.Signals) => {
    this.count += 1;
    if (this.count === 1) {
      Atomics.store(this.flag, 0, STOP_REQUESTED);
      this.onFirst(signal);
    } else this.onSecond(signal);
  };

  constructor(
    private readonly flag: Int32Array,
    private readonly onFirst: (signal: NodeJS.Signals) => void,
    private readonly onSecond: (signal: NodeJS.Signals) => void,
  ) {
    for (const s of SIGNALS) process.on(s, this.handler);
  }

  get requested(): boolean {
    return this.count > 0;
  }

  /** Back to the default: a signal ends the process. */
  remove(): void {
    for (const s of SIGNALS) process.off(s, this.handler);
  }
}

// A data-parallel worker thread (runtime/parallel/pool.ts). Plain JavaScript because nothing TypeScript
// can load in this thread until tsx's loader is registered here; then worker.ts serves. A failure to
// start is posted on the port and flagged in the control block (state 5, FAILED), so the training thread
// learns of it without an event loop turn.
import { workerData } from "node:worker_threads";

try {
  const { register } = await import("tsx/esm/api");
  register();
  const { serve } = await import("./worker.ts");
  await serve(workerData.control, workerData.port);
} catch (e) {
  workerData.port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  const state = new Int32Array(workerData.control, 0, 1);
  Atomics.store(state, 0, 5);
  Atomics.notify(state, 0);
}

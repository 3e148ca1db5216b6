// A data-parallel worker thread (runtime/parallel/pool.ts). Plain JavaScript because a worker does not
// inherit the main thread's loaders: in a clone, worker.ts sits beside this file and is loaded through tsx
// (registered here first); in the installed package the compiled worker.js does. A failure to start is
// posted on the port and flagged in the control block (state 5, FAILED), so the training thread learns of
// it without an event loop turn.
import { existsSync } from "node:fs";
import { workerData } from "node:worker_threads";

try {
  const source = new URL("./worker.ts", import.meta.url);
  let body = "./worker.js";
  if (existsSync(source)) {
    (await import("tsx/esm/api")).register();
    body = source.href;
  }
  const { serve } = await import(body);
  await serve(workerData.control, workerData.port);
} catch (e) {
  workerData.port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  const state = new Int32Array(workerData.control, 0, 1);
  Atomics.store(state, 0, 5);
  Atomics.notify(state, 0);
}

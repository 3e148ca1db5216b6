/**
 * The body of a browser data-parallel Web Worker (web-pool.ts): its script imports a generated module and
 * calls `serveReplicas(module)`. Idle (EMPTY), the worker waits in its event loop for an attach message;
 * attached, it builds the replica, answers READY and serves steps, blocked in Atomics.wait between them,
 * until the training thread detaches it (DETACH → EMPTY) and it returns to its event loop.
 */
import { CONTROL_BYTES, DETACH, EMPTY, FAILED, READY, STATE, STEP, UPDATE, type AttachMessage } from "./control.ts";
import { attachReplica, awaitChange, serveStep, serveUpdate, type Attached, type ReplicaSource } from "./replica-steps.ts";
import { post, type ControlBlock } from "./signal.ts";
import { ERROR_BYTES } from "./web-pool.ts";

interface WorkerScope {
  addEventListener(type: "message", listener: (e: MessageEvent) => void): void;
  postMessage(message: unknown): void;
}

export function serveReplicas(module: ReplicaSource): void {
  const scope = globalThis as unknown as WorkerScope;
  let block: ControlBlock | undefined;
  let errorArea: Uint8Array | undefined;
  const fail = (e: unknown) => {
    const text = new TextEncoder().encode(e instanceof Error ? (e.stack ?? e.message) : String(e)).subarray(0, ERROR_BYTES);
    errorArea!.set(text, 4);
    new Int32Array(errorArea!.buffer, CONTROL_BYTES, 1)[0] = text.length;
    post(block!, FAILED);
  };
  scope.addEventListener("message", (e: MessageEvent) => {
    const m = e.data as { kind: "start"; control: SharedArrayBuffer } | AttachMessage;
    if (m.kind === "start") {
      block = { ints: new Int32Array(m.control, 0, CONTROL_BYTES / 4), floats: new Float64Array(m.control, 0, CONTROL_BYTES / 8) };
      errorArea = new Uint8Array(m.control, CONTROL_BYTES, 4 + ERROR_BYTES);
      scope.postMessage({ kind: "started" });
      return;
    }
    if (m.kind !== "attach" || !block) return;
    try {
      const attached: Attached = attachReplica(module, m);
      post(block, READY);
      serveSteps(block, attached);
      post(block, EMPTY);
    } catch (err) {
      fail(err);
    }
  });
}

/** Steps until the training thread detaches this replica (or a step throws). */
function serveSteps(block: ControlBlock, attached: Attached): void {
  for (;;) {
    const state = Atomics.load(block.ints, STATE);
    if (state === STEP) serveStep(block, attached);
    else if (state === UPDATE) serveUpdate(block, attached);
    else if (state === DETACH) return;
    else awaitChange(block.ints, state);
  }
}

/**
 * The body of a Node data-parallel worker thread: build a replica of the model the training thread names
 * (importing its generated module), then loop: wait for a step, compute this worker's shard into the
 * replica's own gradients, hand back; wait for the update, reduce and update this worker's range of the
 * params, hand back. Everything it reads or writes besides the control block is in the
 * model's shared memory; nothing is copied per step. Messages are drained synchronously from the port
 * (receiveMessageOnPort), so the thread never returns to its event loop.
 */
import type { MessagePort } from "node:worker_threads";
import { nodeWorkerThreads } from "../node.ts";
import { ATTACH, DETACH, EMPTY, FAILED, PRELOAD, READY, STATE, STEP, UPDATE, type AttachMessage, type PreloadMessage } from "./control.ts";
import { post, type ControlBlock } from "./signal.ts";
import { attachReplica, awaitChange, serveStep, serveUpdate, type Attached, type ReplicaSource } from "./replica-steps.ts";

export async function serve(control: SharedArrayBuffer, port: MessagePort): Promise<void> {
  const { receiveMessageOnPort } = nodeWorkerThreads("data-parallel worker threads");
  const ints = new Int32Array(control);
  const block: ControlBlock = { ints, floats: new Float64Array(control) };
  let attached: Attached | undefined;
  for (;;) {
    const state = Atomics.load(ints, STATE);
    try {
      if (state === STEP) {
        serveStep(block, attached);
      } else if (state === UPDATE) {
        serveUpdate(block, attached);
      } else if (state === PRELOAD) {
        const m = receiveMessageOnPort(port)?.message as PreloadMessage;
        await import(m.moduleUrl);
        if (Atomics.compareExchange(ints, STATE, PRELOAD, EMPTY) === PRELOAD) Atomics.notify(ints, STATE);
      } else if (state === ATTACH) {
        // A preload message may still be queued ahead of the attach message that replaced it.
        let m = receiveMessageOnPort(port)?.message as PreloadMessage | AttachMessage;
        while (m.kind !== "attach") m = receiveMessageOnPort(port)?.message as PreloadMessage | AttachMessage;
        attached = attachReplica((await import(m.moduleUrl)) as ReplicaSource, m);
        post(block, READY);
      } else if (state === DETACH) {
        attached = undefined;
        post(block, EMPTY);
      } else {
        awaitChange(ints, state);
      }
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      post(block, FAILED);
      return;
    }
  }
}

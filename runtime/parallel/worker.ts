/**
 * The body of a data-parallel worker: build a replica of the model the training thread names (importing
 * its generated module), then loop: wait for a step, compute this worker's shard into the replica's own
 * gradients, hand back. Everything it reads or writes besides the control block is in the model's shared
 * memory; nothing is copied per step.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { Arena } from "../arena.ts";
import type { ReplicaPlacement } from "../arena-region.ts";
import type { CompiledModel } from "../train/model.ts";
import { ATTACH, CORRECT, DETACH, EMPTY, FAILED, GRAD_MUL, LOSS, PRELOAD, READY, ROW0, ROWS, RUNNING, STATE, STEP, type AttachMessage, type PreloadMessage } from "./control.ts";
import { shardCorrect, shardLossAndGradient, type SharedBatch } from "./shard.ts";

interface GeneratedModule {
  readonly SEED: number;
  readonly Model: new (seed: number, replica: ReplicaPlacement) => CompiledModel;
}

/**
 * After handing back a shard, a worker polls for the next step this long before it sleeps: the next
 * step comes after the training thread's serial part (reduction, update, next batch; ~0.35 ms for B1),
 * sooner than a sleeping thread wakes. B1 on 2 threads, 3 runs each: 1.45–1.62 s without polling on
 * either side, 1.39–1.49 s with this and the training thread's (pool.ts).
 */
const POLL_MS = 1;

export async function serve(control: SharedArrayBuffer, port: MessagePort): Promise<void> {
  const ints = new Int32Array(control);
  const floats = new Float64Array(control);
  const post = (state: number) => {
    Atomics.store(ints, STATE, state);
    Atomics.notify(ints, STATE);
  };
  let replica: CompiledModel | undefined;
  let batch: SharedBatch | undefined;
  let classification = false;
  for (;;) {
    const state = Atomics.load(ints, STATE);
    try {
      if (state === STEP) {
        // The training thread takes back a step no worker has begun; whichever side wins the exchange computes it.
        if (Atomics.compareExchange(ints, STATE, STEP, RUNNING) !== STEP) continue;
        if (!replica || !batch) throw new Error("internal: a step before any replica was attached");
        const row0 = ints[ROW0];
        const rows = ints[ROWS];
        replica.zeroGradients();
        floats[LOSS] = shardLossAndGradient(replica, batch, row0, rows, floats[GRAD_MUL]);
        ints[CORRECT] = classification ? shardCorrect(replica, batch, row0, rows) : 0;
        post(READY);
      } else if (state === PRELOAD) {
        const m = receiveMessageOnPort(port)?.message as PreloadMessage;
        await import(m.moduleUrl);
        if (Atomics.compareExchange(ints, STATE, PRELOAD, EMPTY) === PRELOAD) Atomics.notify(ints, STATE);
      } else if (state === ATTACH) {
        // A preload message may still be queued ahead of the attach message that replaced it.
        let m = receiveMessageOnPort(port)?.message as PreloadMessage | AttachMessage;
        while (m.kind !== "attach") m = receiveMessageOnPort(port)?.message as PreloadMessage | AttachMessage;
        const module = (await import(m.moduleUrl)) as GeneratedModule;
        replica = new module.Model(module.SEED, m.placement);
        batch = sharedBatch(m);
        classification = replica.definition.task === "classification";
        post(READY);
      } else if (state === DETACH) {
        replica = undefined;
        batch = undefined;
        post(EMPTY);
      } else {
        if (state === READY) {
          const until = performance.now() + POLL_MS;
          while (Atomics.load(ints, STATE) === READY && performance.now() < until);
          if (Atomics.load(ints, STATE) !== READY) continue;
        }
        Atomics.wait(ints, STATE, state);
      }
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      post(FAILED);
      return;
    }
  }
}

function sharedBatch(m: AttachMessage): SharedBatch {
  const arena = Arena.of(m.placement.memory);
  const b = m.batch;
  return {
    x: arena.floatsAt(m.precision, b.x, b.xLength),
    labels: arena.intsAt(b.labels, b.labelsLength),
    targets: arena.floatsAt(m.precision, b.targets, b.targetsLength),
    capacity: b.capacity,
  };
}

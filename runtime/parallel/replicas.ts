/**
 * The replicas of a data-parallel run, on the training thread: replica k's place in the model's shared
 * memory (it reads the model's params, stats and optimizer state where they are and lays out its own
 * gradients and buffers in a block reserved for it), and the attach message that has worker k build the
 * same replica over the same bytes.
 */
import { Arena } from "../arena.ts";
import type { CompiledModel, ReplicaPlacement } from "../contract.ts";
import type { AttachMessage } from "./control.ts";
import type { SharedBatch } from "./shard.ts";

export interface Replicas {
  /** Index k − 1 holds replica k. */
  readonly models: CompiledModel[];
  /** Index k − 1 holds worker k's attach message. */
  readonly messages: AttachMessage[];
}

/** `count` replicas of `model` (generated, its buffers in one Arena with `batch`). */
export function buildReplicas(model: CompiledModel, batch: SharedBatch, memory: WebAssembly.Memory, count: number): Replicas {
  const home = Arena.of(memory);
  const view = (a: ArrayBufferView) => a.byteOffset;
  const placements: ReplicaPlacement[] = [];
  const models: CompiledModel[] = [];
  for (let k = 0; k < count; k++) {
    const placement: ReplicaPlacement = {
      memory,
      params: view(model.params),
      stats: view(model.stats),
      optimizerState: (model.optimizerState?.() ?? []).map((s) => view(s.data)),
      at: home.bytes(model.replication!.bytes).byteOffset,
    };
    placements.push(placement);
    models.push(model.replicate!(placement));
  }
  const grads = { model: view(model.grads), replicas: models.map((r) => view(r.grads)), length: model.grads.length };
  const messages: AttachMessage[] = placements.map((placement) => ({
    kind: "attach",
    moduleUrl: model.replication!.moduleUrl,
    placement,
    precision: model.definition.precision,
    batch: {
      capacity: batch.capacity,
      x: view(batch.x),
      xLength: batch.x.length,
      labels: view(batch.labels),
      labelsLength: batch.labels.length,
      targets: view(batch.targets),
      targetsLength: batch.targets.length,
    },
    grads,
  }));
  return { models, messages };
}

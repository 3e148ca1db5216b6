/**
 * Data-parallel gradients over T threads: each step's batch is split into T shards of rows (shard.ts);
 * shard 0 runs on the training thread through the model itself, shard k > 0 through replica k (same
 * params, its own gradients and buffers in the same shared memory), normally in worker k. Replica k's
 * gradient is then added into the model's in the order k = 1, 2, …, and the loop makes one optimizer
 * update. Shard k's gradient is scaled by rows_k / n, so the sum is the whole batch's mean-loss gradient.
 *
 * Determinism. A shard's numbers depend only on its rows and on the code, never on the thread that ran
 * it, and the reduction order is fixed, so a run's results depend on the seed and T alone. That is what
 * lets the training thread stand in for a worker: replica k exists on the training thread too (the same
 * bytes as the worker's), and until worker k has started — or if it fails — the training thread computes
 * shard k itself. Training starts at once instead of waiting a few hundred milliseconds for workers to
 * load, and a worker that cannot start slows training down but does not change it. For the same reason
 * the training thread takes back a shard its worker has not begun by the time its own shard is done
 * (the worker's core is busy with another process), rather than waiting for it.
 *
 * Against one thread the results differ only by float rounding: a weight gradient is a sum over rows,
 * and splitting the rows changes the order of that sum.
 */
import { Arena, arenaOf } from "../arena.ts";
import type { ReplicaPlacement } from "../contract.ts";
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";
import { simdAddInto } from "../wasm/add.ts";
import { ATTACH, CORRECT, FAILED, GRAD_MUL, LOSS, READY, ROW0, ROWS, RUNNING, STATE, STEP, type AttachMessage } from "./control.ts";
import { inNode } from "../node.ts";
import { nodePool } from "./pool.ts";
import { post, waitWhile, type ControlBlock, type WorkerPool } from "./signal.ts";
import { webPool } from "./web-pool.ts";
import { shardCorrect, shardLossAndGradient, shardRows, shardStart, type SharedBatch } from "./shard.ts";

export class DataParallel {
  readonly threads: number;
  /** Correct predictions over the whole batch of the last lossAndGradient (classification). */
  correct = 0;
  /** Shards computed by workers and by the training thread standing in for one, for reports and tests. */
  readonly shardsBy = { workers: 0, standIn: 0 };
  /** Why a worker stopped helping, if one did (its shards then ran on the training thread). */
  failure: string | undefined;
  private readonly model: CompiledModel;
  private readonly batch: SharedBatch;
  /** Index k − 1 holds replica k / worker k. */
  private readonly replicas: CompiledModel[] = [];
  private readonly pool: WorkerPool;
  private readonly workers: (ControlBlock | undefined)[];
  private readonly posted: boolean[];
  private readonly classification: boolean;
  private readonly takeBack: boolean;

  /**
   * `model` must be generated (replicate, replication) with its params in an Arena; `batch` must live in
   * the same memory. Options, for tests and benchmarks (training uses the defaults): `startWorkers`
   * false runs every shard on this thread, the numbers of a `threads`-thread run without the threads;
   * `takeBack` false always waits for a worker that was handed a shard.
   */
  constructor(
    model: CompiledModel,
    batch: SharedBatch,
    threads: number,
    options: { startWorkers?: boolean; takeBack?: boolean; pool?: WorkerPool } = {},
  ) {
    const arena = arenaOf(model.params);
    if (!model.replicate || !model.replication || arena === null)
      throw new Error("internal: data-parallel training needs a generated model in an Arena");
    if (arenaOf(batch.x)?.memory !== arena.memory) throw new Error("internal: the data-parallel batch must live in the model's memory");
    this.model = model;
    this.batch = batch;
    this.threads = threads;
    this.classification = model.definition.task === "classification";
    const memory = arena.memory;
    const home = Arena.of(memory);
    const precision = model.definition.precision;
    const view = (a: ArrayBufferView) => a.byteOffset;
    const messages: AttachMessage[] = [];
    for (let k = 1; k < threads; k++) {
      const placement: ReplicaPlacement = {
        memory,
        params: view(model.params),
        stats: view(model.stats),
        at: home.bytes(model.replication.bytes).byteOffset,
      };
      this.replicas.push(model.replicate(placement));
      messages.push({
        kind: "attach",
        moduleUrl: model.replication.moduleUrl,
        placement,
        precision,
        batch: {
          capacity: batch.capacity,
          x: view(batch.x),
          xLength: batch.x.length,
          labels: view(batch.labels),
          labelsLength: batch.labels.length,
          targets: view(batch.targets),
          targetsLength: batch.targets.length,
        },
      });
    }
    this.takeBack = options.takeBack ?? true;
    this.pool = options.pool ?? ((inNode ? nodePool : webPool) as WorkerPool);
    this.workers = (options.startWorkers ?? true) ? this.pool.take(threads - 1, model) : new Array<undefined>(threads - 1).fill(undefined);
    this.workers.forEach((w, i) => w && this.pool.attach(w, messages[i]));
    this.posted = new Array<boolean>(threads - 1).fill(false);
  }

  /**
   * The model.lossAndGradient of the whole batch (rows [0, n) of the shared batch), computed in shards:
   * adds the batch's gradient times gradMul to model.grads and returns the batch's mean loss.
   */
  lossAndGradient(n: number, gradMul: number): number {
    const T = this.threads;
    for (let k = 1; k < T; k++) {
      const rows = shardRows(n, T, k);
      const w = this.workers[k - 1];
      const state = w === undefined ? FAILED : Atomics.load(w.ints, STATE);
      if (state === FAILED && w !== undefined) this.retire(k);
      this.posted[k - 1] = rows > 0 && state === READY;
      if (this.posted[k - 1]) {
        w!.ints[ROW0] = shardStart(n, T, k);
        w!.ints[ROWS] = rows;
        w!.floats[GRAD_MUL] = (gradMul * rows) / n;
        post(w!, STEP);
      }
    }
    const rows0 = shardRows(n, T, 0);
    let loss = 0;
    let correct = 0;
    if (rows0 > 0) {
      loss = (this.model.lossAndGradient(this.batch.x, this.batch.labels, this.batch.targets, rows0, (gradMul * rows0) / n) * rows0) / n;
      correct = this.classification ? shardCorrect(this.model, this.batch, 0, rows0) : 0;
    }
    for (let k = 1; k < T; k++) {
      const rows = shardRows(n, T, k);
      if (rows === 0 || this.posted[k - 1]) continue;
      const r = this.standIn(k, n, gradMul);
      loss += r.loss;
      correct += r.correct;
    }
    for (let k = 1; k < T; k++) {
      if (!this.posted[k - 1]) continue;
      const w = this.workers[k - 1]!;
      // A worker that has not begun its shard by now is not running (another process has its core):
      // computing the shard here is faster than waiting, and gives the same numbers.
      if (this.takeBack && Atomics.compareExchange(w.ints, STATE, STEP, READY) === STEP) {
        const r = this.standIn(k, n, gradMul);
        loss += r.loss;
        correct += r.correct;
      } else if (waitWhile(w, STEP, RUNNING) === FAILED) {
        this.retire(k);
        const r = this.standIn(k, n, gradMul);
        loss += r.loss;
        correct += r.correct;
      } else {
        this.shardsBy.workers += 1;
        loss += (w.floats[LOSS] * shardRows(n, T, k)) / n;
        correct += w.ints[CORRECT];
      }
    }
    const G = this.model.grads;
    for (let k = 1; k < T; k++) if (shardRows(n, T, k) > 0) addInto(G, this.replicas[k - 1].grads);
    this.correct = correct;
    return loss;
  }

  /**
   * Blocks until every worker has built its replica (or failed), for at most timeoutMs; true when all are
   * ready. Training never needs this (the training thread stands in meanwhile); tests and benchmarks that
   * want every shard from a worker do.
   */
  waitForWorkers(timeoutMs: number): boolean {
    const deadline = performance.now() + timeoutMs;
    for (const w of this.workers) {
      if (w === undefined) return false;
      for (let s = Atomics.load(w.ints, STATE); s !== READY; s = Atomics.load(w.ints, STATE)) {
        const left = deadline - performance.now();
        if (s !== ATTACH || left <= 0) return false;
        Atomics.wait(w.ints, STATE, ATTACH, left);
      }
    }
    return true;
  }

  /** Hands the workers back to the pool (their replicas are dropped); the model is untouched. */
  close(): void {
    for (const w of this.workers) if (w !== undefined) this.pool.release(w);
    this.workers.fill(undefined);
  }

  /** Shard k on the training thread, through replica k. */
  private standIn(k: number, n: number, gradMul: number): { loss: number; correct: number } {
    const T = this.threads;
    const row0 = shardStart(n, T, k);
    const rows = shardRows(n, T, k);
    const replica = this.replicas[k - 1];
    replica.zeroGradients();
    const loss = shardLossAndGradient(replica, this.batch, row0, rows, (gradMul * rows) / n);
    this.shardsBy.standIn += 1;
    return { loss: (loss * rows) / n, correct: this.classification ? shardCorrect(replica, this.batch, row0, rows) : 0 };
  }

  private retire(k: number): void {
    const w = this.workers[k - 1]!;
    this.failure ??= `worker ${k} failed; its shards ran on the training thread: ${this.pool.failure(w)}`;
    this.pool.release(w);
    this.workers[k - 1] = undefined;
  }
}

/** dst += src, elementwise: the same float32 additions on either path. */
function addInto(dst: FloatArray, src: FloatArray): void {
  if (simdAddInto(dst, src)) return;
  for (let i = 0; i < dst.length; i++) dst[i] += src[i];
}

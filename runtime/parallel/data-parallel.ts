/**
 * Data-parallel gradients over T threads: each step's batch is split into T shards of rows (shard.ts);
 * shard 0 runs on the training thread through the model itself, shard k > 0 through replica k (same
 * params, its own gradients and buffers in the same shared memory), normally in worker k. Replica k's
 * gradient is then added into the model's in the order k = 1, 2, …, and the loop makes one optimizer
 * update. Shard k's gradient is scaled by rows_k / n, so the sum is the whole batch's mean-loss gradient.
 * The training loop has update() make that step: each thread adds the gradients over its range of the
 * params, updates and checks that range (update-range.ts), so neither the reduction nor the update waits
 * on one thread.
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
import { arenaOf } from "../arena.ts";
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";
import { addInto } from "../dispatch/merge.ts";
import { updateCuts, type UpdateStep } from "../optimizers/update-step.ts";
import {
  ATTACH,
  CORRECT,
  FAILED,
  FINITE,
  FROM,
  GRAD_MUL,
  LOSS,
  READY,
  REDUCE,
  ROW0,
  ROWS,
  RUNNING,
  STATE,
  STEP,
  TO,
  UPDATE,
  UPDATING,
  writeUpdateStep,
} from "./control.ts";
import { buildReplicas } from "./replicas.ts";
import { updateParamRange } from "./update-range.ts";
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
  /** Ranges of the update (after the training thread's own) done by workers and by the training thread standing in for one. */
  readonly rangesBy = { workers: 0, standIn: 0 };
  /** Why a worker stopped helping, if one did (its shards then ran on the training thread). */
  failure: string | undefined;
  private readonly model: CompiledModel;
  private readonly batch: SharedBatch;
  /** Index k − 1 holds replica k / worker k. */
  private readonly replicas: CompiledModel[];
  private readonly replicaGrads: FloatArray[];
  private readonly pool: WorkerPool;
  private readonly workers: (ControlBlock | undefined)[];
  private readonly posted: boolean[];
  private readonly classification: boolean;
  private readonly takeBack: boolean;
  /** Where update() cuts the params into one range per thread (updateCuts); undefined for a model without updateRange. */
  private readonly cuts: readonly number[] | undefined;
  /** Bit k − 1 set: replica k's gradients of the last batch are not yet in the model's. */
  private unreduced = 0;

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
    const { models, messages } = buildReplicas(model, batch, arena.memory, threads - 1);
    this.replicas = models;
    this.replicaGrads = models.map((r) => r.grads);
    this.cuts = model.updateRange !== undefined ? updateCuts(model.updateGroups ?? [], model.params.length, threads) : undefined;
    this.takeBack = options.takeBack ?? true;
    this.pool = options.pool ?? ((inNode ? nodePool : webPool) as WorkerPool);
    this.workers = (options.startWorkers ?? true) ? this.pool.take(threads - 1, model) : new Array<undefined>(threads - 1).fill(undefined);
    this.workers.forEach((w, i) => w && this.pool.attach(w, messages[i]));
    this.posted = new Array<boolean>(threads - 1).fill(false);
  }

  /**
   * The model.lossAndGradient of the whole batch (rows [0, n) of the shared batch), computed in shards:
   * adds the batch's gradient times gradMul to model.grads and returns the batch's mean loss. With
   * `reduce` false the replicas' gradients are left for update() to add, each thread over its range;
   * model.grads then holds only shard 0's until update() (or the next call, which adds them first).
   */
  lossAndGradient(n: number, gradMul: number, reduce = true): number {
    const T = this.threads;
    this.reduce();
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
    for (let k = 1; k < T; k++) if (shardRows(n, T, k) > 0) this.unreduced |= 1 << (k - 1);
    if (reduce) this.reduce();
    this.correct = correct;
    return loss;
  }

  /** Whether update() can split the optimizer step by parameter range (every first-order model can). */
  get splitsUpdate(): boolean {
    return this.cuts !== undefined;
  }

  /**
   * The model's update() with its ranges on every thread: the training thread takes the step's values
   * (model.nextUpdateStep) and each thread adds the replicas' gradients still unreduced over its range
   * of the params, updates it and checks it is finite; then the constraints. Returns whether every param
   * is finite. A range its worker has not begun by the time the training thread's own is done is taken
   * back, as a shard is; the bytes are the same whichever thread updates a range.
   */
  update(): boolean {
    const model = this.model;
    const cuts = this.cuts;
    if (cuts === undefined) throw new Error("internal: DataParallel.update needs a model with updateRange (a first-order optimizer)");
    const step = model.nextUpdateStep!();
    const T = this.threads;
    for (let k = 1; k < T; k++) {
      const w = this.workers[k - 1];
      const state = w === undefined ? FAILED : Atomics.load(w.ints, STATE);
      if (state === FAILED && w !== undefined) this.retire(k);
      this.posted[k - 1] = state === READY && cuts[k] < cuts[k + 1];
      if (this.posted[k - 1]) {
        w!.ints[FROM] = cuts[k];
        w!.ints[TO] = cuts[k + 1];
        w!.ints[REDUCE] = this.unreduced;
        writeUpdateStep(w!.floats, step);
        post(w!, UPDATE);
      }
    }
    let finite = this.updateHere(step, 0);
    for (let k = 1; k < T; k++) if (!this.posted[k - 1]) finite = this.updateHere(step, k) && finite;
    for (let k = 1; k < T; k++) {
      if (!this.posted[k - 1]) continue;
      const w = this.workers[k - 1]!;
      if (this.takeBack && Atomics.compareExchange(w.ints, STATE, UPDATE, READY) === UPDATE) {
        finite = this.updateHere(step, k) && finite;
      } else if (waitWhile(w, UPDATE, UPDATING) === FAILED) {
        // Part of the range may be updated already, and an update cannot be repeated: the run stops here.
        const why = this.pool.failure(w);
        this.retire(k);
        throw new Error(`worker ${k} failed while updating params [${cuts[k]}, ${cuts[k + 1]}), which are now partly updated: ${why}`);
      } else {
        this.rangesBy.workers += 1;
        finite = w.ints[FINITE] === 1 && finite;
      }
    }
    this.unreduced = 0;
    model.applyConstraints?.();
    return finite;
  }

  /** Adds the replicas' gradients still apart (lossAndGradient with `reduce` false) into the model's, on this thread. */
  reduce(): void {
    const G = this.model.grads;
    for (let k = 1; k < this.threads; k++)
      if ((this.unreduced & (1 << (k - 1))) !== 0) addInto(this.replicaGrads[k - 1], 0, G, 0, G.length);
    this.unreduced = 0;
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

  /** Range k of the update on the training thread (through the primary: it sees the same params and state). */
  private updateHere(step: UpdateStep, k: number): boolean {
    const cuts = this.cuts!;
    if (k > 0) this.rangesBy.standIn += 1;
    return updateParamRange(this.model, this.model.grads, this.replicaGrads, this.unreduced, step, cuts[k], cuts[k + 1]);
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

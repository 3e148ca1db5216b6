/**
 * The training loop every generated module hands its model to: epochs of mini-batches (or L-BFGS full
 * batches), gradient accumulation, EMA weights, periodic evaluation, reduce-on-plateau, early stopping
 * with best-weights restore, atomic checkpoints and metrics.json. The hot path is the model's own
 * specialised code; this file only sequences it.
 */
import { arenaOf } from "../arena.ts";
import type { StepProfile } from "./profile.ts";
import { inNode, nodeFs, nodePath } from "../node.ts";
import { Batcher } from "../data/batcher.ts";
import type { Dataset } from "../data/dataset.ts";
import { countCorrect } from "../kernels/losses.ts";
import { writeFileAtomic } from "../checkpoint/atomic.ts";
import { fittedToJson } from "../data/fitted.ts";
import { copyInto, emaUpdate } from "../memory.ts";
import type { FloatArray } from "../types.ts";
import type { LoadedData } from "./data.ts";
import { evaluateModel, type EvaluationResult } from "./evaluate.ts";
import { divergedError, parametersFinite } from "./divergence.ts";
import { EarlyStopping } from "./early-stopping.ts";
import type { CompiledModel } from "../contract.ts";
import { DEFAULT_KEEP_LAST, pruneSnapshots, saveSnapshot } from "./snapshot.ts";
import { estimateRunFolder, type RunFolderBytes } from "./disk-usage.ts";
import { isCycleEnd, SnapshotEnsemble, type SnapshotEnsembleResult } from "./snapshot-ensemble.ts";
import { updateWeightRatios } from "../practice/update-ratio.ts";
import { readCheckpoint, writeCheckpoint, type EpochProgress, type LoopExtras } from "./resume.ts";
import { gradientsFinite, NanGuard } from "./nan-policy.ts";
import { StepLog } from "./step-log.ts";
import { gemmThreads, setGemmThreads, stopHelpers } from "../wasm/threads.ts";
import { chooseThreads, threadInputsOf, type ThreadChoice } from "../parallel/thread-count.ts";
import { browserThreadChoice, startWebWorkers } from "../parallel/web-pool.ts";
import { DataParallel } from "../parallel/data-parallel.ts";
import { setStepsPerEpoch } from "../schedules/steps-per-epoch.ts";

export interface BatchProgress {
  readonly epoch: number;
  readonly epochs: number | undefined;
  readonly batch: number;
  readonly batches: number;
  readonly step: number;
  /** The step this call will stop at when it runs to its end: the planned run's last step, or the --steps budget's (an estimate when accumulation groups straddle epochs). */
  readonly lastStep: number;
  /** The step this call started from (0, or where a resume picked up). */
  readonly firstStep: number;
  /** The epoch's running mean loss. */
  readonly loss: number;
  readonly accuracy: number | undefined;
  readonly lr: number;
  readonly samplesPerSecond: number;
}

/** One entry of metrics.json's `epochs` array (names are read by other tools: keep them). */
export interface EpochMetrics {
  epoch: number;
  /** Null for an epoch in which no batch was trained (on_nan = skip_batch skipped them all). */
  train_loss: number | null;
  train_accuracy: number | null;
  val_loss: number | null;
  val_accuracy: number | null;
  lr: number;
  seconds: number;
  samples_per_second: number;
  /** ‖Δw‖/‖w‖ per weight matrix, measured on the epoch's first optimizer step. */
  update_weight_ratio?: Record<string, number>;
  /** Optimizer steps taken by the end of the epoch (places the epoch on a per-step axis). */
  step?: number;
  /** Only in metrics.json of a run paused inside an epoch: the batches of it done so far. */
  partial_batches?: number;
  [extra: string]: number | null | Record<string, number> | undefined;
}

export interface TrainOptions {
  /** The planned run's length in epochs (overrides the spec's epochs or steps). */
  readonly epochs?: number;
  /**
   * At most this many optimizer steps in this call; the run pauses there (inside an epoch if need be)
   * with a checkpoint that `resumeFrom` continues toward the planned end.
   */
  readonly steps?: number;
  /** Asked after every optimizer step: true pauses the run as `steps` would (Ctrl-C in `nnc train`). */
  readonly shouldStop?: () => boolean;
  readonly seed?: number;
  readonly initFrom?: string;
  /** Folder for checkpoint.safetensors, training-state.safetensors and metrics.json. */
  readonly outDir?: string;
  readonly data?: LoadedData;
  readonly onBatch?: (p: BatchProgress) => void;
  readonly onEpoch?: (m: EpochMetrics) => void;
  /** Continue exactly where the run that wrote DIR/training-state.safetensors stopped. */
  readonly resumeFrom?: string;
  /** Called once before the first step with an estimate of the disk the output folder will take (with outDir). */
  readonly onStart?: (info: { readonly disk: RunFolderBytes }) => void;
  /** Called when on_nan skips a batch or restores the last checkpoint. */
  readonly onNanRecovery?: (e: { action: "skip" | "restore"; step: number; epoch: number; lrScale: number; message: string }) => void;
  /** Threads for data-parallel training (1 = single-threaded); default NNC_THREADS, else chosen (runtime/parallel/thread-count.ts). */
  readonly threads?: number;
  /**
   * For tests and benchmarks: false makes the training thread always wait for a worker it handed a shard,
   * instead of computing the shard itself when the worker has not begun it (runtime/parallel/data-parallel.ts).
   * The numbers are the same either way; only which thread computed each shard changes.
   */
  readonly takeBack?: boolean;
}

export interface TrainResult {
  readonly epochs: EpochMetrics[];
  readonly test: EvaluationResult | undefined;
  readonly stoppedEarly: boolean;
  readonly bestEpoch: number | undefined;
  readonly steps: number;
  readonly seconds: number;
  /** With `snapshot_ensemble`: the members (one per completed lr cycle) and their averaged accuracy. */
  readonly snapshotEnsemble?: SnapshotEnsembleResult;
  /**
   * Threads the gradients were computed on (data-parallel), the threads a large product or convolution
   * could use (helpers, when the batch was not split), and why (e.g. why a model could not be split).
   */
  readonly threads: {
    readonly count: number;
    readonly kernels: number;
    readonly reason: string;
    /** Batch shards computed by data-parallel workers (the rest ran on the training thread, standing in while a worker started). */
    readonly workerShards: number;
  };
  /** Set when the run paused before its planned end (the `steps` budget, or `shouldStop`); the checkpoint resumes it. */
  readonly paused?: RunPause;
  /** Loss and learning rate of every optimizer step so far (from the first step of the run, across resumes). */
  /** Per optimizer step: loss, lr and every other scheduled hyperparameter (runtime/train/step-log.ts). */
  readonly perStep: { readonly loss: readonly number[]; readonly lr: readonly number[]; readonly [scheduled: string]: readonly number[] };
  /** A paused epoch's running metrics (its batches so far), for metrics.json. */
  readonly partialEpoch?: EpochMetrics;
  /** With a profiled module (`nnc train --profile`): where the steps' time went. */
  readonly profile?: StepProfile;
  /**
   * Batches on_nan = skip_batch dropped over the run (from the epochs' `skipped_batches`) and the batches
   * tried in all (dropped + trained), so a caller can tell a run that mostly skipped from a trained one.
   */
  readonly skipped: { readonly batches: number; readonly of: number };
}

export interface RunPause {
  readonly reason: "steps" | "interrupt";
  /** The epoch in progress (1-based) when paused inside one, else the last finished epoch. */
  readonly epoch: number;
  /** Batches of that epoch done (0 when paused at an epoch's end). */
  readonly batch: number;
  readonly batches: number;
  readonly step: number;
}

function copyOf(a: FloatArray): FloatArray {
  return a instanceof Float64Array ? Float64Array.from(a) : Float32Array.from(a);
}

/** Evaluates with the EMA weights swapped in, when EMA is on. */
function evaluateWith(model: CompiledModel, ema: FloatArray | undefined, scratch: FloatArray | undefined, data: Dataset): EvaluationResult {
  if (!ema || !scratch) return evaluateModel(model, data);
  copyInto(model.params, 0, scratch, 0, scratch.length);
  copyInto(ema, 0, model.params, 0, ema.length);
  try {
    return evaluateModel(model, data);
  } finally {
    copyInto(scratch, 0, model.params, 0, scratch.length);
  }
}

export function runTraining(model: CompiledModel, data: LoadedData, options: TrainOptions = {}): TrainResult {
  const T = model.definition.training;
  setStepsPerEpoch(model, data.train.n);
  if (options.epochs === undefined && options.steps === undefined && T.epochs === undefined && T.steps === undefined) {
    throw new RangeError("the training length is unknown: give epochs or steps");
  }
  // The batch lives in the model's shared memory when the model's buffers do: the SIMD kernels then read
  // it in place, and data-parallel workers can see their shards of it.
  const arena = arenaOf(model.params) ?? undefined;
  const batcher = new Batcher(data.train, T.batchSize, T.shuffle, model.rng, model.definition.precision, arena);
  const choice = threadChoiceOf(model, options.threads);
  const parallel =
    choice.threads > 1
      ? new DataParallel(model, { x: batcher.x, labels: batcher.labels, targets: batcher.targets, capacity: T.batchSize }, choice.threads, {
          takeBack: options.takeBack,
        })
      : undefined;
  // With data-parallel workers every thread is in use and kernelThreads is 1; without them, large
  // products and convolutions split their work across helper threads instead.
  const gemm = gemmThreads();
  setGemmThreads(choice.kernelThreads);
  try {
    return trainLoop(model, data, options, batcher, parallel, choice.reason, choice.kernelThreads);
  } finally {
    parallel?.close();
    setGemmThreads(gemm);
    // Helper threads hold instances over this model's memory; ending them lets it be freed with the model.
    if (choice.kernelThreads > 1) stopHelpers();
  }
}

/** The threads a run of `model` trains on here (as runTraining chooses them), and why. */
export function threadChoiceOf(model: CompiledModel, requested: number | undefined): ThreadChoice {
  const choice = chooseThreads(threadInputsOf(model, arenaOf(model.params) !== null), requested);
  return inNode ? choice : browserThreadChoice(choice, model);
}

/**
 * What a generated module's `train()` calls: runTraining, after (in a browser) starting the run's Web
 * Workers and waiting for their scripts to load, which a browser does only while this thread's event loop
 * runs. In Node the workers start during the run (the training thread stands in meanwhile; see
 * runtime/parallel/data-parallel.ts), so this is runTraining.
 */
export async function trainModel(model: CompiledModel, data: LoadedData, options: TrainOptions = {}): Promise<TrainResult> {
  if (!inNode) {
    const choice = threadChoiceOf(model, options.threads);
    // A worker that cannot start fails its first shard, which the training thread then computes; the result says why.
    if (choice.threads > 1) await startWebWorkers(model, choice.threads - 1);
  }
  return runTraining(model, data, options);
}

function trainLoop(
  model: CompiledModel,
  data: LoadedData,
  options: TrainOptions,
  batcher: Batcher,
  parallel: DataParallel | undefined,
  threadsReason: string,
  kernelThreads: number,
): TrainResult {
  const def = model.definition;
  const T = def.training;
  // The planned run: --epochs overrides the spec's length; `steps` is only this call's budget.
  const epochs = options.epochs ?? T.epochs;
  const plannedSteps = options.epochs === undefined ? T.steps : undefined;
  if (options.outDir)
    nodeFs("an output folder (outDir)", "in a browser, leave outDir unset and take checkpointBytes(model)").mkdirSync(options.outDir, {
      recursive: true,
    });

  const ema = T.ema ? copyOf(model.params) : undefined;
  const scratch = T.ema ? copyOf(model.params) : undefined;
  const best = T.earlyStopping ? new EarlyStopping(T.earlyStopping, model.params, model.stats) : undefined;
  let history: EpochMetrics[] = [];
  const stepLog = new StepLog();
  const started = performance.now();
  let stoppedEarly = false;
  let micro = 0;
  let lrScale = 1;
  const buffers = { ema, bestParams: best?.params, bestStats: best?.stats };
  const guard = new NanGuard(T.onNan ?? "stop", 0);
  const cycles = T.snapshotEnsemble;
  const snapshots = cycles
    ? new SnapshotEnsemble(data.test ?? data.validation, data.test ? "test" : data.validation ? "validation" : undefined)
    : undefined;

  // Resume and restore_last both reload a checkpoint written by `checkpoint` below.
  // Set when the reloaded checkpoint was taken inside an epoch: that epoch goes on from the same batch.
  let inEpoch: EpochProgress | undefined;
  const reload = (dir: string) => {
    const r = readCheckpoint(model, dir, buffers);
    if (r.batcher) batcher.setState(r.batcher);
    inEpoch = r.extras.partial;
    micro = r.extras.micro;
    history = r.extras.history as EpochMetrics[];
    stepLog.restore(r.tensors, r.extras.stepPending);
    if (best && r.extras.best) best.setState(r.extras.best);
    lrScale = r.extras.lrScale;
    return r.extras;
  };
  if (options.resumeFrom !== undefined) guard.restores = reload(options.resumeFrom).nanRestores;
  if (guard.policy === "restore_last") {
    // Every generated update() reads its rate through lrAt, so scaling it here scales every optimizer's step.
    const baseLrAt = model.lrAt.bind(model);
    model.lrAt = (step: number, epoch: number) => baseLrAt(step, epoch) * lrScale;
  }

  // Where this call ends when nothing stops it early: the planned run's end, or the step budget's.
  const firstStep = model.step;
  const budgetEnd = options.steps !== undefined ? firstStep + options.steps : undefined;
  const stepsPerEpoch = T.fullBatch ? 1 : batcher.batchesPerEpoch / T.accumulate;
  const plannedEnd = plannedSteps ?? (epochs !== undefined ? Math.ceil(epochs * stepsPerEpoch) : Infinity);
  const lastStep = Math.min(plannedEnd, budgetEnd ?? Infinity);
  if (options.outDir)
    options.onStart?.({ disk: estimateRunFolder(model, plannedEnd, epochs ?? Math.ceil(plannedEnd / stepsPerEpoch), data.train.n) });
  // Asked only between optimizer steps, so a pause never splits an accumulation group.
  const pauseReason = (): RunPause["reason"] | undefined =>
    budgetEnd !== undefined && model.step >= budgetEnd ? "steps" : options.shouldStop?.() === true ? "interrupt" : undefined;
  let paused: RunPause["reason"] | undefined;
  let pausedInside: EpochProgress | undefined;
  let partialEpoch: EpochMetrics | undefined;

  const checkpoint = (exportParams?: FloatArray, exportStats?: FloatArray, partial?: EpochProgress) => {
    if (!options.outDir) return;
    const pending = stepLog.pending();
    const extras: LoopExtras = {
      micro,
      history,
      best: best?.state(),
      batchesTracked: [...model.batchesTracked],
      lrScale,
      nanRestores: guard.restores,
      ...(partial ? { partial } : {}),
      ...(pending[1] > 0 ? { stepPending: pending } : {}),
    };
    const metadata = { epoch: String(model.epoch), step: String(model.step), preprocessing: fittedToJson(data.preprocessing) };
    writeCheckpoint(
      model,
      options.outDir,
      { batcher: batcher.getState(), extras, metadata, exportParams, exportStats, records: stepLog.tensors() },
      buffers,
    );
  };
  if (guard.policy === "restore_last" && options.resumeFrom === undefined) checkpoint();

  /** After a fault on_nan = restore_last survives: reload the last checkpoint at a lower rate; returns the epoch loop's index. */
  const restoreAfterFault = (epoch: number): number => {
    const faultStep = model.step;
    reload(options.outDir!);
    lrScale = 0.5 ** guard.restores;
    options.onNanRecovery?.({
      action: "restore",
      step: faultStep,
      epoch,
      lrScale,
      message: `restored the checkpoint of epoch ${model.epoch} after a NaN/Inf at step ${faultStep}; learning rate ×${lrScale}`,
    });
    return model.epoch - 1;
  };

  // L-BFGS evaluates the full-batch objective several times per step; the first evaluation is at the
  // step's starting point, which is what the epoch's train loss and accuracy report (as PyTorch's
  // LBFGS.step returns the loss of its first closure call).
  let closureCalls = 0;
  let closureCorrect = 0;
  const fullBatchClosure = () => {
    model.zeroGradients();
    let loss = 0;
    let correct = 0;
    batcher.startEpoch();
    for (let n = batcher.next(); n > 0; n = batcher.next()) {
      loss += model.lossAndGradient(batcher.x, batcher.labels, batcher.targets, n, n / data.train.n) * (n / data.train.n);
      if (def.task === "classification") correct += countCorrect(n, def.outputSize, model.forwardOutput(), 0, batcher.labels, 0);
    }
    if (closureCalls++ === 0) closureCorrect = correct;
    return loss;
  };

  // One step per epoch is measured for the update/weight ratio; the copy is the only extra work.
  const ratioBefore = copyOf(model.params);
  for (let epoch = model.epoch; epochs === undefined || epoch < epochs; epoch++) {
    if (plannedSteps !== undefined && model.step >= plannedSteps) break;
    let restored = false;
    const epochStart = performance.now();
    // A resume inside this epoch carries on with its sums (and skips the reshuffle: the batcher state has the order).
    const carried = inEpoch;
    inEpoch = undefined;
    let epochRatios: Record<string, number> | undefined = carried?.ratios;
    let lossSum = carried?.lossSum ?? 0;
    let correct = carried?.correct ?? 0;
    let seen = carried?.seen ?? 0;
    let batch = carried?.batch ?? 0;
    let skippedInEpoch = 0;
    const lr = model.lrAt(model.step, model.epoch);
    // Reported per epoch: the rate of the epoch's last step (the one a warm-up or decay has reached).
    let lastLr = lr;
    if (T.fullBatch) {
      closureCalls = 0;
      const loss = model.lbfgsStep!(fullBatchClosure);
      if (!Number.isFinite(loss) || !parametersFinite(model)) throw divergedError(model, `loss ${loss}`, model.step, epoch, lr);
      stepLog.fullBatchStep(loss, lr, model.scheduledValues?.(model.step - 1, model.epoch));
      lossSum = loss * data.train.n;
      correct = closureCorrect;
      seen = data.train.n;
    } else {
      if (carried === undefined) batcher.startEpoch();
      // With a profiled module (`nnc train --profile`), each phase of the step adds its time to model.profile.
      const profile = model.profile;
      let mark = profile ? performance.now() : 0;
      for (let n = batcher.next(); n > 0; n = batcher.next()) {
        if (profile) mark = profile.phase("batch", mark);
        if (micro % T.accumulate === 0) model.zeroGradients();
        const stepLr = model.lrAt(model.step, model.epoch);
        lastLr = stepLr;
        model.augmentBatch?.(batcher.x, batcher.labels, n);
        if (profile) mark = profile.phase("zero gradients, augment", mark);
        const timedInside = profile ? profile.measuredMs() : 0;
        // weight_noise: this batch's forward and backward run at perturbed weights (data-parallel replicas read
        // the same shared params); the update then applies to the restored, noise-free ones.
        model.perturbWeights?.();
        const loss = parallel
          ? parallel.lossAndGradient(n, 1 / T.accumulate)
          : model.lossAndGradient(batcher.x, batcher.labels, batcher.targets, n, 1 / T.accumulate);
        model.restoreWeights?.();
        // The layers and the loss were timed inside the model; what is left is the call's own overhead.
        if (profile)
          mark = profile.phase(
            parallel ? "data-parallel workers, reduction" : "between layers",
            mark + (profile.measuredMs() - timedInside),
          );
        // The gradient test is only needed when a fault may be survived; under "stop" a bad gradient shows in the parameters.
        const fault = !Number.isFinite(loss)
          ? `loss ${loss}`
          : guard.policy !== "stop" && !gradientsFinite(model.grads)
            ? "a gradient became NaN or Inf"
            : undefined;
        if (fault !== undefined) {
          const action = guard.onFault(
            model,
            fault,
            Number.isFinite(loss) ? "gradients" : "loss",
            model.step + 1,
            epoch,
            stepLr,
            options.outDir !== undefined,
          );
          if (action === "skip") {
            // The accumulation group restarts: its earlier micro-batches' gradients are dropped with this one.
            micro -= micro % T.accumulate;
            model.zeroGradients();
            stepLog.dropPending();
            skippedInEpoch++;
            options.onNanRecovery?.({
              action,
              step: model.step + 1,
              epoch,
              lrScale,
              message: `skipped a batch at step ${model.step + 1}: ${fault}`,
            });
            continue;
          }
          restored = true;
          break;
        }
        guard.ok();
        lossSum += loss * n;
        seen += n;
        stepLog.addBatch(loss, n);
        if (def.task === "classification")
          correct += parallel ? parallel.correct : countCorrect(n, def.outputSize, model.forwardOutput(), 0, batcher.labels, 0);
        micro += 1;
        if (micro % T.accumulate === 0) {
          if (!epochRatios) ratioBefore.set(model.params);
          if (profile) mark = profile.phase("metrics", mark);
          model.update();
          stepLog.endStep(stepLr, model.scheduledValues?.(model.step - 1, model.epoch));
          if (profile) mark = profile.phase("optimizer update", mark);
          epochRatios ??= updateWeightRatios(model, ratioBefore);
          if (!parametersFinite(model)) {
            guard.onFault(model, "a parameter became NaN or Inf", "parameters", model.step, epoch, stepLr, options.outDir !== undefined);
            restored = true;
            break;
          }
          // Warm-up of the average (as TensorFlow's ExponentialMovingAverage with num_updates): early on the
          // decay is (1 + t)/(10 + t), so the average is not dominated by the random initial weights.
          if (profile) mark = profile.phase("finite check", mark);
          if (ema)
            emaUpdate(
              ema,
              model.params,
              ema.length,
              Math.min(model.emaDecayAt(model.step - 1, model.epoch), (1 + model.step) / (10 + model.step)),
            );
          if (profile) {
            if (ema) mark = profile.phase("EMA", mark);
            profile.steps += 1;
          }
        }
        batch += 1;
        if (
          T.checkpointEvery?.unit === "steps" &&
          micro % T.accumulate === 0 &&
          model.step % T.checkpointEvery.amount === 0 &&
          options.outDir
        ) {
          checkpoint(undefined, undefined, { lossSum, seen, correct, batch, ...(epochRatios ? { ratios: epochRatios } : {}) });
          saveSnapshot(
            model,
            options.outDir,
            { epoch: String(model.epoch), step: String(model.step), preprocessing: fittedToJson(data.preprocessing) },
            ema,
            "step",
          );
          pruneSnapshots(options.outDir, "step", T.keepLast ?? DEFAULT_KEEP_LAST);
        }
        if (options.onBatch) {
          const seconds = (performance.now() - epochStart) / 1000;
          options.onBatch({
            epoch,
            epochs,
            batch,
            batches: batcher.batchesPerEpoch,
            step: model.step,
            firstStep,
            lastStep,
            loss: lossSum / seen,
            accuracy: def.task === "classification" ? correct / seen : undefined,
            lr: stepLr,
            samplesPerSecond: seen / Math.max(seconds, 1e-9),
          });
        }
        if (profile) mark = profile.phase("progress, checkpoints", mark);
        if (plannedSteps !== undefined && model.step >= plannedSteps) break;
        if (micro % T.accumulate === 0 && (paused = pauseReason()) !== undefined) {
          // Paused inside the epoch: its sums go into the checkpoint and a resume finishes it. Paused after
          // its last batch, the epoch ends here as it would have anyway.
          if (batch < batcher.batchesPerEpoch)
            pausedInside = { lossSum, seen, correct, batch, ...(epochRatios ? { ratios: epochRatios } : {}) };
          break;
        }
      }
    }
    if (restored) {
      epoch = restoreAfterFault(epoch);
      continue;
    }
    const seconds = (performance.now() - epochStart) / 1000;
    if (pausedInside) {
      partialEpoch = partialEpochMetrics(def.task, model.epoch + 1, model.step, lastLr, pausedInside, seconds);
      if (skippedInEpoch > 0) partialEpoch.skipped_batches = skippedInEpoch;
      break;
    }
    model.epoch = epoch + 1;
    // An epoch whose every batch was skipped has no train loss (NaN here, null in the metrics): 0 would be a lie.
    const trained = seen > 0;
    const train = { loss: trained ? lossSum / seen : NaN, accuracy: def.task === "classification" && trained ? correct / seen : undefined };
    const evaluateNow = evaluationDue(T.evaluateEvery, model.epoch, model.step, model.stepsPerEpoch ?? 1);
    const val = data.validation && evaluateNow ? evaluateWith(model, ema, scratch, data.validation) : undefined;
    if (val && !Number.isFinite(val.loss)) {
      // A non-finite validation loss is a fault like a training one: stop, or under restore_last go back.
      guard.onFault(model, `validation loss ${val.loss}`, "validation", model.step, epoch, lastLr, options.outDir !== undefined);
      epoch = restoreAfterFault(epoch);
      continue;
    }
    const entry: EpochMetrics = {
      epoch: model.epoch,
      train_loss: trained ? train.loss : null,
      train_accuracy: train.accuracy ?? null,
      val_loss: val?.loss ?? null,
      val_accuracy: val?.accuracy ?? null,
      lr: lastLr,
      seconds,
      samples_per_second: seen / Math.max(seconds, 1e-9),
      step: model.step,
      ...(skippedInEpoch > 0 ? { skipped_batches: skippedInEpoch } : {}),
      ...(epochRatios ? { update_weight_ratio: epochRatios } : {}),
    };
    for (const [k, v] of Object.entries(val?.topK ?? {})) entry[`val_${k}`] = v;
    history.push(entry);
    const observed: Record<string, number> = trained ? { "train.loss": train.loss } : {};
    if (train.accuracy !== undefined) observed["train.accuracy"] = train.accuracy;
    if (val) {
      observed["validation.loss"] = val.loss;
      if (val.accuracy !== undefined) observed["validation.accuracy"] = val.accuracy;
      for (const [k, v] of Object.entries(val.topK)) observed[`validation.${k}`] = v;
    }
    model.onEvaluation(observed);
    options.onEpoch?.(entry);

    if (best && val && best.observe(model.epoch, train, val, ema ?? model.params, model.stats)) stoppedEarly = true;
    const periodic = T.checkpointEvery?.unit === "epochs" && model.epoch % T.checkpointEvery.amount === 0;
    if (periodic) checkpoint();
    const cycleEnd = snapshots && cycles && isCycleEnd(model.epoch, cycles.T0, cycles.Tmult);
    if (cycleEnd) snapshots.add(model, ema, scratch);
    if ((periodic || cycleEnd) && options.outDir) {
      saveSnapshot(
        model,
        options.outDir,
        { epoch: String(model.epoch), step: String(model.step), preprocessing: fittedToJson(data.preprocessing) },
        ema,
      );
      pruneSnapshots(
        options.outDir,
        "epoch",
        T.keepLast ?? DEFAULT_KEEP_LAST,
        (n) => cycles !== undefined && isCycleEnd(n, cycles.T0, cycles.Tmult),
      );
    }
    if (stoppedEarly) break;
    // Between epochs (L-BFGS steps once per epoch; a pause after an epoch's last batch lands here too).
    const planOver = (epochs !== undefined && model.epoch >= epochs) || (plannedSteps !== undefined && model.step >= plannedSteps);
    if (planOver) paused = undefined;
    else if ((paused ??= pauseReason()) !== undefined) break;
  }

  // What gets evaluated and saved: the best weights when early stopping restores them, else the EMA
  // average when EMA is on (it is what validation measured), else the last weights.
  // The final checkpoint keeps the training weights in its state file, so `--resume` can train on from it.
  const useBest = best?.restoresBest === true;
  const exportParams = useBest ? best.params : ema;
  checkpoint(exportParams, useBest ? best.stats : undefined, pausedInside);
  if (exportParams) copyInto(exportParams, 0, model.params, 0, exportParams.length);
  if (useBest) copyInto(best.stats, 0, model.stats, 0, best.stats.length);
  // An interrupted run leaves at once; a run paused by its step budget is still measured, as a finished one is.
  const test = data.test && paused !== "interrupt" ? evaluateModel(model, data.test) : undefined;
  const pause: RunPause | undefined =
    paused === undefined
      ? undefined
      : {
          reason: paused,
          epoch: pausedInside ? model.epoch + 1 : model.epoch,
          batch: pausedInside?.batch ?? 0,
          batches: batcher.batchesPerEpoch,
          step: model.step,
        };
  const seconds = (performance.now() - started) / 1000;
  const skippedBatches = [...history, ...(partialEpoch ? [partialEpoch] : [])].reduce(
    (s, e) => s + (typeof e.skipped_batches === "number" ? e.skipped_batches : 0),
    0,
  );
  const result: TrainResult = {
    epochs: history,
    test,
    stoppedEarly,
    bestEpoch: best && best.epoch > 0 ? best.epoch : undefined,
    steps: model.step,
    seconds,
    ...(snapshots ? { snapshotEnsemble: snapshots.result() } : {}),
    threads: {
      count: parallel?.threads ?? 1,
      kernels: kernelThreads,
      reason: parallel?.failure ?? threadsReason,
      workerShards: parallel?.shardsBy.workers ?? 0,
    },
    perStep: stepLog.toJson(),
    ...(pause ? { paused: pause } : {}),
    ...(partialEpoch ? { partialEpoch } : {}),
    ...(model.profile ? { profile: model.profile } : {}),
    skipped: { batches: skippedBatches, of: skippedBatches + model.step * T.accumulate },
  };
  if (options.outDir)
    writeFileAtomic(
      nodePath("writing metrics.json").join(options.outDir, "metrics.json"),
      JSON.stringify(metricsJson(def.source, result), null, 2) + "\n",
    );
  return result;
}

/** The running metrics of an epoch paused after `p.batch` batches (no validation: the epoch did not end). */
function partialEpochMetrics(
  task: "classification" | "regression",
  epoch: number,
  step: number,
  lr: number,
  p: EpochProgress,
  seconds: number,
): EpochMetrics {
  return {
    epoch,
    train_loss: p.lossSum / Math.max(p.seen, 1),
    train_accuracy: task === "classification" ? p.correct / Math.max(p.seen, 1) : null,
    val_loss: null,
    val_accuracy: null,
    lr,
    seconds,
    samples_per_second: p.seen / Math.max(seconds, 1e-9),
    step,
    partial_batches: p.batch,
    ...(p.ratios ? { update_weight_ratio: p.ratios } : {}),
  };
}

/**
 * Whether the epoch just ended is evaluated. Evaluations happen at epoch ends: `evaluate_every = N epochs`
 * every N-th epoch; `evaluate_every = N steps` at the end of each epoch in which a multiple of N steps was
 * reached (the epoch's steps are (step − stepsPerEpoch, step]).
 */
export function evaluationDue(
  every: { readonly amount: number; readonly unit: "steps" | "epochs" },
  epoch: number,
  step: number,
  stepsPerEpoch: number,
): boolean {
  if (every.unit === "epochs") return epoch % every.amount === 0;
  return Math.floor(step / every.amount) > Math.floor(Math.max(0, step - stepsPerEpoch) / every.amount);
}

export function metricsJson(source: string, r: TrainResult): Record<string, unknown> {
  return {
    source,
    epochs: r.partialEpoch ? [...r.epochs, r.partialEpoch] : r.epochs,
    ...(r.test ? { test_loss: r.test.loss, test_accuracy: r.test.accuracy ?? null } : {}),
    stopped_early: r.stoppedEarly,
    best_epoch: r.bestEpoch ?? null,
    steps: r.steps,
    seconds: r.seconds,
    threads: r.threads.count,
    kernel_threads: r.threads.kernels,
    threads_reason: r.threads.reason,
    ...(r.paused ? { paused: r.paused } : {}),
    ...(r.skipped.batches > 0 ? { skipped_batches: r.skipped.batches, batches_tried: r.skipped.of } : {}),
    per_step: r.perStep,
    ...(r.snapshotEnsemble
      ? {
          snapshot_ensemble: {
            members: r.snapshotEnsemble.epochs.length,
            epochs: r.snapshotEnsemble.epochs,
            set: r.snapshotEnsemble.set ?? null,
            accuracy: r.snapshotEnsemble.accuracy ?? null,
            member_accuracies: r.snapshotEnsemble.memberAccuracies,
          },
        }
      : {}),
  };
}

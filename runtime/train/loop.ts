/**
 * The training loop every generated module hands its model to: epochs of mini-batches (or L-BFGS full
 * batches), gradient accumulation, EMA weights, periodic evaluation, reduce-on-plateau, early stopping
 * with best-weights restore, atomic checkpoints and metrics.json. The hot path is the model's own
 * specialised code; this file only sequences the pieces: step.ts (one batch), fault-recovery.ts (on_nan),
 * epoch.ts (an epoch's batches), epoch-end.ts (evaluation, early stopping, epoch checkpoints) and
 * finish.ts (the result), over a RunContext they read and a RunState the loop owns (run-state.ts).
 */
import { arenaOf } from "../arena.ts";
import { isFullBatch, type CompiledModel } from "../contract.ts";
import { Batcher } from "../data/batcher.ts";
import { inNode, nodeFs } from "../node.ts";
import { DataParallel } from "../parallel/data-parallel.ts";
import { chooseThreads, threadInputsOf, type ThreadChoice } from "../parallel/thread-count.ts";
import { browserThreadChoice, startWebWorkers } from "../parallel/web-pool.ts";
import { setStepsPerEpoch } from "../schedules/steps-per-epoch.ts";
import type { FloatArray } from "../types.ts";
import { gemmThreads, setGemmThreads, stopHelpers } from "../wasm/threads.ts";
import type { LoadedData } from "./data.ts";
import { estimateRunFolder } from "./disk-usage.ts";
import { EarlyStopping } from "./early-stopping.ts";
import { endEpoch } from "./epoch-end.ts";
import { trainFullBatch, trainMiniBatches } from "./epoch.ts";
import { restoreAfterFault } from "./fault-recovery.ts";
import { finishRun, partialEpochMetrics, type ThreadsUsed } from "./finish.ts";
import { reloadLoopCheckpoint, saveLoopCheckpoint, type ReloadTarget } from "./loop-checkpoint.ts";
import { NanGuard } from "./nan-policy.ts";
import type { TrainOptions, TrainResult } from "./run-api.ts";
import { learningRate, RunState, type EpochSums, type RunContext } from "./run-state.ts";
import { SnapshotEnsemble } from "./snapshot-ensemble.ts";
import { StepLog } from "./step-log.ts";

function copyOf(a: FloatArray): FloatArray {
  return a instanceof Float64Array ? Float64Array.from(a) : Float32Array.from(a);
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
    return trainLoop(model, data, options, batcher, parallel, { reason: choice.reason, kernelThreads: choice.kernelThreads });
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
  threads: ThreadsUsed,
): TrainResult {
  const settings = model.definition.training;
  if (options.outDir)
    nodeFs("an output folder (outDir)", "in a browser, leave outDir unset and take checkpointBytes(model)").mkdirSync(options.outDir, {
      recursive: true,
    });
  const ema = settings.ema ? copyOf(model.params) : undefined;
  const scratch = settings.ema ? copyOf(model.params) : undefined;
  const best = settings.earlyStopping ? new EarlyStopping(settings.earlyStopping, model.params, model.stats) : undefined;
  const stepLog = new StepLog();
  const started = performance.now();
  const buffers = { ema, bestParams: best?.params, bestStats: best?.stats };
  const guard = new NanGuard(settings.onNan ?? "stop", 0);
  const snapshots = settings.snapshotEnsemble
    ? new SnapshotEnsemble(data.test ?? data.validation, data.test ? "test" : data.validation ? "validation" : undefined)
    : undefined;
  const state = new RunState();
  const parts: ReloadTarget = { model, batcher, buffers, stepLog, best };
  if (options.resumeFrom !== undefined) guard.restores = reloadLoopCheckpoint(parts, state, options.resumeFrom).nanRestores;

  // The planned run: --epochs overrides the spec's length; `steps` is only this call's budget.
  const epochs = options.epochs ?? settings.epochs;
  const plannedSteps = options.epochs === undefined ? settings.steps : undefined;
  // Where this call ends when nothing stops it early: the planned run's end, or the step budget's.
  const firstStep = model.step;
  const budgetEnd = options.steps !== undefined ? firstStep + options.steps : undefined;
  const stepsPerEpoch = settings.fullBatch ? 1 : batcher.batchesPerEpoch / settings.accumulate;
  const plannedEnd = plannedSteps ?? (epochs !== undefined ? Math.ceil(epochs * stepsPerEpoch) : Infinity);
  const lastStep = Math.min(plannedEnd, budgetEnd ?? Infinity);
  if (options.outDir)
    options.onStart?.({ disk: estimateRunFolder(model, plannedEnd, epochs ?? Math.ceil(plannedEnd / stepsPerEpoch), data.train.n) });
  const ctx: RunContext = {
    ...parts,
    data,
    options,
    settings,
    parallel,
    ema,
    scratch,
    guard,
    snapshots,
    epochs,
    plannedSteps,
    firstStep,
    lastStep,
    budgetEnd,
    ratioBefore: copyOf(model.params),
  };
  // restore_last always has a checkpoint to go back to.
  if (guard.policy === "restore_last" && options.resumeFrom === undefined) saveLoopCheckpoint(ctx, state);

  for (let epoch = model.epoch; epochs === undefined || epoch < epochs; epoch++) {
    if (plannedSteps !== undefined && model.step >= plannedSteps) break;
    const epochStart = performance.now();
    // A resume inside this epoch carries on with its sums.
    const carried = state.inEpoch;
    state.inEpoch = undefined;
    const sums: EpochSums = {
      lossSum: carried?.lossSum ?? 0,
      correct: carried?.correct ?? 0,
      seen: carried?.seen ?? 0,
      batch: carried?.batch ?? 0,
      ratios: carried?.ratios,
      skipped: 0,
      lastLr: learningRate(model),
    };
    if (isFullBatch(model)) trainFullBatch(ctx, model, sums, epoch);
    else if (trainMiniBatches(ctx, state, sums, epoch, carried !== undefined, epochStart) === "restore") {
      epoch = restoreAfterFault(ctx, state, epoch);
      continue;
    }
    const seconds = (performance.now() - epochStart) / 1000;
    if (state.pausedInside) {
      state.partialEpoch = partialEpochMetrics(
        model.definition.task,
        model.epoch + 1,
        model.step,
        sums.lastLr,
        state.pausedInside,
        seconds,
      );
      if (sums.skipped > 0) state.partialEpoch.skipped_batches = sums.skipped;
      break;
    }
    const end = endEpoch(ctx, state, epoch, sums, seconds);
    if (end === "restore") epoch = restoreAfterFault(ctx, state, epoch);
    else if (end === "stop") break;
  }
  return finishRun(ctx, state, started, threads);
}

/**
 * What `nnc train FILE.nn` does once its options are parsed (cli/commands/train.ts registers them): compile, then
 * train in a training thread (cli/training) while this thread shows progress and answers Ctrl-C; write checkpoint,
 * training state, metrics.json and the report. Loaded only when the command runs, so `nnc --help` does not load the
 * training machinery, checkpoint hashing or the progress bar (docs/packaging.md, cold start).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TrainResult } from "../../runtime/index.ts";
import { requireDataBlock } from "../require-data.ts";
import { defaultOutDir } from "../default-out.ts";
import { parseCount } from "../options.ts";
import { UsageError } from "../errors.ts";
import { CheckpointError } from "../../runtime/checkpoint/errors.ts";
import { STATE_FILE } from "../../runtime/train/resume.ts";
import { formatBytes } from "../../runtime/train/disk-usage.ts";
import { openRunFolder, requireUnlocked } from "../run-lock.ts";
import { escapeMessage } from "../../runtime/text/escape.ts";
import { INTERRUPTED_EXIT, Interrupts } from "../training/interrupt.ts";
import { emitJson, fixed, TrainProgress } from "../training/progress.ts";
import { TrainingThread } from "../training/run-thread.ts";
import { formatProfile, profileJson } from "../../runtime/train/profile.ts";
import { writeFileAtomic } from "../../runtime/checkpoint/atomic.ts";

/** The options of `nnc train` as commander parses them (cli/commands/train.ts). */
export interface TrainFlags {
  epochs?: string;
  steps?: string;
  seed?: string;
  init?: string;
  out?: string;
  resume?: string;
  threads?: string;
  progress: boolean;
  json?: boolean;
  profile?: boolean;
  target: string;
  nproc?: string;
  device?: string;
  python?: string;
}

/** `nnc train --target pytorch`: OUT/train.py, run on --nproc processes with the run's flags passed through. */
async function trainWithPyTorch(file: string, out: string, flags: TrainFlags): Promise<number> {
  const { compilePyTorchFile, importsTorch, pythonExecutable, runScript, scriptCommand } = await import("../pytorch.ts");
  const { writeScript } = await import("../generated-files.ts");
  for (const [flag, v] of [
    ["--profile", flags.profile],
    ["--json", flags.json],
  ] as const) {
    if (v !== undefined) throw new UsageError(`${flag} applies to nnc's own target, not --target pytorch`);
  }
  const nproc = flags.nproc !== undefined ? parseCount("--nproc", flags.nproc) : 1;
  if (flags.device !== undefined && flags.device !== "cpu" && flags.device !== "cuda")
    throw new UsageError(`--device expects cpu or cuda, got ${JSON.stringify(flags.device)}`);
  const script = join(out, "train.py");
  writeScript(script, await compilePyTorchFile(file, out));
  process.stderr.write(`wrote ${script}\n`);
  const args = ["--out", out];
  for (const [flag, v] of [
    ["--epochs", flags.epochs],
    ["--steps", flags.steps],
    ["--seed", flags.seed],
    ["--init", flags.init],
    ["--resume", flags.resume],
    ["--device", flags.device],
    ["--threads", flags.threads !== undefined ? String(parseCount("--threads", flags.threads)) : undefined],
  ] as const) {
    if (v !== undefined) args.push(flag, v);
  }
  const python = pythonExecutable(flags.python);
  const status = await runScript(scriptCommand(python, script, nproc, args));
  if (status !== 0 && !importsTorch(python)) {
    throw new UsageError(
      `${python} cannot import torch: install PyTorch for it, or give the Python that has it with --python or NNC_PYTHON`,
    );
  }
  if (status !== 0) return status;
  // The same report nnc's own runs get, from the metrics.json the script wrote.
  const { writeReport } = await import("../../report/write.ts");
  const report = await writeReport(out);
  process.stdout.write(`wrote ${report.html} and ${report.files.length} plot files in ${join(out, "plots")}\n`);
  return 0;
}

/** Seconds between progress lines when stderr is not a terminal (NNC_PROGRESS_SECONDS overrides; docs/cli.md). */
function progressInterval(): number {
  const v = process.env.NNC_PROGRESS_SECONDS;
  const n = v === undefined || v === "" ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : 10;
}

/** `s` as one shell word (for the resume command a user copies). */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function summaryLines(result: TrainResult): string[] {
  const lines: string[] = [];
  if (result.test) lines.push(`test: loss ${fixed(result.test.loss)} accuracy ${fixed(result.test.accuracy)} (${result.test.n} samples)`);
  const se = result.snapshotEnsemble;
  if (se) {
    const members = se.memberAccuracies.map((a, i) => `epoch ${se.epochs[i]} ${fixed(a)}`).join(", ");
    lines.push(
      se.set === undefined
        ? `snapshot ensemble: ${se.epochs.length} snapshots (epochs ${se.epochs.join(", ")}); no test or validation set to evaluate them on`
        : `snapshot ensemble of ${se.epochs.length} snapshots: ${se.set} accuracy ${fixed(se.accuracy)} (members: ${members})`,
    );
  }
  return lines;
}

/** Runs `nnc train file` with the parsed flags. */
export async function runTrain(file: string, flags: TrainFlags): Promise<void> {
  if (flags.target !== "ts" && flags.target !== "pytorch")
    throw new UsageError(`--target expects ts or pytorch, got ${JSON.stringify(flags.target)}`);
  if (flags.target === "ts") {
    for (const [flag, v] of [
      ["--nproc", flags.nproc],
      ["--device", flags.device],
      ["--python", flags.python],
    ] as const) {
      if (v !== undefined) throw new UsageError(`${flag} applies to --target pytorch only`);
    }
  }
  const { loadSpecModule, runtimeEntryUrl } = await import("../spec-module.ts");
  const { describeError } = await import("../report-error.ts");
  const { TrainingDivergedError } = await import("../../runtime/train/divergence.ts");
  if (flags.resume !== undefined && flags.init !== undefined)
    throw new UsageError("--resume and --init exclude each other: a resumed run already has its weights");
  const out = flags.out ?? flags.resume ?? defaultOutDir(file);
  if (flags.resume !== undefined && !existsSync(flags.resume)) {
    throw new CheckpointError(join(flags.resume, STATE_FILE), "no training state to resume from: the folder does not exist");
  }
  // Resuming from a folder another run is still writing would read a moving target.
  if (flags.resume !== undefined && resolve(flags.resume) !== resolve(out)) requireUnlocked(flags.resume, "--resume");
  openRunFolder(out, flags.out === undefined && flags.resume !== undefined ? "--resume" : "--out");
  if (flags.target === "pytorch") {
    process.exitCode = await trainWithPyTorch(file, out, flags);
    return;
  }
  const epochs = flags.epochs !== undefined ? parseCount("--epochs", flags.epochs) : undefined;
  const steps = flags.steps !== undefined ? parseCount("--steps", flags.steps) : undefined;
  const seed = flags.seed !== undefined ? parseCount("--seed", flags.seed, 0) : undefined;
  const threads = flags.threads !== undefined ? parseCount("--threads", flags.threads) : undefined;
  // Started now, so that it loads the runtime while the spec compiles; it gets its job once the module is written.
  const thread = new TrainingThread(runtimeEntryUrl);
  let loaded: Awaited<ReturnType<typeof loadSpecModule>>;
  try {
    loaded = await loadSpecModule(file, out, flags.profile === true);
    requireDataBlock(loaded.plan, file, "train");
  } catch (error) {
    thread.close();
    throw error;
  }
  const { module, file: moduleFile } = loaded;
  const json = flags.json === true;
  const T = module.DEFINITION.training;
  const progress = new TrainProgress({
    bar: flags.progress && process.stderr.isTTY === true,
    lines: flags.progress && process.stderr.isTTY !== true,
    intervalSeconds: progressInterval(),
    json,
    epochs: epochs ?? T.epochs,
  });
  const resumeCommand = `nnc train ${shellWord(file)} --resume ${shellWord(out)}`;

  // Ctrl-C before training starts has nothing to save; during training it pauses the run; a second one quits.
  let phase: "loading" | "training" | "finishing" = "loading";
  const stop = new SharedArrayBuffer(4);
  const interrupts = new Interrupts(
    new Int32Array(stop),
    (signal) => {
      if (phase === "loading") {
        progress.note(`interrupted (${signal}) before training started; nothing was written`);
        if (json) emitJson({ event: "end", status: "interrupted", steps: 0 });
        process.exit(INTERRUPTED_EXIT);
      }
      const key = signal === "SIGINT" ? "Ctrl-C" : signal;
      progress.note(
        phase === "training"
          ? `${key}: stopping after the current step and saving the run (${key} again quits at once)`
          : `${key}: writing the report (${key} again quits at once)`,
      );
    },
    (signal) => {
      progress.stopBar();
      process.stderr.write(`${signal} again: quit without waiting; ${escapeMessage(out)} keeps its last complete checkpoint\n`);
      process.exit(INTERRUPTED_EXIT);
    },
  );

  process.stderr.write(`loading data for ${escapeMessage(file)}\n`);
  if (flags.resume !== undefined) process.stderr.write(`resuming from ${escapeMessage(flags.resume)}\n`);
  const job = {
    moduleUrl: pathToFileURL(moduleFile).href,
    epochs,
    steps,
    seed,
    initFrom: flags.init,
    resumeFrom: flags.resume,
    outDir: out,
    threads,
    stop,
  };
  let result: TrainResult;
  // The report's plotting libraries (Vega, resvg: ~0.15 s to load) load while the training thread trains; a failure
  // to load surfaces where the report is written, not as an unhandled rejection during training.
  const reporting = import("../../report/write.ts");
  reporting.catch(() => undefined);
  try {
    result = await thread.run(job, (e) => {
      if (e.kind === "data") {
        phase = "training";
        process.stderr.write(
          `train ${e.train} rows` +
            (e.validation !== undefined ? `, validation ${e.validation}` : "") +
            (e.test !== undefined ? `, test ${e.test}` : "") +
            "\n",
        );
        if (json) {
          emitJson({
            event: "start",
            spec: file,
            out,
            resumed_from: flags.resume ?? null,
            train_rows: e.train,
            validation_rows: e.validation ?? null,
            test_rows: e.test ?? null,
            epochs: epochs ?? T.epochs ?? null,
            planned_steps: epochs === undefined ? (T.steps ?? null) : null,
            step_budget: steps ?? null,
            seed: seed ?? module.SEED,
          });
        }
      } else if (e.kind === "disk") {
        const d = e.disk;
        const snapshots = d.snapshots > 0 ? `, ${d.snapshots} snapshot${d.snapshots === 1 ? "" : "s"} ${formatBytes(d.snapshotBytes)}` : "";
        progress.note(
          `${escapeMessage(out)} will hold about ${formatBytes(d.total)} (checkpoint ${formatBytes(d.checkpoint)}, training state ${formatBytes(d.state)}${snapshots}, metrics and report ${formatBytes(d.records)})`,
        );
      } else if (e.kind === "batch") progress.batch(e.progress);
      else if (e.kind === "epoch") progress.epoch(e.metrics);
      else {
        progress.note(`on_nan: ${e.message}`);
        if (json) emitJson({ event: "nan", message: e.message });
      }
    });
  } catch (error) {
    progress.stopBar();
    if (json) {
      const { text, exitCode } = describeError(error);
      emitJson({ event: "error", message: text.trim(), exit_code: exitCode });
    }
    throw error;
  }
  phase = "finishing";
  progress.stopBar();
  process.stderr.write(`${result.threads.reason}\n`);
  if (result.stoppedEarly) process.stderr.write(`early stopping after epoch ${result.epochs.length}; best epoch ${result.bestEpoch}\n`);
  if (!json) for (const line of summaryLines(result)) process.stdout.write(line + "\n");
  const checkpoint = join(out, "checkpoint.safetensors");
  const metrics = join(out, "metrics.json");
  const { batches: skippedBatches, of: triedBatches } = result.skipped;
  if (skippedBatches > 0) process.stderr.write(`on_nan = skip_batch skipped ${skippedBatches} of ${triedBatches} batches\n`);
  if (!json) process.stdout.write(`trained ${result.steps} steps in ${result.seconds.toFixed(1)} s; wrote ${checkpoint} and ${metrics}\n`);
  if (result.profile) {
    // The profile crossed from the training thread as plain data; the formatters only read its fields.
    if (!json) process.stdout.write(formatProfile(result.profile) + "\n");
    writeFileAtomic(join(out, "profile.json"), JSON.stringify(profileJson(result.profile), null, 2) + "\n");
    if (!json) process.stdout.write(`wrote ${join(out, "profile.json")}\n`);
  }
  const report = await (await reporting).writeReport(out);
  if (!json) process.stdout.write(`wrote ${report.html} and ${report.files.length} plot files in ${join(out, "plots")}\n`);
  const paused = result.paused;
  const at = paused && `epoch ${paused.epoch}${paused.batch > 0 ? ` (batch ${paused.batch}/${paused.batches})` : ""}, step ${paused.step}`;
  if (paused?.reason === "interrupt") process.stderr.write(`interrupted at ${at}; resume with \`${escapeMessage(resumeCommand)}\`\n`);
  else if (paused?.reason === "steps")
    process.stderr.write(`paused at ${at} (--steps ${steps}); continue with \`${escapeMessage(resumeCommand)}\`\n`);
  if (json) {
    emitJson({
      event: "end",
      status: paused?.reason === "interrupt" ? "interrupted" : paused ? "paused" : result.stoppedEarly ? "stopped_early" : "finished",
      steps: result.steps,
      seconds: result.seconds,
      epochs: result.epochs.length,
      test_loss: result.test?.loss ?? null,
      test_accuracy: result.test?.accuracy ?? null,
      checkpoint,
      metrics,
      report: report.html,
      ...(paused ? { paused, resume_command: resumeCommand } : {}),
    });
  }
  interrupts.remove();
  // Everything is written (the metrics show what happened), but a run that mostly skipped is not a trained model.
  if (skippedBatches * 2 > triedBatches) {
    throw new TrainingDivergedError(
      `on_nan = skip_batch skipped ${skippedBatches} of ${triedBatches} batches (more than half): this is not a trained model. ` +
        `Lower the learning rate, add gradient clipping (clip_grad_norm), or check the input scaling.`,
      result.steps,
      result.epochs.at(-1)?.lr ?? NaN,
      undefined,
    );
  }
  if (paused?.reason === "interrupt") process.exitCode = INTERRUPTED_EXIT;
}

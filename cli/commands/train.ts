/**
 * `nnc train FILE.nn`: its options. What the command does is cli/commands/train-run.ts, loaded when it runs:
 * `nnc --help` registers every command and should load none of their machinery (docs/packaging.md, cold start).
 */
import type { Command } from "commander";
import type { TrainFlags } from "./train-run.ts";

export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("compile a spec and train it on its data (Ctrl-C saves the run so that --resume continues it)")
    .argument("<file>", "the .nn spec")
    .option("--epochs <n>", "override the spec's epochs")
    .option(
      "--steps <n>",
      "train at most n optimizer steps in this run, then stop with a checkpoint that --resume continues to the planned end",
    )
    .option("--seed <n>", "override the spec's seed")
    .option("--init <checkpoint>", "start from the weights in this safetensors checkpoint")
    .option(
      "--resume <dir>",
      "continue exactly where the run in <dir> stopped (its last checkpoint); writes to <dir> unless --out is given",
    )
    .option(
      "--out <dir>",
      "output folder for checkpoint.safetensors, training-state.safetensors, metrics.json and the generated module (default runs/<spec name>)",
    )
    .option(
      "--threads <n>",
      "threads for data-parallel training, 1 for single-threaded (default: NNC_THREADS, else one per core when the model and batch allow); with --target pytorch, PyTorch's intra-op threads per process",
    )
    .option("--no-progress", "no progress bar or progress lines (one line per epoch only)")
    .option("--json", "print progress as NDJSON events on stdout (start, batch, epoch, end; see docs/cli.md)")
    .option("--profile", "time every layer's forward and backward pass and each phase of the step; prints a table and writes profile.json")
    .option("--target <target>", "ts (nnc's own runtime) or pytorch (write OUT/train.py and run it with PyTorch; docs/pytorch.md)", "ts")
    .option("--nproc <n>", "pytorch: data-parallel processes on this machine (torchrun, DistributedDataParallel)")
    .option("--device <device>", "pytorch: cpu or cuda")
    .option("--python <program>", "pytorch: the Python that has torch (default: NNC_PYTHON, else python3)")
    .action(async (file: string, flags: TrainFlags) => (await import("./train-run.ts")).runTrain(file, flags));
}

/**
 * Turns what a command threw into one clear line on stderr and an exit code. User mistakes (bad flags,
 * bad data, bad checkpoints, a diverging run) never print a stack trace; anything else is a bug in nnc
 * and does.
 */
import { CheckpointError } from "../runtime/checkpoint/errors.ts";
import { DataError } from "../runtime/data/errors.ts";
import { TrainingDivergedError } from "../runtime/train/divergence.ts";
import { SpecError, UsageError } from "./errors.ts";

export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`nnc: ${error.message}\n`);
    return 2;
  }
  if (error instanceof SpecError) {
    process.stderr.write(`nnc: ${error.message}\n`);
    return 1;
  }
  if (error instanceof DataError) {
    process.stderr.write(`nnc: data error: ${error.message}\n`);
    return 1;
  }
  if (error instanceof CheckpointError) {
    process.stderr.write(`nnc: checkpoint error: ${error.message}\n`);
    return 1;
  }
  if (error instanceof TrainingDivergedError) {
    process.stderr.write(`nnc: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`nnc: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}

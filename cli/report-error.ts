/**
 * Turns what a command threw into one clear line on stderr and an exit code. User mistakes (bad flags,
 * bad data, bad checkpoints, an unusable output folder, a diverging run) never print a stack trace;
 * anything else is a bug in nnc and does. Every message goes through escapeMessage: it may quote a path
 * or a cell holding control or bidi characters that would otherwise rewrite the terminal line.
 */
import { CheckpointError } from "../runtime/checkpoint/errors.ts";
import { DataError } from "../runtime/data/errors.ts";
import { escapeMessage, escapeMessageLines } from "../runtime/text/escape.ts";
import { TrainingDivergedError } from "../runtime/train/divergence.ts";
import { OutputError, SpecError, UsageError } from "./errors.ts";

function line(text: string): void {
  process.stderr.write(`nnc: ${escapeMessage(text)}\n`);
}

export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    line(error.message);
    return 2;
  }
  if (error instanceof SpecError || error instanceof OutputError || error instanceof TrainingDivergedError) {
    line(error.message);
    return 1;
  }
  if (error instanceof DataError) {
    line(`data error: ${error.message}`);
    return 1;
  }
  if (error instanceof CheckpointError) {
    line(`checkpoint error: ${error.message}`);
    return 1;
  }
  process.stderr.write(`nnc: internal error (please report): ${escapeMessageLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  return 70;
}

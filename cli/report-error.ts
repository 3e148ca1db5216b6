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
import { OutputError, ReportedError, SpecError, UsageError } from "./errors.ts";

/** The line(s) `reportError` prints for `error`, and the exit code: for errors raised where printing is not ours to do (the training thread). */
export function describeError(error: unknown): { text: string; exitCode: number } {
  const line = (text: string, exitCode: number) => ({ text: `nnc: ${escapeMessage(text)}\n`, exitCode });
  if (error instanceof UsageError) return line(error.message, 2);
  if (error instanceof SpecError || error instanceof OutputError || error instanceof TrainingDivergedError) return line(error.message, 1);
  if (error instanceof DataError) return line(`data error: ${error.message}`, 1);
  if (error instanceof CheckpointError) return line(`checkpoint error: ${error.message}`, 1);
  return {
    text: `nnc: internal error (please report): ${escapeMessageLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    exitCode: 70,
  };
}

export function reportError(error: unknown): number {
  if (error instanceof ReportedError) {
    process.stderr.write(error.text);
    return error.exitCode;
  }
  const { text, exitCode } = describeError(error);
  process.stderr.write(text);
  return exitCode;
}

/** Errors the CLI reports as one clean line (no stack trace) with a fixed exit code. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** The spec did not compile; its diagnostics have already been printed. */
export class SpecError extends Error {
  readonly exitCode = 1;
}

/**
 * An output path or run folder that cannot be used: a file where a folder is wanted, a read-only file
 * system, a folder another run is writing.
 */
export class OutputError extends Error {
  readonly exitCode = 1;
}

/** An error described where it happened (the training thread): printed as it was described, with its exit code. */
export class ReportedError extends Error {
  constructor(
    readonly text: string,
    readonly exitCode: number,
  ) {
    super(text.trim());
  }
}

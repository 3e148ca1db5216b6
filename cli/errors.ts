/** Errors the CLI reports as one clean line (no stack trace) with a fixed exit code. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** The spec did not compile; its diagnostics have already been printed. */
export class SpecError extends Error {
  readonly exitCode = 1;
}

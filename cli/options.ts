/** Validation of numeric command-line options, with messages that name the flag. */
import { UsageError } from "./errors.ts";

export function parseCount(flag: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

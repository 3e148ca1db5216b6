/**
 * Everything that flows from a spec into generated TypeScript passes through these functions. Spec
 * identifiers never become TypeScript identifiers (the generator names its own variables); they only
 * appear inside string literals and comments, which is where escaping happens.
 */

/** A number as a TypeScript literal that reads back to exactly the same float64. */
export function num(value: number): string {
  if (Number.isNaN(value)) throw new Error("internal: NaN reached the code generator");
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Object.is(value, -0)) return "-0";
  return String(value);
}

/** A string literal: JSON escaping plus the two line terminators JSON leaves raw. */
export function str(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Text safe inside a `//` or `/* *\/` comment: one line, no comment terminator. */
export function commentText(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]/g, " ").replace(/\*\//g, "* /");
}

export function numList(values: readonly number[]): string {
  return `[${values.map(num).join(", ")}]`;
}

/**
 * Everything that flows from a spec into the generated Python passes through these functions. Spec names
 * become Python identifiers only when they are plain lower-case names that cannot shadow anything
 * (pyAttribute); everything else appears inside string literals, escaped here, or comments, flattened here.
 */

/** A number as a Python literal that reads back to exactly the same float64. */
export function pyNum(value: number): string {
  if (Number.isNaN(value)) throw new Error("internal: NaN reached the code generator");
  if (value === Infinity) return "math.inf";
  if (value === -Infinity) return "-math.inf";
  if (Object.is(value, -0)) return "-0.0";
  // JavaScript's shortest round-trip form is valid Python (1e-7, 1e+21, 0.1, 3).
  return String(value);
}

/** A float literal: integral values get `.0`, so the generated code reads as the type it means. */
export function pyFloat(value: number): string {
  const s = pyNum(value);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

export function pyBool(value: boolean): string {
  return value ? "True" : "False";
}

/** A Python string literal: printable ASCII as is, everything else (quotes, backslashes, controls, non-ASCII) escaped by code point. */
export function pyStr(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\U${c.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** Text safe inside a `#` comment: one line of printable characters. */
export function pyComment(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
}

export function pyList(values: readonly number[]): string {
  return `[${values.map(pyNum).join(", ")}]`;
}

/** Names nn.Module (or our Model) already uses: a layer by one of these names must not be an attribute. */
const TAKEN = new Set([
  "forward",
  "training",
  "parameters",
  "buffers",
  "children",
  "modules",
  "state_dict",
  "load_state_dict",
  "train",
  "eval",
  "to",
  "cpu",
  "cuda",
  "double",
  "float",
  "half",
  "type",
  "apply",
  "zero_grad",
  "register_buffer",
  "register_parameter",
  "add_module",
  "named_parameters",
  "named_buffers",
  "named_children",
  "named_modules",
  "requires_grad_",
  "dump_patches",
  "call_super_init",
  "get_submodule",
  "get_parameter",
  "get_buffer",
  "extra_repr",
  "share_memory",
  "bfloat16",
  "xpu",
  "ipu",
]);

const KEYWORDS = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
  "match",
  "case",
]);

/** Whether `name` can be written as `self.<name>`: a plain identifier, no keyword, no dunder, nothing nn.Module defines. */
export function isPlainAttribute(name: string): boolean {
  return /^[a-z][a-z0-9_]*$/i.test(name) && !KEYWORDS.has(name) && !TAKEN.has(name) && !name.startsWith("_");
}

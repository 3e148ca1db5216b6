/*
 * How a KernelProgram's calls reach their wasm functions: the arguments passed one by one, on the calling
 * thread (callWith) and in the helper's source (helperCallSource). Spreading a slice allocated an array per
 * call and took V8's generic JS-to-wasm path; a batched convolution's program makes a few hundred calls,
 * and on ResNet-20 the helper finished its half of a convolution about 0.3 ms after the training thread.
 */

export type Kernel = (...args: number[]) => void;

/** Most arguments a kernel call takes (the GEMM's). */
export const MAX_ARGS = 16;

/** The helper's call(fn, argc, at) as JavaScript source: fn with the argc ints of the array `source` from index at. */
export function helperCallSource(source: string): string {
  const cases = Array.from({ length: MAX_ARGS + 1 }, (_, n) => {
    const args = Array.from({ length: n }, (_, k) => `${source}[at + ${k}]`).join(", ");
    return `    case ${n}: fn(${args}); return;`;
  });
  return `function call(fn, argc, at) {\n  switch (argc) {\n${cases.join("\n")}\n    default: throw new Error("a kernel call of " + argc + " arguments");\n  }\n}`;
}

/** fn(a[at], …, a[at + argc − 1]) on the calling thread. */
export function callWith(fn: Kernel, a: readonly number[], at: number, argc: number): void {
  switch (argc) {
    case 0:
      return fn();
    case 1:
      return fn(a[at]);
    case 2:
      return fn(a[at], a[at + 1]);
    case 3:
      return fn(a[at], a[at + 1], a[at + 2]);
    case 4:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3]);
    case 5:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4]);
    case 6:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5]);
    case 7:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6]);
    case 8:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7]);
    case 9:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8]);
    case 10:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9]);
    case 11:
      return fn(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9], a[at + 10]);
    case 12:
      return fn(
        a[at],
        a[at + 1],
        a[at + 2],
        a[at + 3],
        a[at + 4],
        a[at + 5],
        a[at + 6],
        a[at + 7],
        a[at + 8],
        a[at + 9],
        a[at + 10],
        a[at + 11],
      );
    case 13:
      return fn(
        a[at],
        a[at + 1],
        a[at + 2],
        a[at + 3],
        a[at + 4],
        a[at + 5],
        a[at + 6],
        a[at + 7],
        a[at + 8],
        a[at + 9],
        a[at + 10],
        a[at + 11],
        a[at + 12],
      );
    case 14:
      return fn(
        a[at],
        a[at + 1],
        a[at + 2],
        a[at + 3],
        a[at + 4],
        a[at + 5],
        a[at + 6],
        a[at + 7],
        a[at + 8],
        a[at + 9],
        a[at + 10],
        a[at + 11],
        a[at + 12],
        a[at + 13],
      );
    case 15:
      return fn(
        a[at],
        a[at + 1],
        a[at + 2],
        a[at + 3],
        a[at + 4],
        a[at + 5],
        a[at + 6],
        a[at + 7],
        a[at + 8],
        a[at + 9],
        a[at + 10],
        a[at + 11],
        a[at + 12],
        a[at + 13],
        a[at + 14],
      );
    case 16:
      return fn(
        a[at],
        a[at + 1],
        a[at + 2],
        a[at + 3],
        a[at + 4],
        a[at + 5],
        a[at + 6],
        a[at + 7],
        a[at + 8],
        a[at + 9],
        a[at + 10],
        a[at + 11],
        a[at + 12],
        a[at + 13],
        a[at + 14],
        a[at + 15],
      );
    default:
      throw new Error(`internal: a kernel call of ${argc} arguments (at most ${MAX_ARGS})`);
  }
}

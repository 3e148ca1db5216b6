/*
 * Timing for the benchmark suite. The machine may be shared, so every figure keeps two numbers:
 * the best wall time of a few repeats (least disturbed by other processes) and the process CPU
 * time per repeat (user + system; for a single thread, the time it would take alone).
 */

export interface Timing {
  /** Best wall-clock milliseconds of one repeat. */
  readonly wallMs: number;
  /** Process CPU milliseconds of one repeat (mean over repeats). */
  readonly cpuMs: number;
  readonly repeats: number;
}

/** Runs `work` once to warm up (JIT, wasm tier-up), then `repeats` times. */
export async function time(work: () => void | Promise<void>, repeats: number, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await work();
  let best = Infinity;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await work();
    best = Math.min(best, performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: best, cpuMs: (cpu.user + cpu.system) / 1000 / repeats, repeats };
}

/** A deterministic float32 fill in [-1, 1) (an LCG; benchmarks need values, not statistics). */
export function fillRandom(a: Float32Array, seed: number): Float32Array {
  let x = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    a[i] = x / 2147483648 - 1;
  }
  return a;
}

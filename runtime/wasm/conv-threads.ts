import type { Arena } from "../arena.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import { instanceIdFor, kernelsFor, moduleOf } from "./instances.ts";
import { KernelProgram, attachHelper, fitsHelper, gemmThreads, joinHelper, runHere, startOnHelper } from "./threads.ts";

/*
 * How a batched kernel (a convolution, conv.ts and its Winograd forms; batch norm's and max pooling's
 * passes) shares a batch between threads: thread t takes the contiguous slice of samples
 * [sliceStart(t), sliceStart(t + 1)) and runs it as one KernelProgram, thread 0 here and the others on
 * helper threads.
 */

/** Below this many flops (forward, direct) a convolution runs on one thread: a helper wake-up costs tens of µs. */
const PARALLEL_FLOPS = 8_000_000;

/** Threads for a convolution of n samples: gemmThreads(), at most one per sample, 1 for small work. */
export function convThreads(n: number, g: ConvGeometry): number {
  const T = Math.min(gemmThreads(), n);
  if (T <= 1) return 1;
  const flops = 2 * g.O * (g.C / g.groups) * g.k * g.k * g.OH * g.OW * n;
  return flops >= PARALLEL_FLOPS ? T : 1;
}

/**
 * First sample of thread t's slice of n samples over T threads (t = T gives n). Equal slices: giving
 * the calling thread 15% or 30% more (as data-parallel training does, shard.ts) made the CNN step slower.
 */
export function sliceStart(n: number, T: number, t: number): number {
  return Math.round((n * t) / T);
}

/** A kernel module instance a program calls, which helpers must hold before they run it. */
export interface ProgramModule {
  readonly id: number;
  readonly bytes: () => Uint8Array;
  readonly names: readonly string[];
}

/** A batched kernel's programs, one per thread, and the modules they call. */
export interface ThreadedJob {
  readonly programs: KernelProgram[];
  readonly modules: readonly ProgramModule[];
}

/** Jobs kept per Arena: a training step has one per layer and pass, and evaluation and a last short batch a few more. */
const JOBS_KEPT = 1024;
const jobs = new WeakMap<Arena, Map<string, ThreadedJob>>();

/**
 * The job `build` makes for `key`, built on first use and then reused: a training step runs the same layers over the
 * same buffers every time, and building a ResNet-20 step's programs (thousands of calls, each GEMM's arguments
 * worked out afresh) took about 12 ms of the calling thread per step while the helpers waited. `key` must name every
 * number the programs depend on that is not fixed by the Arena's own scratch (sizes, operand addresses, the thread
 * count). Scratch a job captured stays valid when a later layer grows the Arena's: Arena memory is never freed or
 * handed out twice, and jobs run one after another.
 */
export function jobFor<J extends ThreadedJob>(arena: Arena, key: string, build: () => J): J {
  let kept = jobs.get(arena);
  if (kept === undefined) jobs.set(arena, (kept = new Map()));
  let job = kept.get(key) as J | undefined;
  if (job === undefined) {
    if (kept.size >= JOBS_KEPT) kept.clear();
    kept.set(key, (job = build()));
  }
  return job;
}

/** The numbers of a convolution's geometry, for a jobFor key. */
export function geometryKey(g: ConvGeometry): string {
  return `${g.C},${g.H},${g.W},${g.O},${g.OH},${g.OW},${g.k},${g.stride},${g.pad},${g.dil},${g.groups}`;
}

/**
 * Runs programs[t] on thread t (0 here, the others on helpers that get `modules` first) and waits
 * for all. A program too long for a helper's control block (thousands of calls: many groups, one sample
 * per chunk) sends every program to this thread in order instead; the numbers are the same, since each
 * program works in its own buffers.
 */
export function runOnThreads(arena: Arena, programs: KernelProgram[], modules: readonly ProgramModule[]): void {
  if (!programs.every((p, t) => t === 0 || fitsHelper(p))) {
    for (const p of programs) runHere(p);
    return;
  }
  for (let t = 1; t < programs.length; t++) {
    for (const m of modules) attachHelper(t, m.id, moduleOf(m.bytes), arena.memory, m.names);
  }
  for (let t = 1; t < programs.length; t++) startOnHelper(t, programs[t]);
  let failure: unknown;
  try {
    runHere(programs[0]);
  } catch (e) {
    failure = e;
  }
  // Every helper is joined before anything is rethrown: a helper still writing into the arena must not outlive the call.
  for (let t = 1; t < programs.length; t++) {
    try {
      joinHelper(t);
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure !== undefined) throw failure;
}

/** Below this many values a sliced pass runs on the calling thread alone: handing a slice to a helper costs µs, more when it sleeps. */
const PARALLEL_VALUES = 131_072;

/**
 * Runs the export `name` of a kernel module over B items (`values` in all): the samples of a batch, or the
 * elements of an elementwise pass. Split into contiguous slices of items across threads when it is large enough;
 * args(b0, nb) gives the call's arguments for items b0 … b0 + nb − 1. For passes that work item by item (sample,
 * plane or element) and write only their slice's outputs, the results are the same bytes on any number of threads.
 */
export function runSliced<N extends string>(
  arena: Arena,
  module: { readonly bytes: () => Uint8Array; readonly names: readonly N[] },
  B: number,
  values: number,
  name: N,
  args: (b0: number, nb: number) => number[],
): void {
  const threads = values >= PARALLEL_VALUES ? Math.min(gemmThreads(), B) : 1;
  if (threads <= 1) {
    kernelsFor(arena, module.bytes)[name](...args(0, B));
    return;
  }
  const id = instanceIdFor(arena, module.bytes, module.names);
  const programs: KernelProgram[] = [];
  for (let t = 0; t < threads; t++) {
    const job = new KernelProgram();
    const b0 = sliceStart(B, threads, t);
    job.call(id, module.names.indexOf(name), args(b0, sliceStart(B, threads, t + 1) - b0));
    programs.push(job);
  }
  runOnThreads(arena, programs, [{ id, bytes: module.bytes, names: module.names }]);
}

import { arenaOf, type Arena } from "../../arena.ts";
import type { FloatArray } from "../../types.ts";
import { assembleModule } from "../encode.ts";
import { kernelsFor } from "../instances.ts";
import { simdEnabled } from "../simd.ts";
import { adadeltaKernels } from "./adadelta.ts";
import { adagradKernels } from "./adagrad.ts";
import { adamKernels } from "./adam.ts";
import { adamaxKernels } from "./adamax.ts";
import type { GradTerms } from "./lanes.ts";
import { nadamKernels } from "./nadam.ts";
import { radamKernels } from "./radam.ts";
import { rmspropKernels } from "./rmsprop.ts";
import { sgdKernels } from "./sgd.ts";

/*
 * Every optimizer's SIMD update in one module, instantiated once per Arena over its memory, and the
 * rule for when an update may use it: SIMD available, and every buffer a float32 view of the same
 * Arena (float64 models, plain typed arrays and mixed arenas keep the TypeScript loop). Arithmetic is
 * float32 (the TypeScript loops compute in float64 and round at each store): an ulp or so per step.
 */

/** A kernel export: byte addresses, the element count, then f32 hyperparameters (extra arguments are ignored). */
export type UpdateKernel = (...args: number[]) => void;
export type UpdateKernels = Readonly<Record<string, UpdateKernel>>;

/** The module's bytes: every kernel of runtime/wasm/updates/, exported by name. */
export function updateModuleBytes(): Uint8Array {
  return assembleModule([
    ...sgdKernels(),
    ...adagradKernels(),
    ...adadeltaKernels(),
    ...rmspropKernels(),
    ...adamKernels(),
    ...adamaxKernels(),
    ...nadamKernels(),
    ...radamKernels(),
  ]);
}

function sameArena(x: FloatArray | null, arena: Arena): boolean {
  return x === null || (x instanceof Float32Array && arenaOf(x) === arena);
}

/**
 * The kernels over the Arena holding p, g and the state buffers the step uses (null for a buffer the
 * step does not touch), or null when the SIMD update does not apply.
 */
export function updateKernels(
  p: FloatArray,
  g: FloatArray,
  s0: FloatArray | null,
  s1: FloatArray | null = null,
  s2: FloatArray | null = null,
): UpdateKernels | null {
  if (!simdEnabled || !(p instanceof Float32Array)) return null;
  const arena = arenaOf(p);
  if (arena === null || !sameArena(g, arena) || !sameArena(s0, arena) || !sameArena(s1, arena) || !sameArena(s2, arena)) return null;
  return kernelsFor(arena, updateModuleBytes);
}

/** Byte address of element `start` of an arena view. */
export function addressOf(x: FloatArray, start: number): number {
  return x.byteOffset + 4 * start;
}

/**
 * Which form of the effective gradient (runtime/wasm/updates/lanes.ts) a step needs. The kernels take
 * its hyperparameters last, as (clipScale, l2x·clipScale + weightDecay, l2x, weightDecay, l1, −l1,
 * clipValue, −clipValue); the shorter forms read a prefix (extra arguments to a wasm export are
 * dropped), so callers always pass all eight.
 */
export function gradTerms(l2x: number, l1: number, clipValue: number, clipScale: number, weightDecay: number): GradTerms {
  if (l1 !== 0 || clipValue !== Infinity) return l2x === 0 && clipScale === 1 && weightDecay === 0 ? "clipped" : "full";
  return l2x === 0 && clipScale === 1 && weightDecay === 0 ? "bare" : "scaled";
}

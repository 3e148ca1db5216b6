/**
 * What a noise kind of `noise = [...]` is, once, for every phase: its registry entry, its plan (a field of
 * TrainingPlan: weightNoise or gradientNoise), and its part of the generated module (codegen/emit-noise.ts
 * merges the parts). The PyTorch target rejects noise (pytorch/support.ts).
 */
import type { Plan, TrainingPlan } from "../../ir.ts";
import type { RegistryEntry } from "../../registry/types.ts";
import type { Layout } from "../../codegen/layout.ts";
import type { Arguments } from "../call.ts";

/** A noise kind's part of the generated module; absent pieces are empty. */
export interface NoiseEmission {
  readonly imports: readonly string[];
  /** Floats of the buffer keeping the noise-free weights during a perturbed step. */
  readonly savedSize: number;
  /** The method giving the noise scale at (step, epoch): its name, and the base value a `schedule { … }` entry scales. */
  readonly scale: { readonly method: string; readonly base: number; readonly scheduleKey: "weight_noise" | "gradient_noise" };
  /** perturbWeights/restoreWeights bodies (weight noise). */
  readonly perturbBody?: string;
  readonly restoreBody?: string;
  /** Lines of update() after `t` is known, before clipping (gradient noise). */
  readonly updateLines: readonly string[];
}

export interface NoiseDefinition<K extends "weightNoise" | "gradientNoise"> {
  readonly entry: RegistryEntry;
  /** The TrainingPlan field it fills. */
  readonly field: K;
  /** Its plan; `tensors` resolves an `on = weights | biases | all` to the trainable tensors it covers. */
  plan(args: Arguments, tensors: (on: "weights" | "biases" | "all") => string[]): NonNullable<TrainingPlan[K]>;
  typescript(plan: NonNullable<TrainingPlan[K]>, model: Plan, layout: Layout): NoiseEmission;
}

export function defineNoise<K extends "weightNoise" | "gradientNoise">(definition: NoiseDefinition<K>): NoiseDefinition<K> {
  return definition;
}

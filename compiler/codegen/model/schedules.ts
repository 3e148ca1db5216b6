/**
 * Scheduled hyperparameters: one method `(step, epoch) => value` each (the learning rate, momentum or β1,
 * weight decay, the EMA decay, each dropout rate, the noise scales), `scheduledValues` for the per-step
 * record, reduce_on_plateau's state and `onEvaluation`. A schedule method that no emitted code calls is
 * left out, except `lrAt`, which the training loop calls, and `emaDecayAt` when the spec keeps an EMA.
 */
import type { Plan } from "../../ir.ts";
import type { NoiseCode } from "../emit-noise.ts";
import { baseLearningRate, type OptimizerEmitter } from "../emit-optimizer.ts";
import { emitOneCycleMomentum, emitSchedule, type ScheduleCode } from "../emit-schedule.ts";
import { num, str } from "../literals.ts";
import { ModuleBuilder, PRIVATE, type ModuleContext } from "./builder.ts";

interface ScheduleMethod extends ScheduleCode {
  readonly name: string;
}

/** Methods the runtime calls by name, emitted whether or not the module itself calls them. */

/** Call after every other piece that emits methods: which schedule methods exist depends on what they call. */
export function addSchedules(b: ModuleBuilder, { plan }: ModuleContext, opt: OptimizerEmitter | undefined, noise: NoiseCode): void {
  // Methods the runtime calls by name (runtime/contract.ts), emitted whether or not the module itself calls them.
  const calledByRuntime = new Set(plan.training.ema !== undefined ? ["lrAt", "emaDecayAt"] : ["lrAt"]);
  const scheduled = scheduledValuesBody(plan, opt);
  if (scheduled !== undefined) {
    b.methods.push({
      name: "scheduledValues",
      docs: ["The scheduled hyperparameters other than the learning rate at `step`, by name: the training loop records them per step."],
      parameters: [
        { name: "step", type: "number" },
        { name: "epoch", type: "number" },
      ],
      returnType: "Record<string, number>",
      body: scheduled,
    });
  }
  const emitted = b.methods.map((m) => ModuleBuilder.structure(m).statements).join("\n");
  for (const s of [...scheduleMethods(plan, opt), ...noise.scheduleMethods]) {
    if (!calledByRuntime.has(s.name) && !emitted.includes(`this.${s.name}(`)) continue;
    b.imports.use(...s.imports);
    b.methods.push({
      name: s.name,
      parameters: [
        { name: "step", type: "number" },
        { name: "epoch", type: "number" },
      ],
      returnType: "number",
      body: s.body,
    });
  }
  if (b.imports.has("stepsOf")) {
    b.properties.push({
      name: "stepsPerEpoch",
      initializer: "NaN",
      docs: [
        "Optimizer steps per epoch, set by the training loop once the data is loaded: schedules given partly in epochs convert them with it.",
      ],
    });
  }
  addPlateau(b, plan);
}

/** reduce_on_plateau: the learning rate is state (checkpointed) that each evaluation may lower. */
function addPlateau(b: ModuleBuilder, plan: Plan): void {
  const s = plan.schedules.lr;
  if (s?.kind !== "reduce_on_plateau") return;
  b.imports.use("PlateauScheduler");
  b.properties.push({ name: "plateauValue", initializer: num(baseLr(plan)) });
  b.properties.push({
    name: "plateau",
    isReadonly: true,
    scope: PRIVATE,
    initializer: `new PlateauScheduler(${str(s.mode)}, ${num(s.factor)}, ${num(s.patience)}, ${num(s.threshold)}, ${num(s.cooldown)}, ${num(s.min)})`,
  });
  b.scalarState.push("plateauValue");
  b.methods.push({
    name: "onEvaluation",
    docs: ["Called by the training loop after each evaluation (drives reduce_on_plateau)."],
    parameters: [{ name: "metrics", type: "Record<string, number>" }],
    returnType: "void",
    body: [
      `const value = metrics[${str(s.metric)}];`,
      `if (value === undefined) return;`,
      `this.plateauValue = this.plateau.step(value, this.plateauValue);`,
    ].join("\n"),
  });
}

function baseLr(plan: Plan): number {
  return baseLearningRate(plan.optimizer);
}

function scheduleMethods(plan: Plan, opt: OptimizerEmitter | undefined): ScheduleMethod[] {
  const out: ScheduleMethod[] = [];
  const s = plan.schedules;
  const constant = (value: number): ScheduleCode => ({ body: `return ${num(value)};`, imports: [] });
  out.push({ name: "lrAt", ...(s.lr ? emitSchedule(s.lr, baseLr(plan)) : constant(baseLr(plan))) });
  const momentumPlan = s.momentum ?? s.beta1;
  const baseMomentum = opt?.baseMomentum ?? 0;
  const cycled = s.lr ? emitOneCycleMomentum(s.lr) : undefined;
  out.push({ name: "momentumAt", ...(momentumPlan ? emitSchedule(momentumPlan, baseMomentum) : (cycled ?? constant(baseMomentum))) });
  const wdBase = opt?.baseWeightDecay ?? 0;
  out.push({ name: "weightDecayAt", ...(s.weight_decay ? emitSchedule(s.weight_decay, wdBase) : constant(wdBase)) });
  const emaDecay = plan.training.ema?.decay ?? 0;
  out.push({ name: "emaDecayAt", ...(s.ema ? emitSchedule(s.ema, emaDecay) : constant(emaDecay)) });
  if (s.dropout) {
    for (const layer of plan.layers)
      if (layer.kind === "dropout") out.push({ name: `dropoutRate_${layer.name}`, ...emitSchedule(s.dropout, layer.p) });
  }
  return out;
}

/** `return { momentum: this.momentumAt(step, epoch), ... }` over what the spec schedules besides lr; undefined when nothing. */
function scheduledValuesBody(plan: Plan, opt: OptimizerEmitter | undefined): string | undefined {
  const s = plan.schedules;
  const entries: string[] = [];
  const call = (method: string) => `this.${method}(step, epoch)`;
  const cycled = s.lr?.kind === "one_cycle" && s.lr.cycleMomentum && opt?.baseMomentum !== undefined;
  if (s.momentum !== undefined || s.beta1 !== undefined || cycled)
    entries.push(`${s.beta1 !== undefined ? "beta1" : "momentum"}: ${call("momentumAt")}`);
  if (s.weight_decay !== undefined) entries.push(`weight_decay: ${call("weightDecayAt")}`);
  if (s.ema !== undefined) entries.push(`ema: ${call("emaDecayAt")}`);
  if (s.dropout !== undefined) {
    for (const layer of plan.layers)
      if (layer.kind === "dropout") entries.push(`${str(`dropout.${layer.name}`)}: ${call(`dropoutRate_${layer.name}`)}`);
  }
  if (s.weight_noise !== undefined && plan.training.weightNoise !== undefined) entries.push(`weight_noise: ${call("weightNoiseAt")}`);
  if (s.gradient_noise !== undefined && plan.training.gradientNoise !== undefined)
    entries.push(`gradient_noise: ${call("gradientNoiseAt")}`);
  return entries.length === 0 ? undefined : `return { ${entries.join(", ")} };`;
}

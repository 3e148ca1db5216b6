/**
 * A first-order optimizer's step (every optimizer but L-BFGS): its state buffers; `update()`, which is
 * `nextUpdateStep()` (scheduled hyperparameters at this step, gradient noise, clipping), `updateRange()`
 * over every param (one fused update call per group) and `applyConstraints()` (max-norm); and `trainStep`,
 * one batch's zero-forward-backward-update.
 */
import type { Plan } from "../../ir.ts";
import type { NoiseCode } from "../emit-noise.ts";
import type { OptimizerEmitter } from "../emit-optimizer.ts";
import type { Layout } from "../layout.ts";
import { num } from "../literals.ts";
import type { ModuleBuilder, ModuleContext } from "./builder.ts";
import { withLocals } from "./locals.ts";

export function addFirstOrderStep(b: ModuleBuilder, { plan, layout }: ModuleContext, opt: OptimizerEmitter, noise: NoiseCode): void {
  b.imports.use(...opt.runtimeImports, "groupsWithin");
  b.declarations.push(opt.constants(layout.groups));
  for (const s of opt.scalarState) {
    b.properties.push({ name: s.field, initializer: num(s.initial) });
    b.scalarState.push(s.field);
  }
  // A replica views the primary's optimizer state: a data-parallel worker updates a range of the shared parameters.
  for (const [i, s] of opt.state.entries()) {
    b.properties.push({ name: s.field, isReadonly: true, type: "FloatArray", docs: [`Optimizer state ${s.torchName}.`] });
    b.constructorLines.push(
      `this.${s.field} = replica ? arena.floatsAt(PRECISION, replica.optimizerState[${i}], ${layout.paramCount}) : arena.floats(PRECISION, ${layout.paramCount});` +
        (s.initial !== 0 ? `\nif (!replica) this.${s.field}.fill(${num(s.initial)});` : ""),
    );
    b.optimizerState.push(s);
  }
  b.properties.push({
    name: "updateGroups",
    isReadonly: true,
    type: "readonly UpdateGroup[]",
    initializer: "UPDATE_GROUPS",
    docs: ["The ranges of params updated alike, where data-parallel training cuts an update (runtime/optimizers/update-step.ts)."],
  });
  const restoreLast = plan.training.onNan === "restore_last";
  if (restoreLast)
    b.properties.push({
      name: "lrScale",
      initializer: "1",
      docs: ["on_nan = restore_last: multiplies every step's learning rate; the training loop halves it after each restore."],
    });
  b.methods.push({
    name: "trainStep",
    docs: ["One optimizer step on one batch: zero gradients, forward, loss, backward, update. Returns the batch's mean data loss."],
    parameters: [
      { name: "x", type: "FloatArray" },
      { name: "labels", type: "Int32Array" },
      { name: "targets", type: "FloatArray" },
      { name: "n", type: "number" },
    ],
    returnType: "number",
    body: [`this.zeroGradients();`, `const loss = this.lossAndGradient(x, labels, targets, n, 1);`, `this.update();`, `return loss;`].join(
      "\n",
    ),
  });
  const constraints = constraintLines(b, plan, layout);
  b.methods.push({
    name: "update",
    docs: ["One optimizer step from the gradients: this step's values, the update of every group, then constraints."],
    returnType: "void",
    body: [
      `this.updateRange(this.nextUpdateStep(), this.grads, 0, ${layout.paramCount});`,
      ...(constraints.length > 0 ? [`this.applyConstraints();`] : []),
    ].join("\n"),
  });
  b.methods.push({
    name: "nextUpdateStep",
    docs: ["Counts the step and returns its values: scheduled hyperparameters, gradient noise and clipping, the optimizer's step scalars."],
    returnType: "UpdateStep",
    // Scheduled hyperparameters are read at the step being taken (t − 1, 0-based), as PyTorch's schedulers do.
    locals: [
      ["P", `const P = this.params;`],
      ["G", `const G = this.grads;`],
    ],
    body: [
      `const t = ++this.step;`,
      withLocals(
        [
          ["lr", `const lr = this.lrAt(t - 1, this.epoch)${restoreLast ? " * this.lrScale" : ""};`],
          ["mom", `const mom = this.momentumAt(t - 1, this.epoch);`],
          ["wd", `const wd = this.weightDecayAt(t - 1, this.epoch);`],
        ],
        stepBody(b, plan, layout, opt, noise),
      ),
    ].join("\n"),
  });
  b.methods.push({
    name: "updateRange",
    docs: [
      "The step's update of params [from, to) from `grads`. Every element is updated alone, so data-parallel\n" +
        "training splits a step into ranges on different threads (at the cuts of updateCuts, which keep the bytes).",
    ],
    parameters: [
      { name: "step", type: "UpdateStep" },
      { name: "grads", type: "FloatArray" },
      { name: "from", type: "number" },
      { name: "to", type: "number" },
    ],
    returnType: "void",
    locals: [
      ["P", `const P = this.params;`],
      ["G", `const G = grads;`],
    ],
    body: `for (const group of groupsWithin(UPDATE_GROUPS, from, to)) ${opt.call("group")}`,
  });
  if (constraints.length > 0)
    b.methods.push({
      name: "applyConstraints",
      docs: ["The max-norm constraint, after each update."],
      returnType: "void",
      locals: [["P", `const P = this.params;`]],
      body: constraints.join("\n"),
    });
}

/** nextUpdateStep() after `t`: noise, clipping, the step's values. */
function stepBody(b: ModuleBuilder, plan: Plan, layout: Layout, opt: OptimizerEmitter, noise: NoiseCode): string {
  const t = plan.training;
  const lines = [`const clipValue = ${t.clipGradValue !== undefined ? num(t.clipGradValue) : "Infinity"};`, ...noise.updateLines];
  if (t.clipGradNorm !== undefined) {
    b.imports.use("gradSquaredNorm");
    lines.push(
      `// clip_grad_norm_: scale = max_norm / (total_norm + 1e-6), capped at 1`,
      `const totalNorm = Math.sqrt(${layout.groups.map((g) => `gradSquaredNorm(P, G, ${g.start}, ${g.end}, ${num(g.l2x)}, ${num(g.l1)})`).join(" + ") || "0"});`,
      `const clipScale = Math.min(1, ${num(t.clipGradNorm)} / (totalNorm + 1e-6));`,
    );
  } else lines.push(`const clipScale = 1;`);
  if (opt.stepScalars !== "") lines.push(opt.stepScalars);
  lines.push(`return ${opt.stepValue};`);
  return lines.join("\n");
}

/** The max-norm constraint's calls, one per trained dense layer ([] without max_norm). */
function constraintLines(b: ModuleBuilder, plan: Plan, layout: Layout): string[] {
  const maxNorm = plan.training.maxNorm;
  if (maxNorm === undefined) return [];
  b.imports.use("maxNormRows");
  const lines: string[] = [];
  for (const layer of plan.layers) {
    if (layer.kind !== "dense" || layer.frozen) continue;
    const slot = layout.slots.get(`${layer.name}.weight`)!;
    lines.push(`maxNormRows(P, ${slot.offset}, ${layer.outputSize}, ${layer.inputSize}, ${num(maxNorm)});`);
  }
  return lines;
}

/**
 * A first-order optimizer's step (every optimizer but L-BFGS): its state buffers, `update()` — scheduled
 * hyperparameters at this step, gradient noise, clipping, one fused update call per group, the max-norm
 * constraint — and `trainStep`, one batch's zero-forward-backward-update.
 */
import type { Plan } from "../../ir.ts";
import type { NoiseCode } from "../emit-noise.ts";
import type { OptimizerEmitter } from "../emit-optimizer.ts";
import type { Layout } from "../layout.ts";
import { commentText, num } from "../literals.ts";
import type { ModuleBuilder, ModuleContext } from "./builder.ts";
import { withLocals } from "./locals.ts";

export function addFirstOrderStep(b: ModuleBuilder, { plan, layout }: ModuleContext, opt: OptimizerEmitter, noise: NoiseCode): void {
  b.imports.use(...opt.runtimeImports);
  b.declarations.push(opt.constants(layout.groups));
  for (const s of opt.scalarState) {
    b.properties.push({ name: s.field, initializer: num(s.initial) });
    b.scalarState.push(s.field);
  }
  for (const s of opt.state) {
    b.properties.push({ name: s.field, isReadonly: true, type: "FloatArray", docs: [`Optimizer state ${s.torchName}.`] });
    // A replica keeps no optimizer state: the primary updates the shared parameters.
    b.constructorLines.push(
      `this.${s.field} = arena.floats(PRECISION, replica ? 0 : ${layout.paramCount});` +
        (s.initial !== 0 ? `\nthis.${s.field}.fill(${num(s.initial)});` : ""),
    );
    b.optimizerState.push(s);
  }
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
  b.methods.push({
    name: "update",
    docs: ["One optimizer step over every update group, then constraints."],
    returnType: "void",
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
        updateBody(b, plan, layout, opt, noise),
      ),
    ].join("\n"),
  });
}

/** update() after `t`: noise, clipping, the per-group calls, constraints. */
function updateBody(b: ModuleBuilder, plan: Plan, layout: Layout, opt: OptimizerEmitter, noise: NoiseCode): string {
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
  if (opt.stepScalars) lines.push(opt.stepScalars);
  for (const [i, g] of layout.groups.entries()) lines.push(`// ${commentText(g.tensors.join(", "))}`, opt.call(i));
  if (t.maxNorm !== undefined) {
    b.imports.use("maxNormRows");
    for (const layer of plan.layers) {
      if (layer.kind !== "dense" || layer.frozen) continue;
      const slot = layout.slots.get(`${layer.name}.weight`)!;
      lines.push(`maxNormRows(P, ${slot.offset}, ${layer.outputSize}, ${layer.inputSize}, ${num(t.maxNorm)});`);
    }
  }
  return lines.join("\n");
}

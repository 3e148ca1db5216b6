/**
 * The objective: the loss and its gradient for a batch (with mixup/cutmix's soft labels when the spec
 * mixes), the loss alone for evaluation, the regularization penalty for reporting, and the batch
 * augmentation the training loop runs before the loss.
 */
import type { Plan } from "../../ir.ts";
import { emitAugment } from "../emit-augment.ts";
import { emitLoss } from "../emit-loss.ts";
import type { Layout } from "../layout.ts";
import { num } from "../literals.ts";
import { PRIVATE, type ModuleBuilder, type ModuleContext } from "./builder.ts";
import { regularizerOf } from "../../definitions/regularizers/index.ts";

const batchParameters = [
  { name: "x", type: "FloatArray" },
  { name: "labels", type: "Int32Array" },
  { name: "targets", type: "FloatArray" },
  { name: "n", type: "number" },
] as const;

export function addObjective(b: ModuleBuilder, { plan, layout, options }: ModuleContext): void {
  const loss = emitLoss(plan);
  const augment = emitAugment(plan);
  b.imports.use(...augment.imports);
  if (augment.constant !== "") b.declarations.push(augment.constant);
  for (const p of augment.properties) b.properties.push({ name: p.name, scope: PRIVATE, initializer: p.initializer });
  const profile = options.profile === true;
  b.methods.push({
    name: "lossAndGradient",
    docs: [
      "Forward in training mode, loss, backward. Gradients are ADDED to `grads` (call zeroGradients first);\n" +
        "the loss gradient is multiplied by `gradMul` (1, or 1/k when accumulating k batches). Returns the mean data loss.",
    ],
    parameters: [...batchParameters, { name: "gradMul", type: "number", initializer: "1" }],
    returnType: "number",
    body: [
      `const out = this.forward(x, n, true);`,
      ...(profile ? [`const lossStart = performance.now();`] : []),
      augment.beforeLoss,
      `const loss = ${augment.lossWithMix(loss.call("out", "gradMul"), "out", "gradMul")};`,
      ...(profile ? [`this.profile.phase("loss", lossStart);`] : []),
      `this.backward(n);`,
      `return loss;`,
    ]
      .filter((l) => l !== "")
      .join("\n"),
  });
  if (augment.augmentBody !== undefined) {
    b.methods.push({
      name: "augmentBatch",
      docs: ["Augments a training batch in place (the data block's `augment`); the training loop calls it before lossAndGradient."],
      parameters: [
        { name: "x", type: "FloatArray" },
        { name: "labels", type: "Int32Array" },
        { name: "n", type: "number" },
      ],
      returnType: "void",
      body: augment.augmentBody,
    });
  }
  b.methods.push({
    name: "lossOf",
    docs: ["Mean loss of the output rows `out` (from forward) against the labels or targets; no gradient is kept."],
    parameters: [{ name: "out", type: "FloatArray" }, ...batchParameters.slice(1)],
    returnType: "number",
    body: `return ${loss.value("out")};`,
  });
  b.methods.push({
    name: "penalty",
    docs: ["The regularization terms of the objective (λ·Σw² and λ·Σ|w| of the spec's l2/l1), for reporting."],
    returnType: "number",
    body: penaltyBody(b, plan, layout),
  });
}

/** `this.criterion`, the loss object, built after the gradient buffer it writes. */
export function addCriterion(b: ModuleBuilder, { plan }: ModuleContext): void {
  const loss = emitLoss(plan);
  b.imports.use(loss.type);
  b.properties.push({ name: "criterion", isReadonly: true, scope: PRIVATE, type: loss.type, docs: ["The loss (PyTorch's criterion)."] });
  b.constructorLines.push(`this.criterion = ${loss.initializer};`);
}

function penaltyBody(b: ModuleBuilder, plan: Plan, layout: Layout): string {
  const terms: string[] = [];
  for (const reg of plan.training.regularizers) {
    for (const name of reg.tensors) {
      const slot = layout.slots.get(name);
      if (!slot) continue;
      const fn = regularizerOf(reg).penalty;
      b.imports.use(fn);
      terms.push(`${num(reg.lambda)} * ${fn}(this.params, ${slot.offset}, ${slot.size})`);
    }
  }
  return `return ${terms.length ? terms.join(" + ") : "0"};`;
}

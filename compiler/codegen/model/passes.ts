/**
 * The forward and backward passes: one runtime kernel call (or a few) per kernel step (kernel-steps.ts),
 * forward in order and backward in reverse over two ping-pong gradient buffers (plus a graph model's
 * accumulation buffers, emit-layers.ts); prediction and the
 * per-step activations `nnc doctor` reads. With profiling on, every step's time is lapped into `model.profile`.
 */
import type { Plan } from "../../ir.ts";
import { emitBackward, emitForward, stepConstants, stepImports } from "../emit-layers.ts";
import { num, str } from "../literals.ts";
import type { KernelStep } from "../kernel-steps.ts";
import { PRIVATE, type ModuleBuilder, type ModuleContext } from "./builder.ts";

export function addPasses(b: ModuleBuilder, { plan, layout, steps, options, savesInput }: ModuleContext): void {
  steps.forEach((s) => b.imports.use(...stepImports(s)));
  b.declarations.push(...steps.map(stepConstants).filter((c) => c !== ""));
  const profile = options.profile === true;
  const last = steps[steps.length - 1].output;
  // A convolution that folds its batch norm writes only the batch norm's output in evaluation (fold-batchnorm.ts).
  const folds = steps.some((s) => s.foldsBatchNorm !== undefined);
  if (folds)
    b.properties.push({
      name: "lastPassTrained",
      scope: PRIVATE,
      initializer: "false",
      docs: ["Whether the last forward pass trained: after an evaluation pass a folded convolution's own output is stale."],
    });
  if (profile) {
    b.imports.use("StepProfile", "FORWARD", "BACKWARD");
    b.properties.push({
      name: "profile",
      isReadonly: true,
      initializer: `new StepProfile([${steps.map((s) => str(s.label)).join(", ")}])`,
      docs: ["Time per layer and pass (compiled with profiling on)."],
    });
  }
  b.methods.push({
    name: "forward",
    docs: [
      "Runs `n` rows of `x` (row-major, INPUT_SIZE floats each) through the model; returns the output buffer (the first n·OUTPUT_SIZE values).",
    ],
    parameters: [
      { name: "x", type: "FloatArray" },
      { name: "n", type: "number" },
      { name: "training", type: "boolean", initializer: "false" },
    ],
    returnType: "FloatArray",
    locals: [
      ["P", `const P = this.params;`],
      ["S", `const S = this.stats;`],
    ],
    body: [
      `if (n > MAX_BATCH) throw new RangeError(\`batch of \${n} rows exceeds MAX_BATCH = \${MAX_BATCH}\`);`,
      ...(savesInput ? [`this.input = x;`] : []),
      ...(folds ? [`this.lastPassTrained = training;`] : []),
      ...(profile ? [`const profile = training ? this.profile : undefined;`, `let lap = profile ? performance.now() : 0;`] : []),
      ...steps.map(
        (s, i) =>
          emitForward(s, layout, (step) => dropoutRateExpr(plan, step)) +
          (profile ? `\nif (profile) lap = profile.lap(${i}, FORWARD, lap);` : ""),
      ),
      `return this.${last};`,
    ].join("\n"),
  });
  b.methods.push({
    name: "predict",
    docs: ["Class predictions (argmax of the scores) of `n` rows of `x`, written into `out`; returns `out`."],
    parameters: [
      { name: "x", type: "FloatArray" },
      { name: "n", type: "number" },
      { name: "out", type: "Int32Array", initializer: "new Int32Array(n)" },
    ],
    returnType: "Int32Array",
    body: [
      `const y = this.forward(x, n, false);`,
      `for (let i = 0; i < n; i++) {`,
      `let best = 0;`,
      `for (let c = 1; c < OUTPUT_SIZE; c++) if (y[i * OUTPUT_SIZE + c] > y[i * OUTPUT_SIZE + best]) best = c;`,
      `out[i] = best;`,
      `}`,
      `return out;`,
    ].join("\n"),
  });
  b.methods.push({ name: "forwardOutput", returnType: "FloatArray", body: `return this.${last};` });
  const units = `[${steps.map((s) => `{ label: ${str(s.label)}, activation: ${stepActivation(s)}, data: this.${s.output}, width: ${s.outputSize} }`).join(", ")}]`;
  const stale = steps.filter((s) => s.foldsBatchNorm !== undefined).map((s) => `i !== ${s.index}`);
  b.methods.push({
    name: "activations",
    docs: [
      "Each unit's output buffer after the last forward pass (rows of `width` values), with its layer label and nonlinearity, for `nnc doctor`." +
        (folds
          ? " After an evaluation pass, without the convolutions that folded their batch norm: that pass did not write their outputs."
          : ""),
    ],
    returnType: "{ label: string; activation: string | null; data: FloatArray; width: number }[]",
    body: folds
      ? `const units = ${units};\nreturn this.lastPassTrained ? units : units.filter((_, i) => ${stale.join(" && ")});`
      : `return ${units};`,
  });
  b.methods.push({
    name: "backward",
    private: true,
    docs: ["Back-propagates the loss gradient held in gradA, accumulating parameter gradients into `grads`."],
    parameters: [{ name: "n", type: "number" }],
    returnType: "void",
    // g holds the gradient flowing into the step being differentiated, o receives its input's; t swaps them.
    locals: [
      ["P", `const P = this.params;`],
      ["G", `const G = this.grads;`],
      ["g", `let g = this.gradA;`],
      ["o", `let o = this.gradB;`],
      ["t", `let t = g;`],
    ],
    body: [
      ...(profile ? [`let lap = performance.now();`] : []),
      ...[...steps]
        .map((s, i) => ({ code: emitBackward(s, layout), i }))
        .reverse()
        .filter((c) => c.code !== "")
        .map((c) => (profile ? `${c.code}\nlap = this.profile.lap(${c.i}, BACKWARD, lap);` : c.code)),
    ].join("\n"),
  });
}

/** The nonlinearity a kernel step applies (a fused dense + relu applies relu), as a literal for the generated code. */
function stepActivation(step: KernelStep): string {
  if (step.fusedRelu) return str("relu");
  return step.layer.kind === "activation" ? str(step.layer.activation.fn) : "null";
}

function dropoutRateExpr(plan: Plan, step: KernelStep): string {
  if (step.layer.kind !== "dropout") return "0";
  return plan.schedules.dropout ? `this.dropoutRate_${step.layer.name}(this.step, this.epoch)` : num(step.layer.p);
}

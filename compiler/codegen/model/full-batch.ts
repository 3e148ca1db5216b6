/**
 * A full-batch optimizer (L-BFGS): instead of `update()` per batch the training loop calls `lbfgsStep`
 * with a closure that recomputes the loss and gradient over the whole training set; the regularization
 * gradient is added inside the closure so the line search sees the whole objective. The model has no
 * `update()` (optional in runtime/contract.ts): tools that need a per-batch step check for it.
 */
import type { FullBatchUpdate } from "../../definitions/optimizers/definition.ts";
import { num } from "../literals.ts";
import type { ModuleBuilder, ModuleContext } from "./builder.ts";

export function addFullBatchStep(b: ModuleBuilder, { layout }: ModuleContext, update: FullBatchUpdate): void {
  b.imports.use(...update.runtimeImports);
  b.properties.push({ name: "lbfgs", isReadonly: true, type: "Lbfgs" });
  b.constructorLines.push(update.construct(layout.paramCount));
  const regularized = layout.groups.filter((g) => g.l2x !== 0 || g.l1 !== 0);
  b.methods.push({
    name: "lbfgsStep",
    docs: ["One L-BFGS step; `closure` recomputes the full-batch loss and gradient."],
    parameters: [{ name: "closure", type: "() => number" }],
    returnType: "number",
    body: [
      `this.step += 1;`,
      `return this.lbfgs.step(this.params, this.grads, () => {`,
      `const loss = closure();`,
      ...regularized.map((g) => `addRegularizationGradient(this.params, this.grads, ${g.start}, ${g.end}, ${num(g.l2x)}, ${num(g.l1)});`),
      `return loss + this.penalty();`,
      `});`,
    ].join("\n"),
  });
}

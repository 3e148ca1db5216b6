/**
 * What a training-state checkpoint saves beyond the weights: the optimizer's state buffers under
 * PyTorch's names, and the number fields other pieces registered (ModuleBuilder.scalarState).
 */
import { str } from "../literals.ts";
import type { ModuleBuilder } from "./builder.ts";

/** Call after every piece that registers optimizer or scalar state. A model without either has neither method (both are optional in runtime/contract.ts). */
export function addCheckpointState(b: ModuleBuilder): void {
  if (b.optimizerState.length > 0)
    b.methods.push({
      name: "optimizerState",
      docs: ["Optimizer state buffers under PyTorch's names, for checkpoints."],
      returnType: "{ name: string; data: FloatArray }[]",
      body: `return [${b.optimizerState.map((s) => `{ name: ${str(s.torchName)}, data: this.${s.field} }`).join(", ")}];`,
    });
  if (b.scalarState.length === 0) return;
  b.methods.push({
    name: "scalarState",
    returnType: "Record<string, number>",
    body: `return { ${b.scalarState.map((f) => `${f}: this.${f}`).join(", ")} };`,
  });
  b.methods.push({
    name: "setScalarState",
    parameters: [{ name: "state", type: "Record<string, number>" }],
    returnType: "void",
    body: b.scalarState.map((f) => `if (typeof state.${f} === "number") this.${f} = state.${f};`).join("\n"),
  });
}

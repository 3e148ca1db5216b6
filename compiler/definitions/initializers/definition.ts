/**
 * What an initializer is, in every phase: its registry entry (name, parameters, docs for hover), the plan
 * it binds to for one tensor, the runtime call that fills the tensor in generated TypeScript, and the
 * torch.nn.init statement of the PyTorch target. Adding an initializer is one definition here, its runtime
 * function (runtime/init), and one line in index.ts.
 */
import type { CheckedCall } from "../call.ts";
import type { RegistryEntry } from "../../registry/types.ts";

/** PyTorch's fans of the tensor's layer (fan_in = in·k², fan_out = out·k²). */
export interface InitFans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** The tensor a generated TypeScript call fills, with the facts initializers read. */
export interface TypeScriptInitTarget {
  /** The tensor's view, made once in the model's constructor: `this.dense0.tensors.weight`. */
  readonly view: string;
  readonly size: number;
  readonly shape: readonly number[];
  readonly role: "weight" | "bias" | "running_mean" | "running_var";
  readonly fans: InitFans;
  readonly matrix: { readonly rows: number; readonly cols: number };
  /** A path of the spec as a TypeScript expression, with the runtime functions that expression calls. */
  path(path: string): { readonly code: string; readonly imports: readonly string[] };
}

/** One generated statement and the runtime functions it calls. */
export interface TypeScriptInit {
  readonly code: string;
  readonly imports: readonly string[];
}

/** The tensor a PyTorch init statement fills: `model.fc1.weight`. */
export interface PyTorchInitTarget {
  readonly ref: string;
  /** A weight takes torch's own fan-reading initializers; a bias gets the same formula with the layer's fans. */
  readonly isWeight: boolean;
  readonly fans: InitFans;
  readonly shape: readonly number[];
  /** A path of the spec as a Python expression. */
  expression(path: string): string;
}

export interface InitializerDefinition<I extends { readonly kind: string }> {
  readonly kind: I["kind"];
  readonly entry: RegistryEntry;
  /** The plan for one tensor; `tensor` names it (`fc1.weight`) for the initializers that load by name. */
  plan(call: CheckedCall, tensor: string): I;
  typescript(init: I, target: TypeScriptInitTarget): TypeScriptInit;
  /** The statement for init_parameters(), or undefined where PyTorch's own default already does it. */
  pytorch(init: I, target: PyTorchInitTarget): string | undefined;
  /**
   * The runtime's fan-scaled initializers fill a fanOut × fanIn matrix; a conv weight [O, C/groups, k, k]
   * is not one, so its fan-scaled initializers become the plain normal or uniform distribution they stand
   * for, with the same draws. Absent: the initializer reads no fans and stays as it is.
   */
  asDistribution?(init: I, fans: InitFans): { kind: "normal"; mean: number; std: number } | { kind: "uniform"; low: number; high: number };
}

/** One runtime call with its name recorded as the import. */
export function runtimeCall(fn: string, args: string): TypeScriptInit {
  return { code: `${fn}(${args});`, imports: [fn] };
}

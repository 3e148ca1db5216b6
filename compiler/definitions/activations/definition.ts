/**
 * What an activation is, in every phase: its registry entry, its plan (the function and its constant),
 * the summary text, the runtime kernels of its TypeScript forward and backward, and its PyTorch line.
 * An activation stands where a layer does; the `activation` layer (layers/activation.ts) carries it.
 * Adding one is a definition here, its kernels (runtime/kernels/activations.ts), and a line in index.ts.
 */
import type { CheckedCall } from "../call.ts";
import type { RegistryEntry } from "../../registry/types.ts";

/** The buffers one activation step reads and writes, as generated-code expressions. */
export interface ActivationIo {
  readonly input: string;
  readonly output: string;
  /** Features per row. */
  readonly width: number;
}

export interface ActivationDefinition<A extends { readonly fn: string }> {
  readonly fn: A["fn"];
  readonly entry: RegistryEntry;
  plan(call: CheckedCall): A;
  /** The summary's kind column: `relu`, `leaky_relu(0.1)`. */
  summary(a: A): string;
  readonly typescript: {
    /** The runtime functions forward and backward call. */
    readonly imports: readonly string[];
    forward(a: A, io: ActivationIo): string;
    /** The gradient w.r.t. the output is in `g` and becomes the gradient w.r.t. the input in place. */
    backward(a: A, io: ActivationIo): string;
  };
  /** The line of forward() in the PyTorch target: `x = F.relu(x)`. */
  pytorch(a: A): string;
}

/** Forward and backward of an elementwise function whose backward reads its own output (relu, sigmoid, tanh). */
export function fromOutput(base: string) {
  return {
    imports: [`${base}Forward`, `${base}Backward`],
    forward: (_: unknown, io: ActivationIo) => `${base}Forward(${io.input}, 0, ${io.output}, 0, n * ${io.width});`,
    backward: (_: unknown, io: ActivationIo) => `${base}Backward(${io.output}, 0, g, 0, g, 0, n * ${io.width});`,
  };
}

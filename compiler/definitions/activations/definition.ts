/**
 * What an activation is, in every phase: its registry entry, its plan (the function and its constant),
 * the summary text, the runtime object of its TypeScript forward and backward, and its PyTorch line.
 * An activation stands where a layer does; the `activation` layer (layers/activation.ts) carries it.
 * Adding one is a definition here, its kernels (runtime/kernels/activations.ts) and object
 * (runtime/layers/activations.ts), and a line in index.ts.
 */
import type { CheckedCall } from "../call.ts";
import type { RegistryEntry } from "../../registry/types.ts";

export interface ActivationDefinition<A extends { readonly fn: string }> {
  readonly fn: A["fn"];
  readonly entry: RegistryEntry;
  plan(call: CheckedCall): A;
  /** The summary's kind column: `relu`, `leaky_relu(0.1)`. */
  summary(a: A): string;
  /**
   * The object the generated model builds once for it (runtime/layers/activations.ts: `new Tanh({ features: 64 })`),
   * whose `forward(n, x, y)` and `backward(n, …, g)` call its kernels; backward turns the gradient w.r.t. the
   * output in `g` into the gradient w.r.t. the input in place.
   */
  readonly typescript: {
    /** Its runtime class, which is also its import. */
    readonly type: string;
    /** Its settings for rows of `width` features. */
    settings(a: A, width: number): string;
    /** What backward reads before `g`: the input x, the output y, or both (x then y). */
    readonly backwardReads: "input" | "output" | "both";
  };
  /** The line of forward() in the PyTorch target: `x = F.relu(x)`. */
  pytorch(a: A): string;
}

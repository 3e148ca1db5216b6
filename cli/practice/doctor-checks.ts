/** The checks of `nnc doctor`, in the order it runs them (a module of its own so the command registers without loading them). */
export const CHECKS = ["loss", "overfit", "gradients", "activations", "ratio"] as const;
export type CheckName = (typeof CHECKS)[number];

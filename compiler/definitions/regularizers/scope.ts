import { REFERENCES, oneOf, opt } from "../../registry/params.ts";

/** Which tensors a regularizer covers (resolved by compiler/plan/tensors.ts). */
export const scope = [
  opt("on", oneOf("weights", "biases", "all"), "weights", "which parameters are penalized"),
  opt("layers", REFERENCES, undefined, "restrict to these named layers (default: every parametric layer)"),
];

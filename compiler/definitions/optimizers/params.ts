/** Parameters several optimizers share, written once so their defaults cannot drift apart. */
import type { ParamSpec } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative, positive, unitOpen } from "../../registry/range.ts";

export const lr = (def: number): ParamSpec => opt("lr", NUMBER, def, "learning rate", positive);
export const weightDecay = (def: number): ParamSpec => opt("weight_decay", NUMBER, def, "L2 penalty coefficient", nonNegative);
export const eps = (def: number): ParamSpec => opt("eps", NUMBER, def, "added to the denominator for numerical stability", positive);
export const betas: ParamSpec = {
  name: "betas",
  type: { kind: "numbers", length: 2 },
  default: [0.9, 0.999],
  required: false,
  range: unitOpen,
  doc: "decay rates [β1, β2] of the first and second moment averages",
};

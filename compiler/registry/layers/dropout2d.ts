import type { RegistryEntry } from "../types.ts";
import { NUMBER, req } from "../params.ts";
import { unitOpen } from "../range.ts";

export const dropout2d: RegistryEntry = {
  name: "dropout2d",
  role: "layer",
  params: [req("p", NUMBER, "probability of zeroing each whole channel during training", unitOpen)],
  doc: "Channel dropout: zero whole feature maps with probability p, scale survivors by 1/(1−p) (nn.Dropout2d).",
  details:
    "Neighbouring pixels of a feature map are strongly correlated, so dropping single activations regularizes " +
    "a conv net little; dropping entire channels does (Tompson et al. 2015). Needs a [C, H, W] input.",
};

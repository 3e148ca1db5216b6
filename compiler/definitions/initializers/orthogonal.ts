/** A (semi-)orthogonal matrix, from the QR decomposition of a Gaussian one. */
import type { RegistryEntry } from "../../registry/types.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { pyFloat } from "../../pytorch/literals.ts";
import { runtimeCall, type InitializerDefinition } from "./definition.ts";

export interface OrthogonalInit {
  readonly kind: "orthogonal";
  readonly gain: number;
}

const entry: RegistryEntry = {
  name: "orthogonal",
  role: "initializer",
  params: [opt("gain", NUMBER, 1, "scale factor", positive)],
  doc: "A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix, times gain.",
  details:
    "All singular values equal gain, so the layer preserves norms exactly at initialization (Saxe et al. 2013); " +
    "useful for deep linear-ish stacks.",
};

export const orthogonal: InitializerDefinition<OrthogonalInit> = {
  kind: "orthogonal",
  entry,
  plan: (call) => ({ kind: "orthogonal", gain: call.args.number("gain") }),
  typescript: (init, t) => runtimeCall("initOrthogonal", `${t.view}, ${t.matrix.rows}, ${t.matrix.cols}, ${num(init.gain)}, rng`),
  pytorch: (init, t) =>
    t.isWeight
      ? `nn.init.orthogonal_(${t.ref}, gain=${pyFloat(init.gain)})`
      : `nn.init.orthogonal_(${t.ref}.view(-1, 1), gain=${pyFloat(init.gain)})`,
};

/** What layernorm and groupnorm share: an optional γ (weight) and β (bias), fresh or loaded from a checkpoint. */
import type { InitPlan } from "../initializers/index.ts";
import { pyStr } from "../../pytorch/literals.ts";
import type { LayerTensor, PyTorchInitPaths, TrainSettings } from "./definition.ts";

export interface NormAffine extends TrainSettings {
  readonly name: string;
  readonly affine: boolean;
  /** The checkpoint the spec's `weight_init = from(...)` loads γ and β from; otherwise γ = 1, β = 0 (PyTorch's start). */
  readonly from: string | undefined;
}

/** weight then bias (state_dict order), each of `shape`; none without affine. */
export function normTensors(l: NormAffine, shape: readonly number[]): readonly LayerTensor[] {
  if (!l.affine) return [];
  const size = shape.reduce((a, d) => a * d, 1);
  const train = { lrMult: l.lrMult, wdMult: l.wdMult, frozen: l.frozen };
  const fresh: Record<"weight" | "bias", InitPlan> = { weight: { kind: "constant", value: 1 }, bias: { kind: "zeros" } };
  return (["weight", "bias"] as const).map((role) => ({
    role,
    shape,
    buffer: "params",
    init: l.from === undefined ? fresh[role] : { kind: "from", path: l.from, tensor: `${l.name}.${role}` },
    fans: { fanIn: size, fanOut: size },
    matrix: { rows: size, cols: 1 },
    train,
  }));
}

/** init_parameters() lines: PyTorch's own start is the fresh state, so only a checkpoint needs statements. */
export function normPytorchInit(l: NormAffine, shape: readonly number[], module: string, paths: PyTorchInitPaths): readonly string[] {
  if (l.from === undefined || !l.affine) return [];
  const path = paths.expression(l.from);
  return (["weight", "bias"] as const).map(
    (role) => `${module}.${role}.copy_(load_tensor(${path}, ${pyStr(`${l.name}.${role}`)}, [${shape.join(", ")}]))`,
  );
}

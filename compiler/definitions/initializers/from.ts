/** Load a tensor from a safetensors checkpoint (pretrained weights, transfer learning). */
import type { RegistryEntry } from "../../registry/types.ts";
import { PATH, opt, req } from "../../registry/params.ts";
import { str } from "../../codegen/literals.ts";
import { pyStr } from "../../pytorch/literals.ts";
import type { InitializerDefinition } from "./definition.ts";

/** Load the tensor named `tensor` from a safetensors file (path absolute after resolution). */
export interface FromInit {
  readonly kind: "from";
  readonly path: string;
  readonly tensor: string;
}

const entry: RegistryEntry = {
  name: "from",
  role: "initializer",
  params: [
    req("path", PATH, "a .safetensors file"),
    opt(
      "layer",
      { kind: "string" },
      undefined,
      'on a layer: load the tensors of this checkpoint layer (`layer = "hidden"` loads hidden.weight into fc1.weight)',
    ),
  ],
  doc: "Load pretrained tensors from a safetensors file.",
  details:
    "On a layer, the tensor named after the parameter (`fc1.weight`) is loaded; as the model-wide weight_init it " +
    "loads every tensor, including biases and batch-norm buffers. The path resolves from the spec's folder. " +
    "`layer` maps names for transfer learning: the checkpoint's `layer.weight` / `layer.bias` fill this layer's tensors.",
};

/** `fc1.weight` read from the checkpoint layer `layer` instead: `hidden.weight` (transfer-learning name mapping). */
function renamed(tensor: string, layer: string | undefined): string {
  return layer === undefined ? tensor : `${layer}${tensor.slice(tensor.lastIndexOf("."))}`;
}

export const from: InitializerDefinition<FromInit> = {
  kind: "from",
  entry,
  plan: (call, tensor) => ({ kind: "from", path: call.args.string("path"), tensor: renamed(tensor, call.args.optional.string("layer")) }),
  typescript: (init, t) => {
    const path = t.path(init.path);
    return {
      code: `loadTensorInto(${path.code}, ${str(init.tensor)}, ${t.view}, ${JSON.stringify(t.shape)});`,
      imports: ["loadTensorInto", ...path.imports],
    };
  },
  pytorch: (init, t) => `${t.ref}.copy_(load_tensor(${t.expression(init.path)}, ${pyStr(init.tensor)}, [${t.shape.join(", ")}]))`,
};

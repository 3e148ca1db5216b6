/**
 * The model as one nn.Module: PyTorch's own layer classes (so state_dict names and layouts are PyTorch's,
 * `fc1.weight` [out, in]), activations as torch functions in forward(), and init_parameters() applying the
 * spec's initializers on top of PyTorch's defaults.
 */
import type { InitPlan, LayerPlan, Plan } from "../ir.ts";
import { isPlainAttribute, pyBool, pyComment, pyFloat, pyStr } from "./literals.ts";
import type { PythonPaths } from "./paths.ts";

/**
 * `self.fc1` (or `model.fc1`); a name that cannot be an attribute (`forward`, `lambda`, …) is looked up in
 * nn.Module's own registry, `_modules`, whose keys are the state_dict prefixes.
 */
export function moduleRef(owner: string, name: string): string {
  return isPlainAttribute(name) ? `${owner}.${name}` : `${owner}._modules[${pyStr(name)}]`;
}

function constructor(layer: LayerPlan): string | undefined {
  switch (layer.kind) {
    case "dense":
      return `nn.Linear(${layer.inputSize}, ${layer.outputSize}, bias=${pyBool(layer.bias)})`;
    case "batchnorm": {
      const cls = layer.outputShape.length === 3 ? "nn.BatchNorm2d" : "nn.BatchNorm1d";
      return `${cls}(${layer.features}, eps=${pyFloat(layer.eps)}, momentum=${pyFloat(layer.momentum)}, affine=${pyBool(layer.affine)})`;
    }
    case "conv2d":
      return (
        `nn.Conv2d(${layer.in.c}, ${layer.out.c}, kernel_size=${layer.kernel}, stride=${layer.stride}, padding=${layer.padding}, ` +
        `dilation=${layer.dilation}, groups=${layer.groups}, bias=${pyBool(layer.bias)})`
      );
    case "pool":
      return `nn.${layer.op === "max" ? "MaxPool2d" : "AvgPool2d"}(kernel_size=${layer.kernel}, stride=${layer.stride}, padding=${layer.padding})`;
    case "dropout":
      return `nn.Dropout(p=${pyFloat(layer.p)})`;
    case "dropout2d":
      return `nn.Dropout2d(p=${pyFloat(layer.p)})`;
    default:
      return undefined;
  }
}

function forwardLine(layer: LayerPlan): string {
  switch (layer.kind) {
    case "activation": {
      const a = layer.activation;
      switch (a.fn) {
        case "relu":
          return "x = F.relu(x)";
        case "leaky_relu":
          return `x = F.leaky_relu(x, negative_slope=${pyFloat(a.slope)})`;
        case "elu":
          return `x = F.elu(x, alpha=${pyFloat(a.alpha)})`;
        case "gelu":
          return "x = F.gelu(x)  # the exact erf form";
        case "sigmoid":
          return "x = torch.sigmoid(x)";
        case "tanh":
          return "x = torch.tanh(x)";
        case "softmax":
          return "x = F.softmax(x, dim=1)";
      }
      break;
    }
    case "flatten":
      return "x = x.flatten(1)";
    case "global_avgpool":
      return "x = F.adaptive_avg_pool2d(x, 1).flatten(1)";
    case "maxout":
      return `x = x.view(len(x), ${layer.outputSize}, ${layer.k}).max(dim=2).values  # maxout: the largest of each ${layer.k} consecutive features`;
  }
  return `x = ${moduleRef("self", layer.name)}(x)`;
}

export function emitModel(plan: Plan): string {
  const init: string[] = [];
  for (const layer of plan.layers) {
    const c = constructor(layer);
    if (c === undefined) continue;
    // add_module refuses names nn.Module already uses as attributes; the registry itself takes any name.
    init.push(
      isPlainAttribute(layer.name) ? `self.${layer.name} = ${c}` : `self._modules[${pyStr(layer.name)}] = ${c}  # not an attribute name`,
    );
  }
  // Layer names are identifiers and shapes numbers, so the docstring needs no escaping beyond pyComment.
  const shapes = plan.layers.map(
    (l) => `        ${pyComment(l.kind === "activation" ? l.activation.fn : l.name)} → [${l.outputShape.join(", ")}]`,
  );
  return [
    `class Model(nn.Module):`,
    `    """`,
    `    Input [${plan.inputShape.join(", ")}], then per layer its output shape (per sample):`,
    ...shapes,
    `    """`,
    ``,
    `    def __init__(self) -> None:`,
    `        super().__init__()`,
    ...(init.length ? init.map((l) => `        ${l}`) : ["        pass"]),
    ``,
    `    def forward(self, x: torch.Tensor) -> torch.Tensor:`,
    ...plan.layers.map((l) => `        ${forwardLine(l)}`),
    `        return x`,
  ].join("\n");
}

function fanFor(layer: LayerPlan): { fanIn: number; fanOut: number } {
  if (layer.kind === "conv2d") {
    const area = layer.kernel * layer.kernel;
    return { fanIn: (layer.in.c / layer.groups) * area, fanOut: layer.out.c * area };
  }
  return { fanIn: layer.inputSize, fanOut: layer.outputSize };
}

/** One initializer statement for `target` (an expression naming a tensor), or undefined for PyTorch's default. */
function initStatement(
  init: InitPlan,
  target: string,
  isWeight: boolean,
  fanIn: number,
  fanOut: number,
  shape: readonly number[],
  paths: PythonPaths,
): string | undefined {
  const fan = (mode: "fan_in" | "fan_out") => (mode === "fan_in" ? fanIn : fanOut);
  switch (init.kind) {
    case "pytorch_default":
      return undefined;
    case "zeros":
      return `nn.init.zeros_(${target})`;
    case "constant":
      return `nn.init.constant_(${target}, ${pyFloat(init.value)})`;
    case "normal":
      return `nn.init.normal_(${target}, mean=${pyFloat(init.mean)}, std=${pyFloat(init.std)})`;
    case "uniform":
      return `nn.init.uniform_(${target}, a=${pyFloat(init.low)}, b=${pyFloat(init.high)})`;
    case "xavier_normal":
      return isWeight
        ? `nn.init.xavier_normal_(${target}, gain=${pyFloat(init.gain)})`
        : `nn.init.normal_(${target}, std=${pyFloat(init.gain)} * math.sqrt(2 / (${fanIn} + ${fanOut})))  # Xavier normal with the layer's fans`;
    case "xavier_uniform":
      return isWeight
        ? `nn.init.xavier_uniform_(${target}, gain=${pyFloat(init.gain)})`
        : `nn.init.uniform_(${target}, -${pyFloat(init.gain)} * math.sqrt(6 / (${fanIn} + ${fanOut})), ${pyFloat(init.gain)} * math.sqrt(6 / (${fanIn} + ${fanOut})))  # Xavier uniform with the layer's fans`;
    case "he_normal":
      return `nn.init.normal_(${target}, std=${pyFloat(init.gain)} / math.sqrt(${fan(init.mode)}))  # He (Kaiming) normal, ${init.mode}`;
    case "he_uniform":
      return `nn.init.uniform_(${target}, -${pyFloat(init.gain)} * math.sqrt(3 / ${fan(init.mode)}), ${pyFloat(init.gain)} * math.sqrt(3 / ${fan(init.mode)}))  # He (Kaiming) uniform, ${init.mode}`;
    case "orthogonal":
      return isWeight
        ? `nn.init.orthogonal_(${target}, gain=${pyFloat(init.gain)})`
        : `nn.init.orthogonal_(${target}.view(-1, 1), gain=${pyFloat(init.gain)})`;
    case "from":
      return `${target}.copy_(load_tensor(${paths.expression(init.path)}, ${pyStr(init.tensor)}, [${shape.join(", ")}]))`;
  }
}

export function emitInit(plan: Plan, paths: PythonPaths): string {
  const lines: string[] = [];
  for (const layer of plan.layers) {
    const m = moduleRef("model", layer.name);
    const { fanIn, fanOut } = fanFor(layer);
    if (layer.kind === "dense" || layer.kind === "conv2d") {
      const weightShape =
        layer.kind === "dense" ? [layer.outputSize, layer.inputSize] : [layer.out.c, layer.in.c / layer.groups, layer.kernel, layer.kernel];
      const w = initStatement(layer.weightInit, `${m}.weight`, true, fanIn, fanOut, weightShape, paths);
      if (w !== undefined) lines.push(w);
      if (layer.bias) {
        const b = initStatement(layer.biasInit, `${m}.bias`, false, fanIn, fanOut, [weightShape[0]], paths);
        if (b !== undefined) lines.push(b);
      }
    } else if (layer.kind === "batchnorm" && layer.from !== undefined) {
      const roles = layer.affine ? ["weight", "bias", "running_mean", "running_var"] : ["running_mean", "running_var"];
      for (const role of roles) {
        lines.push(
          `${m}.${role}.copy_(load_tensor(${paths.expression(layer.from)}, ${pyStr(`${layer.name}.${role}`)}, [${layer.features}]))`,
        );
      }
      // A whole-model checkpoint also carries the batch counter (nnc loads it as a state_dict).
      if (plan.initFrom !== undefined && layer.from === plan.initFrom) {
        lines.push(`load_batches_tracked(${m}, ${paths.expression(layer.from)}, ${pyStr(`${layer.name}.num_batches_tracked`)})`);
      }
    }
  }
  return [
    `@torch.no_grad()`,
    `def init_parameters(model: Model) -> None:`,
    `    """The spec's initializers; tensors not named here keep PyTorch's default initialisation."""`,
    ...(lines.length ? lines.map((l) => `    ${l}`) : ["    pass"]),
  ].join("\n");
}

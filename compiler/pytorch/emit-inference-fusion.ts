/**
 * The PyTorch script's `fuse_for_inference(model)`: a copy of the model for inference with each batch norm
 * folded into the convolution before it, the pairs nnc's own evaluation folds (compiler/codegen/fold-batchnorm.ts:
 * a convolution whose only reader is the batch norm; docs/fusion.md). PyTorch's fuse_conv_bn_eval does the
 * arithmetic; the script only names the pairs. Empty for a model with no such pair.
 */
import type { Plan } from "../ir.ts";
import { pyStr } from "./literals.ts";

/** The (convolution, batch norm) module paths folded for inference, in model order. */
export function convBatchNormPairs(plan: Plan): [string, string][] {
  const readers = plan.layers.map(() => 0);
  for (const l of plan.layers) for (const j of l.inputs) if (j >= 0) readers[j]++;
  const pairs: [string, string][] = [];
  for (const l of plan.layers) {
    const conv = l.inputs.length === 1 ? plan.layers[l.inputs[0]] : undefined;
    if (l.kind === "batchnorm" && conv?.kind === "conv2d" && readers[l.inputs[0]] === 1) pairs.push([conv.name, l.name]);
  }
  return pairs;
}

export function emitInferenceFusion(plan: Plan): string {
  const pairs = convBatchNormPairs(plan);
  if (pairs.length === 0) return "";
  return [
    `# Batch norms folded into the convolution before each for inference (the pairs nnc's evaluation folds).`,
    `CONV_BN_PAIRS = [`,
    ...pairs.map(([conv, bn]) => `    (${pyStr(conv)}, ${pyStr(bn)}),`),
    `]`,
    ``,
    ``,
    `def fuse_for_inference(model: nn.Module) -> nn.Module:`,
    `    """`,
    `    A copy of \`model\` in evaluation mode for inference: each batch norm of CONV_BN_PAIRS folded into the`,
    `    convolution before it (torch.nn.utils.fuse_conv_bn_eval) and replaced by nn.Identity. Its outputs are`,
    `    model.eval()'s within float rounding; it cannot be trained on (the batch statistics are gone).`,
    `    """`,
    `    fused = copy.deepcopy(model).eval()`,
    `    for conv_name, bn_name in CONV_BN_PAIRS:`,
    `        conv = fused.get_submodule(conv_name)`,
    `        bn = fused.get_submodule(bn_name)`,
    `        replace_submodule(fused, conv_name, torch.nn.utils.fuse_conv_bn_eval(conv, bn))`,
    `        replace_submodule(fused, bn_name, nn.Identity())`,
    `    return fused`,
    ``,
    ``,
    `def replace_submodule(model: nn.Module, path: str, module: nn.Module) -> None:`,
    `    parent, _, name = path.rpartition(".")`,
    `    setattr(model.get_submodule(parent) if parent else model, name, module)`,
  ].join("\n");
}

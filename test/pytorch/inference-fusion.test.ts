/**
 * The PyTorch script's fuse_for_inference (compiler/pytorch/emit-inference-fusion.ts): it folds the
 * convolution → batch norm pairs nnc's evaluation folds, including those inside residual blocks and a
 * projection shortcut, and the folded copy computes what model.eval() computes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { hasTorch, runPython } from "./python.ts";

afterAll(removeTempSpecs);

const SPEC = `block basic(c, stride = 1) {
  residual {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1)
    bn2: batchnorm(affine = false)
  }
  relu
}
data {
  train = csv("train.csv", label = 0)
}
model {
  input = [2, 6, 6]
  conv1: conv2d(4, 3, padding = 1, bias = false)
  bn1: batchnorm
  relu
  conv2: conv2d(4, 1)
  relu
  bn2: batchnorm
  layer1: basic(4)
  layer2: basic(8, stride = 2)
  adaptive_avgpool(1)
  flatten
  fc: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.05)
  steps = 1
  batch_size = 8
}
`;

/** Randomises every parameter and running statistic, then prints the eval outputs of the model and of its fused copy. */
const COMPARE = `
import importlib.util, json, sys
import torch
torch.manual_seed(0)
spec = importlib.util.spec_from_file_location("train", sys.argv[1])
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
model = train.Model()
with torch.no_grad():
    for p in model.parameters():
        p.add_(0.3 * torch.randn_like(p))
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn_like(m.running_mean))
            m.running_var.copy_(0.2 + 2 * torch.rand_like(m.running_var))
    model.eval()
    x = torch.randn(5, 2, 6, 6)
    fused = train.fuse_for_inference(model)
    left = sorted(name for name, m in fused.named_modules() if isinstance(m, torch.nn.BatchNorm2d))
    kept = sorted(name for name, m in model.named_modules() if isinstance(m, torch.nn.BatchNorm2d))
    print(json.dumps({"pairs": train.CONV_BN_PAIRS, "left": left, "kept": kept, "model": model(x).tolist(), "fused": fused(x).tolist()}))
`;

describe("fuse_for_inference in the PyTorch script", () => {
  it.skipIf(!hasTorch())("folds nnc's conv → batchnorm pairs and computes model.eval()'s outputs", () => {
    const dir = tempSpecs({ "train.csv": "0,1\n", "fold.nn": SPEC, "compare.py": COMPARE });
    const compiled = nnc(["compile", "--target", "pytorch", join(dir, "fold.nn"), "-o", join(dir, "train.py")]);
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(readFileSync(join(dir, "train.py"), "utf8")).toContain("def fuse_for_inference(model: nn.Module) -> nn.Module:");
    const out = JSON.parse(runPython([join(dir, "compare.py"), join(dir, "train.py")]).stdout) as {
      pairs: [string, string][];
      left: string[];
      kept: string[];
      model: number[][];
      fused: number[][];
    };
    // bn2 reads a ReLU, not its convolution: it stays.
    expect(out.pairs).toEqual([
      ["conv1", "bn1"],
      ["layer1.conv1", "layer1.bn1"],
      ["layer1.conv2", "layer1.bn2"],
      ["layer2.conv1", "layer2.bn1"],
      ["layer2.conv2", "layer2.bn2"],
      ["layer2.downsample.0", "layer2.downsample.1"],
    ]);
    expect(out.left).toEqual(["bn2"]);
    expect(out.kept).toHaveLength(7);
    const worst = Math.max(...out.model.flat().map((v, i) => Math.abs(v - out.fused.flat()[i])));
    expect(worst).toBeLessThanOrEqual(1e-4 * Math.max(1, ...out.model.flat().map(Math.abs)));
  });

  it("is not written for a model without a foldable pair", () => {
    const spec = `data {\n  train = csv("train.csv", label = 0)\n}\nmodel {\n  input = [4]\n  fc: dense(3)\n  loss = cross_entropy()\n}\ntrain {\n  optimizer = sgd(lr = 0.1)\n  steps = 1\n}\n`;
    const plain = tempSpecs({ "train.csv": "0,1,2,3,4\n", "mlp.nn": spec });
    const compiled = nnc(["compile", "--target", "pytorch", join(plain, "mlp.nn"), "-o", join(plain, "train.py")]);
    expect(compiled.status, compiled.stderr).toBe(0);
    const code = readFileSync(join(plain, "train.py"), "utf8");
    expect(code).not.toContain("fuse_for_inference");
    expect(code).not.toContain("import copy");
  });
});

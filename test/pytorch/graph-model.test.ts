/**
 * A graph model through the PyTorch target: the script holds the network as a person writes it (a class per
 * block, repetitions and projection shortcuts as nn.Sequential, `out = out + identity`, `torch.cat`), its
 * state_dict names are nnc's tensor names, and checkpoints move between the targets with strict loading,
 * computing the same outputs on both sides.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nnc, removeTempSpecs, tempSpecs } from "../cli/run.ts";
import { hasTorch, python, runPython } from "./python.ts";

afterAll(removeTempSpecs);

/** 48 rows of a [2, 6, 6] input and a label from a fixed formula (no generator shared with either target). */
function rows(n: number, withLabel: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = Array.from({ length: 72 }, (_, j) => Math.fround(Math.sin(0.37 * i + 1.9 * j) + 0.2 * Math.cos(j)));
    out.push((withLabel ? [...f, (f[0] > 0 ? 1 : 0) + (f[40] > 0.5 ? 1 : 0)] : f).join(","));
  }
  return out.join("\n") + "\n";
}

const RESIDUAL_SPEC = `block basic(c, stride = 1) {
  residual(zero_init = true) {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
block inception(c) {
  concat {
    b1: branch { conv2d(c, 1) relu }
    b2: branch { conv2d(c, 3, padding = 1) relu }
    branch { }
  }
}
data {
  train = csv("train.csv", label = 72, header = false)
}
model {
  input = [2, 6, 6]
  conv1: conv2d(4, 3, padding = 1, bias = false)
  bn1: batchnorm
  relu
  layer1: repeat(2, basic(4))
  layer2: repeat(2, basic(8), first = basic(8, stride = 2))
  mix: inception(2)
  residual { conv2d(12, 1) }
  adaptive_avgpool(1)
  flatten
  fc: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  steps = 4
  batch_size = 16
  seed = 3
}
`;

/** Loads CKPT into the script's Model with load_state_dict(strict=True), prints its state_dict names and eval-mode logits. */
const EVALUATE = `
import importlib.util, json, sys
import torch
spec = importlib.util.spec_from_file_location("train", sys.argv[1])
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
tensors, _ = train.read_safetensors(sys.argv[2])
model = train.Model()
model.load_state_dict(tensors, strict=True)
model.eval()
x = torch.tensor([[float(v) for v in line.split(",")] for line in open(sys.argv[3]) if line.strip()]).reshape(-1, 2, 6, 6)
with torch.no_grad():
    print(json.dumps({"names": sorted(model.state_dict()), "logits": model(x).tolist()}))
`;

describe("a graph model in the PyTorch target", () => {
  it("is written as nested modules with hand-written forwards, the same script every time", () => {
    const dir = tempSpecs({ "train.csv": rows(48, true), "res.nn": RESIDUAL_SPEC });
    const first = nnc(["compile", "--target", "pytorch", join(dir, "res.nn"), "-o", join(dir, "a.py")]);
    expect(first.status, first.stderr).toBe(0);
    const again = nnc(["compile", "--target", "pytorch", join(dir, "res.nn"), "-o", join(dir, "b.py")]);
    expect(again.status, again.stderr).toBe(0);
    const code = readFileSync(join(dir, "a.py"), "utf8");
    expect(readFileSync(join(dir, "b.py"), "utf8")).toBe(code);
    // One class for every instance of `basic`, as torchvision's BasicBlock: the numbers that differ between
    // instances are its arguments, and the projection shortcut of stage 2's first block is passed in.
    expect(code.match(/^class Basic\w*\(/gm)).toEqual(["class Basic("]);
    expect(code).toContain(
      "    def __init__(self, in_channels: int, c: int, stride: int, downsample: Optional[nn.Module] = None) -> None:",
    );
    expect(code).toContain("        self.conv1 = nn.Conv2d(in_channels, c, kernel_size=3, stride=stride, padding=1,");
    expect(code).toContain("        self.conv2 = nn.Conv2d(c, c, kernel_size=3, stride=1, padding=1,");
    expect(code).toMatch(
      /self\.layer1 = nn\.Sequential\(\n\s+Basic\(in_channels=4, c=4, stride=1\),\n\s+Basic\(in_channels=4, c=4, stride=1\),\n\s+\)/,
    );
    expect(code).toMatch(
      /self\.layer2 = nn\.Sequential\(\n\s+Basic\(in_channels=4, c=8, stride=2, downsample=nn\.Sequential\(\n\s+nn\.Conv2d\(4, 8, kernel_size=1, stride=2/,
    );
    expect(code).toContain("            Basic(in_channels=8, c=8, stride=1),\n        )");
    expect(code).toContain(
      [
        "        out = self.conv1(x)",
        "        out = self.bn1(out)",
        "        out = F.relu(out)",
        "        out = self.conv2(out)",
        "        out = self.bn2(out)",
        "        identity = x if self.downsample is None else self.downsample(x)",
        "        out = out + identity",
        "        out = F.relu(out)",
        "        return out",
      ].join("\n"),
    );
    expect(code).toContain("        b1 = self.b1(x)\n        b2 = self.b2(x)\n        out = torch.cat((b1, b2, x), dim=1)\n");
    expect(code).toContain("        identity = x\n        x = self.conv2d1(x)\n        x = x + identity\n");
    // zero_init: the last batch norm of each branch, reached through the nn.Sequential of its stage.
    expect(code).toContain("nn.init.zeros_(model.layer2[0].bn2.weight)");
    expect(code).not.toContain("downsample[1].weight)");
  });

  it("writes a bottleneck's widened output as a multiple of the block's argument, `c * 4`", () => {
    const bottleneck = `block bottleneck(c, stride = 1) {
  residual {
    conv1: conv2d(c, 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn2: batchnorm
    relu
    conv3: conv2d(c * 4, 1, bias = false)
    bn3: batchnorm
  }
  relu
}
`;
    const spec =
      bottleneck +
      RESIDUAL_SPEC.replace(
        /layer1: repeat\(2, basic\(4\)\)\n  layer2: [^\n]*\n/,
        "layer1: repeat(2, bottleneck(1))\n  layer2: repeat(2, bottleneck(2), first = bottleneck(2, stride = 2))\n",
      );
    const dir = tempSpecs({ "train.csv": rows(48, true), "res.nn": spec });
    const r = nnc(["compile", "--target", "pytorch", join(dir, "res.nn"), "-o", join(dir, "a.py")]);
    expect(r.status, r.stderr).toBe(0);
    const code = readFileSync(join(dir, "a.py"), "utf8");
    expect(code.match(/^class Bottleneck\w*\(/gm)).toEqual(["class Bottleneck("]);
    expect(code).toContain("        self.conv3 = nn.Conv2d(c, c * 4, kernel_size=1,");
    expect(code).toContain("        self.bn3 = nn.BatchNorm2d(c * 4, eps=");
    expect(code).toContain("            Bottleneck(in_channels=4, c=2, stride=2, downsample=nn.Sequential(");
  });

  it("writes one class per distinct instance when a differing number is none of the block's arguments", () => {
    // LayerNorm's normalized_shape holds the map's height and width, which neither `c` nor the input's channels give.
    const spec = RESIDUAL_SPEC.replace(
      "block inception(c) {",
      "block lnconv(c) {\n  conv: conv2d(c, 3)\n  ln: layernorm\n}\nblock inception(c) {",
    )
      .replace("  mix: inception(2)\n", "  mix: inception(2)\n  p1: lnconv(12)\n  p2: lnconv(12)\n")
      .replace("input = [2, 6, 6]", "input = [2, 12, 12]");
    const dir = tempSpecs({ "train.csv": rows(48, true), "res.nn": spec });
    const r = nnc(["compile", "--target", "pytorch", join(dir, "res.nn"), "-o", join(dir, "a.py")]);
    expect(r.status, r.stderr).toBe(0);
    const code = readFileSync(join(dir, "a.py"), "utf8");
    expect(code).toContain(
      'class Lnconv(nn.Module):\n    """lnconv(c = 12): [12, 6, 6] → [12, 4, 4]. Used by p1."""\n\n    def __init__(self) -> None:',
    );
    expect(code).toContain(
      'class Lnconv2(nn.Module):\n    """lnconv(c = 12): [12, 4, 4] → [12, 2, 2]. Used by p2."""\n\n    def __init__(self) -> None:',
    );
    expect(code).toContain("        self.ln = nn.LayerNorm([12, 4, 4]");
    expect(code).toContain("        self.p1 = Lnconv()\n        self.p2 = Lnconv2()\n");
  });

  it("never names a class after what the script imports: a block `f` is class F2, not F (torch.nn.functional)", () => {
    const spec = RESIDUAL_SPEC.replace(
      "block inception(c) {",
      "block f(c) {\n  conv: conv2d(c, 1)\n  relu\n}\nblock inception(c) {",
    ).replace("  mix: inception(2)\n", "  mix: inception(2)\n  head: f(12)\n");
    const dir = tempSpecs({ "train.csv": rows(48, true), "res.nn": spec });
    const r = nnc(["compile", "--target", "pytorch", join(dir, "res.nn"), "-o", join(dir, "a.py")]);
    expect(r.status, r.stderr).toBe(0);
    const code = readFileSync(join(dir, "a.py"), "utf8");
    expect(code).toContain("class F2(nn.Module):");
    expect(code).toContain("        self.head = F2()\n");
    expect(code).not.toMatch(/^class F\(/m);
  });

  it("refuses a layer or block instance named `training` inside a block (nn.Module's train/eval flag), where it is written", () => {
    const spec = RESIDUAL_SPEC.replace(
      "    conv2: conv2d(c, 3, padding = 1, bias = false)",
      "    training: conv2d(c, 3, padding = 1, bias = false)",
    )
      .replace("block inception(c) {", "block outer(c) {\n  training: inception(c)\n}\nblock inception(c) {")
      .replace("  mix: inception(2)", "  mix: outer(2)");
    const dir = tempSpecs({ "train.csv": rows(48, true), "res.nn": spec });
    const r = nnc(["compile", "--target", "pytorch", join(dir, "res.nn"), "-o", join(dir, "a.py")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "res.nn:6:5: error NN4020: a layer named `training` (layer1.0.training) is not supported by the pytorch target",
    );
    expect(r.stderr).toContain(
      "res.nn:12:13: error NN4020: a module named `training` (mix.training) is not supported by the pytorch target",
    );
    expect(existsSync(join(dir, "a.py"))).toBe(false);
  });

  it.runIf(hasTorch())(
    "loads nnc's checkpoint strictly and computes nnc's outputs; nnc loads and evaluates the script's checkpoint",
    { timeout: 240_000 },
    () => {
      const dir = tempSpecs({ "train.csv": rows(48, true), "features.csv": rows(8, false), "res.nn": RESIDUAL_SPEC, "eval.py": EVALUATE });
      const script = join(dir, "train.py");
      expect(nnc(["compile", "--target", "pytorch", join(dir, "res.nn"), "-o", script]).status).toBe(0);
      const ours = nnc(["train", join(dir, "res.nn"), "--threads", "1", "--no-progress", "--out", join(dir, "nnc")]);
      expect(ours.status, ours.stderr).toBe(0);
      const theirs = nnc(["train", "--target", "pytorch", join(dir, "res.nn"), "--python", python, "--out", join(dir, "torch")]);
      expect(theirs.status, theirs.stderr).toBe(0);
      for (const run of ["nnc", "torch"]) {
        const checkpoint = join(dir, run, "checkpoint.safetensors");
        const torch = JSON.parse(runPython([join(dir, "eval.py"), script, checkpoint, join(dir, "features.csv")]).stdout) as {
          names: string[];
          logits: number[][];
        };
        expect(torch.names).toContain("layer2.0.downsample.0.weight");
        expect(torch.names).toContain("mix.b2.conv2d1.bias");
        const predicted = nnc(["predict", join(dir, "res.nn"), "--checkpoint", checkpoint, "--input", join(dir, "features.csv"), "--json"]);
        expect(predicted.status, predicted.stderr).toBe(0);
        const rowsOut = (JSON.parse(predicted.stdout) as { rows: { scores: number[] }[] }).rows;
        expect(rowsOut).toHaveLength(8);
        rowsOut.forEach((r, i) =>
          r.scores.forEach((s, j) => expect(Math.abs(s - torch.logits[i][j]), `${run} row ${i}`).toBeLessThan(1e-4)),
        );
      }
    },
  );
});

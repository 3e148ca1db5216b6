import { describe, expect, it } from "vitest";
import type { ModelScope } from "../../compiler/plan/model-scope.ts";
import { MINIMAL, at, checkText, expectDiagnostics } from "./harness.ts";

const BASIC = `block basic(c, stride = 1) {
  residual {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
`;

/** MINIMAL with an image input, the given block definitions and the given layers before the output layer. */
function graph(blocks: string, layers: string, input = "[1, 8, 8]"): string {
  return (
    blocks +
    MINIMAL.replace("input = [2]", `input = ${input}`).replace("  fc1: dense(16)\n  relu\n", layers.replace(/^/gm, "  ") + "\n  flatten\n")
  );
}

function tensorNames(text: string): string[] {
  const plan = checkText(text).plan!;
  return plan.layers.flatMap((l) => (l.kind === "conv2d" || l.kind === "batchnorm" || l.kind === "dense" ? [`${l.name}.weight`] : []));
}

describe("graph models: blocks, repetition and merges", () => {
  it("names a repeated block's tensors by path as torchvision's ResNet does, with a projection shortcut where the shape changes", () => {
    const text = graph(BASIC, "layer1: repeat(2, basic(4), first = basic(4, stride = 2))", "[4, 8, 8]");
    expect(tensorNames(text)).toEqual([
      "layer1.0.conv1.weight",
      "layer1.0.bn1.weight",
      "layer1.0.conv2.weight",
      "layer1.0.bn2.weight",
      "layer1.0.downsample.0.weight",
      "layer1.0.downsample.1.weight",
      "layer1.1.conv1.weight",
      "layer1.1.bn1.weight",
      "layer1.1.conv2.weight",
      "layer1.1.bn2.weight",
      "out.weight",
    ]);
  });

  it("wires a residual as branch + shortcut: the add reads the branch's last layer and the block's input", () => {
    const plan = checkText(graph(BASIC, "stem: conv2d(4, 3, padding = 1)\nb: basic(4)")).plan!;
    const index = (name: string) => plan.layers.findIndex((l) => l.name === name);
    const add = plan.layers[index("b.add1")];
    expect(add.kind).toBe("add");
    expect(add.inputs).toEqual([index("b.bn2"), index("stem")]);
    expect(plan.layers[index("b.conv1")].inputs).toEqual([index("stem")]);
    expect(plan.layers[index("b.relu2")].inputs).toEqual([index("b.add1")]);
  });

  it("builds the projection as a strided 1×1 convolution without bias and a batch norm, with PyTorch's parameter counts", () => {
    const plan = checkText(graph(BASIC, "b: basic(6, stride = 2)", "[4, 8, 8]")).plan!;
    const down = plan.layers.find((l) => l.name === "b.downsample.0");
    expect(down).toMatchObject({ kind: "conv2d", outputShape: [6, 4, 4] });
    // conv1 6·4·9, bn1 12, conv2 6·6·9, bn2 12, downsample 6·4 + 12, out (6·4·4 + 1)·3
    expect(plan.parameterCount).toBe(216 + 12 + 324 + 12 + 24 + 12 + 97 * 3);
  });

  it("concatenates branches along channels, names them by path, and treats an empty branch as the identity", () => {
    const text = graph("", "mix: concat {\n  b1: branch { conv2d(3, 1) }\n  branch { relu }\n  branch { }\n}");
    const plan = checkText(text).plan!;
    const concat = plan.layers.find((l) => l.kind === "concat")!;
    expect(concat.outputShape).toEqual([5, 8, 8]);
    expect(concat.inputs).toEqual([0, 1, -1]);
    expect(plan.layers.map((l) => l.name).slice(0, 2)).toEqual(["mix.b1.conv2d1", "mix.branch1.relu1"]);
  });

  it("keeps the module tree: block instances with their evaluated arguments inside a repetition", () => {
    const scopes = checkText(graph(BASIC, "layer1: repeat(2, basic(4), first = basic(4, stride = 2))", "[4, 8, 8]")).plan!.scopes;
    const repeat = scopes.items.find((i) => i.kind === "scope")!;
    const tree = (s: ModelScope): unknown => ({
      path: s.path,
      kind: s.kind,
      block: s.block,
      args: s.args.map((a) => `${a.name}=${a.value}`),
      shortcut: s.shortcut,
      scopes: s.items.flatMap((i) => (i.kind === "scope" ? [tree(i.scope)] : [])),
    });
    expect(repeat.kind === "scope" && tree(repeat.scope)).toMatchObject({
      path: "layer1",
      kind: "repeat",
      scopes: [
        {
          path: "layer1.0",
          kind: "block",
          block: "basic",
          args: ["c=4", "stride=2"],
          scopes: [{ kind: "residual", shortcut: "projection" }],
        },
        {
          path: "layer1.1",
          kind: "block",
          block: "basic",
          args: ["c=4", "stride=1"],
          scopes: [{ kind: "residual", shortcut: "identity" }],
        },
      ],
    });
  });

  it("gives a block instance's `{ }` overrides to every layer inside it, nearest first", () => {
    const text = graph(BASIC, "b: basic(1) { freeze = true }\nc: basic(1) { lr_mult = 0.5 }");
    const plan = checkText(text).plan!;
    const conv = (name: string) => plan.layers.find((l) => l.name === name) as { frozen: boolean; lrMult: number };
    expect(conv("b.conv1").frozen).toBe(true);
    expect(conv("c.conv2")).toMatchObject({ frozen: false, lrMult: 0.5 });
  });

  it("starts the branch's last batch norm at γ = 0 with residual(zero_init = true)", () => {
    const text = graph(BASIC.replace("residual {", "residual(zero_init = true) {"), "b: basic(1)");
    const plan = checkText(text).plan!;
    const bns = plan.layers.filter((l) => l.kind === "batchnorm") as { name: string; zeroInit: boolean }[];
    expect(bns.map((b) => [b.name, b.zeroInit])).toEqual([
      ["b.bn1", false],
      ["b.bn2", true],
    ]);
  });
});

describe("graph models: mistakes are reported where they are written", () => {
  it("reports an add of different shapes at the merge, with each branch's shape and line", () => {
    const text = graph("", "add {\n  b1: branch { conv2d(2, 1) }\n  b2: branch { conv2d(3, 1) }\n}");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN4023", "add")]);
    const where = (snippet: string) => {
      const lines = text.slice(0, text.indexOf(snippet)).split("\n");
      return `${lines.length}:${lines[lines.length - 1].length + 1}`;
    };
    expect(d.message).toBe(
      `\`add\` needs every branch to give the same shape, but \`b1\` (line ${where("b1:")}) gives [2, 8, 8], \`b2\` (line ${where("b2:")}) gives [3, 8, 8]`,
    );
  });

  it("refuses an identity shortcut around a branch that changes the shape, naming both shapes", () => {
    const text = graph("", "residual(shortcut = identity) {\n  conv2d(4, 3, padding = 1)\n}");
    const [d] = expectDiagnostics(text, [at(text, "error", "NN4023", "residual(shortcut = identity)")]);
    expect(d.message).toContain("gives [4, 8, 8]");
    expect(d.message).toContain("its input, [1, 8, 8]");
  });

  it("reports a block that uses itself, unknown and missing parameters, and a block named like a layer", () => {
    const blocks = "block loop(c) {\n  loop(c)\n}\nblock dense(n) {\n  relu\n}\n";
    const text = graph(blocks, "loop(2)\nbasic2(3)\nloop(width = 2)\nloop()");
    const codes = checkText(text).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^NN2017 block `loop` uses itself \(loop → loop\)/),
        "NN2016 `dense` is a layer: name the block differently",
        expect.stringMatching(/^NN2003 block `loop` has no parameter `width`/),
        "NN3003 block `loop` needs `c`",
        expect.stringMatching(/^NN2002 unknown layer `basic2`/),
      ]),
    );
  });

  it("says which instance a mistake inside a block's body met", () => {
    const text = graph("block pick(k) {\n  conv2d(2, k)\n}\n", "p: pick(20)");
    const result = checkText(text);
    expect(result.diagnostics.map((d) => d.message).find((m) => m.includes("(in `p`: pick(k = 20))"))).toBeDefined();
  });

  it("needs two branches in a merge, and a body in a residual", () => {
    const text = graph("", "concat {\n  branch { relu }\n}\nresidual");
    const codes = checkText(text).diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === "NN4024")).toHaveLength(2);
  });
});

describe("graph models: the structural codes with their spans", () => {
  it("NN2017 at the call of a block inside its own body, NN2016 at a block named like a layer", () => {
    const text = graph("block loop(c) {\n  loop(c)\n}\nblock dense(n) {\n  relu\n}\n", "loop(2)");
    expectDiagnostics(text, [at(text, "error", "NN2017", "loop", 2), at(text, "error", "NN2016", "dense")]);
  });

  it("NN4024 at a merge with one branch and at a residual without a body", () => {
    const text = graph("", "concat {\n  branch { relu }\n}\nresidual");
    expectDiagnostics(text, [at(text, "error", "NN4024", "concat"), at(text, "error", "NN4024", "residual")]);
  });
});

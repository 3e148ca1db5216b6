/** `nnc check` on graph models: the table nests block instances, repetitions and branches with their subtotals. */
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Summary, SummaryModule, SummaryNode } from "../../compiler/index.ts";
import { resnet50Spec } from "../fixtures/resnet50.ts";
import { nnc, removeTempSpecs, tempSpecs } from "./run.ts";

afterAll(removeTempSpecs);

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
model {
  input = [4, 8, 8]
  layer1: repeat(2, basic(4), first = basic(4, stride = 2))
  flatten
  fc: dense(3)
  loss = cross_entropy()
}
train {
  optimizer = adam()
  steps = 10
}
`;

const dir = tempSpecs({ "basic.nn": BASIC, "resnet50.nn": resnet50Spec() });

/** The table's data lines (between the two rules), split at runs of two or more spaces but keeping the indentation. */
function tableLines(stdout: string): string[] {
  const lines = stdout.split("\n");
  const rules = lines.flatMap((l, i) => (/^-+( +-+)+$/.test(l) ? [i] : []));
  return lines.slice(rules[0] + 1, rules[1]);
}

describe("nnc check on a graph model", () => {
  it("prints a row per repetition and block instance with its arguments, output and subtotals, its layers indented under it", () => {
    const r = nnc(["check", path.join(dir, "basic.nn")]);
    expect(r.status).toBe(0);
    const lines = tableLines(r.stdout);
    expect(lines[0]).toMatch(/^input\s+\[4, 8, 8\]$/);
    // layer1.0: conv1 4·4·9 + bn1 8 + conv2 4·4·9 + bn2 8 + downsample 4·4 + 8 = 328; layer1.1: 144 + 8 + 144 + 8 = 304
    expect(lines[1]).toMatch(/^layer1 {2,}repeat 2 × basic {2,}\[4, 4, 4\] +632 +[\d,]+$/);
    expect(lines[2]).toMatch(/^ {2}layer1\.0 {2,}basic\(c = 4, stride = 2\) {2,}\[4, 4, 4\] +328 /);
    expect(lines[3]).toMatch(/^ {4}layer1\.0\.conv1 {2,}conv2d\(4, 3, stride = 2, padding = 1, bias = false\) {2,}\[4, 4, 4\] +144 /);
    const downsample = lines.findIndex((l) => /^ {4}layer1\.0\.downsample /.test(l));
    expect(lines[downsample]).toMatch(/projection shortcut +\[4, 4, 4\] +24 /);
    expect(lines[downsample + 1]).toMatch(/^ {6}layer1\.0\.downsample\.0 +conv2d\(4, 1, stride = 2, bias = false\)/);
    expect(lines.find((l) => /^ {2}layer1\.1 /.test(l))).toMatch(/basic\(c = 4, stride = 1\) +\[4, 4, 4\] +304 /);
    expect(lines.at(-1)).toMatch(/^fc +dense\(3\) +\[3\] +195 +/);
    expect(r.stdout).toMatch(/^layer +kind +output +params +FLOPs$/m);
  });

  it("gives the tree in --json, each module's subtotals the sums of its layers' rows", () => {
    const r = nnc(["check", "--json", path.join(dir, "basic.nn")]);
    const summary = (JSON.parse(r.stdout) as { files: { summary: Summary }[] }).files[0].summary;
    const repeat = summary.tree.find((n): n is SummaryModule => "name" in n && n.name === "layer1")!;
    expect(repeat).toMatchObject({ scope: "repeat", kind: "repeat 2 × basic", outputShape: [4, 4, 4], parameters: 632 });
    expect(repeat.children.map((c) => ("name" in c ? c.name : c.layer))).toEqual(["layer1.0", "layer1.1"]);
    const layers = (n: SummaryNode): number[] => ("layer" in n ? [n.layer] : n.children.flatMap(layers));
    const first = repeat.children[0] as SummaryModule;
    expect(first.flops).toBe(layers(first).reduce((s, i) => s + summary.rows[i].flops, 0));
    expect(first.flops).toBeGreaterThan(0);
    // Every layer is in the tree once, in the order of the rows.
    expect(summary.tree.flatMap(layers)).toEqual(summary.rows.map((_, i) => i));
  });

  it("checks a ResNet-50-like network of bottleneck blocks with torchvision's parameter count", () => {
    const r = nnc(["check", "--json", path.join(dir, "resnet50.nn")]);
    expect(r.status).toBe(0);
    const summary = (JSON.parse(r.stdout) as { files: { summary: Summary }[] }).files[0].summary;
    // torchvision resnet50(num_classes = 10): 23,528,522, less its 7×7 stem's 9,408 for this 3×3 stem's 1,728.
    expect(summary.parameters).toBe(23_528_522 - 9_408 + 1_728);
    const stages = summary.tree.filter((n): n is SummaryModule => "name" in n);
    expect(stages.map((s) => [s.name, s.kind, s.children.length])).toEqual([
      ["layer1", "repeat 3 × bottleneck", 3],
      ["layer2", "repeat 4 × bottleneck", 4],
      ["layer3", "repeat 6 × bottleneck", 6],
      ["layer4", "repeat 3 × bottleneck", 3],
    ]);
    expect(stages[3].outputShape).toEqual([2048, 4, 4]);
  });
});

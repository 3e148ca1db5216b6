/**
 * The structural words of graph models — `residual`, `add`, `concat`, `branch`, `repeat` — as completion
 * offers them (with a snippet) and hover explains them. They are the language's, not the registry's: no
 * layer of that name exists, the checker expands them into layers (compiler/plan/merges.ts, repeat.ts).
 */
export interface Structure {
  readonly name: string;
  /** How it is written. */
  readonly form: string;
  readonly doc: string;
  readonly snippet: string;
}

export const structures: readonly Structure[] = [
  {
    name: "residual",
    form: "residual(shortcut = auto, zero_init = false) { … }",
    doc: "The branch's output plus its input: the identity shortcut, or a projection (`downsample.0` a 1×1 convolution, `downsample.1` a batch norm) when the shapes differ or `shortcut = projection`. `zero_init = true` starts the branch's last batch norm at γ = 0.",
    snippet: "residual {\n\t$0\n}",
  },
  {
    name: "add",
    form: "add { branch { … } branch { … } }",
    doc: "The sum of two or more branches, each from the same input; they must give the same shape.",
    snippet: "add {\n\tbranch { $1 }\n\tbranch { $0 }\n}",
  },
  {
    name: "concat",
    form: "concat { branch { … } branch { … } }",
    doc: "Two or more branches from the same input, joined along channels (flat features end to end); they must agree on height and width.",
    snippet: "concat {\n\tbranch { $1 }\n\tbranch { $0 }\n}",
  },
  {
    name: "branch",
    form: "branch { … }",
    doc: "One path of an `add` or a `concat`, starting from the merge's input; an empty branch is the identity. Named (`b1: branch { … }`) it adds a level to its layers' paths.",
    snippet: "branch { $0 }",
  },
  {
    name: "repeat",
    form: "repeat(n, block, first = block)",
    doc: "`n` copies of a block (or a layer) one after another, named `.0`, `.1`, …; `first` replaces the first copy (`first = basic(128, stride = 2)`).",
    snippet: "repeat(${1:3}, $0)",
  },
];

export function structureNamed(name: string): Structure | undefined {
  return structures.find((s) => s.name === name);
}
